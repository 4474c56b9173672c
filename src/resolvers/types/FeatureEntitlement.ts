import type { EntitlementView } from '../../entitlements/entitlement-service.js';
import { iso } from '../../time.js';
import type { TypeResolvers } from '../context.js';
import { entitlementFields } from './Entitlement.js';

/** The feature member of EntitlementUnion (entitlementsState.entitlementsV2). Parent: an EntitlementView. */
export const FeatureEntitlement: TypeResolvers = {
  ...entitlementFields,
  /** DateTime here (Float on Entitlement) */
  validUntil: (v: EntitlementView) => (v.validUntil === null ? null : iso(v.validUntil)),
};
