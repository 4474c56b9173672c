/**
 * Catalog rules: pure functions of stored catalog facts (plans, add-ons, prices, entitlements) and
 * "now". No database access here; catalog-service.ts reads, these decide.
 */
import { iso, periodContaining } from '../time.js';

import type { StoredPrice } from './pricing-rules.js';
import { pricesForPeriod, roundMoney, subscriptionCharges, unitQuantity, type BillableQuantity } from './pricing-rules.js';

export type { StoredPrice, BillableQuantity };
export { pricesForPeriod, unitQuantity };

/** An entitlement as stored on a plan or an add-on (the fixture shape). */
export interface StoredEntitlement {
  featureId: string;
  usageLimit?: number | null;
  hasUnlimitedUsage?: boolean;
  hasSoftLimit?: boolean;
  enumValues?: string[] | null;
  resetPeriod?: string | null;
  resetPeriodConfiguration?: { accordingTo: string } | null;
  behavior?: string;
  isCustom?: boolean;
  displayNameOverride?: string | null;
  hiddenFromWidgets?: string[];
}

export interface TrialConfig {
  duration: number;
  units: string;
  trialEndBehavior?: string | null;
  /** the spend budget of a subscription while it is in this trial (RULES 2.4.2, 2.8.7) */
  budget?: { limit: number; hasSoftLimit: boolean } | null;
}

/** What the inheritance rules need of a plan. */
export interface PlanLike {
  id: string;
  basePlanId: string | null;
  entitlements: unknown[];
}

export const asPrices = (value: unknown): StoredPrice[] =>
  (Array.isArray(value) ? value : []).map((p) => {
    const price = p as Partial<StoredPrice>;
    return {
      ...price,
      billingModel: price.billingModel ?? 'FLAT_FEE',
      billingPeriod: price.billingPeriod ?? 'MONTHLY',
      amount: Number(price.amount ?? 0),
      currency: price.currency ?? 'USD',
    };
  });

export const asEntitlements = (value: unknown): StoredEntitlement[] => (Array.isArray(value) ? (value as StoredEntitlement[]) : []);

export const asTrialConfig = (value: unknown): TrialConfig | null => {
  if (!value || typeof value !== 'object') return null;
  const t = value as Partial<TrialConfig>;
  if (typeof t.duration !== 'number') return null;
  const budget = t.budget && typeof t.budget.limit === 'number' ? { limit: t.budget.limit, hasSoftLimit: t.budget.hasSoftLimit === true } : null;
  return { duration: t.duration, units: t.units ?? 'DAY', trialEndBehavior: t.trialEndBehavior ?? null, ...(budget ? { budget } : {}) };
};

// ------------------------------------------------------------------------------------ inheritance

/** The base-plan chain of a plan, nearest first (the plan itself excluded); stops at a cycle or a missing plan. */
export function basePlanChain<P extends PlanLike>(plan: P, plansById: ReadonlyMap<string, P>): P[] {
  const chain: P[] = [];
  const seen = new Set<string>([plan.id]);
  let cursor = plan.basePlanId;
  while (cursor && !seen.has(cursor)) {
    const base = plansById.get(cursor);
    if (!base) break;
    chain.push(base);
    seen.add(cursor);
    cursor = base.basePlanId;
  }
  return chain;
}

export interface SourcedEntitlement<P> {
  entitlement: StoredEntitlement;
  /** the plan that defines this entitlement */
  plan: P;
  index: number;
}

/**
 * Plan.inheritedEntitlements: the entitlements of the base-plan chain, flattened so that a nearer
 * plan's entitlement for a feature wins over a farther one's, and without the features the plan
 * defines itself (its own entitlement overrides the inherited one). So `entitlements` plus
 * `inheritedEntitlements` is the plan's full package, each feature once.
 */
export function inheritedEntitlements<P extends PlanLike>(plan: P, plansById: ReadonlyMap<string, P>): SourcedEntitlement<P>[] {
  const own = new Set(asEntitlements(plan.entitlements).map((e) => e.featureId));
  const seen = new Set<string>(own);
  const out: SourcedEntitlement<P>[] = [];
  for (const base of basePlanChain(plan, plansById)) {
    asEntitlements(base.entitlements).forEach((entitlement, index) => {
      if (seen.has(entitlement.featureId)) return;
      seen.add(entitlement.featureId);
      out.push({ entitlement, plan: base, index });
    });
  }
  return out;
}

