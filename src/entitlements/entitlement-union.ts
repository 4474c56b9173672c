/**
 * The EntitlementUnion lists (entitlementsV2 of entitlementsState, the provisioning results, the
 * customer portal and entitlementsUpdatedV2): the customer's feature entitlements
 * (FeatureEntitlement) followed by its credit entitlements (CreditEntitlement), one per currency;
 * and one entitlement of the union, by feature or by currency (entitlementV2, the REST check).
 */
import { creditEntitlement, customerCreditEntitlements, type CreditEntitlementView } from '../credits/credit-entitlements.js';
import type { Db } from '../db/open-database.js';
import type { Environment } from '../environments/environment.js';
import { badInput } from '../errors.js';
import { featureEntitlement, type EntitlementView } from './entitlement-service.js';

export type EntitlementUnionView = EntitlementView | CreditEntitlementView;

export function entitlementUnion(db: Db, nowMs: number, customerId: string, resourceId: string | null | undefined, features: EntitlementView[]): EntitlementUnionView[] {
  return [...features, ...customerCreditEntitlements(db, nowMs, customerId, resourceId)];
}

export interface UnionEntitlementQuery {
  customerId: string;
  featureId?: string | null;
  currencyId?: string | null;
  resourceId?: string | null;
  requestedUsage?: number | null;
  requestedValues?: string[] | null;
}

/**
 * One entitlement of the union: a feature's check (FeatureEntitlement), or with `currencyId` the
 * customer's credit entitlement of that currency (CreditEntitlement, E96; an unknown currency is
 * CustomCurrencyNotFound). Exactly one of featureId and currencyId.
 */
export function unionEntitlement(env: Environment, nowMs: number, query: UnionEntitlementQuery): EntitlementUnionView {
  if (query.featureId && query.currencyId) throw badInput('give featureId or currencyId, not both');
  if (query.currencyId) {
    return creditEntitlement(env, nowMs, { customerId: query.customerId, currencyId: query.currencyId, resourceId: query.resourceId, requestedUsage: query.requestedUsage });
  }
  if (!query.featureId) throw badInput('featureId or currencyId is required');
  return featureEntitlement(env, nowMs, {
    customerId: query.customerId,
    featureId: query.featureId,
    resourceId: query.resourceId,
    requestedUsage: query.requestedUsage,
    requestedValues: query.requestedValues,
  });
}
