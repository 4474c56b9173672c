import { describe, expect, it } from 'vitest';
import {
  asPrices,
  currentBillingPeriod,
  effectivePlanEntitlements,
  effectiveTrialEndBehavior,
  inheritedEntitlements,
  planPricePoints,
  resetPeriodConfiguration,
  subscriptionTotal,
  type PlanLike,
} from '../../src/catalog/catalog-rules.js';
import { matchesFilter, paginate, sortRows, toConnection } from '../../src/catalog/connection.js';
import { EmulatorError } from '../../src/errors.js';

const plan = (id: string, basePlanId: string | null, entitlements: { featureId: string; usageLimit?: number }[]): PlanLike => ({ id, basePlanId, entitlements });

describe('plan inheritance', () => {
  const basic = plan('basic', null, [{ featureId: 'templates', usageLimit: 3 }, { featureId: 'campaigns', usageLimit: 6 }, { featureId: 'support' }]);
  const essentials = plan('essentials', 'basic', [{ featureId: 'custom-domain' }, { featureId: 'templates', usageLimit: 10 }]);
  const growth = plan('growth', 'essentials', [{ featureId: 'campaigns', usageLimit: 50 }]);
  const plans = new Map([basic, essentials, growth].map((p) => [p.id, p]));
  const summary = (list: ReturnType<typeof inheritedEntitlements<PlanLike>>) => list.map((s) => `${s.plan.id}:${s.entitlement.featureId}`);

  it('a plan without a base plan inherits nothing', () => {
    expect(inheritedEntitlements(basic, plans)).toEqual([]);
  });

  it('inherits the whole chain, the nearer plan winning, without the features the plan defines', () => {
    expect(summary(inheritedEntitlements(essentials, plans))).toEqual(['basic:campaigns', 'basic:support']);
    expect(summary(inheritedEntitlements(growth, plans))).toEqual(['essentials:custom-domain', 'essentials:templates', 'basic:support']);
  });

  it('own plus inherited is the full package, each feature once', () => {
    const full = effectivePlanEntitlements(growth, plans).map((s) => [s.entitlement.featureId, s.entitlement.usageLimit ?? null]);
    expect(full).toEqual([
      ['campaigns', 50],
      ['custom-domain', null],
      ['templates', 10],
      ['support', null],
    ]);
  });

  it('stops at a cycle or a missing base plan', () => {
    const a = plan('a', 'b', [{ featureId: 'x' }]);
    const b = plan('b', 'a', [{ featureId: 'y' }]);
    const orphan = plan('orphan', 'missing', [{ featureId: 'z' }]);
    const cyclic = new Map([a, b, orphan].map((p) => [p.id, p]));
    expect(summary(inheritedEntitlements(a, cyclic))).toEqual(['b:y']);
    expect(inheritedEntitlements(orphan, cyclic)).toEqual([]);
  });
});

describe('subscription totals', () => {
  const growthPrices = asPrices([
    { billingModel: 'PER_UNIT', billingPeriod: 'MONTHLY', amount: 1, currency: 'USD', featureId: 'templates' },
    { billingModel: 'PER_UNIT', billingPeriod: 'ANNUALLY', amount: 10, currency: 'USD', featureId: 'templates' },
  ]);
  const addon = asPrices([
    { billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 5, currency: 'USD' },
    { billingModel: 'FLAT_FEE', billingPeriod: 'ANNUALLY', amount: 50, currency: 'USD' },
  ]);

  it('per-unit price times quantity plus add-ons times quantity (the docs: 2 templates, 3 add-ons = 17)', () => {
    const total = subscriptionTotal({
      planPrices: growthPrices,
      billingPeriod: 'MONTHLY',
      billableFeatures: [{ featureId: 'templates', quantity: 2 }],
      addons: [{ prices: addon, quantity: 3 }],
    });
    expect(total).toEqual({ currency: 'USD', subTotal: 17, addonsTotal: 15, priced: true });
  });

  it('uses the prices of the billing period', () => {
    const total = subscriptionTotal({
      planPrices: growthPrices,
      billingPeriod: 'ANNUALLY',
      billableFeatures: [{ featureId: 'templates', quantity: 2 }],
      addons: [{ prices: addon, quantity: 1 }],
    });
    expect(total.subTotal).toBe(70);
  });

  it('a per-unit price without a quantity is charged for its minimum (else 1); blocks round up', () => {
    const prices = asPrices([
      { billingModel: 'PER_UNIT', amount: 3, featureId: 'seats', minUnitQuantity: 4 },
      { billingModel: 'PER_UNIT', amount: 100, featureId: 'calls', blockSize: 1000 },
      { billingModel: 'USAGE_BASED', amount: 9, featureId: 'other' },
    ]);
    const total = subscriptionTotal({ planPrices: prices, billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'calls', quantity: 1500 }], addons: [] });
    expect(total.subTotal).toBe(3 * 4 + 100 * 2);
  });

  it('a free plan without priced add-ons is not priced', () => {
    expect(subscriptionTotal({ planPrices: [], billingPeriod: null, billableFeatures: [], addons: [] })).toMatchObject({ priced: false, subTotal: 0 });
  });
});

