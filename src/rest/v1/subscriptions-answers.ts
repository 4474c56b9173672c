/**
 * The answers of `/api/v1/subscriptions` other than a subscription: a provisioning's outcome (with
 * the customer's entitlements after it) and a preview's invoices, shaped from the services' views.
 */
import { z } from 'zod';
import type { SubscriptionRow } from '../../catalog/catalog-service.js';
import { customerEntitlements } from '../../entitlements/entitlement-service.js';
import { entitlementUnion } from '../../entitlements/entitlement-union.js';
import { entitlementData, unionJson } from './entitlement-shapes.js';
import type { Environment } from '../../environments/environment.js';
import type { EstimateView, InvoiceView } from '../../pricing/estimate-service.js';
import type { ProvisionOutcome } from '../../subscriptions/subscription-writes.js';
import { subscriptionData, subscriptionJson } from './subscriptions-shape.js';

/** `SubscriptionProvisionResponse.Data` */
export const provisionData = z.object({
  id: z.string(),
  entitlements: z.array(entitlementData).nullable(),
  status: z.enum(['SUCCESS', 'PAYMENT_REQUIRED']),
  subscription: subscriptionData.nullable(),
  checkoutBillingId: z.string().optional(),
  checkoutUrl: z.string().optional(),
  isScheduled: z.boolean().optional(),
});

/** The customer's entitlements in the subscription's scope (its resource), features then credits. */
function entitlementsAfter(env: Environment, nowMs: number, sub: SubscriptionRow) {
  const features = customerEntitlements(env, nowMs, { customerId: sub.customerId, resourceId: sub.resourceId });
  return entitlementUnion(env.db, nowMs, sub.customerId, sub.resourceId, features).map((e) => unionJson(e, nowMs));
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
