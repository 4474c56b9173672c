import { unionEntitlement } from '../../entitlements/entitlement-union.js';
import type { Resolver } from '../context.js';

interface GetEntitlementV2Input {
  customerId: string;
  featureId?: string | null;
  currencyId?: string | null;
  resourceId?: string | null;
  options?: { requestedUsage?: number | null; requestedValues?: string[] | null } | null;
}

/** One entitlement as the EntitlementUnion: a feature's check (FeatureEntitlement), the same as `entitlement`, or a currency's (CreditEntitlement). */
export const entitlementV2: Resolver<unknown, { query: GetEntitlementV2Input }> = (_parent, { query }, ctx) =>
  unionEntitlement(ctx.env, ctx.nowMs, {
    customerId: query.customerId,
    featureId: query.featureId,
    currencyId: query.currencyId,
    resourceId: query.resourceId,
    requestedUsage: query.options?.requestedUsage,
    requestedValues: query.options?.requestedValues,
  });