describe('paywall price points', () => {
  it('sums flat fees per billing period; per-unit-only plans show the unit price and feature', () => {
    const flat = asPrices([
      { billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 20 },
      { billingModel: 'PER_UNIT', billingPeriod: 'MONTHLY', amount: 2, featureId: 'seats' },
      { billingModel: 'FLAT_FEE', billingPeriod: 'ANNUALLY', amount: 200 },
    ]);
    expect(planPricePoints('p', flat)).toEqual([
      { planId: 'p', billingPeriod: 'MONTHLY', amount: 20, currency: 'USD', featureId: null, additionalChargesMayApply: true },
      { planId: 'p', billingPeriod: 'ANNUALLY', amount: 200, currency: 'USD', featureId: null, additionalChargesMayApply: false },
    ]);
    expect(planPricePoints('q', asPrices([{ billingModel: 'PER_UNIT', amount: 1, featureId: 'templates' }]))).toEqual([
      { planId: 'q', billingPeriod: 'MONTHLY', amount: 1, currency: 'USD', featureId: 'templates', additionalChargesMayApply: false },
    ]);
    expect(planPricePoints('free', [])).toEqual([]);
  });
});

describe('billing periods', () => {
  const at = (s: string) => Date.parse(s);
  const sub = (over: Partial<Parameters<typeof currentBillingPeriod>[0]>) => ({
    status: 'ACTIVE',
    billingPeriod: 'MONTHLY',
    startDate: '2024-01-31T10:00:00.000Z',
    endDate: null,
    trialEndDate: null,
    ...over,
  });

  it('E50: monthly periods from the start date, month ends clamped', () => {
    expect(currentBillingPeriod(sub({}), at('2024-02-15T00:00:00Z'))).toMatchObject({ start: '2024-01-31T10:00:00.000Z', end: '2024-02-29T10:00:00.000Z' });
    expect(currentBillingPeriod(sub({}), at('2024-03-05T00:00:00Z'))).toMatchObject({ start: '2024-02-29T10:00:00.000Z', end: '2024-03-31T10:00:00.000Z' });
  });

  it('E51: annual periods', () => {
    const annual = sub({ billingPeriod: 'ANNUALLY', startDate: '2023-06-10T11:22:33.000Z' });
    expect(currentBillingPeriod(annual, at('2024-10-15T00:00:00Z'))).toMatchObject({ start: '2024-06-10T11:22:33.000Z', end: '2025-06-10T11:22:33.000Z' });
  });

  it('free subscriptions (no billing period) roll monthly; a future start answers the first period', () => {
    const free = sub({ billingPeriod: null, startDate: '2025-01-01T00:00:00.000Z' });
    expect(currentBillingPeriod(free, at('2025-03-20T00:00:00Z'))).toMatchObject({ start: '2025-03-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' });
    expect(currentBillingPeriod(free, at('2024-12-01T00:00:00Z'))).toMatchObject({ start: '2025-01-01T00:00:00.000Z', end: '2025-02-01T00:00:00.000Z' });
  });

  it('in trial the period is the trial; after a trial converted at its end, periods anchor at the trial end', () => {
    const trial = { startDate: '2025-01-01T00:00:00.000Z', trialEndDate: '2025-01-15T00:00:00.000Z' };
    expect(currentBillingPeriod(sub({ ...trial, status: 'IN_TRIAL' }), at('2025-01-05T00:00:00Z'))).toMatchObject({
      start: '2025-01-01T00:00:00.000Z',
      end: '2025-01-15T00:00:00.000Z',
    });
    expect(currentBillingPeriod(sub({ ...trial, status: 'ACTIVE' }), at('2025-02-20T00:00:00Z'))).toMatchObject({
      start: '2025-02-15T00:00:00.000Z',
      end: '2025-03-15T00:00:00.000Z',
      anchor: '2025-01-15T00:00:00.000Z',
    });
  });

  it('an ended subscription keeps its last period', () => {
    const ended = sub({ status: 'CANCELED', startDate: '2025-01-01T00:00:00.000Z', endDate: '2025-02-10T00:00:00.000Z' });
    expect(currentBillingPeriod(ended, at('2025-06-01T00:00:00Z'))).toMatchObject({ start: '2025-02-01T00:00:00.000Z', end: '2025-03-01T00:00:00.000Z' });
  });
});

