/** Spend budgets as pure rules (RULES 2.8.7, E70): the spend, when a budget is exceeded, denies, crosses; the budget input; the decision. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainDecision } from '../../src/entitlements/decision-rules.js';
import { budgetCrossed, budgetDenies, budgetExceeded, effectiveBudget, usageBasedFeatureIds, usageCharge, usageSpend, type StoredPrice } from '../../src/catalog/pricing-rules.js';
import { parseBudget } from '../../src/subscriptions/budget-rules.js';

const usageBased = (featureId: string, amount: number, more: Partial<StoredPrice> = {}): StoredPrice => ({
  billingModel: 'USAGE_BASED',
  billingPeriod: 'MONTHLY',
  amount,
  currency: 'USD',
  featureId,
  ...more,
});

describe('spend', () => {
  it('is the sum of the usage-based charges: unit amount × usage, blocks rounded up, tiers', () => {
    expect(usageCharge(usageBased('f', 2), 3)).toBe(6);
    expect(usageCharge(usageBased('f', 5, { blockSize: 100 }), 250)).toBe(15);
    expect(usageCharge(usageBased('f', 0, { tiersMode: 'GRADUATED', tiers: [{ upTo: 10, unitPrice: 1 }, { unitPrice: 0.5 }] }), 14)).toBe(12);
    expect(usageCharge(usageBased('f', 2), 0)).toBe(0);
    const spend = usageSpend(
      [
        { price: usageBased('api', 2), usage: 3 },
        { price: usageBased('tokens', 0.01), usage: 333 },
        // not usage-based, or another currency: not spend
        { price: { billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 10, currency: 'USD' }, usage: 1 },
        { price: usageBased('eur', 1, { currency: 'EUR' }), usage: 50 },
      ],
      'USD',
    );
    expect(spend).toBe(9.33);
  });

  it('charges for the features of the usage-based prices only, each once', () => {
    expect(usageBasedFeatureIds([usageBased('a', 1), usageBased('a', 2, { billingPeriod: 'ANNUALLY' }), usageBased('b', 1), { billingModel: 'PER_UNIT', billingPeriod: 'MONTHLY', amount: 1, currency: 'USD', featureId: 'c' }])).toEqual(['a', 'b']);
  });

  it('never decreases when usage grows (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (amount, a, b) => {
        const price = usageBased('f', amount);
        expect(usageSpend([{ price, usage: Math.max(a, b) }], 'USD')).toBeGreaterThanOrEqual(usageSpend([{ price, usage: Math.min(a, b) }], 'USD'));
      }),
    );
  });
});

describe('budget states', () => {
  const hard = { limit: 100, hasSoftLimit: false };
  const soft = { limit: 100, hasSoftLimit: true };

  it('E70: exceeded at spend >= limit; a hard budget denies, a soft one never does', () => {
    expect(budgetExceeded(hard, 99.99)).toBe(false);
    expect(budgetExceeded(hard, 100)).toBe(true);
    expect(budgetDenies(hard, 100)).toBe(true);
    expect(budgetExceeded(soft, 150)).toBe(true);
    expect(budgetDenies(soft, 150)).toBe(false);
    expect(budgetExceeded(null, 1e9)).toBe(false);
    expect(budgetDenies(null, 1e9)).toBe(false);
  });

  it('crosses once: from below the limit to the limit or above', () => {
    expect(budgetCrossed(hard, 90, 100)).toBe(true);
    expect(budgetCrossed(hard, 90, 120)).toBe(true);
    expect(budgetCrossed(hard, 100, 120)).toBe(false);
    expect(budgetCrossed(hard, 50, 99)).toBe(false);
    expect(budgetCrossed(null, 0, 1000)).toBe(false);
  });

  it("the budget in force: the subscription's own, else the trial budget while in trial", () => {
    expect(effectiveBudget(hard, 'IN_TRIAL', soft)).toBe(hard);
    expect(effectiveBudget(null, 'IN_TRIAL', soft)).toBe(soft);
    expect(effectiveBudget(null, 'ACTIVE', soft)).toBeNull();
    expect(effectiveBudget(null, 'IN_TRIAL', null)).toBeNull();
  });
});

describe('the budget input', () => {
  it('limit >= 0, finite; hasSoftLimit defaults to false', () => {
    expect(parseBudget({ limit: 10 })).toEqual({ limit: 10, hasSoftLimit: false });
    expect(parseBudget({ limit: 0, hasSoftLimit: true })).toEqual({ limit: 0, hasSoftLimit: true });
    expect(parseBudget(null)).toBeNull();
    for (const limit of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e300]) {
      expect(() => parseBudget({ limit })).toThrow(expect.objectContaining({ code: 'BadUserInput' }));
    }
  });
});

describe('the decision', () => {
  const base = {
    customer: { archived: false },
    feature: { featureType: 'NUMBER', meterType: 'Incremental' },
    resourceMissing: false,
    hasLiveSubscription: true,
    entitlement: { usageLimit: null, hasUnlimitedUsage: true, hasSoftLimit: false, enumValues: null },
    currentUsage: 5,
  };

  it('E70: a reached hard budget denies with BudgetExceeded, even an unlimited feature; without it the feature is granted', () => {
    expect(explainDecision(base).decision).toEqual({ isGranted: true, accessDeniedReason: null });
    const denied = explainDecision({ ...base, budgetExceeded: { subscriptionId: 's-1', spend: 100, limit: 100 } });
    expect(denied.decision).toEqual({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    expect(denied.step).toContain('subscription s-1');
  });

  it('earlier reasons win: unknown feature, no entitlement', () => {
    const budget = { subscriptionId: 's-1', spend: 100, limit: 100 };
    expect(explainDecision({ ...base, feature: null, budgetExceeded: budget }).decision.accessDeniedReason).toBe('FeatureNotFound');
    expect(explainDecision({ ...base, entitlement: null, budgetExceeded: budget }).decision.accessDeniedReason).toBe('NoFeatureEntitlementInSubscription');
  });
});
