import type { EntitlementsState as State } from '../../entitlements/entitlement-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: the entitlement service's EntitlementsState. entitlementsV2 lists the same entitlements as FeatureEntitlement. */
export const EntitlementsState: TypeResolvers = {
  accessDeniedReason: (s: State) => s.accessDeniedReason,
  entitlements: (s: State) => s.entitlements,
  entitlementsV2: (s: State) => s.entitlements,
};
