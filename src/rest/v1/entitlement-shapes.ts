/**
 * A customer's entitlement (feature or credit) as the REST API answers it
 * (`CustomerCheckEntitlementResponse.Data`, the items of `retrieveEntitlements` and of a
 * subscription provisioning's `entitlements`), from the read model's views.
 */
import { z } from 'zod';
import type { CreditEntitlementView } from '../../credits/credit-entitlements.js';
import type { EntitlementView } from '../../entitlements/entitlement-service.js';
import type { EntitlementUnionView } from '../../entitlements/entitlement-union.js';
import { iso } from '../../time.js';

const accessDeniedReason = z.enum([
  'FeatureNotFound',
  'CustomerNotFound',
  'CustomerIsArchived',
  'CustomerResourceNotFound',
  'NoActiveSubscription',
  'NoFeatureEntitlementInSubscription',
  'RequestedUsageExceedingLimit',
  'RequestedValuesMismatch',
  'BudgetExceeded',
  'Unknown',
  'FeatureTypeMismatch',
  'Revoked',
  'InsufficientCredits',
  'EntitlementNotFound',
]);
export const resetPeriod = z.enum(['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR']);

export const featureEntitlementData = z.object({
  type: z.literal('FEATURE'),
  isGranted: z.boolean(),
  accessDeniedReason: accessDeniedReason.nullable(),
  feature: z.object({ id: z.string(), displayName: z.string(), featureStatus: z.enum(['NEW', 'SUSPENDED', 'ACTIVE']), featureType: z.enum(['BOOLEAN', 'NUMBER', 'ENUM']) }).optional(),
  currentUsage: z.number().optional(),
  usageLimit: z.number().nullable().optional(),
  hasUnlimitedUsage: z.boolean().optional(),
  resetPeriod: resetPeriod.nullable().optional(),
  usagePeriodAnchor: z.string().optional(),
  usagePeriodStart: z.string().optional(),
  usagePeriodEnd: z.string().optional(),
  entitlementUpdatedAt: z.string().optional(),
  validUntil: z.string().optional(),
});

export const creditEntitlementData = z.object({
  type: z.literal('CREDIT'),
  isGranted: z.boolean(),
  accessDeniedReason: accessDeniedReason.nullable(),
  currency: z.object({
    currencyId: z.string(),
    displayName: z.string(),
    description: z.string().nullable().optional(),
    unitSingular: z.string().nullable().optional(),
    unitPlural: z.string().nullable().optional(),
  }),
  currentUsage: z.number(),
  usageLimit: z.number(),
  usageUpdatedAt: z.string(),
  entitlementUpdatedAt: z.string().optional(),
  usagePeriodEnd: z.string().optional(),
  validUntil: z.string().optional(),
});

export const entitlementData = z.discriminatedUnion('type', [featureEntitlementData, creditEntitlementData]);

/** The fields of `o` that are not null (the REST types make them optional, not nullable). */
const present = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<{ [K in keyof T]: NonNullable<T[K]> }>;

function featureJson(v: EntitlementView): z.input<typeof featureEntitlementData> {
  return {
    type: 'FEATURE',
    isGranted: v.isGranted,
    accessDeniedReason: v.accessDeniedReason,
    ...(v.feature ? { feature: { id: v.feature.id, displayName: v.feature.displayName, featureStatus: 'ACTIVE', featureType: v.feature.featureType as 'BOOLEAN' | 'NUMBER' | 'ENUM' } } : {}),
    ...present({
      currentUsage: v.currentUsage,
      usagePeriodAnchor: v.usagePeriodAnchor,
      usagePeriodStart: v.usagePeriodStart,
      usagePeriodEnd: v.usagePeriodEnd,
      entitlementUpdatedAt: v.entitlementUpdatedAt,
      validUntil: v.validUntil === null ? null : iso(v.validUntil),
    }),
    ...(v.feature ? { usageLimit: v.usageLimit, hasUnlimitedUsage: v.hasUnlimitedUsage, resetPeriod: v.resetPeriod as z.infer<typeof resetPeriod> | null } : {}),
  };
}

/** A credit entitlement; `usageUpdatedAt` (required by the REST type) is the check's instant when no grant ever changed. */
function creditJson(v: CreditEntitlementView, nowMs: number): z.input<typeof creditEntitlementData> {
  return {
    type: 'CREDIT',
    isGranted: v.isGranted,
    accessDeniedReason: v.accessDeniedReason,
    currency: { currencyId: v.currency.currencyId, displayName: v.currency.displayName, description: v.currency.description, unitSingular: v.currency.units.singular, unitPlural: v.currency.units.plural },
    currentUsage: v.currentUsage,
    usageLimit: v.usageLimit,
    usageUpdatedAt: v.usageUpdatedAt ?? iso(nowMs),
    ...present({ entitlementUpdatedAt: v.entitlementUpdatedAt, usagePeriodEnd: v.usagePeriodEnd, validUntil: v.validUntil }),
  };
}

const isCredit = (v: EntitlementUnionView): v is CreditEntitlementView => 'kind' in v && v.kind === 'credit';
export const unionJson = (v: EntitlementUnionView, nowMs: number) => (isCredit(v) ? creditJson(v, nowMs) : featureJson(v));

