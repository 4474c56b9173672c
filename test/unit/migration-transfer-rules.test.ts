/** The pure rules of plan versions, migration (E53-E54) and transfers (RULES 2.2.5, 2.8.11). */
import { describe, expect, it } from 'vitest';
import { foldVersions, isOnLatest, planAtVersion } from '../../src/catalog/plan-versions.js';
import { EmulatorError } from '../../src/errors.js';
import { decideMigration, latestVersionPatch } from '../../src/subscriptions/migration-rules.js';
import { checkLanding, decideDelegation, decideResourceTransfer, type MovingFacts } from '../../src/subscriptions/transfer-rules.js';
import { loadFixtureText } from '../../src/fixtures/load.js';
import { billableFeaturesOfCharges, journeyDefersUpdate, refuseUnmodelled, UNMODELLED_PROVISION_FIELDS } from '../../src/subscriptions/update-rules.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof EmulatorError) return error.code;
    throw error;
  }
};

const v1 = { prices: [{ billingPeriod: 'MONTHLY', amount: 10 }], entitlements: [{ featureId: 'f', usageLimit: 1 }] };
const folded = foldVersions(v1, [{ version: 2, entitlements: [{ featureId: 'f', usageLimit: 2 }] }, { version: 3, prices: [{ billingPeriod: 'MONTHLY', amount: 30 }] }]);
const plan = { id: 'p', pricingType: 'PAID', ...folded };

describe('plan versions', () => {
  it('fixtures fold into the latest version and the earlier ones; a version without prices or entitlements keeps the previous ones', () => {
    expect(folded.versionNumber).toBe(3);
    expect(folded.prices).toEqual([{ billingPeriod: 'MONTHLY', amount: 30 }]);
    expect(folded.entitlements).toEqual([{ featureId: 'f', usageLimit: 2 }]);
    expect(folded.earlierVersions.map((v) => v.versionNumber)).toEqual([1, 2]);
    expect(folded.earlierVersions[1]!.prices).toEqual(v1.prices);
    expect(foldVersions(v1, [])).toEqual({ versionNumber: 1, ...v1, earlierVersions: [] });
  });

  it('the plan as of a version: earlier ones are not the latest; a version the plan no longer has reads as the latest', () => {
    expect(planAtVersion(plan, 1)).toMatchObject({ versionNumber: 1, isLatest: false, prices: v1.prices, entitlements: v1.entitlements });
    expect(planAtVersion(plan, 3)).toMatchObject({ versionNumber: 3, isLatest: true });
    expect(planAtVersion(plan, 9)).toMatchObject({ versionNumber: 3, isLatest: true });
    expect([1, 2, 3, 9].map((v) => isOnLatest(plan, v))).toEqual([false, false, true, true]);
  });

  it('fixture versions are numbered 2, 3, ... in order, and a subscription names a version the plan has', () => {
    const known = { features: new Set(['f']), products: new Set(['prod']), plans: new Set<string>(), addons: new Set<string>(), coupons: new Set<string>(), customers: new Set<string>(), entityTypes: new Set<string>(), capabilities: new Set<string>(), governanceEntities: new Set<string>(), customCurrencies: new Set<string>(), featureGroups: new Set<string>() };
    const doc = (versions: string, planVersion = 1) =>
      `plans: [ { id: p, productId: prod, versions: [ ${versions} ] } ]\ncustomers: [ { id: c, subscriptions: [ { planId: p, planVersion: ${planVersion} } ] } ]\n`;
    expect(() => loadFixtureText('t.yaml', doc('{ version: 2 }, { version: 3 }'), known)).not.toThrow();
    expect(() => loadFixtureText('t.yaml', doc('{ version: 3 }'), known)).toThrow(/numbered 2, 3/);
    expect(() => loadFixtureText('t.yaml', doc('{ version: 2 }', 3), known)).toThrow(/has no version 3/);
  });
});

