/** The `createdAt` range filter of the REST list methods (`createdAt[gt]=...&createdAt[lte]=...`). */
import { z } from 'zod';
import { instant } from '../route.js';

export const createdAtFilter = z.object({ gt: instant.optional(), gte: instant.optional(), lt: instant.optional(), lte: instant.optional() }).strict();

/** Whether an ISO instant passes a createdAt filter (gt, gte, lt, lte). */
export function inCreatedRange(createdAt: string, filter: z.output<typeof createdAtFilter> | undefined): boolean {
  if (!filter) return true;
  const at = Date.parse(createdAt);
  const bound = (v: string | undefined) => (v === undefined ? null : Date.parse(v));
  const [gt, gte, lt, lte] = [bound(filter.gt), bound(filter.gte), bound(filter.lt), bound(filter.lte)];
  return (gt === null || at > gt) && (gte === null || at >= gte) && (lt === null || at < lt) && (lte === null || at <= lte);
}
