/**
 * A subscription as the REST API answers it (`Subscription.Data`, also the items of the list and
 * the `subscription` of a provisioning), shaped from the stored row with the same reads as the
 * GraphQL CustomerSubscription fields: plan (at the subscription's version), billing period, trial,
 * coupon, budget and pending scheduled changes. Stigg's enums are spelled as the REST API spells
 * them (cancel reasons and schedule types in upper snake case, currencies in lower case).
 */
import { z } from 'zod';
import { asTrialConfig, currentBillingPeriod, effectiveTrialEndBehavior } from '../../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../../catalog/catalog-service.js';
import type { Db } from '../../db/open-database.js';
import { budgetOf } from '../../entitlements/entitlement-service.js';
import { scheduledUpdatesOf } from '../../subscriptions/updates.js';

export const SUBSCRIPTION_STATUSES = ['PAYMENT_PENDING', 'ACTIVE', 'EXPIRED', 'IN_TRIAL', 'CANCELED', 'NOT_STARTED'] as const;
export const PRICING_TYPES = ['FREE', 'PAID', 'CUSTOM'] as const;

const CANCEL_REASONS = {
  UpgradeOrDowngrade: 'UPGRADE_OR_DOWNGRADE',
  CancelledByBilling: 'CANCELLED_BY_BILLING',
  Expired: 'EXPIRED',
  DetachBilling: 'DETACH_BILLING',
  TrialEnded: 'TRIAL_ENDED',
  Immediate: 'Immediate',
  TrialConverted: 'TRIAL_CONVERTED',
  PendingPaymentExpired: 'PENDING_PAYMENT_EXPIRED',
  ScheduledCancellation: 'ScheduledCancellation',
  CustomerArchived: 'CustomerArchived',
  AutoCancellationRule: 'AutoCancellationRule',
} as const;

const SCHEDULE_TYPES = {
  Downgrade: 'DOWNGRADE',
  Plan: 'PLAN',
  BillingPeriod: 'BILLING_PERIOD',
  UnitAmount: 'UNIT_AMOUNT',
  RecurringCredits: 'RECURRING_CREDITS',
  PriceOverride: 'PRICE_OVERRIDE',
  Addon: 'ADDON',
  Coupon: 'COUPON',
  MigrateToLatest: 'MIGRATE_TO_LATEST',
  AdditionalMetaData: 'ADDITIONAL_META_DATA',
  BillingInfoMetadata: 'BILLING_INFO_METADATA',
} as const;

const SCHEDULE_STATUSES = { PendingPayment: 'PENDING_PAYMENT', Scheduled: 'SCHEDULED', Canceled: 'CANCELED', Done: 'DONE', Failed: 'FAILED' } as const;

const values = <T extends Record<string, string>>(map: T) => [...new Set(Object.values(map))] as [T[keyof T], ...T[keyof T][]];

/** An ISO 4217 currency code in lower case, as the REST API spells them. */
const currency = z.string().regex(/^[a-z]{3}$/);

const money = z.object({ amount: z.number(), currency });

/** `Subscription.Data` of the REST SDKs. */
export const subscriptionData = z.object({
  id: z.string(),
  billingId: z.string().nullable(),
  createdAt: z.string(),
  customerId: z.string(),
  paymentCollection: z.enum(['NOT_REQUIRED', 'PROCESSING', 'FAILED', 'ACTION_REQUIRED']),
  planId: z.string(),
  pricingType: z.enum(PRICING_TYPES),
  startDate: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  addons: z.array(z.object({ id: z.string(), quantity: z.number() })),
  billingCycleAnchor: z.string().nullable(),
  budget: z.object({ hasSoftLimit: z.boolean(), limit: z.number() }).nullable(),
  cancellationDate: z.string().nullable(),
  cancelReason: z.enum(values(CANCEL_REASONS)).nullable(),
  contractId: z.string().nullable(),
  coupons: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.enum(['ACTIVE', 'EXPIRED', 'REMOVED']),
      amountsOff: z.array(money.partial()).nullable(),
      percentOff: z.number().nullable(),
    }),
  ),
  currentBillingPeriodEnd: z.string().nullable(),
  currentBillingPeriodStart: z.string().nullable(),
  effectiveEndDate: z.string().nullable(),
  endDate: z.string().nullable(),
  futureUpdates: z.array(
    z.object({
      scheduledExecutionTime: z.string(),
      scheduleStatus: z.enum(values(SCHEDULE_STATUSES)),
      subscriptionScheduleType: z.enum(values(SCHEDULE_TYPES)),
      targetPackage: z.object({ id: z.string() }).nullable(),
    }),
  ),
  latestInvoice: z
    .object({
      billingId: z.string(),
      createdAt: z.string(),
      requiresAction: z.boolean(),
      status: z.enum(['OPEN', 'CANCELED', 'PAID']),
      amountDue: z.number().nullable().optional(),
      currency: z.string().nullable().optional(),
      total: z.number().nullable().optional(),
    })
    .nullable(),
  metadata: z.record(z.string(), z.string()),
  minimumSpend: money.partial().nullable(),
  payingCustomerId: z.string().nullable(),
  paymentCollectionMethod: z.enum(['CHARGE', 'INVOICE', 'NONE']).nullable(),
  prices: z.array(
    z.object({
      addonId: z.string().nullable().optional(),
      amount: z.number().optional(),
      baseCharge: z.boolean().optional(),
      currency: currency.optional(),
      featureId: z.string().nullable().optional(),
    }),
  ),
  resourceId: z.string().nullable(),
  subscriptionEntitlements: z.array(z.object({ id: z.string(), type: z.enum(['FEATURE', 'CREDIT']) })),
  trial: z.object({ trialEndBehavior: z.enum(['CONVERT_TO_PAID', 'CANCEL_SUBSCRIPTION']) }).nullable(),
  trialEndDate: z.string().nullable(),
});