/** The plan's full package: its own entitlements, then the inherited ones (see inheritedEntitlements). */
export function effectivePlanEntitlements<P extends PlanLike>(plan: P, plansById: ReadonlyMap<string, P>): SourcedEntitlement<P>[] {
  const own = asEntitlements(plan.entitlements).map((entitlement, index) => ({ entitlement, plan, index }));
  return [...own, ...inheritedEntitlements(plan, plansById)];
}

// ------------------------------------------------------------------------------------ pricing

/** An add-on (or any package) is PAID when it has a price. */
export const packagePricingType = (prices: StoredPrice[]): 'PAID' | 'FREE' => (prices.length > 0 ? 'PAID' : 'FREE');

export interface SubscriptionTotal {
  currency: string;
  /** plan charges plus add-on charges */
  subTotal: number;
  addonsTotal: number;
  /** false when nothing at all is priced (free plan without priced add-ons): Stigg answers totalPrice null */
  priced: boolean;
}

/** A subscription's recurring total for its billing period (the pricing module's charges). */
export function subscriptionTotal(input: {
  planPrices: StoredPrice[];
  billingPeriod: string | null;
  billableFeatures: BillableQuantity[];
  addons: { prices: StoredPrice[]; quantity: number }[];
}): SubscriptionTotal {
  const charges = subscriptionCharges({
    plan: { id: 'plan', displayName: 'plan', prices: input.planPrices },
    billingPeriod: input.billingPeriod,
    billableFeatures: input.billableFeatures,
    addons: input.addons.map((a, i) => ({ id: `addon-${i}`, displayName: 'addon', prices: a.prices, quantity: a.quantity })),
  });
  return { currency: charges.currency, subTotal: charges.subTotal, addonsTotal: charges.addonsTotal, priced: charges.priced };
}

export interface PricePoint {
  planId: string;
  billingPeriod: string;
  amount: number;
  currency: string;
  /** the per-unit feature when the point is a unit price */
  featureId: string | null;
  additionalChargesMayApply: boolean;
}

/**
 * Paywall price points of a plan: one per billing period it is priced in. The amount is the sum of
 * its flat fees; a plan priced only per unit shows its unit price with the feature. Other prices
 * of the period (per-unit next to a flat fee, usage-based) mean additional charges may apply.
 */
export function planPricePoints(planId: string, prices: StoredPrice[]): PricePoint[] {
  const periods = [...new Set(prices.map((p) => p.billingPeriod))];
  return periods.map((billingPeriod) => {
    const inPeriod = prices.filter((p) => p.billingPeriod === billingPeriod);
    const flat = inPeriod.filter((p) => p.billingModel === 'FLAT_FEE');
    const currency = inPeriod[0]!.currency;
    if (flat.length > 0) {
      return {
        planId,
        billingPeriod,
        amount: roundMoney(flat.reduce((s, p) => s + p.amount, 0), currency),
        currency,
        featureId: null,
        additionalChargesMayApply: inPeriod.length > flat.length,
      };
    }
    const first = inPeriod[0]!;
    return { planId, billingPeriod, amount: first.amount, currency, featureId: first.featureId ?? null, additionalChargesMayApply: inPeriod.length > 1 };
  });
}

const CURRENCY_SYMBOLS: Record<string, string> = {
  USD: '$', EUR: '€', GBP: '£', JPY: '¥', CNY: '¥', INR: '₹', ILS: '₪', KRW: '₩', BRL: 'R$', CAD: 'CA$', AUD: 'A$',
  NZD: 'NZ$', MXN: 'MX$', CHF: 'CHF', SEK: 'kr', NOK: 'kr', DKK: 'kr', PLN: 'zł', RUB: '₽', TRY: '₺', ZAR: 'R',
};

