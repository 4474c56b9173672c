import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  discountOf,
  effectiveCoupon,
  couponAppliesAt,
  invoiceTotals,
  prorate,
  remainingShare,
  roundMoney,
  subscriptionCharges,
  tieredCharge,
  type CouponFacts,
  type StoredPrice,
  type SubscriptionConfig,
} from '../../src/catalog/pricing-rules.js';

const flat = (amount: number, billingPeriod = 'MONTHLY', currency = 'USD'): StoredPrice => ({ billingModel: 'FLAT_FEE', billingPeriod, amount, currency });
const perUnit = (amount: number, featureId: string, extra: Partial<StoredPrice> = {}): StoredPrice => ({
  billingModel: 'PER_UNIT',
  billingPeriod: 'MONTHLY',
  amount,
  currency: 'USD',
  featureId,
  ...extra,
});
const config = (planPrices: StoredPrice[], extra: Partial<SubscriptionConfig> = {}): SubscriptionConfig => ({
  plan: { id: 'plan', displayName: 'Plan', prices: planPrices },
  billingPeriod: 'MONTHLY',
  billableFeatures: [],
  addons: [],
  ...extra,
});
const coupon = (type: 'PERCENTAGE' | 'FIXED', discountValue: number, durationInMonths: number | null = null, currency?: string): CouponFacts => ({
  id: 'c',
  name: 'C',
  type,
  discountValue,
  durationInMonths,
  status: 'ACTIVE',
  currency,
});

describe('the rounding rule', () => {
  it.each([
    [1.005, 'USD', 1.01],
    [1.004, 'USD', 1],
    [-1.005, 'USD', -1.01],
    [2.675, 'USD', 2.68],
    [10 / 3, 'USD', 3.33],
    [99.5, 'JPY', 100],
    [1.0005, 'KWD', 1.001],
    [-0.001, 'USD', 0],
  ])('%s %s -> %s (minor unit, half away from zero)', (amount, currency, expected) => {
    expect(roundMoney(amount, currency)).toBe(expected);
    expect(Object.is(roundMoney(amount, currency), -0)).toBe(false);
  });
});

describe('period charges', () => {
  it.each<[string, SubscriptionConfig, number, number]>([
    ['flat fee', config([flat(20)]), 20, 0],
    ['flat fee of the billing period only', config([flat(20), flat(200, 'ANNUALLY')], { billingPeriod: 'ANNUALLY' }), 200, 0],
    ['per unit x bought quantity', config([perUnit(1, 'templates')], { billableFeatures: [{ featureId: 'templates', quantity: 7 }] }), 7, 0],
    ['per unit without a quantity: the minimum', config([perUnit(3, 'seats', { minUnitQuantity: 4 })]), 12, 0],
    ['per unit in blocks (rounded up)', config([perUnit(10, 'calls', { blockSize: 1000 })], { billableFeatures: [{ featureId: 'calls', quantity: 1500 }] }), 20, 0],
    ['flat fee plus per unit', config([flat(20), perUnit(2.5, 'seats')], { billableFeatures: [{ featureId: 'seats', quantity: 3 }] }), 27.5, 0],
    [
      'add-ons x their quantity',
      config([perUnit(1, 'templates')], {
        billableFeatures: [{ featureId: 'templates', quantity: 5 }],
        addons: [{ id: 'addon-10-campaigns', displayName: '10 campaigns', prices: [flat(5)], quantity: 2 }],
      }),
      15,
      10,
    ],
    ['usage-based prices are not charged in advance', config([flat(20), { billingModel: 'USAGE_BASED', billingPeriod: 'MONTHLY', amount: 0.1, currency: 'USD', featureId: 'x' }]), 20, 0],
    ['a price in another currency of the period is not charged', config([flat(20), flat(18, 'MONTHLY', 'EUR')]), 20, 0],
    ['free plan', config([]), 0, 0],
  ])('%s', (_name, cfg, subTotal, addonsTotal) => {
    const charges = subscriptionCharges(cfg);
    expect(charges.subTotal).toBe(subTotal);
    expect(charges.addonsTotal).toBe(addonsTotal);
    expect(charges.lines.reduce((s, l) => s + l.amount, 0)).toBeCloseTo(subTotal, 9);
  });

  it('answers one line per charged price, typed as Stigg types invoice lines', () => {
    const charges = subscriptionCharges(
      config([flat(20), perUnit(2, 'seats')], {
        billableFeatures: [{ featureId: 'seats', quantity: 3 }],
        addons: [{ id: 'a', displayName: 'A', prices: [flat(5)], quantity: 2 }],
      }),
    );
    expect(charges.lines.map((l) => [l.type, l.quantity, l.unitPrice, l.amount])).toEqual([
      ['BaseCharge', 1, 20, 20],
      ['InAdvanceCommitmentCharge', 3, 2, 6],
      ['AddonCharge', 2, 5, 10],
    ]);
    expect(subscriptionCharges(config([])).priced).toBe(false);
  });

  it('tiers: graduated and volume, with flat fees per tier (the pay-as-you-go page examples)', () => {
    const tiers = [
      { upTo: 5, unitPrice: 20 },
      { upTo: 10, unitPrice: 15 },
      { unitPrice: 10 },
    ];
    expect(tieredCharge(tiers, 'GRADUATED', 20)).toBe(275);
    const withFlat = [
      { upTo: 5, unitPrice: 20, flatPrice: 10 },
      { upTo: 10, unitPrice: 15, flatPrice: 8 },
      { unitPrice: 10, flatPrice: 5 },
    ];
    expect(tieredCharge(withFlat, 'GRADUATED', 20)).toBe(298);
    expect(tieredCharge(tiers, 'VOLUME', 20)).toBe(200);
    expect(tieredCharge(tiers, 'VOLUME', 4)).toBe(80);
    expect(tieredCharge(tiers, 'GRADUATED', 0)).toBe(0);
    const price = perUnit(0, 'seats', { tiers, tiersMode: 'GRADUATED' });
    expect(subscriptionCharges(config([price], { billableFeatures: [{ featureId: 'seats', quantity: 7 }] })).subTotal).toBe(130);
  });
});

