/**
 * Money: the one pricing module every read uses (subscription prices and totals, estimates,
 * previews, the next invoice, the customer portal). Pure functions of stored prices, quantities,
 * coupons and instants; no database access.
 *
 * Rounding rule (one for all money): amounts are computed unrounded, then every invoice line, every
 * discount and every proration amount is rounded once to the currency's minor unit (cents for USD,
 * none for JPY: ISO 4217 as Intl knows it), half away from zero. Totals are sums of rounded amounts.
 * Amounts are in full currency units (49 = $49.00).
 */
import { addMonths } from '../time.js';

/** One tier of a tiered per-unit price: units up to `upTo` (null/absent: no upper bound). */
export interface PriceTier {
  upTo?: number | null;
  unitPrice?: number | null;
  flatPrice?: number | null;
}

/** A price as stored on a plan or an add-on (the fixture shape). */
export interface StoredPrice {
  billingModel: string;
  billingPeriod: string;
  amount: number;
  currency: string;
  featureId?: string | null;
  minUnitQuantity?: number | null;
  maxUnitQuantity?: number | null;
  blockSize?: number | null;
  creditRate?: number | null;
  tiersMode?: 'GRADUATED' | 'VOLUME' | null;
  tiers?: PriceTier[] | null;
}

export interface BillableQuantity {
  featureId: string;
  quantity: number;
}

// ------------------------------------------------------------------------------------ rounding

const digitsCache = new Map<string, number>();

/** The currency's minor-unit digits (USD 2, JPY 0, KWD 3); 2 for a code Intl does not know. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** The rounding rule: to the currency's minor unit, half away from zero (never -0). */
export function roundMoney(amount: number, currency: string): number {
  const factor = 10 ** minorDigits(currency);
  // the scaled value is nudged by a relative epsilon so that 1.005 (binary 1.00499...) rounds up as written
  const rounded = (Math.sign(amount) * Math.round(Math.abs(amount) * factor * (1 + Number.EPSILON))) / factor;
  return rounded === 0 ? 0 : rounded;
}

// ------------------------------------------------------------------------------------ prices

/** The prices that apply to a billing period (a subscription without one is billed monthly). */
export const pricesForPeriod = (prices: StoredPrice[], billingPeriod: string | null | undefined): StoredPrice[] =>
  prices.filter((p) => p.billingPeriod === (billingPeriod ?? 'MONTHLY'));

/** Prices charged in advance each period; usage-based, credit and minimum-spend prices are not (they are charged on usage). */
const IN_ADVANCE = new Set(['FLAT_FEE', 'PER_UNIT']);

export const chargedInAdvance = (price: StoredPrice): boolean => IN_ADVANCE.has(price.billingModel);

/** The quantity a per-unit price is charged for: the subscription's billable quantity, else its minimum, else 1. */
export function unitQuantity(price: StoredPrice, billable: readonly BillableQuantity[]): number {
  const given = price.featureId ? billable.find((b) => b.featureId === price.featureId)?.quantity : undefined;
  return given ?? price.minUnitQuantity ?? 1;
}

/**
 * Tiered price of `quantity` units. GRADUATED: each tier prices the units that fall in it (plus its
 * flat fee when any unit does); VOLUME: the tier the whole quantity falls in prices every unit (plus
 * its flat fee). Tiers are in ascending `upTo`; the last one may be unbounded.
 */
export function tieredCharge(tiers: readonly PriceTier[], mode: string | null | undefined, quantity: number): number {
  if (quantity <= 0 || tiers.length === 0) return 0;
  if (mode === 'VOLUME') {
    const tier = tiers.find((t) => t.upTo === null || t.upTo === undefined || quantity <= t.upTo) ?? tiers[tiers.length - 1]!;
    return quantity * (tier.unitPrice ?? 0) + (tier.flatPrice ?? 0);
  }
  let total = 0;
  let below = 0;
  for (const tier of tiers) {
    const upTo = tier.upTo ?? Infinity;
    const units = Math.min(quantity, upTo) - below;
    if (units <= 0) break;
    total += units * (tier.unitPrice ?? 0) + (tier.flatPrice ?? 0);
    below = upTo;
    if (quantity <= upTo) break;
  }
  return total;
}