/** A paywall's currency: the first price's currency among the plans (USD when nothing is priced). */
export function paywallCurrency(prices: StoredPrice[]): { code: string; symbol: string } {
  const code = prices[0]?.currency ?? 'USD';
  return { code, symbol: CURRENCY_SYMBOLS[code] ?? code };
}

// ------------------------------------------------------------------------------------ trials

/**
 * The trial-end behaviour of a subscription: the plan's configured one, else (where Stigg's docs are
 * silent) CONVERT_TO_PAID for a paid plan whose customer has a payment method, CANCEL_SUBSCRIPTION otherwise.
 */
export function effectiveTrialEndBehavior(trial: TrialConfig | null, pricingType: string, hasPaymentMethod: boolean): string {
  if (trial?.trialEndBehavior) return trial.trialEndBehavior;
  return pricingType === 'PAID' && hasPaymentMethod ? 'CONVERT_TO_PAID' : 'CANCEL_SUBSCRIPTION';
}

// ------------------------------------------------------------------------------------ billing periods

export interface BillingPeriodFacts {
  status: string;
  billingPeriod: string | null;
  startDate: string;
  endDate: string | null;
  trialEndDate: string | null;
  /** set when the cycle was re-anchored (a converted trial, billingCycleAnchor NOW) */
  billingAnchor?: string | null;
}

/**
 * The subscription's current billing period at `nowMs`. While in trial it is the trial
 * [startDate, trialEndDate). Otherwise periods are [anchor + k·P, anchor + (k+1)·P) with P one month
 * (also for free subscriptions, which have no billing period) or one year, calendar arithmetic in
 * UTC with month ends clamped (Jan 31 -> Feb 29 -> Mar 31). The anchor is the start date, or the
 * trial end when a trial turned into a paid subscription. An ended subscription keeps its last period.
 */
export function currentBillingPeriod(facts: BillingPeriodFacts, nowMs: number): { start: string; end: string; anchor: string } {
  const startMs = Date.parse(facts.startDate);
  const trialEndMs = facts.trialEndDate ? Date.parse(facts.trialEndDate) : null;
  if (facts.status === 'IN_TRIAL' && trialEndMs !== null && trialEndMs > startMs) {
    return { start: iso(startMs), end: iso(trialEndMs), anchor: iso(startMs) };
  }
  const anchorMs = facts.billingAnchor
    ? Date.parse(facts.billingAnchor)
    : trialEndMs !== null && trialEndMs > startMs && trialEndMs <= nowMs && facts.status !== 'IN_TRIAL'
      ? trialEndMs
      : startMs;
  const endMs = facts.endDate ? Date.parse(facts.endDate) : null;
  const atMs = endMs !== null && endMs <= nowMs ? Math.max(anchorMs, endMs - 1) : nowMs;
  const step = facts.billingPeriod === 'ANNUALLY' ? 'P1Y' : 'P1M';
  const period = periodContaining(anchorMs, step, atMs);
  return { start: iso(period.start), end: iso(period.end), anchor: iso(anchorMs) };
}

// ------------------------------------------------------------------------------------ entitlements

/** A package entitlement's reset configuration as Stigg's ResetPeriodConfiguration union member. */
export function resetPeriodConfiguration(
  resetPeriod: string | null | undefined,
  configured: { accordingTo: string } | null | undefined,
): { __typename: string; [field: string]: string } | null {
  const according = configured?.accordingTo ?? 'SubscriptionStart';
  switch (resetPeriod) {
    case 'MONTH':
      return { __typename: 'MonthlyResetPeriodConfig', monthlyAccordingTo: according === 'StartOfTheMonth' ? 'StartOfTheMonth' : 'SubscriptionStart' };
    case 'WEEK':
      return { __typename: 'WeeklyResetPeriodConfig', weeklyAccordingTo: according.startsWith('Every') ? according : 'SubscriptionStart' };
    case 'YEAR':
      return { __typename: 'YearlyResetPeriodConfig', yearlyAccordingTo: 'SubscriptionStart' };
    default:
      return null;
  }
}

/** Stigg's "metadata" is null when nothing is set. */
export const metadataOrNull = (metadata: Record<string, string> | null | undefined): Record<string, string> | null =>
  metadata && Object.keys(metadata).length > 0 ? metadata : null;