describe('migration', () => {
  const facts = { status: 'ACTIVE', planVersion: 1, migrationScheduled: false, periodEndMs: 1000 };
  it('E53: IMMEDIATE (the default) migrates now; END_OF_BILLING_PERIOD schedules at the period end', () => {
    expect(decideMigration(facts, plan, undefined)).toEqual({ kind: 'now' });
    expect(decideMigration(facts, plan, 'IMMEDIATE')).toEqual({ kind: 'now' });
    expect(decideMigration(facts, plan, 'END_OF_BILLING_PERIOD')).toEqual({ kind: 'schedule', atMs: 1000 });
    expect(decideMigration({ ...facts, migrationScheduled: true }, plan, 'IMMEDIATE')).toEqual({ kind: 'now' });
  });

  it('E54 and the other refusals', () => {
    expect(codeOf(() => decideMigration({ ...facts, planVersion: 3 }, plan, 'IMMEDIATE'))).toBe('SubscriptionAlreadyOnLatestPlanError');
    expect(codeOf(() => decideMigration({ ...facts, migrationScheduled: true }, plan, 'END_OF_BILLING_PERIOD'))).toBe('ScheduledMigrationAlreadyExistsError');
    expect(codeOf(() => decideMigration({ ...facts, status: 'IN_TRIAL' }, plan, 'END_OF_BILLING_PERIOD'))).toBe('SchedulingAtEndOfBillingPeriod');
    expect(codeOf(() => decideMigration({ ...facts, status: 'CANCELED' }, plan, 'IMMEDIATE'))).toBe('InvalidSubscriptionStatus');
  });

  it('the patch: the latest version, per-unit quantities within its limits, its billing period priced', () => {
    const team = { id: 't', pricingType: 'PAID', ...foldVersions(v1, [{ version: 2, prices: [{ billingPeriod: 'MONTHLY', amount: 5 }, { billingModel: 'PER_UNIT', billingPeriod: 'MONTHLY', amount: 1, featureId: 'seats', maxUnitQuantity: 5 }] }]) };
    expect(latestVersionPatch({ billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'seats', quantity: 4 }] }, team)).toEqual({ planVersion: 2, billableFeatures: [{ featureId: 'seats', quantity: 4 }] });
    expect(latestVersionPatch({ billingPeriod: 'MONTHLY', billableFeatures: [] }, team)).toEqual({ planVersion: 2, billableFeatures: [{ featureId: 'seats', quantity: 1 }] });
    expect(codeOf(() => latestVersionPatch({ billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'seats', quantity: 6 }] }, team))).toBe('InvalidQuantity');
    expect(codeOf(() => latestVersionPatch({ billingPeriod: 'ANNUALLY', billableFeatures: [] }, team))).toBe('BadUserInput');
  });
});

describe('transfers', () => {
  const sub: MovingFacts = { id: 's', status: 'ACTIVE', productId: 'prod', customerId: 'a', resourceId: 'r1', payingCustomerId: null };
  it('2.2.5: a resource transfer needs a source holding a live subscription and a different destination', () => {
    expect(decideResourceTransfer({ sourceResourceId: 'r1', destinationResourceId: 'r2', liveOnSource: [sub] })).toEqual([sub]);
    expect(codeOf(() => decideResourceTransfer({ sourceResourceId: 'r1', destinationResourceId: 'r2', liveOnSource: [] }))).toBe('CustomerResourceNotFound');
    expect(codeOf(() => decideResourceTransfer({ sourceResourceId: 'r1', destinationResourceId: 'r1', liveOnSource: [sub] }))).toBe('BadUserInput');
  });

  it('landing: a multiple-subscriptions product needs a resource; a free subscription there is replaced, a paid one refuses; ended ones stay', () => {
    expect(checkLanding(sub, 'r2', { multipleSubscriptions: true, occupiedBy: [] })).toEqual([]);
    expect(checkLanding(sub, null, { multipleSubscriptions: false, occupiedBy: [] })).toEqual([]);
    expect(checkLanding(sub, 'r2', { multipleSubscriptions: true, occupiedBy: [{ id: 'free', free: true }] })).toEqual(['free']);
    expect(codeOf(() => checkLanding(sub, null, { multipleSubscriptions: true, occupiedBy: [] }))).toBe('BadUserInput');
    expect(codeOf(() => checkLanding(sub, 'r2', { multipleSubscriptions: true, occupiedBy: [{ id: 'x', free: false }] }))).toBe('TooManySubscriptionsPerCustomer');
    expect(codeOf(() => checkLanding({ ...sub, status: 'EXPIRED' }, 'r2', { multipleSubscriptions: true, occupiedBy: [] }))).toBe('InvalidSubscriptionStatus');
  });

  it('2.8.11: delegation moves the subscription, the payer stays; back to the payer there is no separate payer', () => {
    const free = { multipleSubscriptions: false, occupiedBy: [] };
    expect(decideDelegation(sub, 'b', free)).toEqual({ patch: { customerId: 'b', payingCustomerId: 'a' }, replaced: [] });
    expect(decideDelegation({ ...sub, customerId: 'b', payingCustomerId: 'a' }, 'c', free).patch).toEqual({ customerId: 'c', payingCustomerId: 'a' });
    expect(decideDelegation({ ...sub, customerId: 'b', payingCustomerId: 'a' }, 'a', free).patch).toEqual({ customerId: 'a', payingCustomerId: null });
    expect(decideDelegation(sub, 'b', { multipleSubscriptions: false, occupiedBy: [{ id: 'f', free: true }] }).replaced).toEqual(['f']);
    expect(codeOf(() => decideDelegation(sub, 'a', free))).toBe('BadUserInput');
    expect(codeOf(() => decideDelegation(sub, 'b', { multipleSubscriptions: false, occupiedBy: [{ id: 'x', free: false }] }))).toBe('TooManySubscriptionsPerCustomer');
    expect(codeOf(() => decideDelegation({ ...sub, status: 'CANCELED' }, 'b', free))).toBe('InvalidSubscriptionStatus');
  });
});