describe('small rules', () => {
  it('reset period configuration as the union member', () => {
    expect(resetPeriodConfiguration('MONTH', { accordingTo: 'StartOfTheMonth' })).toEqual({ __typename: 'MonthlyResetPeriodConfig', monthlyAccordingTo: 'StartOfTheMonth' });
    expect(resetPeriodConfiguration('MONTH', null)).toEqual({ __typename: 'MonthlyResetPeriodConfig', monthlyAccordingTo: 'SubscriptionStart' });
    expect(resetPeriodConfiguration('WEEK', { accordingTo: 'EveryMonday' })).toEqual({ __typename: 'WeeklyResetPeriodConfig', weeklyAccordingTo: 'EveryMonday' });
    expect(resetPeriodConfiguration('YEAR', null)).toEqual({ __typename: 'YearlyResetPeriodConfig', yearlyAccordingTo: 'SubscriptionStart' });
    expect(resetPeriodConfiguration('DAY', null)).toBeNull();
    expect(resetPeriodConfiguration(null, null)).toBeNull();
  });

  it('trial end behaviour: configured, else convert a paid plan with a payment method, else cancel', () => {
    expect(effectiveTrialEndBehavior({ duration: 14, units: 'DAY', trialEndBehavior: 'CANCEL_SUBSCRIPTION' }, 'PAID', true)).toBe('CANCEL_SUBSCRIPTION');
    expect(effectiveTrialEndBehavior({ duration: 14, units: 'DAY' }, 'PAID', true)).toBe('CONVERT_TO_PAID');
    expect(effectiveTrialEndBehavior({ duration: 14, units: 'DAY' }, 'PAID', false)).toBe('CANCEL_SUBSCRIPTION');
  });
});

describe('connections: filter, sort, paging', () => {
  type Row = { id: string; status: string; n: number | null; createdAt: string };
  const rows: Row[] = [
    { id: 'a', status: 'ACTIVE', n: 1, createdAt: '2025-01-01T00:00:00.000Z' },
    { id: 'b', status: 'ARCHIVED', n: null, createdAt: '2025-01-03T00:00:00.000Z' },
    { id: 'c', status: 'ACTIVE', n: 3, createdAt: '2025-01-02T00:00:00.000Z' },
    { id: 'Delta', status: 'ACTIVE', n: 4, createdAt: '2025-01-02T00:00:00.000Z' },
  ];
  const get = (row: Row, field: string) => (row as unknown as Record<string, unknown>)[field];
  const ids = (list: Row[]) => list.map((r) => r.id);

  it('filters by eq, in, neq, comparisons, like/iLike, is null, and/or', () => {
    const where = (filter: Record<string, unknown>) => ids(rows.filter((r) => matchesFilter(r, filter, get)));
    expect(where({ id: { eq: 'a' } })).toEqual(['a']);
    expect(where({ id: { in: ['a', 'c', 'zz'] } })).toEqual(['a', 'c']);
    expect(where({ status: { neq: 'ACTIVE' } })).toEqual(['b']);
    expect(where({ n: { gte: 3 } })).toEqual(['c', 'Delta']);
    expect(where({ createdAt: { lt: '2025-01-02T00:00:00Z' } })).toEqual(['a']);
    expect(where({ id: { iLike: 'd%' } })).toEqual(['Delta']);
    expect(where({ id: { like: 'd%' } })).toEqual([]);
    expect(where({ n: { is: null } })).toEqual(['b']);
    expect(where({ or: [{ id: { eq: 'a' } }, { id: { eq: 'b' } }] })).toEqual(['a', 'b']);
    expect(where({ and: [{ status: { eq: 'ACTIVE' } }, { n: { gt: 1 } }], id: { notIn: ['c'] } })).toEqual(['Delta']);
    expect(() => where({ id: { regex: 'x' } })).toThrow(EmulatorError);
  });

  it('sorts by several fields, stable for ties', () => {
    expect(ids(sortRows(rows, [{ field: 'createdAt', direction: 'DESC' }], get))).toEqual(['b', 'c', 'Delta', 'a']);
    expect(ids(sortRows(rows, [{ field: 'createdAt', direction: 'ASC' }, { field: 'id', direction: 'DESC' }], get))).toEqual(['a', 'c', 'Delta', 'b']);
  });

  it('pages forwards and backwards with cursors', () => {
    const first = paginate(rows, { first: 2 });
    expect(ids(first.edges.map((e) => e.node))).toEqual(['a', 'b']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.totalCount).toBe(4);
    const second = paginate(rows, { first: 2, after: first.pageInfo.endCursor });
    expect(ids(second.edges.map((e) => e.node))).toEqual(['c', 'Delta']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = paginate(rows, { last: 1, before: second.pageInfo.startCursor });
    expect(ids(back.edges.map((e) => e.node))).toEqual(['b']);
    expect(paginate([], { first: 5 })).toEqual({ edges: [], pageInfo: { startCursor: null, endCursor: null, hasNextPage: false, hasPreviousPage: false }, totalCount: 0 });
    expect(() => paginate(rows, { after: 'not-a-cursor' })).toThrow(EmulatorError);
    expect(() => paginate(rows, { first: -1 })).toThrow(EmulatorError);
  });

  it('applies the default sorting when none is given, and totalCount counts the filtered rows', () => {
    const page = toConnection(rows, { filter: { status: { eq: 'ACTIVE' } }, paging: { first: 1 } }, get, [{ field: 'createdAt', direction: 'DESC' }]);
    expect(ids(page.edges.map((e) => e.node))).toEqual(['c']);
    expect(page.totalCount).toBe(3);
  });
});
