import { catalog, type EntitlementRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/**
 * Parent: an EntitlementRef (one entitlement of a plan or an add-on). Also PackageFeatureEntitlement.
 * Its own fields (id, featureId, usageLimit, resetPeriodConfiguration, behavior, order, ...) are read by the default resolver;
 * description, meter and dependency are absent from it and answer null.
 */
export const PackageEntitlement: TypeResolvers = {
  environmentId: (_ref: EntitlementRef, _args, ctx) => ctx.env.id,
  feature: (ref: EntitlementRef, _args, ctx) => catalog.requireFeature(ctx.env.db, ref.entitlement.featureId),
};

/** The union member of Plan.packageEntitlements / inheritedPackageEntitlements: same parent, same fields. */
export const PackageFeatureEntitlement: TypeResolvers = PackageEntitlement;

/** A feature entitlement (an EntitlementRef) or a credit entitlement (a PackageCreditRef, kind 'credit'). */
export const PackageEntitlementUnion = {
  __resolveType: (ref: { kind?: string }) => (ref.kind === 'credit' ? 'PackageCreditEntitlement' : 'PackageFeatureEntitlement'),
};