describe('coupons', () => {
  it.each<[string, CouponFacts | null, number, string, number]>([
    ['percentage', coupon('PERCENTAGE', 20), 30, 'USD', 6],
    ['percentage, rounded', coupon('PERCENTAGE', 10), 9.99, 'USD', 1],
    ['fixed', coupon('FIXED', 10), 30, 'USD', 10],
    ['fixed, never more than the amount', coupon('FIXED', 10), 7, 'USD', 7],
    ['fixed in another currency: nothing', coupon('FIXED', 10, null, 'EUR'), 30, 'USD', 0],
    ['fixed in its currency', coupon('FIXED', 10, null, 'EUR'), 30, 'EUR', 10],
    ['nothing off a credit', coupon('PERCENTAGE', 50), -10, 'USD', 0],
    ['no coupon', null, 30, 'USD', 0],
  ])('%s', (_name, c, amount, currency, expected) => {
    expect(discountOf(c, amount, currency)).toBe(expected);
  });

  it('totals: subtotal - discount, tax 0', () => {
    expect(invoiceTotals(30, 'USD', coupon('PERCENTAGE', 20))).toEqual({ currency: 'USD', subTotal: 30, discount: 6, tax: 0, total: 24 });
  });

  it('duration in months counts from the start; forever without one', () => {
    const start = Date.parse('2025-01-31T00:00:00Z');
    const threeMonths = coupon('PERCENTAGE', 10, 3);
    expect(couponAppliesAt(threeMonths, start, Date.parse('2025-04-29T23:59:59Z'))).toBe(true);
    expect(couponAppliesAt(threeMonths, start, Date.parse('2025-04-30T00:00:00Z'))).toBe(false);
    expect(couponAppliesAt(coupon('PERCENTAGE', 10), start, Date.parse('2099-01-01T00:00:00Z'))).toBe(true);
  });

  it('a subscription coupon wins over the customer coupon', () => {
    const sub = { ...coupon('FIXED', 5), id: 'sub' };
    const customer = { ...coupon('PERCENTAGE', 10), id: 'customer' };
    expect(effectiveCoupon(sub, customer)?.id).toBe('sub');
    expect(effectiveCoupon(null, customer)?.id).toBe('customer');
  });
});

describe('proration (day-based)', () => {
  // periods of a monthly subscription started on the 1st: Feb 2025 (28 days), Apr 2025 (30), Jan 2025 (31)
  const months = [
    ['28-day', '2025-02-01', '2025-03-01', 28],
    ['30-day', '2025-04-01', '2025-05-01', 30],
    ['31-day', '2025-01-01', '2025-02-01', 31],
  ] as const;
  const days = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const cases = months.flatMap(([name, start, end, length]) => [
    // the change on the 1st: the whole period is left
    [name, start, end, `${start.slice(0, 8)}01`, length, length],
    // on the 15th: days 15..end
    [name, start, end, `${start.slice(0, 8)}15`, length - 14, length],
    // on the last day: one day left
    [name, start, end, `${start.slice(0, 8)}${String(length).padStart(2, '0')}`, 1, length],
  ]) as [string, string, string, string, number, number][];

  it.each(cases)('%s month [%s, %s), change on %s: %s of %s days left', (_name, start, end, at, remaining, total) => {
    const share = remainingShare(days(start), days(end), days(at));
    expect(share).toMatchObject({ remainingDays: remaining, totalDays: total });
    // an upgrade from $10 to $17 (the SDK page's estimate-update example) on that day
    const p = prorate({ oldAmount: 10, newAmount: 17, periodStartMs: days(start), periodEndMs: days(end), atMs: days(at), currency: 'USD' });
    expect(p.credit).toBe(-roundMoney((10 * remaining) / total, 'USD'));
    expect(p.debit).toBe(roundMoney((17 * remaining) / total, 'USD'));
    expect(p.netAmount).toBe(roundMoney(p.debit + p.credit, 'USD'));
  });

  it('a partial day counts as a remaining day; at or after the end nothing is left', () => {
    const start = days('2025-01-01');
    const end = days('2025-02-01');
    expect(remainingShare(start, end, start + 5_000).remainingDays).toBe(31);
    expect(remainingShare(start, end, end).remainingDays).toBe(0);
    expect(prorate({ oldAmount: 10, newAmount: 17, periodStartMs: start, periodEndMs: end, atMs: start + 65_000, currency: 'USD' })).toMatchObject({
      credit: -10,
      debit: 17,
      netAmount: 7,
    });
  });

  it('credit and debit never exceed the period charges (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 40 * 86_400_000 }), (oldCents, newCents, offset) => {
        const start = days('2025-01-01');
        const end = days('2025-02-01');
        const p = prorate({ oldAmount: oldCents / 100, newAmount: newCents / 100, periodStartMs: start, periodEndMs: end, atMs: start + offset, currency: 'USD' });
        return -p.credit <= oldCents / 100 && p.debit <= newCents / 100 && p.credit <= 0 && p.debit >= 0;
      }),
    );
  });
});
