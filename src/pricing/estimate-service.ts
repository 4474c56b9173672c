/**
 * Estimates and previews: what a subscription would cost (estimateSubscription, previewSubscription),
 * what an update would cost now (estimateSubscriptionUpdate) and the next invoice
 * (previewNextInvoice). Reads only: a new subscription is provisioned in a transaction that is
 * rolled back (so the estimate follows exactly the provisioning rules and errors, and writes
 * nothing); the money comes from the pricing module (catalog/pricing-rules.ts).
 */
import { asPrices, asTrialConfig, currentBillingPeriod, effectiveTrialEndBehavior } from '../catalog/catalog-rules.js';
import { catalog, priceRefs, type CouponRow, type PackageRow, type PriceRef, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { customerRepo } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { couponOf, provisionInTransaction } from '../subscriptions/provisioning.js';
import type { SubscriptionParams } from '../subscriptions/subscription-writes.js';
import { validateAddons, validateBillableFeatures } from '../subscriptions/subscription-rules.js';
import { iso } from '../time.js';
import {
  couponAppliesAt,
  discountDetails,

  effectiveCoupon,
  invoiceTotals,
  prorate,
  roundMoney,
  subscriptionCharges,
  type BillableQuantity,
  type Charges,
  type ChargeLine,
  type CouponFacts,
  type InvoiceTotals,
  type Proration,
} from '../catalog/pricing-rules.js';

/** What a subscription is charged for (its plan, period, quantities, add-ons), as stored. */
export interface ConfigFacts {
  planId: string;
  /** the plan version the subscription is on (E53); absent: the latest */
  planVersion?: number;
  billingPeriod: string | null;
  billableFeatures: readonly BillableQuantity[];
  addons: readonly { addonId: string; quantity: number }[];
}

/** The plan a configuration is charged by: its version's prices when it names one, else the latest. */
function planOf(db: Db, facts: ConfigFacts): PackageRow {
  const latest = catalog.requirePlan(db, facts.planId);
  if (facts.planVersion === undefined || facts.planVersion === latest.versionNumber) return latest;
  return catalog.subscriptionPlan(db, { planId: facts.planId, planVersion: facts.planVersion }) ?? latest;
}

/** One period's charges of a configuration, from the catalog. */
export function chargesOf(db: Db, facts: ConfigFacts): Charges {
  const plan = planOf(db, facts);
  return subscriptionCharges({
    plan: { id: plan.id, displayName: plan.displayName, prices: asPrices(plan.prices) },
    billingPeriod: facts.billingPeriod,
    billableFeatures: facts.billableFeatures,
    addons: facts.addons.map((a) => {
      const addon = catalog.requireAddon(db, a.addonId);
      return { id: addon.id, displayName: addon.displayName, prices: asPrices(addon.prices), quantity: a.quantity };
    }),
  });
}

export const couponFacts = (row: CouponRow): CouponFacts => ({
  id: row.id,
  name: row.name,
  type: row.type,
  discountValue: row.discountValue,
  currency: row.currency,
  durationInMonths: row.durationInMonths,
  status: row.status,
});

/** The coupon that discounts a subscription: its own, else its customer's (pricing-rules.effectiveCoupon). */
export function couponOfSubscription(
  db: Db,
  sub: { customerId: string; couponId: string | null },
  /** the subscription's customer, when the caller already read it */
  customer: { couponId: string | null } | undefined = catalog.customer(db, sub.customerId),
): CouponFacts | null {
  const own = sub.couponId ? catalog.coupon(db, sub.couponId) : undefined;
  const customerCouponId = customer?.couponId;
  const customers = customerCouponId ? catalog.coupon(db, customerCouponId) : undefined;
  return effectiveCoupon(own ? couponFacts(own) : null, customers ? couponFacts(customers) : null);
}

/** A discount as the previews describe it (SubscriptionPreviewDiscount), or null. */
export interface DiscountView {
  name: string;
  type: string;
  value: number;
  durationType: string;
  durationInMonths: number | null;
  start: string;
  end: string | null;
}

const discountView = (coupon: CouponFacts | null, currency: string, startMs: number): DiscountView | null => {
  if (!coupon) return null;
  const d = discountDetails(coupon, currency, startMs);
  return { name: d.name, type: d.type, value: d.value, durationType: d.durationType, durationInMonths: d.durationInMonths, start: iso(d.start), end: d.end === null ? null : iso(d.end) };
};

/** An invoice of an estimate or a preview: totals, the discount, and the proration of a change. */
export interface InvoiceView extends InvoiceTotals {
  discountDetails: DiscountView | null;
  proration: (Proration & { prorationDate: string }) | null;
}

/** What every estimate and preview answers; the resolvers shape it as Stigg's types. */
export interface EstimateView {
  currency: string;
  /** what is charged now (the first period, or the prorated difference of a change) */
  immediate: InvoiceView;
  /** the subscription's recurring invoice (its full period with the coupon when it still applies) */
  recurring: InvoiceView;
  billingPeriodRange: { start: string; end: string };
  isPlanDowngrade: boolean;
  hasScheduledUpdates: boolean;
}

const LIVE = new Set(['ACTIVE', 'IN_TRIAL']);

function invoice(subTotal: number, currency: string, coupon: CouponFacts | null, couponStartMs: number, atMs: number, proration: InvoiceView['proration'] = null): InvoiceView {
  const applies = coupon && couponAppliesAt(coupon, couponStartMs, atMs) ? coupon : null;
  return { ...invoiceTotals(subTotal, currency, applies), discountDetails: discountView(applies, currency, couponStartMs), proration };
}

const ROLLBACK = Symbol('rollback');

/** Run `fn` in a transaction that is always rolled back; answers what it computed (plain values only). */
function dryRun<T>(env: Environment, fn: (db: Db) => T): T {
  let result: T | undefined;
  try {
    env.db.transaction((tx) => {
      result = fn(tx as unknown as Db);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return result as T;
}

/**
 * A new subscription's estimate: provisioned as provisioning would (journey rules, conflicts,
 * trials, coupons, validation and its errors) in a rolled-back transaction. Charged now: the first
 * period in advance (nothing while in trial); with `creditReplaced` (previewSubscription) less the
 * unused share of a paid subscription it replaces at once (a credit, day-based), while the legacy
 * estimateSubscription answers the new subscription's own cost (no proration, as the SDK pages show). A downgrade scheduled for the end of the period charges
 * nothing now; its recurring invoice is the new plan's.
 */
export function estimateNewSubscription(env: Environment, nowMs: number, params: SubscriptionParams, options: { creditReplaced: boolean }): EstimateView {
  if (!params.customerId) throw badInput('customerId is required');
  if (!params.planId) throw badInput('planId is required');
  return dryRun(env, (db) => {
    const before = customerRepo.subscriptions(db, params.customerId!).filter((s) => LIVE.has(s.status));
    const { subscriptionId: _id, refId: _ref, ...rest } = params;
    const outcome = provisionInTransaction(db, nowMs, rest, { paymentGate: false });
    const sub = outcome.subscription!;
    if (outcome.isScheduled) {
      const schedule = subscriptionRepo.pendingSchedules(db, sub.id).find((s) => s.type === 'Downgrade' || s.type === 'Plan')!;
      const v = schedule.variables as unknown as ConfigFacts;
      const target: ConfigFacts = { planId: v.planId, billingPeriod: v.billingPeriod, billableFeatures: v.billableFeatures ?? [], addons: v.addons ?? [] };
      const charges = chargesOf(db, target);
      const atMs = Date.parse(schedule.scheduledAt);
      const range = currentBillingPeriod({ ...sub, billingPeriod: target.billingPeriod, billingAnchor: schedule.scheduledAt, status: 'ACTIVE', trialEndDate: null }, atMs);
      const coupon = couponOfSubscription(db, sub);
      return {
        currency: charges.currency,
        immediate: invoice(0, charges.currency, null, nowMs, nowMs),
        recurring: invoice(charges.subTotal, charges.currency, coupon, Date.parse(sub.startDate), atMs),
        billingPeriodRange: { start: range.start, end: range.end },
        isPlanDowngrade: schedule.type === 'Downgrade',
        hasScheduledUpdates: true,
      };
    }
    const charges = chargesOf(db, sub);
    const currency = charges.currency;
    const period = currentBillingPeriod(sub, nowMs);
    const startMs = Date.parse(sub.startDate);
    const coupon = couponOfSubscription(db, sub);
    const inTrial = sub.status === 'IN_TRIAL';
    const debit = inTrial ? 0 : charges.subTotal;
    // paid subscriptions this one replaced at once: a credit for their unused share
    let credit = 0;
    let replaced: SubscriptionRow | undefined;
    for (const old of options.creditReplaced ? before : []) {
      const now = subscriptionRepo.get(db, old.id)!;
      if (LIVE.has(now.status) || old.status !== 'ACTIVE') continue;
      const oldCharges = chargesOf(db, old);
      if (oldCharges.subTotal <= 0 || oldCharges.currency !== currency) continue;
      const oldPeriod = currentBillingPeriod(old, nowMs);
      credit += prorate({ oldAmount: oldCharges.subTotal, newAmount: 0, periodStartMs: Date.parse(oldPeriod.start), periodEndMs: Date.parse(oldPeriod.end), atMs: nowMs, currency }).credit;
      replaced = old;
    }
    const proration =
      replaced && !inTrial
        ? { credit: roundMoney(credit, currency), debit, netAmount: roundMoney(debit + credit, currency), currency, remainingDays: 0, totalDays: 0, prorationDate: iso(nowMs) }
        : null;
    const immediateSubTotal = proration ? proration.netAmount : debit;
    const nextMs = inTrial ? Date.parse(period.end) : nowMs;
    return {
      currency,
      immediate: invoice(immediateSubTotal, currency, inTrial ? null : coupon, startMs, Math.max(nowMs, startMs), proration),
      recurring: invoice(charges.subTotal, currency, coupon, startMs, Math.max(nextMs, startMs)),
      billingPeriodRange: { start: period.start, end: period.end },
      isPlanDowngrade: false,
      hasScheduledUpdates: false,
    };
  });
}

export interface EstimateUpdateInput {
  subscriptionId: string;
  addons?: { addonId: string; quantity?: number | null }[] | null;
  billableFeatures?: { featureId: string; quantity: number }[] | null;
  unitQuantity?: number | null;
  promotionCode?: string | null;
  appliedCoupon?: SubscriptionParams['appliedCoupon'];
}

/**
 * estimateSubscriptionUpdate: the cost now of changing a live subscription's add-ons (the list
 * replaces the old one), per-unit quantities or coupon, with the same validation as the update.
 * Proration is day-based over the current period: a credit for the unused share of the current
 * charges, a debit for the same share of the new ones; the subtotal is their net. A subscription
 * in trial or of a free plan is not billed: nothing is charged now (no proration).
 */
export function estimateSubscriptionUpdate(env: Environment, nowMs: number, input: EstimateUpdateInput): EstimateView {
  const db = env.db;
  if (!input.subscriptionId) throw badInput('subscriptionId is required');
  const sub = subscriptionRepo.get(db, input.subscriptionId);
  if (!sub) throw notFound('SubscriptionNotFound', 'Subscription', input.subscriptionId);
  if (sub.status === 'CANCELED' || sub.status === 'EXPIRED') throw new EmulatorError('InvalidSubscriptionStatus', `subscription ${sub.id} is ${sub.status}`);
  const plan = catalog.requirePlan(db, sub.planId);
  const addons = input.addons ? validateAddons(input.addons, plan.id, plan.compatibleAddonIds, (id) => catalog.requireAddon(db, id)) : sub.addons;
  const quantityGiven = input.unitQuantity !== null && input.unitQuantity !== undefined;
  const billableFeatures =
    input.billableFeatures || quantityGiven
      ? validateBillableFeatures(input.billableFeatures ?? [], plan.prices, sub.billingPeriod, input.unitQuantity)
      : sub.billableFeatures;
  const couponId = input.appliedCoupon || input.promotionCode ? couponOf(db, { planId: plan.id, appliedCoupon: input.appliedCoupon, promotionCode: input.promotionCode }) : sub.couponId;
  const coupon = couponOfSubscription(db, { customerId: sub.customerId, couponId });

  const before = chargesOf(db, sub);
  const after = chargesOf(db, { planId: sub.planId, planVersion: sub.planVersion, billingPeriod: sub.billingPeriod, billableFeatures, addons });
  const currency = after.currency;
  const period = currentBillingPeriod(sub, nowMs);
  const startMs = Date.parse(sub.startDate);
  // a subscription in trial, or of a free plan, is not billed: nothing is charged now
  const unbilled = sub.status === 'IN_TRIAL' || plan.pricingType === 'FREE';
  const p = unbilled
    ? null
    : prorate({ oldAmount: before.subTotal, newAmount: after.subTotal, periodStartMs: Date.parse(period.start), periodEndMs: Date.parse(period.end), atMs: nowMs, currency });
  const proration = p ? { ...p, prorationDate: iso(nowMs) } : null;
  return {
    currency,
    immediate: invoice(proration ? proration.netAmount : 0, currency, coupon, startMs, nowMs, proration),
    recurring: invoice(after.subTotal, currency, coupon, startMs, Date.parse(period.end)),
    billingPeriodRange: { start: period.start, end: period.end },
    isPlanDowngrade: false,
    hasScheduledUpdates: subscriptionRepo.pendingSchedules(db, sub.id).length > 0,
  };
}

// ------------------------------------------------------------------------------------ the next invoice

/** A line of the next invoice, with the catalog price it charges (the parent of GraphQL Price). */
export interface NextInvoiceLine extends ChargeLine {
  price: PriceRef | null;
  period: { start: string; end: string };
  usageLimit: number | null;
}

export interface NextInvoiceView {
  currency: string;
  totals: InvoiceTotals;
  discountDetails: DiscountView | null;
  lines: NextInvoiceLine[];
  period: { start: string; end: string } | null;
  lastUpdatedAt: string;
}

/**
 * previewNextInvoice: the invoice at the end of the current period (at the start for a subscription
 * not started yet; at the trial's end for a trial that converts): the next period's in-advance
 * charges of the configuration that will then apply (a pending scheduled change due by then
 * included), less the coupon when it still applies. Nothing when the subscription ends first (or
 * its trial ends in cancellation).
 */
export function previewNextInvoice(env: Environment, nowMs: number, subscriptionId: string): NextInvoiceView {
  const db = env.db;
  if (!subscriptionId) throw badInput('subscriptionId is required');
  const sub = subscriptionRepo.get(db, subscriptionId);
  if (!sub) throw notFound('SubscriptionNotFound', 'Subscription', subscriptionId);
  if (sub.status === 'CANCELED' || sub.status === 'EXPIRED') throw new EmulatorError('InvalidSubscriptionStatus', `subscription ${sub.id} is ${sub.status}`);
  return nextInvoiceOf(db, nowMs, sub);
}

export function nextInvoiceOf(db: Db, nowMs: number, sub: SubscriptionRow): NextInvoiceView {
  const plan = catalog.requirePlan(db, sub.planId);
  const startMs = Date.parse(sub.startDate);
  const atMs = sub.status === 'NOT_STARTED' ? startMs : Date.parse(currentBillingPeriod(sub, nowMs).end);
  const customer = catalog.customer(db, sub.customerId);
  const trialCancels =
    sub.status === 'IN_TRIAL' &&
    (sub.trialEndBehavior ?? effectiveTrialEndBehavior(asTrialConfig(plan.defaultTrialConfig), plan.pricingType, customer?.hasPaymentMethod ?? false)) === 'CANCEL_SUBSCRIPTION';
  const ends = (sub.endDate !== null && Date.parse(sub.endDate) <= atMs) || trialCancels;
  let config: ConfigFacts = sub;
  for (const schedule of subscriptionRepo.pendingSchedules(db, sub.id)) {
    if (Date.parse(schedule.scheduledAt) > atMs) continue;
    const v = schedule.variables as Partial<ConfigFacts>;
    config = {
      planId: v.planId ?? config.planId,
      // a plan change starts on the latest version; a migration too
      planVersion: v.planId !== undefined || schedule.type === 'MigrateToLatest' ? undefined : config.planVersion,
      billingPeriod: v.billingPeriod ?? config.billingPeriod,
      billableFeatures: v.billableFeatures ?? config.billableFeatures,
      addons: v.addons ?? config.addons,
    };
  }
  const charges = chargesOf(db, config);
  const currency = charges.currency;
  const period = currentBillingPeriod({ ...sub, billingPeriod: config.billingPeriod, status: 'ACTIVE', endDate: null }, atMs);
  const coupon = couponOfSubscription(db, sub);
  const applies = coupon && couponAppliesAt(coupon, startMs, atMs) ? coupon : null;
  if (ends) {
    return { currency, totals: invoiceTotals(0, currency, null), discountDetails: null, lines: [], period: null, lastUpdatedAt: iso(nowMs) };
  }
  const packages = new Map<string, PackageRow>();
  const pkg = (id: string): PackageRow | undefined => {
    if (!packages.has(id)) {
      const row = id === config.planId ? planOf(db, config) : catalog.addon(db, id);
      if (row) packages.set(id, row);
    }
    return packages.get(id);
  };
  const lines = charges.lines.map((line): NextInvoiceLine => {
    const row = pkg(line.packageId);
    const price = row ? priceRefs(row)[line.priceIndex]! : null;
    return { ...line, price, period: { start: period.start, end: period.end }, usageLimit: line.type === 'InAdvanceCommitmentCharge' ? line.quantity : null };
  });
  return {
    currency,
    totals: invoiceTotals(charges.subTotal, currency, applies),
    discountDetails: discountView(applies, currency, startMs),
    lines,
    period: { start: period.start, end: period.end },
    lastUpdatedAt: iso(nowMs),
  };
}

/** "3 x $5.00": how a line's cost reads. */
export function costDescription(line: ChargeLine): string {
  const money = (amount: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: line.currency }).format(amount);
  return line.type === 'BaseCharge' ? money(line.amount) : `${line.quantity} x ${money(line.unitPrice)}`;
}


/**
 * A subscription's totalPrice: its current period's in-advance charges (subTotal, addonsTotal) and
 * the total after its coupon when the coupon applies now. `priced` false: Stigg answers null.
 */
export function subscriptionTotalPrice(db: Db, nowMs: number, sub: SubscriptionRow, customer?: { couponId: string | null }) {
  const charges = chargesOf(db, sub);
  const coupon = couponOfSubscription(db, sub, customer);
  const applies = coupon && couponAppliesAt(coupon, Date.parse(sub.startDate), nowMs) ? coupon : null;
  return { ...charges, total: invoiceTotals(charges.subTotal, charges.currency, applies).total };
}
