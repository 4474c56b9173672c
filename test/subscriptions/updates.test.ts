/** updateOneSubscription (E22, E37, E42, E52) through GraphQL over HTTP, clock frozen. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'subscriptions.yaml');
const NOW = '2025-01-10T00:00:00.000Z';
const FIELDS = `id status trialEndDate endDate billingPeriod currentBillingPeriodStart currentBillingPeriodEnd additionalMetaData
  addons { quantity addon { refId } } coupon { refId }
  scheduledUpdates { subscriptionScheduleType scheduledExecutionTime scheduleVariables { __typename
    ... on AddonChangeVariables { addonRefId newQuantity } ... on BillingPeriodChangeVariables { billingPeriod }
    ... on UnitAmountChangeVariables { featureId newUnitAmount } ... on DowngradeChangeVariables { downgradePlanRefId } } }`;
const PROVISION = `mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { subscription { id status } } }`;
const UPDATE = `mutation($input: UpdateSubscriptionInput!) { updateOneSubscription(input: $input) { ${FIELDS} } }`;
const GET = `query($input: GetSubscriptionInput!) { getSubscription(input: $input) { ${FIELDS} } }`;
const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { usageLimit isGranted } }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

async function world() {
  const env = newEnvironment('upd');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  await gql(emu, env.serverKey, `mutation { provisionCustomer(input: { customerId: "c1" }) { customer { id } } }`);
  const provision = async (input: Record<string, unknown>) => {
    const res = await gql(emu, env.serverKey, PROVISION, { input: { customerId: 'c1', ...input } });
    expect(res.errors).toBeUndefined();
    return res.data!.provisionSubscriptionV2.subscription.id as string;
  };
  const update = (input: Record<string, unknown>) => gql(emu, env.serverKey, UPDATE, { input });
  const ok = async (input: Record<string, unknown>) => {
    const res = await update(input);
    expect(res.errors).toBeUndefined();
    return res.data!.updateOneSubscription;
  };
  const get = async (id: string) => (await gql(emu, env.serverKey, GET, { input: { subscriptionId: id } })).data!.getSubscription;
  const limit = async (featureId: string) => (await gql(emu, env.serverKey, ENTITLEMENT, { query: { customerId: 'c1', featureId } })).data!.entitlement;
  const clock = async (to: string) => (await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to })).body;
  return { ...env, provision, update, ok, get, limit, clock };
}

describe('updateOneSubscription', () => {
  it('E37: the add-on list replaces the old one, with the add-on checks; entitlements follow at once', async () => {
    const w = await world();
    const id = await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true, addons: [{ addonId: 'addon-seats', quantity: 2 }, { addonId: 'addon-dep' }] });
    expect(await w.limit('feature-seats')).toMatchObject({ usageLimit: 30 });
    const res = await gql(emu, w.serverKey, clientOperation('node', 'UpdateSubscription'), { input: { subscriptionId: id, addons: [{ addonId: 'addon-seats', quantity: 3 }] } });
    expect(res.errors).toBeUndefined();
    expect((await w.get(id)).addons).toEqual([{ quantity: 3, addon: { refId: 'addon-seats' } }]);
    expect(await w.limit('feature-seats')).toMatchObject({ usageLimit: 35 });
    expect(codeOf(await w.update({ subscriptionId: id, addons: [{ addonId: 'addon-seats', quantity: 4 }] }))).toBe('AddonQuantityExceedsLimitError');
    expect(codeOf(await w.update({ subscriptionId: id, addons: [{ addonId: 'addon-needs' }] }))).toBe('AddonDependencyMissingError');
    expect((await w.get(id)).addons).toEqual([{ quantity: 3, addon: { refId: 'addon-seats' } }]);
  });

  it("E42: moving a trial's end extends it and drops a scheduled cancellation of the trial", async () => {
    const w = await world();
    const id = await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    await gql(emu, w.serverKey, `mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { id } }`, {
      input: { subscriptionRefId: id, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' },
    });
    expect((await w.get(id)).endDate).toBe('2025-01-24T00:00:00.000Z');
    const updated = await w.ok({ subscriptionId: id, trialEndDate: '2025-02-15T00:00:00Z' });
    expect(updated).toMatchObject({ status: 'IN_TRIAL', trialEndDate: '2025-02-15T00:00:00.000Z', endDate: null });
    await w.clock('2025-02-01T00:00:00Z');
    expect((await w.get(id)).status).toBe('IN_TRIAL');
    expect(codeOf(await w.update({ subscriptionId: id, trialEndDate: '2025-01-01T00:00:00Z' }))).toBe('BadUserInput');
  });

  it('E22: with END_OF_BILLING_PERIOD a change is scheduled; a later update without it applies at once and drops the schedule', async () => {
    const w = await world();
    const id = await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true, addons: [{ addonId: 'addon-seats', quantity: 1 }] });
    const scheduled = await w.ok({ subscriptionId: id, addons: [{ addonId: 'addon-seats', quantity: 3 }], scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect(scheduled.addons).toEqual([{ quantity: 1, addon: { refId: 'addon-seats' } }]);
    expect(scheduled.scheduledUpdates).toEqual([
      {
        subscriptionScheduleType: 'Addon',
        scheduledExecutionTime: '2025-02-10T00:00:00.000Z',
        scheduleVariables: { __typename: 'AddonChangeVariables', addonRefId: 'addon-seats', newQuantity: 3 },
      },
    ]);
    const applied = await w.clock('2025-02-11T00:00:00Z');
    expect(applied.applied).toContainEqual(expect.objectContaining({ at: '2025-02-10T00:00:00.000Z', type: 'subscription.schedule_applied', subscriptionId: id, to: 'Addon' }));
    expect((await w.get(id)).addons).toEqual([{ quantity: 3, addon: { refId: 'addon-seats' } }]);

    await w.ok({ subscriptionId: id, addons: [], scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect((await w.get(id)).scheduledUpdates).toHaveLength(1);
    const now = await w.ok({ subscriptionId: id, addons: [{ addonId: 'addon-seats', quantity: 2 }] });
    expect(now).toMatchObject({ addons: [{ quantity: 2, addon: { refId: 'addon-seats' } }], scheduledUpdates: [] });
  });

  it('E52: billingCycleAnchor NOW restarts the billing cycle; UNCHANGED keeps it; billing period and metadata change', async () => {
    const w = await world();
    const id = await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY', startDate: '2024-12-25T00:00:00Z' });
    expect(await w.ok({ subscriptionId: id, billingCycleAnchor: 'UNCHANGED', additionalMetaData: { team: 'a' } })).toMatchObject({
      currentBillingPeriodStart: '2024-12-25T00:00:00.000Z',
      additionalMetaData: { team: 'a' },
    });
    expect(await w.ok({ subscriptionId: id, billingCycleAnchor: 'NOW' })).toMatchObject({ currentBillingPeriodStart: NOW, currentBillingPeriodEnd: '2025-02-10T00:00:00.000Z' });
    expect(await w.ok({ subscriptionId: id, billingPeriod: 'ANNUALLY' })).toMatchObject({ billingPeriod: 'ANNUALLY', currentBillingPeriodEnd: '2026-01-10T00:00:00.000Z' });
    const scheduled = await w.ok({ subscriptionId: id, billingPeriod: 'MONTHLY', scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect(scheduled.scheduledUpdates).toEqual([
      { subscriptionScheduleType: 'BillingPeriod', scheduledExecutionTime: '2026-01-10T00:00:00.000Z', scheduleVariables: { __typename: 'BillingPeriodChangeVariables', billingPeriod: 'MONTHLY' } },
    ]);
  });

  it('per-unit quantities and coupons; bad input changes nothing', async () => {
    const w = await world();
    const id = await w.provision({ planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }] });
    await w.ok({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 8 }], appliedCoupon: { couponId: 'coupon-vip' } });
    expect(await w.limit('feature-seats')).toMatchObject({ usageLimit: 8 });
    expect((await w.get(id)).coupon).toEqual({ refId: 'coupon-vip' });
    expect(codeOf(await w.update({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 11 }] }))).toBe('InvalidQuantity');
    expect(codeOf(await w.update({ subscriptionId: id, billingPeriod: 'ANNUALLY' }))).toBe('BadUserInput');
    expect(codeOf(await w.update({ subscriptionId: 'nope', addons: [] }))).toBe('SubscriptionNotFound');
    expect(codeOf(await w.update({ subscriptionId: id, priceOverrides: [{ featureId: 'feature-seats', price: { amount: 1, currency: 'USD' } }] }))).toBe('UnsupportedParameter');
    expect(await w.limit('feature-seats')).toMatchObject({ usageLimit: 8 });
    await gql(emu, w.serverKey, `mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { id } }`, { input: { subscriptionRefId: id, subscriptionCancellationTime: 'IMMEDIATE' } });
    expect(codeOf(await w.update({ subscriptionId: id, addons: [] }))).toBe('InvalidSubscriptionStatus');
  });
});

describe("updateOneSubscription with a journey that downgrades at the end of the billing period (RULES 2.6.4)", () => {
  const VERSIONS = join(import.meta.dirname, 'fixtures', 'versions.yaml');
  let deferredEmu: Emulator;
  beforeAll(() => {
    deferredEmu = testEmulator({ fixtures: [VERSIONS] });
  });
  afterAll(() => deferredEmu.close());

  it('fewer units or add-ons are scheduled; more apply at once and drop the scheduled downgrade; IMMEDIATE applies at once', async () => {
    const env = newEnvironment('upd-journey');
    await rest(deferredEmu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
    const call = (input: Record<string, unknown>) => gql(deferredEmu, env.serverKey, UPDATE, { input });
    const seats = async () =>
      (await gql(deferredEmu, env.serverKey, ENTITLEMENT, { query: { customerId: 'customer-payer', featureId: 'feature-seats' } })).data!.entitlement.usageLimit;
    const provisioned = await gql(deferredEmu, env.serverKey, PROVISION, {
      input: { customerId: 'customer-payer', planId: 'plan-seats', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 10 }], addons: [{ addonId: 'addon-boost', quantity: 2 }] },
    });
    const id = provisioned.data!.provisionSubscriptionV2.subscription.id as string;
    expect(await seats()).toBe(12);

    const fewer = (await call({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 6 }] })).data!.updateOneSubscription;
    expect(fewer.scheduledUpdates).toEqual([
      { subscriptionScheduleType: 'UnitAmount', scheduledExecutionTime: '2025-02-10T00:00:00.000Z', scheduleVariables: { __typename: 'UnitAmountChangeVariables', featureId: 'feature-seats', newUnitAmount: 6 } },
    ]);
    expect(await seats()).toBe(12);
    // a lower quantity again modifies the scheduled downgrade (Q2 < Q0)
    const lower = (await call({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 4 }] })).data!.updateOneSubscription;
    expect(lower.scheduledUpdates).toMatchObject([{ scheduleVariables: { newUnitAmount: 4 } }]);
    // more units (Q2 > Q0): at once, the scheduled downgrade is dropped
    const more = (await call({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 14 }] })).data!.updateOneSubscription;
    expect(more.scheduledUpdates).toEqual([]);
    expect(await seats()).toBe(16);

    const fewerAddons = (await call({ subscriptionId: id, addons: [{ addonId: 'addon-boost', quantity: 1 }] })).data!.updateOneSubscription;
    expect(fewerAddons).toMatchObject({ addons: [{ quantity: 2 }], scheduledUpdates: [{ subscriptionScheduleType: 'Addon', scheduleVariables: { addonRefId: 'addon-boost', newQuantity: 1 } }] });
    const immediate = (await call({ subscriptionId: id, addons: [], scheduleStrategy: 'IMMEDIATE' })).data!.updateOneSubscription;
    expect(immediate).toMatchObject({ addons: [], scheduledUpdates: [] });
    expect(await seats()).toBe(14);

    await call({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }] });
    const applied = (await rest(deferredEmu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-02-11T00:00:00Z' })).body;
    expect(applied.applied).toContainEqual(expect.objectContaining({ type: 'subscription.schedule_applied', subscriptionId: id, to: 'UnitAmount' }));
    expect(await seats()).toBe(5);
  });
});
