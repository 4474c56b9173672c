/**
 * The request bodies of `/api/v1/subscriptions` (the REST SDKs' params interfaces) and their
 * translation into the inputs of the subscription services, field for field: `id` → subscriptionId,
 * `addons[].id` → addonId, `metadata` → additionalMetaData, `entitlements[]` (`type` FEATURE or
 * CREDIT) → `{ feature }` or `{ credit }`. What the services do not model (price overrides, minimum
 * spend, CREDIT charges, an ad-hoc discount) is passed on for the services to refuse.
 */
import { z } from 'zod';
import type { SubscriptionEntitlementInput, SubscriptionParams } from '../../subscriptions/subscription-writes.js';
import { instant } from '../route.js';

const BILLING_PERIOD = z.enum(['MONTHLY', 'ANNUALLY']);
const SCHEDULE_STRATEGY = z.enum(['END_OF_BILLING_PERIOD', 'END_OF_BILLING_MONTH', 'IMMEDIATE']);
const metadata = z.record(z.string(), z.string());
const addon = z.object({ id: z.string().min(1), quantity: z.number().int().min(1) });
const charge = z.object({ id: z.string().min(1), quantity: z.number().min(0), type: z.enum(['FEATURE', 'CREDIT']) });
const budget = z.object({ hasSoftLimit: z.boolean(), limit: z.number().min(0) });
const currencyCode = z.string().regex(/^[a-zA-Z]{3}$/);
const minimumSpend = z.object({ amount: z.number().optional(), currency: currencyCode.optional() });

const appliedCoupon = z.object({
  billingCouponId: z.string().optional(),
  configuration: z.object({ startDate: instant.optional() }).optional(),
  couponId: z.string().optional(),
  discount: z
    .object({
      amountsOff: z.array(z.object({ amount: z.number(), currency: currencyCode })).nullable().optional(),
      description: z.string().optional(),
      durationInMonths: z.number().optional(),
      name: z.string().optional(),
      percentOff: z.number().optional(),
    })
    .optional(),
  promotionCode: z.string().nullable().optional(),
});

const billingInformation = z.object({
  billingAddress: z
    .object({ city: z.string(), country: z.string(), line1: z.string(), line2: z.string(), postalCode: z.string(), state: z.string() })
    .partial()
    .optional(),
  chargeOnBehalfOfAccount: z.string().nullable().optional(),
  couponId: z.string().optional(),
  integrationId: z.string().nullable().optional(),
  invoiceDaysUntilDue: z.number().optional(),
  isBackdated: z.boolean().optional(),
  isInvoicePaid: z.boolean().optional(),
  metadata: metadata.optional(),
  prorationBehavior: z.enum(['INVOICE_IMMEDIATELY', 'CREATE_PRORATIONS', 'NONE']).optional(),
  taxIds: z.array(z.object({ type: z.string(), value: z.string() })).optional(),
  taxPercentage: z.number().optional(),
  taxRateIds: z.array(z.string()).optional(),
});

const featureEntitlement = z.object({
  id: z.string().min(1),
  type: z.literal('FEATURE'),
  hasSoftLimit: z.boolean().optional(),
  hasUnlimitedUsage: z.boolean().optional(),
  resetPeriod: z.enum(['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR']).optional(),
  usageLimit: z.number().optional(),
  monthlyResetPeriodConfiguration: z.object({ accordingTo: z.enum(['SubscriptionStart', 'StartOfTheMonth']) }).nullable().optional(),
  weeklyResetPeriodConfiguration: z
    .object({
      accordingTo: z.enum(['SubscriptionStart', 'EverySunday', 'EveryMonday', 'EveryTuesday', 'EveryWednesday', 'EveryThursday', 'EveryFriday', 'EverySaturday']),
    })
    .nullable()
    .optional(),
  yearlyResetPeriodConfiguration: z.object({ accordingTo: z.literal('SubscriptionStart') }).nullable().optional(),
});
const creditEntitlement = z.object({ id: z.string().min(1), type: z.literal('CREDIT'), amount: z.number(), cadence: z.enum(['MONTH', 'YEAR']) });
const entitlement = z.discriminatedUnion('type', [featureEntitlement, creditEntitlement]);