export type SubscriptionJson = z.input<typeof subscriptionData>;

const lower = (code: string | null | undefined) => (code ?? 'USD').toLowerCase();

function couponsOf(db: Db, row: SubscriptionRow): SubscriptionJson['coupons'] {
  const coupon = row.couponId ? catalog.coupon(db, row.couponId) : undefined;
  if (!coupon) return [];
  const percent = coupon.type === 'PERCENTAGE';
  return [
    {
      id: coupon.id,
      name: coupon.name,
      status: 'ACTIVE',
      percentOff: percent ? coupon.discountValue : null,
      amountsOff: percent ? null : [{ amount: coupon.discountValue, currency: lower(coupon.currency) }],
    },
  ];
}

/** Pending scheduled changes, one per scheduled update (a plan change names its target plan, an add-on change nothing). */
function futureUpdatesOf(db: Db, row: SubscriptionRow): SubscriptionJson['futureUpdates'] {
  return scheduledUpdatesOf(db, row.id).map((s) => {
    const planId = (s.variables as { planId?: string }).planId;
    const target = s.type === 'Downgrade' || s.type === 'Plan' || s.type === 'MigrateToLatest' ? (planId ?? row.planId) : null;
    return {
      scheduledExecutionTime: s.scheduledAt,
      scheduleStatus: SCHEDULE_STATUSES[s.status as keyof typeof SCHEDULE_STATUSES] ?? 'SCHEDULED',
      subscriptionScheduleType: SCHEDULE_TYPES[s.type as keyof typeof SCHEDULE_TYPES] ?? 'PLAN',
      targetPackage: target ? { id: target } : null,
    };
  });
}

function trialOf(db: Db, row: SubscriptionRow, pricingType: string, defaultTrialConfig: unknown): SubscriptionJson['trial'] {
  if (!row.trialEndDate) return null;
  const behavior =
    row.trialEndBehavior ?? effectiveTrialEndBehavior(asTrialConfig(defaultTrialConfig), pricingType, catalog.customer(db, row.customerId)?.hasPaymentMethod ?? false);
  return { trialEndBehavior: behavior as 'CONVERT_TO_PAID' | 'CANCEL_SUBSCRIPTION' };
}

/** The custom entitlements given at provisioning: their feature or currency ids. */
function subscriptionEntitlementsOf(row: SubscriptionRow): SubscriptionJson['subscriptionEntitlements'] {
  return (row.entitlements ?? []).map((e) =>
    e.kind === 'credit' ? { id: String(e.customCurrencyId), type: 'CREDIT' as const } : { id: String(e.featureId), type: 'FEATURE' as const },
  );
}

export function subscriptionJson(db: Db, nowMs: number, row: SubscriptionRow): SubscriptionJson {
  const plan = catalog.subscriptionPlan(db, row) ?? catalog.requirePlan(db, row.planId);
  const period = currentBillingPeriod(row, nowMs);
  const budget = budgetOf(db, row);
  return {
    id: row.id,
    billingId: null,
    createdAt: row.createdAt,
    customerId: row.customerId,
    paymentCollection: 'NOT_REQUIRED',
    planId: row.planId,
    pricingType: plan.pricingType as SubscriptionJson['pricingType'],
    startDate: row.startDate,
    status: row.status as SubscriptionJson['status'],
    addons: row.addons.map((a) => ({ id: a.addonId, quantity: a.quantity })),
    billingCycleAnchor: period.anchor,
    budget: budget ? { hasSoftLimit: budget.hasSoftLimit, limit: budget.limit } : null,
    cancellationDate: row.cancellationDate,
    cancelReason: row.cancelReason ? (CANCEL_REASONS[row.cancelReason as keyof typeof CANCEL_REASONS] ?? null) : null,
    contractId: null,
    coupons: couponsOf(db, row),
    currentBillingPeriodEnd: period.end,
    currentBillingPeriodStart: period.start,
    effectiveEndDate: row.endDate,
    endDate: row.endDate,
    futureUpdates: futureUpdatesOf(db, row),
    latestInvoice: null,
    metadata: row.metadata,
    minimumSpend: null,
    payingCustomerId: row.payingCustomerId,
    paymentCollectionMethod: null,
    prices: [],
    resourceId: row.resourceId,
    subscriptionEntitlements: subscriptionEntitlementsOf(row),
    trial: trialOf(db, row, plan.pricingType, plan.defaultTrialConfig),
    trialEndDate: row.trialEndDate,
  };
}