/**
 * One period's charge of a price for a quantity, unrounded: a flat fee is its amount; a per-unit
 * price is tiered when it has tiers, else its unit amount times the units (whole blocks, rounded
 * up, when it has a block size). Prices not charged in advance answer 0.
 */
export function priceCharge(price: StoredPrice, quantity: number): number {
  if (!chargedInAdvance(price)) return 0;
  if (price.billingModel === 'FLAT_FEE') return price.amount;
  if (price.tiers && price.tiers.length > 0) return tieredCharge(price.tiers, price.tiersMode, quantity);
  const units = price.blockSize && price.blockSize > 0 ? Math.ceil(quantity / price.blockSize) : quantity;
  return price.amount * units;
}

// ------------------------------------------------------------------------------------ invoice lines

export type LineType = 'BaseCharge' | 'InAdvanceCommitmentCharge' | 'AddonCharge';

export interface ChargeLine {
  type: LineType;
  description: string;
  /** the plan or add-on the price belongs to, and the price's index among its prices */
  packageId: string;
  priceIndex: number;
  featureId: string | null;
  quantity: number;
  /** the amount of one unit (for a tiered price: the line amount divided by the quantity) */
  unitPrice: number;
  /** rounded */
  amount: number;
  currency: string;
}

export interface PricedPackage {
  id: string;
  displayName: string;
  prices: StoredPrice[];
}

/** What a subscription is charged for: its plan, billing period, per-unit quantities and add-ons. */
export interface SubscriptionConfig {
  plan: PricedPackage;
  billingPeriod: string | null;
  billableFeatures: readonly BillableQuantity[];
  addons: readonly (PricedPackage & { quantity: number })[];
}

export interface Charges {
  currency: string;
  lines: ChargeLine[];
  /** the plan's lines plus the add-ons' lines */
  subTotal: number;
  addonsTotal: number;
  /** false when nothing at all is priced in the period (a free plan without priced add-ons) */
  priced: boolean;
}

/**
 * One period's in-advance charges of a subscription configuration, one line per price: the plan's
 * flat fees (BaseCharge), its per-unit prices times the billable quantity (InAdvanceCommitmentCharge),
 * each add-on's prices times the add-on's quantity (AddonCharge). The currency is the first price's
 * of the period (the plan's, else an add-on's; USD when nothing is priced); prices of the period in
 * another currency are not charged.
 */
export function subscriptionCharges(config: SubscriptionConfig): Charges {
  const planPrices = pricesForPeriod(config.plan.prices, config.billingPeriod);
  const addonPrices = config.addons.map((a) => ({ addon: a, prices: pricesForPeriod(a.prices, config.billingPeriod) }));
  const currency = planPrices[0]?.currency ?? addonPrices.find((a) => a.prices.length > 0)?.prices[0]?.currency ?? 'USD';
  const lines: ChargeLine[] = [];
  config.plan.prices.forEach((price, priceIndex) => {
    if (!planPrices.includes(price) || price.currency !== currency || !chargedInAdvance(price)) return;
    const perUnit = price.billingModel === 'PER_UNIT';
    const quantity = perUnit ? unitQuantity(price, config.billableFeatures) : 1;
    const amount = roundMoney(priceCharge(price, quantity), currency);
    lines.push({
      type: perUnit ? 'InAdvanceCommitmentCharge' : 'BaseCharge',
      description: perUnit ? `${config.plan.displayName} (${price.featureId})` : config.plan.displayName,
      packageId: config.plan.id,
      priceIndex,
      featureId: price.featureId ?? null,
      quantity,
      unitPrice: perUnit && !price.tiers?.length ? price.amount : quantity > 0 ? roundMoney(amount / quantity, currency) : 0,
      amount,
      currency,
    });
  });
  for (const { addon, prices } of addonPrices) {
    addon.prices.forEach((price, priceIndex) => {
      if (!prices.includes(price) || price.currency !== currency || !chargedInAdvance(price)) return;
      // an add-on's per-unit price is charged per add-on unit: the add-on's quantity is the quantity
      const unit = priceCharge(price, 1);
      lines.push({
        type: 'AddonCharge',
        description: addon.displayName,
        packageId: addon.id,
        priceIndex,
        featureId: price.featureId ?? null,
        quantity: addon.quantity,
        unitPrice: unit,
        amount: roundMoney(unit * addon.quantity, currency),
        currency,
      });
    });
  }
  const sum = (ls: ChargeLine[]) => roundMoney(ls.reduce((s, l) => s + l.amount, 0), currency);
  return {
    currency,
    lines,
    subTotal: sum(lines),
    addonsTotal: sum(lines.filter((l) => l.type === 'AddonCharge')),
    priced: planPrices.length > 0 || addonPrices.some((a) => a.prices.length > 0),
  };
}

