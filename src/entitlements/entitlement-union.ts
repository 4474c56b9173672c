/**
 * The EntitlementUnion lists (entitlementsV2 of entitlementsState, the provisioning results, the
 * customer portal and entitlementsUpdatedV2): the customer's feature entitlements
 * (FeatureEntitlement) followed by its credit entitlements (CreditEntitlement), one per currency.
 */
import { customerCreditEntitlements, type CreditEntitlementView } from '../credits/credit-entitlements.js';
import type { Db } from '../db/open-database.js';
import type { EntitlementView } from './entitlement-service.js';

export type EntitlementUnionView = EntitlementView | CreditEntitlementView;

export function entitlementUnion(db: Db, nowMs: number, customerId: string, resourceId: string | null | undefined, features: EntitlementView[]): EntitlementUnionView[] {
  return [...features, ...customerCreditEntitlements(db, nowMs, customerId, resourceId)];
}
