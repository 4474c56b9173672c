import { featureEntitlement } from '../../entitlements/entitlement-service.js';
import type { Resolver } from '../context.js';

interface FetchEntitlementQuery {
  customerId: string;
  featureId: string;
  resourceId?: string | null;
  options?: { requestedUsage?: number | null; requestedValues?: string[] | null } | null;
}

/** One feature's check; requestedUsage defaults to 0. */
export const entitlement: Resolver<unknown, { query: FetchEntitlementQuery }> = (_parent, { query }, ctx) =>
  featureEntitlement(ctx.env, ctx.nowMs, {
    customerId: query.customerId,
    featureId: query.featureId,
    resourceId: query.resourceId,
    requestedUsage: query.options?.requestedUsage,
    requestedValues: query.options?.requestedValues,
  });
