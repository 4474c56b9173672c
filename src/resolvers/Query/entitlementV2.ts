import { creditEntitlement } from '../../credits/credit-entitlements.js';
import { featureEntitlement } from '../../entitlements/entitlement-service.js';
import { badInput } from '../../errors.js';
import type { Resolver } from '../context.js';

interface GetEntitlementV2Input {
  customerId: string;
  featureId?: string | null;
  currencyId?: string | null;
  resourceId?: string | null;
  options?: { requestedUsage?: number | null; requestedValues?: string[] | null } | null;
}

/**
 * One entitlement as the EntitlementUnion: a feature's check (FeatureEntitlement), the same as
 * `entitlement`, or with `currencyId` the customer's credit entitlement of that currency
 * (CreditEntitlement, E96; an unknown currency is CustomCurrencyNotFound).
 */
export const entitlementV2: Resolver<unknown, { query: GetEntitlementV2Input }> = (_parent, { query }, ctx) => {
  if (query.featureId && query.currencyId) throw badInput('give featureId or currencyId, not both');
  if (query.currencyId) {
    return creditEntitlement(ctx.env, ctx.nowMs, {
      customerId: query.customerId,
      currencyId: query.currencyId,
      resourceId: query.resourceId,
      requestedUsage: query.options?.requestedUsage,
    });
  }
  if (!query.featureId) throw badInput('featureId or currencyId is required');
  return featureEntitlement(ctx.env, ctx.nowMs, {
    customerId: query.customerId,
    featureId: query.featureId,
    resourceId: query.resourceId,
    requestedUsage: query.options?.requestedUsage,
    requestedValues: query.options?.requestedValues,
  });
};