/** A price override (accepted so that the service can refuse it by name). */
const priceOverride = z.object({}).passthrough();

const trialOverrideConfiguration = z.object({
  isTrial: z.boolean(),
  trialEndBehavior: z.enum(['CONVERT_TO_PAID', 'CANCEL_SUBSCRIPTION']).optional(),
  trialEndDate: instant.optional(),
});

/** The fields provisioning and preview share. */
const newSubscriptionShape = {
  customerId: z.string().min(1),
  planId: z.string().min(1),
  addons: z.array(addon).optional(),
  appliedCoupon: appliedCoupon.optional(),
  billingCountryCode: z.string().nullable().optional(),
  billingCycleAnchor: z.enum(['UNCHANGED', 'NOW']).optional(),
  billingInformation: billingInformation.optional(),
  billingPeriod: BILLING_PERIOD.optional(),
  charges: z.array(charge).optional(),
  payingCustomerId: z.string().nullable().optional(),
  resourceId: z.string().nullable().optional(),
  scheduleStrategy: SCHEDULE_STRATEGY.optional(),
  startDate: instant.optional(),
  trialOverrideConfiguration: trialOverrideConfiguration.optional(),
  unitQuantity: z.number().min(0).optional(),
};

/** SubscriptionProvisionParams */
export const provisionBody = z.object({
  ...newSubscriptionShape,
  id: z.string().min(1).optional(),
  awaitPaymentConfirmation: z.boolean().optional(),
  billingId: z.string().nullable().optional(),
  budget: budget.nullable().optional(),
  cancellationDate: instant.optional(),
  checkoutOptions: z
    .object({
      cancelUrl: z.string(),
      successUrl: z.string(),
      allowPromoCodes: z.boolean().optional(),
      allowTaxIdCollection: z.boolean().optional(),
      collectBillingAddress: z.boolean().optional(),
      collectPhoneNumber: z.boolean().optional(),
      referenceId: z.string().nullable().optional(),
    })
    .optional(),
  entitlements: z.array(entitlement).optional(),
  metadata: metadata.optional(),
  minimumSpend: minimumSpend.nullable().optional(),
  paymentCollectionMethod: z.enum(['CHARGE', 'INVOICE', 'NONE']).optional(),
  priceOverrides: z.array(priceOverride).optional(),
  salesforceId: z.string().nullable().optional(),
});

/** SubscriptionPreviewParams */
export const previewBody = z.object({
  ...newSubscriptionShape,
  billableFeatures: z.array(z.object({ featureId: z.string().min(1), quantity: z.number().min(0) })).optional(),
});

/** SubscriptionUpdateParams */
export const updateBody = z.object({
  addons: z.array(addon).optional(),
  appliedCoupon: appliedCoupon.optional(),
  awaitPaymentConfirmation: z.boolean().optional(),
  billingCycleAnchor: z.enum(['UNCHANGED', 'NOW']).optional(),
  billingInformation: billingInformation.optional(),
  billingPeriod: BILLING_PERIOD.optional(),
  budget: budget.nullable().optional(),
  cancellationDate: instant.nullable().optional(),
  charges: z.array(charge).optional(),
  entitlements: z.array(entitlement).optional(),
  metadata: metadata.optional(),
  minimumSpend: minimumSpend.nullable().optional(),
  priceOverrides: z.array(priceOverride).optional(),
  promotionCode: z.string().optional(),
  salesforceId: z.string().nullable().optional(),
  scheduleStrategy: SCHEDULE_STRATEGY.optional(),
  trialEndDate: instant.optional(),
});

/** SubscriptionImportParams */
export const importBody = z.object({
  subscriptions: z
    .array(
      z.object({
        id: z.string().min(1),
        customerId: z.string().min(1),
        planId: z.string().min(1),
        addons: z.array(addon).optional(),
        billingId: z.string().nullable().optional(),
        billingPeriod: BILLING_PERIOD.optional(),
        charges: z.array(charge).optional(),
        endDate: instant.nullable().optional(),
        metadata: metadata.optional(),
        resourceId: z.string().nullable().optional(),
        startDate: instant.optional(),
      }),
    )
    .min(1),
  integrationId: z.string().nullable().optional(),
});

