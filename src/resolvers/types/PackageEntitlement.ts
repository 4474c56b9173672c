import { resetPeriodConfiguration } from '../../catalog/catalog-rules.js';
import { catalog, type EntitlementRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: an EntitlementRef (one entitlement of a plan or an add-on). Also PackageFeatureEntitlement. */
export const PackageEntitlement: TypeResolvers = {
  id: (ref: EntitlementRef) => `${ref.package.id}:${ref.entitlement.featureId}`,
  packageId: (ref: EntitlementRef) => ref.package.id,
  package: (ref: EntitlementRef) => ref.package,
  environmentId: (_ref: EntitlementRef, _args, ctx) => ctx.env.id,
  createdAt: (ref: EntitlementRef) => ref.package.createdAt,
  updatedAt: (ref: EntitlementRef) => ref.package.updatedAt,
  featureId: (ref: EntitlementRef) => ref.entitlement.featureId,
  feature: (ref: EntitlementRef, _args, ctx) => catalog.requireFeature(ctx.env.db, ref.entitlement.featureId),
  usageLimit: (ref: EntitlementRef) => ref.entitlement.usageLimit ?? null,
  hasUnlimitedUsage: (ref: EntitlementRef) => ref.entitlement.hasUnlimitedUsage ?? false,
  hasSoftLimit: (ref: EntitlementRef) => ref.entitlement.hasSoftLimit ?? false,
  enumValues: (ref: EntitlementRef) => ref.entitlement.enumValues ?? null,
  resetPeriod: (ref: EntitlementRef) => ref.entitlement.resetPeriod ?? null,
  resetPeriodConfiguration: (ref: EntitlementRef) => resetPeriodConfiguration(ref.entitlement.resetPeriod, ref.entitlement.resetPeriodConfiguration),
  behavior: (ref: EntitlementRef) => ref.entitlement.behavior ?? 'Increment',
  isCustom: (ref: EntitlementRef) => ref.entitlement.isCustom ?? false,
  displayNameOverride: (ref: EntitlementRef) => ref.entitlement.displayNameOverride ?? null,
  hiddenFromWidgets: (ref: EntitlementRef) => ref.entitlement.hiddenFromWidgets ?? [],
  isGranted: () => true,
  description: () => null,
  order: (ref: EntitlementRef) => ref.index,
  meter: () => null,
  dependency: () => null,
  dependencyFeature: () => null,
  featureGroupIds: () => [],
  featureGroups: () => [],
};

/** The union member of Plan.packageEntitlements / inheritedPackageEntitlements: same parent, same fields. */
export const PackageFeatureEntitlement: TypeResolvers = PackageEntitlement;

/** A feature entitlement (an EntitlementRef) or a credit entitlement (a PackageCreditRef, kind 'credit'). */
export const PackageEntitlementUnion = {
  __resolveType: (ref: { kind?: string }) => (ref.kind === 'credit' ? 'PackageCreditEntitlement' : 'PackageFeatureEntitlement'),
};
