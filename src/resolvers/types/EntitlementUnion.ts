/**
 * EntitlementUnion (entitlementV2, entitlementsState.entitlementsV2, the provisioning results,
 * entitlementsUpdatedV2): a credit entitlement is told by its currency (a parent carrying
 * `currency`, or `kind: 'credit'`); every other parent is a feature entitlement (EntitlementView).
 */
export const EntitlementUnion = {
  __resolveType: (parent: { kind?: string; currency?: unknown }) =>
    parent.kind === 'credit' || (parent.currency !== undefined && parent.currency !== null) ? 'CreditEntitlement' : 'FeatureEntitlement',
};