export const cancelBody = z.object({
  cancellationAction: z.enum(['DEFAULT', 'REVOKE_ENTITLEMENTS']).optional(),
  cancellationTime: z.enum(['END_OF_BILLING_PERIOD', 'IMMEDIATE', 'SPECIFIC_DATE']).optional(),
  endDate: instant.optional(),
  prorate: z.boolean().optional(),
});

export const delegateBody = z.object({ targetCustomerId: z.string().min(1) });
export const migrateBody = z.object({ subscriptionMigrationTime: z.enum(['END_OF_BILLING_PERIOD', 'IMMEDIATE']).optional() });
export const transferBody = z.object({ destinationResourceId: z.string().min(1) });

// ------------------------------------------------------------------ translation

const addonsOf = (addons: z.output<typeof addon>[] | undefined) => addons?.map((a) => ({ addonId: a.id, quantity: a.quantity }));

export function entitlementsOf(entries: z.output<typeof entitlement>[] | undefined): SubscriptionEntitlementInput[] | undefined {
  return entries?.map((e) => {
    if (e.type === 'CREDIT') return { credit: { customCurrencyId: e.id, amount: e.amount, cadence: e.cadence } };
    const { id, type: _type, ...rest } = e;
    return { feature: { featureId: id, ...rest } };
  });
}

/** A provisioning or preview body as the provisioning services' SubscriptionParams. */
export function subscriptionParamsOf(body: z.output<typeof provisionBody> | z.output<typeof previewBody>): SubscriptionParams & Record<string, unknown> {
  const provision = body as Partial<z.output<typeof provisionBody>>;
  const preview = body as Partial<z.output<typeof previewBody>>;
  return {
    customerId: body.customerId,
    planId: body.planId,
    subscriptionId: provision.id,
    addons: addonsOf(body.addons),
    appliedCoupon: body.appliedCoupon,
    billingCountryCode: body.billingCountryCode,
    billingCycleAnchor: body.billingCycleAnchor,
    billingInformation: body.billingInformation,
    billingPeriod: body.billingPeriod,
    billableFeatures: preview.billableFeatures,
    charges: body.charges,
    payingCustomerId: body.payingCustomerId,
    resourceId: body.resourceId,
    scheduleStrategy: body.scheduleStrategy,
    startDate: body.startDate,
    trialOverrideConfiguration: body.trialOverrideConfiguration,
    unitQuantity: body.unitQuantity,
    awaitPaymentConfirmation: provision.awaitPaymentConfirmation,
    budget: provision.budget,
    entitlements: entitlementsOf(provision.entitlements),
    additionalMetaData: provision.metadata,
    // refused by the service when given (not modelled)
    cancellationDate: provision.cancellationDate,
    minimumSpend: provision.minimumSpend,
    priceOverrides: provision.priceOverrides,
  };
}

export function updateInputOf(id: string, body: z.output<typeof updateBody>) {
  return {
    subscriptionId: id,
    addons: addonsOf(body.addons),
    appliedCoupon: body.appliedCoupon,
    awaitPaymentConfirmation: body.awaitPaymentConfirmation,
    billingCycleAnchor: body.billingCycleAnchor,
    billingInformation: body.billingInformation,
    billingPeriod: body.billingPeriod,
    budget: body.budget,
    charges: body.charges,
    entitlements: entitlementsOf(body.entitlements),
    additionalMetaData: body.metadata,
    promotionCode: body.promotionCode,
    scheduleStrategy: body.scheduleStrategy,
    trialEndDate: body.trialEndDate,
    // refused by the service when given (not modelled)
    cancellationDate: body.cancellationDate,
    minimumSpend: body.minimumSpend,
    priceOverrides: body.priceOverrides,
  };
}

export function importInputOf(body: z.output<typeof importBody>) {
  return body.subscriptions.map((s) => ({
    subscriptionId: s.id,
    customerId: s.customerId,
    planId: s.planId,
    addons: addonsOf(s.addons),
    billingPeriod: s.billingPeriod,
    charges: s.charges,
    endDate: s.endDate,
    additionalMetaData: s.metadata,
    resourceId: s.resourceId,
    startDate: s.startDate,
  }));
}
