import type { EntitlementsState as State } from '../../entitlements/entitlement-service.js';
import { entitlementUnion } from '../../entitlements/entitlement-union.js';
import type { TypeResolvers } from '../context.js';

/**
 * Parent: the entitlement service's EntitlementsState. entitlementsV2 lists the same feature
 * entitlements as FeatureEntitlement, then the customer's credit entitlements (CreditEntitlement);
 * none for an unknown or archived customer.
 */
export const EntitlementsState: TypeResolvers = {
  accessDeniedReason: (s: State) => s.accessDeniedReason,
  entitlements: (s: State) => s.entitlements,
  entitlementsV2: (s: State, _args, ctx) =>
    s.customerId && (s.accessDeniedReason === null || s.accessDeniedReason === 'NoActiveSubscription')
      ? entitlementUnion(ctx.env.db, ctx.nowMs, s.customerId, s.resourceId ?? null, s.entitlements)
      : s.entitlements,
};
