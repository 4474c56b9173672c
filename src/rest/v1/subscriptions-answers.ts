/**
 * The answers of `/api/v1/subscriptions` other than a subscription: a provisioning's outcome (with
 * the customer's entitlements after it) and a preview's invoices, shaped from the services' views.
 */
import { z } from 'zod';
import type { SubscriptionRow } from '../../catalog/catalog-service.js';
import { customerEntitlements } from '../../entitlements/entitlement-service.js';
import { entitlementUnion, type EntitlementUnionView } from '../../entitlements/entitlement-union.js';
import type { Environment } from '../../environments/environment.js';
import type { EstimateView, InvoiceView } from '../../pricing/estimate-service.js';
import type { ProvisionOutcome } from '../../subscriptions/subscription-writes.js';
import { iso } from '../../time.js';
import { subscriptionData, subscriptionJson } from './subscriptions-shape.js';

const ACCESS_DENIED_REASONS = [
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
] as const;

const featureEntitlementData = z.object({
  type: z.literal('FEATURE'),
  accessDeniedReason: z.enum(ACCESS_DENIED_REASONS).nullable(),
  isGranted: z.boolean(),
  currentUsage: z.number().optional(),
  entitlementUpdatedAt: z.string().optional(),
  feature: z
    .object({ id: z.string(), displayName: z.string(), featureStatus: z.enum(['NEW', 'SUSPENDED', 'ACTIVE']), featureType: z.enum(['BOOLEAN', 'NUMBER', 'ENUM']) })
    .optional(),
  hasUnlimitedUsage: z.boolean().optional(),
  resetPeriod: z.enum(['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR']).nullable().optional(),
  usageLimit: z.number().nullable().optional(),
  usagePeriodAnchor: z.string().optional(),
  usagePeriodEnd: z.string().optional(),
  usagePeriodStart: z.string().optional(),
  validUntil: z.string().optional(),
});

const creditEntitlementData = z.object({
  type: z.literal('CREDIT'),
  accessDeniedReason: z.enum(ACCESS_DENIED_REASONS).nullable(),
  currency: z.object({
    currencyId: z.string(),
    displayName: z.string(),
    description: z.string().nullable().optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    unitPlural: z.string().nullable().optional(),
    unitSingular: z.string().nullable().optional(),
  }),
  currentUsage: z.number(),
  isGranted: z.boolean(),
  usageLimit: z.number(),
  usageUpdatedAt: z.string(),
  entitlementUpdatedAt: z.string().optional(),
  usagePeriodEnd: z.string().optional(),
  validUntil: z.string().optional(),
});

/** `SubscriptionProvisionResponse.Data` */
export const provisionData = z.object({
  id: z.string(),
  entitlements: z.array(z.union([featureEntitlementData, creditEntitlementData])).nullable(),
  status: z.enum(['SUCCESS', 'PAYMENT_REQUIRED']),
  subscription: subscriptionData.nullable(),
  checkoutBillingId: z.string().optional(),
  checkoutUrl: z.string().optional(),
  isScheduled: z.boolean().optional(),
});

/** Present fields only: the REST answer omits what is unknown rather than answering null. */
const defined = <T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], null> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]?: Exclude<T[K], null> };

function entitlementJson(e: EntitlementUnionView): z.input<typeof featureEntitlementData> | z.input<typeof creditEntitlementData> {
  if ('kind' in e && e.kind === 'credit') {
    return {
      type: 'CREDIT',
      accessDeniedReason: e.accessDeniedReason,
      currency: {
        currencyId: e.currency.currencyId,
        displayName: e.currency.displayName,
        description: e.currency.description,
        unitSingular: e.currency.units.singular,
        unitPlural: e.currency.units.plural,
      },
      currentUsage: e.currentUsage,
      isGranted: e.isGranted,
      usageLimit: e.usageLimit,
      usageUpdatedAt: e.usageUpdatedAt ?? e.entitlementUpdatedAt ?? '',
      ...defined({ entitlementUpdatedAt: e.entitlementUpdatedAt, usagePeriodEnd: e.usagePeriodEnd, validUntil: e.validUntil }),
    };
  }
  const f = e as Exclude<EntitlementUnionView, { kind: 'credit' }>;
  return {
    type: 'FEATURE' as const,
    ...defined({
      currentUsage: f.currentUsage,
      entitlementUpdatedAt: f.entitlementUpdatedAt,
      feature: f.feature
        ? { id: f.feature.id, displayName: f.feature.displayName, featureStatus: 'ACTIVE' as const, featureType: f.feature.featureType as 'BOOLEAN' | 'NUMBER' | 'ENUM' }
        : undefined,
      hasUnlimitedUsage: f.hasUnlimitedUsage,
      usagePeriodAnchor: f.usagePeriodAnchor,
      usagePeriodEnd: f.usagePeriodEnd,
      usagePeriodStart: f.usagePeriodStart,
      validUntil: f.validUntil === null ? null : iso(f.validUntil),
    }),
    isGranted: f.isGranted,
    accessDeniedReason: f.accessDeniedReason as z.input<typeof featureEntitlementData>['accessDeniedReason'],
    resetPeriod: f.resetPeriod as z.input<typeof featureEntitlementData>['resetPeriod'],
    usageLimit: f.usageLimit,
  };
}