describe('updates the journey defers (RULES 2.6.4)', () => {
  const current = { addons: [{ addonId: 'a', quantity: 2 }], billableFeatures: [{ featureId: 'f', quantity: 10 }] };
  const base = { downgradeAtEndOfBillingPeriod: true, scheduleStrategy: null, status: 'ACTIVE', paid: true, current };
  it('only lower quantities of an ACTIVE paid subscription, with the journey on and no scheduleStrategy', () => {
    expect(journeyDefersUpdate({ ...base, patch: { billableFeatures: [{ featureId: 'f', quantity: 4 }] } })).toBe(true);
    expect(journeyDefersUpdate({ ...base, patch: { addons: [] } })).toBe(true);
    expect(journeyDefersUpdate({ ...base, patch: { addons: [{ addonId: 'a', quantity: 3 }] } })).toBe(false);
    expect(journeyDefersUpdate({ ...base, patch: { addons: [{ addonId: 'a', quantity: 1 }], billableFeatures: [{ featureId: 'f', quantity: 11 }] } })).toBe(false);
    expect(journeyDefersUpdate({ ...base, patch: { billableFeatures: [{ featureId: 'f', quantity: 10 }] } })).toBe(false);
    expect(journeyDefersUpdate({ ...base, patch: {} })).toBe(false);
    const lower = { billableFeatures: [{ featureId: 'f', quantity: 4 }] };
    expect(journeyDefersUpdate({ ...base, downgradeAtEndOfBillingPeriod: false, patch: lower })).toBe(false);
    expect(journeyDefersUpdate({ ...base, scheduleStrategy: 'IMMEDIATE', patch: lower })).toBe(false);
    expect(journeyDefersUpdate({ ...base, status: 'IN_TRIAL', patch: lower })).toBe(false);
    expect(journeyDefersUpdate({ ...base, paid: false, patch: lower })).toBe(false);
    expect(journeyDefersUpdate({ ...base, patch: { ...lower, billingPeriod: 'ANNUALLY' } })).toBe(false);
  });
});

describe('update inputs the emulator does not model', () => {
  it('are refused with UnsupportedParameter when given; empty or null ones pass', () => {
    expect(codeOf(() => refuseUnmodelled({ minimumSpend: { minimum: { amount: 10 } } }))).toBe('UnsupportedParameter');
    // budgets are modelled (RULES 2.8.7): not refused
    expect(codeOf(() => refuseUnmodelled({ budget: { limit: 10 } }))).toBeUndefined();
    expect(codeOf(() => refuseUnmodelled({ priceOverrides: [{ featureId: 'f' }] }))).toBe('UnsupportedParameter');
    expect(codeOf(() => refuseUnmodelled({ cancellationDate: '2025-01-01T00:00:00Z' }))).toBe('UnsupportedParameter');
    expect(codeOf(() => refuseUnmodelled({ budget: null, priceOverrides: [], subscriptionEntitlements: undefined, addons: [] }))).toBeUndefined();
  });
});

describe('provisioning inputs the emulator does not model, and charges', () => {
  it('provisioning refuses price overrides, minimum spend, a cancellation date and an ad-hoc discount', () => {
    const refuse = (input: Record<string, unknown>) => codeOf(() => refuseUnmodelled(input, UNMODELLED_PROVISION_FIELDS, 'provisionSubscription'));
    expect(refuse({ priceOverrides: [{ amount: 1 }] })).toBe('UnsupportedParameter');
    expect(refuse({ minimumSpend: { amount: 10 } })).toBe('UnsupportedParameter');
    expect(refuse({ cancellationDate: '2025-01-01T00:00:00Z' })).toBe('UnsupportedParameter');
    expect(refuse({ appliedCoupon: { discount: { percentOff: 10 } } })).toBe('UnsupportedParameter');
    expect(refuse({ appliedCoupon: { couponId: 'c' }, priceOverrides: [], minimumSpend: null })).toBeUndefined();
  });

  it('FEATURE charges are billable feature quantities; a CREDIT charge is refused; none is null', () => {
    expect(billableFeaturesOfCharges([{ id: 'feature-seats', quantity: 3, type: 'FEATURE' }], 'op')).toEqual([{ featureId: 'feature-seats', quantity: 3 }]);
    expect(codeOf(() => billableFeaturesOfCharges([{ id: 'currency-x', quantity: 3, type: 'CREDIT' }], 'op'))).toBe('UnsupportedParameter');
    expect(billableFeaturesOfCharges([], 'op')).toBeNull();
    expect(billableFeaturesOfCharges(undefined, 'op')).toBeNull();
  });
});