// ------------------------------------------------------------------------------------ coupons

export interface CouponFacts {
  id: string;
  name: string;
  type: string;
  /** percent off (PERCENTAGE) or amount off (FIXED) */
  discountValue: number;
  /** the currency of a FIXED coupon's amount (null: USD) */
  currency?: string | null;
  durationInMonths: number | null;
  status: string;
}

/**
 * The coupon that discounts a subscription's invoices: its own (subscription) coupon, else its
 * customer's coupon. Stigg allows one customer coupon; a subscription coupon is the more specific
 * one, so it wins when both are set.
 */
export const effectiveCoupon = <C extends CouponFacts>(subscriptionCoupon: C | null, customerCoupon: C | null): C | null =>
  subscriptionCoupon ?? customerCoupon;

/** The end of a coupon's validity when it applies from `startMs` (null: forever). */
export const couponEnd = (coupon: CouponFacts, startMs: number): number | null =>
  coupon.durationInMonths ? addMonths(startMs, coupon.durationInMonths) : null;

/** Whether a coupon applied from `startMs` discounts an invoice of a period starting at `atMs`. */
export function couponAppliesAt(coupon: CouponFacts, startMs: number, atMs: number): boolean {
  const end = couponEnd(coupon, startMs);
  return end === null || atMs < end;
}

/**
 * The discount of a coupon on an amount, rounded: a percentage of it, or a fixed amount (in the
 * coupon's currency only) never more than the amount. Nothing is discounted from a credit (amount <= 0).
 */
export function discountOf(coupon: CouponFacts | null, amount: number, currency: string): number {
  if (!coupon || amount <= 0) return 0;
  if (coupon.type === 'FIXED') return (coupon.currency ?? 'USD') === currency ? roundMoney(Math.min(coupon.discountValue, amount), currency) : 0;
  return roundMoney((amount * Math.min(coupon.discountValue, 100)) / 100, currency);
}

/** Stigg's discount description of a coupon: type, value, FOREVER or REPEATING for a number of months. */
export function discountDetails(coupon: CouponFacts, currency: string, startMs: number) {
  const end = couponEnd(coupon, startMs);
  return {
    name: coupon.name,
    type: coupon.type === 'FIXED' ? 'FIXED' : 'PERCENTAGE',
    value: coupon.discountValue,
    currency: coupon.type === 'FIXED' ? (coupon.currency ?? 'USD') : currency,
    durationType: coupon.durationInMonths ? 'REPEATING' : 'FOREVER',
    durationInMonths: coupon.durationInMonths,
    start: startMs,
    end,
  };
}

export interface InvoiceTotals {
  currency: string;
  subTotal: number;
  discount: number;
  tax: number;
  total: number;
}

/** An invoice's totals: subtotal, the coupon's discount, tax 0 (the emulator computes no tax), total. */
export function invoiceTotals(subTotal: number, currency: string, coupon: CouponFacts | null): InvoiceTotals {
  const discount = discountOf(coupon, subTotal, currency);
  return { currency, subTotal, discount, tax: 0, total: roundMoney(subTotal - discount, currency) };
}

// ------------------------------------------------------------------------------------ proration

const DAY_MS = 86_400_000;

/**
 * The day-based share of a period left at `atMs`: whole days remaining (the day of the change
 * counts: a partial day rounds up) over the period's days (rounded to whole days). 1 at the start
 * of the period, 1/28 on the last day of a 28-day period, 0 at or after its end.
 */
