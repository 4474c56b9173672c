/** The `createdAt` range filter of the REST list methods (`createdAt[gt]=...&createdAt[lte]=...`). */
import { z } from 'zod';
import { inInstantRange } from '../../time.js';
import { instant } from '../route.js';

export const createdAtFilter = z.object({ gt: instant.optional(), gte: instant.optional(), lt: instant.optional(), lte: instant.optional() }).optional();

/** Whether an ISO instant passes a createdAt filter (gt, gte, lt, lte). */
export const inCreatedRange = (createdAt: string, filter: z.output<typeof createdAtFilter>): boolean => inInstantRange(createdAt, filter);
