import { resetPeriodConfiguration } from '../../catalog/catalog-rules.js';
import type { EntitlementView } from '../../entitlements/entitlement-service.js';
import type { TypeResolvers } from '../context.js';

/** Fields shared by Entitlement and FeatureEntitlement. Parent: an EntitlementView. */
export const entitlementFields: TypeResolvers = {
  isGranted: (v: EntitlementView) => v.isGranted,
  accessDeniedReason: (v: EntitlementView) => v.accessDeniedReason,
  usageLimit: (v: EntitlementView) => v.usageLimit,
  hasUnlimitedUsage: (v: EntitlementView) => v.hasUnlimitedUsage,
  hasSoftLimit: (v: EntitlementView) => v.hasSoftLimit,
  currentUsage: (v: EntitlementView) => v.currentUsage,
  enumValues: (v: EntitlementView) => v.enumValues,
  entitlementUpdatedAt: (v: EntitlementView) => v.entitlementUpdatedAt,
  usageUpdatedAt: (v: EntitlementView) => v.usageUpdatedAt,
  usagePeriodAnchor: (v: EntitlementView) => v.usagePeriodAnchor,
  usagePeriodStart: (v: EntitlementView) => v.usagePeriodStart,
  usagePeriodEnd: (v: EntitlementView) => v.usagePeriodEnd,
  resetPeriod: (v: EntitlementView) => v.resetPeriod,
  resetPeriodConfiguration: (v: EntitlementView) => resetPeriodConfiguration(v.resetPeriod, v.resetPeriodConfiguration),
  feature: (v: EntitlementView) => v.feature,
  creditRate: () => null,
  meterId: (v: EntitlementView) => (v.feature?.meter ? `meter-${v.feature.id}` : null),
};

export const Entitlement: TypeResolvers = {
  ...entitlementFields,
  customerId: (v: EntitlementView) => v.customerId,
  resourceId: (v: EntitlementView) => v.resourceId,
  requestedUsage: (v: EntitlementView) => v.requestedUsage,
  requestedValues: (v: EntitlementView) => v.requestedValues,
  nextResetDate: (v: EntitlementView) => v.usagePeriodEnd,
  // set on the package entitlements a mock paywall shows; a customer's entitlement has none
  displayNameOverride: (v: EntitlementView & { displayNameOverride?: string | null }) => v.displayNameOverride ?? null,
  hiddenFromWidgets: (v: EntitlementView & { hiddenFromWidgets?: string[] }) => v.hiddenFromWidgets ?? null,
  /** Float: epoch milliseconds */
  validUntil: (v: EntitlementView) => v.validUntil,
};