export function remainingShare(periodStartMs: number, periodEndMs: number, atMs: number): { remainingDays: number; totalDays: number; share: number } {
  const totalDays = Math.max(1, Math.round((periodEndMs - periodStartMs) / DAY_MS));
  const remainingDays = Math.min(totalDays, Math.max(0, Math.ceil((periodEndMs - Math.max(atMs, periodStartMs)) / DAY_MS)));
  return { remainingDays, totalDays, share: remainingDays / totalDays };
}

export interface Proration {
  /** the unused part of what was paid, negative (or 0) */
  credit: number;
  /** the new charge for the rest of the period */
  debit: number;
  netAmount: number;
  currency: string;
  remainingDays: number;
  totalDays: number;
}

/**
 * Proration of a change at `atMs` within the period [start, end): a credit for the unused share of
 * the old period charge and a debit for the same share of the new one, both rounded (the rounding
 * rule), net = debit + credit.
 */
export function prorate(input: { oldAmount: number; newAmount: number; periodStartMs: number; periodEndMs: number; atMs: number; currency: string }): Proration {
  const { remainingDays, totalDays, share } = remainingShare(input.periodStartMs, input.periodEndMs, input.atMs);
  const credit = -roundMoney(input.oldAmount * share, input.currency) || 0;
  const debit = roundMoney(input.newAmount * share, input.currency);
  return { credit, debit, netAmount: roundMoney(debit + credit, input.currency), currency: input.currency, remainingDays, totalDays };
}

// ------------------------------------------------------------------------------------ spend budgets

/** A subscription's spend budget (RULES 2.8.7): hard (denies at the limit) unless hasSoftLimit. */
export interface Budget {
  limit: number;
  hasSoftLimit: boolean;
}

/** One usage-based price of a subscription with the usage of its feature in the current usage period. */
export interface MeteredPrice {
  price: StoredPrice;
  usage: number;
}

/**
 * The charge of a usage-based price for `usage` units, unrounded: tiered when it has tiers, else
 * its unit amount times the units (whole blocks, rounded up, when it has a block size).
 */
export function usageCharge(price: StoredPrice, usage: number): number {
  if (usage <= 0) return 0;
  if (price.tiers && price.tiers.length > 0) return tieredCharge(price.tiers, price.tiersMode, usage);
  const units = price.blockSize && price.blockSize > 0 ? Math.ceil(usage / price.blockSize) : usage;
  return price.amount * units;
}

/**
 * A subscription's spend (the budget's measure): the sum of its usage-based charges, each rounded
 * by the rounding rule. Only USAGE_BASED prices count, in the currency given (the subscription's).
 */
export function usageSpend(prices: readonly MeteredPrice[], currency: string): number {
  const total = prices
    .filter((p) => p.price.billingModel === 'USAGE_BASED' && p.price.currency === currency)
    .reduce((sum, p) => sum + roundMoney(usageCharge(p.price, p.usage), currency), 0);
  return roundMoney(total, currency);
}

/** The features a subscription's usage-based prices charge for (the features a hard budget can stop). */
export const usageBasedFeatureIds = (prices: readonly StoredPrice[]): string[] =>
  [...new Set(prices.filter((p) => p.billingModel === 'USAGE_BASED' && p.featureId).map((p) => p.featureId!))];

/** A budget is exceeded once the spend reaches its limit (spend >= limit). */
export const budgetExceeded = (budget: Budget | null, spend: number): boolean => budget !== null && spend >= budget.limit;

/** A budget denies usage-based features when it is exceeded and hard (E70); a soft budget never denies. */
export const budgetDenies = (budget: Budget | null, spend: number): boolean => budgetExceeded(budget, spend) && !budget!.hasSoftLimit;

/** The spend reached the limit: a change of usage took it from below the limit to the limit or above (budgetExceeded turns true). */
export const budgetCrossed = (budget: Budget | null, before: number, after: number): boolean =>
  budget !== null && before < budget.limit && after >= budget.limit;

/**
 * The budget in force: the subscription's own, else, while it is in trial, its plan's trial budget
 * (DefaultTrialConfig.budget).
 */
export const effectiveBudget = (own: Budget | null, status: string, trialBudget: Budget | null | undefined): Budget | null =>
  own ?? (status === 'IN_TRIAL' ? (trialBudget ?? null) : null);