/** The customer's entitlements in the subscription's scope (its resource), features then credits. */
function entitlementsAfter(env: Environment, nowMs: number, sub: SubscriptionRow) {
  const features = customerEntitlements(env, nowMs, { customerId: sub.customerId, resourceId: sub.resourceId });
  return entitlementUnion(env.db, nowMs, sub.customerId, sub.resourceId, features).map(entitlementJson);
}

export function provisionJson(env: Environment, nowMs: number, outcome: ProvisionOutcome, checkoutUrl: (checkoutId: string) => string): z.input<typeof provisionData> {
  const sub = outcome.subscription;
  return {
    id: sub?.id ?? outcome.checkoutId!,
    status: outcome.status,
    subscription: sub ? subscriptionJson(env.db, nowMs, sub) : null,
    entitlements: sub ? entitlementsAfter(env, nowMs, sub) : null,
    isScheduled: outcome.isScheduled,
    ...(outcome.checkoutId ? { checkoutUrl: checkoutUrl(outcome.checkoutId), checkoutBillingId: outcome.checkoutId } : {}),
  };
}

// ------------------------------------------------------------------ preview

const previewInvoiceData = z.object({
  subTotal: z.number(),
  total: z.number(),
  billingPeriodRange: z.object({ start: z.string(), end: z.string() }).optional(),
  currency: z.string().nullable().optional(),
  discount: z.number().optional(),
  discountDetails: z.object({ code: z.string().optional(), fixedAmount: z.number().optional(), percentage: z.number().optional() }).optional(),
  discounts: z.array(z.object({ amount: z.number(), currency: z.string(), description: z.string() })).optional(),
  tax: z.number().optional(),
});

/** `SubscriptionPreviewResponse.Data` */
export const previewData = z.object({
  immediateInvoice: previewInvoiceData,
  recurringInvoice: previewInvoiceData.optional(),
  billingPeriodRange: z.object({ start: z.string().optional(), end: z.string().optional() }).optional(),
  freeItems: z.array(z.object({ id: z.string(), quantity: z.number() })).optional(),
  hasScheduledUpdates: z.boolean().optional(),
  isPlanDowngrade: z.boolean().optional(),
});

function invoiceJson(invoice: InvoiceView, range: { start: string; end: string }): z.input<typeof previewInvoiceData> {
  const d = invoice.discountDetails;
  return {
    subTotal: invoice.subTotal,
    total: invoice.total,
    billingPeriodRange: range,
    currency: invoice.currency,
    discount: invoice.discount,
    ...(d ? { discountDetails: d.type === 'PERCENTAGE' ? { percentage: d.value } : { fixedAmount: d.value } } : {}),
    discounts: d && invoice.discount > 0 ? [{ amount: invoice.discount, currency: invoice.currency, description: d.name }] : [],
    tax: invoice.tax,
  };
}

export function previewJson(view: EstimateView): z.input<typeof previewData> {
  return {
    immediateInvoice: invoiceJson(view.immediate, view.billingPeriodRange),
    recurringInvoice: invoiceJson(view.recurring, view.billingPeriodRange),
    billingPeriodRange: view.billingPeriodRange,
    hasScheduledUpdates: view.hasScheduledUpdates,
    isPlanDowngrade: view.isPlanDowngrade,
  };
}
