/**
 * The subscription rules E13-E49 (RULES.md), one test per rule, through GraphQL over HTTP with the
 * environment clock frozen, and time moved by the control plane.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'subscriptions.yaml');
const NOW = '2025-01-10T00:00:00.000Z';

const SUB = `id status cancelReason startDate endDate effectiveEndDate cancellationDate trialEndDate billingPeriod pricingType
  currentBillingPeriodStart currentBillingPeriodEnd resourceId plan { refId } addons { quantity addon { refId } }
  trialConfiguration { trialEndBehavior }
  scheduledUpdates { subscriptionScheduleType scheduleStatus scheduledExecutionTime
    scheduleVariables { __typename ... on DowngradeChangeVariables { downgradePlanRefId billingPeriod } ... on PlanChangeVariables { planRefId changeType } } }`;

const PROVISION = `mutation ProvisionSubscription($input: ProvisionSubscriptionInput!) {
  provisionSubscriptionV2(input: $input) { id status isScheduled checkoutUrl checkoutBillingId subscription { ${SUB} }
    entitlements { feature { refId } isGranted usageLimit } }
}`;
const CANCEL = `mutation CancelSubscription($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { ${SUB} } }`;
const GET = `query GetSubscription($input: GetSubscriptionInput!) { getSubscription(input: $input) { ${SUB} } }`;
const ACTIVE = `query GetActiveSubscriptions($input: GetActiveSubscriptionsInput!) { getActiveSubscriptions(input: $input) { ${SUB} } }`;
const ENTITLEMENT = `query GetEntitlement($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted accessDeniedReason usageLimit } }`;
const CUSTOMER = `query GetCustomerById($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) {
  hasActiveSubscription trialedPlans { planRefId productRefId } eligibleForTrial { productRefId eligible } hasPaymentMethod } }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

/** A fresh environment with its clock frozen at NOW and customer c1. */
async function world() {
  const env = newEnvironment('subs');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  const created = await gql(emu, env.serverKey, `mutation { provisionCustomer(input: { customerId: "c1", name: "C1" }) { customer { id } } }`);
  expect(created.errors).toBeUndefined();
  const key = env.serverKey;
  return {
    ...env,
    provision: (input: Record<string, unknown>) => gql(emu, key, PROVISION, { input: { customerId: 'c1', ...input } }),
    cancel: (input: Record<string, unknown>) => gql(emu, key, CANCEL, { input }),
    get: async (id: string) => (await gql(emu, key, GET, { input: { subscriptionId: id } })).data!.getSubscription,
    active: async (resourceId?: string) => (await gql(emu, key, ACTIVE, { input: { customerId: 'c1', resourceId } })).data!.getActiveSubscriptions as any[],
    entitlement: async (featureId: string, resourceId?: string) =>
      (await gql(emu, key, ENTITLEMENT, { query: { customerId: 'c1', featureId, resourceId } })).data!.entitlement,
    customer: async () => (await gql(emu, key, CUSTOMER, { input: { customerId: 'c1' } })).data!.getCustomerByRefId,
    clock: async (body: Record<string, unknown>) => (await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, body)).body,
    webhooks: async (type?: string) =>
      (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks${type ? `?type=${type}` : ''}`)).body.events as { type: string; payload: any }[],
  };
}

const ok = (res: { errors?: unknown; data?: any }) => {
  expect(res.errors).toBeUndefined();
  return res.data.provisionSubscriptionV2 ?? res.data.cancelSubscription ?? res.data;
};

describe('provisioning', () => {
  it('E13: a paid plan needs billingPeriod (BillingPeriodMissingError) whatever the number of its prices, and nothing is written', async () => {
    const w = await world();
    expect(codeOf(await w.provision({ planId: 'plan-basic' }))).toBe('BillingPeriodMissingError');
    // priced in one billing period only: still required
    expect(codeOf(await w.provision({ planId: 'plan-cheap' }))).toBe('BillingPeriodMissingError');
    expect(codeOf(await w.provision({ planId: 'plan-pro', skipTrial: true }))).toBe('BillingPeriodMissingError');
    expect(await w.active()).toEqual([]);
    expect((await w.webhooks('subscription.created')).length).toBe(0);
    const cheap = ok(await w.provision({ planId: 'plan-cheap', billingPeriod: 'MONTHLY' })).subscription;
    expect(cheap).toMatchObject({ status: 'ACTIVE', billingPeriod: 'MONTHLY' });
  });

  it('E13: every way of provisioning refuses a paid plan without billingPeriod: createSubscription, subscriptionParams, importSubscriptionsBulk, estimateSubscription', async () => {
    const w = await world();
    const create = await gql(emu, w.serverKey, `mutation($s: SubscriptionInput!) { createSubscription(subscription: $s) { id } }`, { s: { customerId: 'c1', planId: 'plan-cheap' } });
    expect(codeOf(create)).toBe('BillingPeriodMissingError');
    const params = await gql(emu, w.serverKey, `mutation($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { customer { id } } }`, {
      i: { customerId: 'c-params', subscriptionParams: { planId: 'plan-cheap' } },
    });
    expect(codeOf(params)).toBe('BillingPeriodMissingError');
    expect(codeOf(await gql(emu, w.serverKey, `query { getCustomerByRefId(input: { customerId: "c-params" }) { id } }`))).toBe('CustomerNotFound');
    const imported = await gql(emu, w.serverKey, `mutation($i: ImportSubscriptionsBulkInput!) { importSubscriptionsBulk(input: $i) }`, {
      i: { subscriptions: [{ customerId: 'c1', planId: 'plan-free' }, { customerId: 'c1', planId: 'plan-cheap', subscriptionId: 'imp-missing' }] },
    });
    expect(codeOf(imported)).toBe('BillingPeriodMissingError');
    const estimate = await gql(emu, w.serverKey, `mutation($i: EstimateSubscriptionInput!) { estimateSubscription(input: $i) { subTotal { amount } } }`, { i: { customerId: 'c1', planId: 'plan-cheap' } });
    expect(codeOf(estimate)).toBe('BillingPeriodMissingError');
    expect(await w.active()).toEqual([]);
  });

  it('E13: a subscription that starts in a trial, and a free or custom plan, need no billingPeriod', async () => {
    const w = await world();
    // the plan's default trial: billed MONTHLY (the plan prices it) if it converts
    const trial = ok(await w.provision({ planId: 'plan-pro' })).subscription;
    expect(trial).toMatchObject({ status: 'IN_TRIAL', billingPeriod: 'MONTHLY' });
    const forced = ok(await w.provision({ planId: 'plan-cheap', trialOverrideConfiguration: { isTrial: true }, resourceId: null })).subscription;
    expect(forced).toMatchObject({ status: 'IN_TRIAL', billingPeriod: 'MONTHLY' });
    const v = await world();
    expect(ok(await v.provision({ planId: 'plan-free' })).subscription).toMatchObject({ status: 'ACTIVE', pricingType: 'FREE' });
    expect(ok(await v.provision({ planId: 'plan-custom' })).subscription).toMatchObject({ status: 'ACTIVE', pricingType: 'CUSTOM' });
  });

  it('E14: a free plan starts ACTIVE at once, pricingType FREE, and grants its entitlements', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-free' }));
    expect(p.status).toBe('SUCCESS');
    expect(p.isScheduled).toBe(false);
    expect(p.subscription).toMatchObject({ status: 'ACTIVE', pricingType: 'FREE', startDate: NOW, plan: { refId: 'plan-free' } });
    expect(p.entitlements).toContainEqual({ feature: { refId: 'feature-seats' }, isGranted: true, usageLimit: 2 });
  });

  it('E15: a future start is NOT_STARTED and grants nothing until then; the clock passing it makes it ACTIVE', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-free', startDate: '2025-02-01T00:00:00Z' }));
    expect(p.subscription.status).toBe('NOT_STARTED');
    expect(await w.entitlement('feature-seats')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
    const moved = await w.clock({ to: '2025-02-01T00:00:00Z' });
    expect(moved.applied).toContainEqual(expect.objectContaining({ type: 'subscription.started', subscriptionId: p.subscription.id, from: 'NOT_STARTED', to: 'ACTIVE' }));
    expect((await w.get(p.subscription.id)).status).toBe('ACTIVE');
    expect(await w.entitlement('feature-seats')).toMatchObject({ isGranted: true, usageLimit: 2 });
  });

  it('E16: a past start is ACTIVE at once and keeps its (backdated) start date; periods count from it', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY', startDate: '2024-11-20T00:00:00Z' }));
    expect(p.subscription).toMatchObject({
      status: 'ACTIVE',
      startDate: '2024-11-20T00:00:00.000Z',
      currentBillingPeriodStart: '2024-12-20T00:00:00.000Z',
      currentBillingPeriodEnd: '2025-01-20T00:00:00.000Z',
    });
  });

  it('E17: an upgrade is immediate: the new subscription ACTIVE now, the old one CANCELED (UpgradeOrDowngrade)', async () => {
    const w = await world();
    const basic = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' })).subscription;
    const pro = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true })).subscription;
    expect(pro.status).toBe('ACTIVE');
    expect(await w.get(basic.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade', endDate: NOW });
    expect((await w.active()).map((s) => s.id)).toEqual([pro.id]);
    const created = (await w.webhooks('subscription.created')).at(-1)!;
    expect(created.payload).toMatchObject({ id: pro.id, isUpgrade: true, isDowngrade: false });
  });

  it('E18: a downgrade is immediate by default (journey without end-of-period downgrades)', async () => {
    const w = await world();
    const pro = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true })).subscription;
    const basic = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' }));
    expect(basic.isScheduled).toBe(false);
    expect(basic.subscription.status).toBe('ACTIVE');
    expect(await w.get(pro.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade' });
    expect((await w.webhooks('subscription.created')).at(-1)!.payload).toMatchObject({ isUpgrade: false, isDowngrade: true });
  });

  it('E19: with downgrades at the end of the billing period, the downgrade is scheduled on the old subscription', async () => {
    const w = await world();
    const pro = ok(await w.provision({ planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' })).subscription;
    const down = ok(await w.provision({ planId: 'plan-sched-free' }));
    expect(down.isScheduled).toBe(true);
    expect(down.subscription.id).toBe(pro.id);
    expect(down.subscription.status).toBe('ACTIVE');
    expect(down.subscription.scheduledUpdates).toEqual([
      {
        subscriptionScheduleType: 'Downgrade',
        scheduleStatus: 'Scheduled',
        scheduledExecutionTime: '2025-02-10T00:00:00.000Z',
        scheduleVariables: { __typename: 'DowngradeChangeVariables', downgradePlanRefId: 'plan-sched-free', billingPeriod: null },
      },
    ]);
    const active = await w.active();
    expect(active.map((s) => s.plan.refId)).toEqual(['plan-sched-pro']);
    expect(await w.entitlement('feature-seats')).toMatchObject({ usageLimit: 10 });
  });

  it('E20: when the clock passes the period end the scheduled downgrade runs: the old ends, the new plan starts at that instant', async () => {
    const w = await world();
    const pro = ok(await w.provision({ planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' })).subscription;
    ok(await w.provision({ planId: 'plan-sched-free' }));
    const moved = await w.clock({ advance: 'P45D' });
    expect(moved.applied.map((a: any) => a.type)).toEqual(['subscription.canceled', 'subscription.schedule_applied']);
    expect(await w.get(pro.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade', endDate: '2025-02-10T00:00:00.000Z', scheduledUpdates: [] });
    const [free] = await w.active();
    expect(free).toMatchObject({ status: 'ACTIVE', startDate: '2025-02-10T00:00:00.000Z', plan: { refId: 'plan-sched-free' } });
    expect(await w.entitlement('feature-seats')).toMatchObject({ usageLimit: 1 });
  });

  it('E21: cancelSchedule removes the scheduled downgrade; the subscription continues on its plan', async () => {
    const w = await world();
    const pro = ok(await w.provision({ planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' })).subscription;
    ok(await w.provision({ planId: 'plan-sched-free' }));
    const res = await gql(emu, w.serverKey, `mutation CancelSubscriptionUpdates($input: SubscriptionUpdateScheduleCancellationInput!) { cancelSchedule(input: $input) }`, {
      input: { subscriptionId: pro.id },
    });
    expect(res.errors).toBeUndefined();
    expect((await w.get(pro.id)).scheduledUpdates).toEqual([]);
    await w.clock({ advance: 'P45D' });
    expect((await w.active()).map((s) => s.id)).toEqual([pro.id]);
    const again = await gql(emu, w.serverKey, `mutation($input: SubscriptionUpdateScheduleCancellationInput!) { cancelSchedule(input: $input) }`, { input: { subscriptionId: pro.id } });
    expect(codeOf(again)).toBe('FutureUpdateNotFound');
  });

  it('E22 (provisioning): a new scheduled change replaces the pending one; an upgrade applies at once and drops it', async () => {
    const w = await world();
    const pro = ok(await w.provision({ planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' })).subscription;
    ok(await w.provision({ planId: 'plan-sched-free' }));
    const again = ok(await w.provision({ planId: 'plan-sched-free', scheduleStrategy: 'END_OF_BILLING_PERIOD' }));
    expect(again.subscription.scheduledUpdates).toHaveLength(1);
    const plus = ok(await w.provision({ planId: 'plan-sched-plus', billingPeriod: 'MONTHLY', skipTrial: true }));
    expect(plus.isScheduled).toBe(false);
    expect(await w.get(pro.id)).toMatchObject({ status: 'CANCELED', scheduledUpdates: [] });
  });
});

describe('plan direction (E23)', () => {
  it('by price when neither inherits the other: basic ($10) to cheap ($5) is a downgrade, back an upgrade', async () => {
    const w = await world();
    ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' }));
    ok(await w.provision({ planId: 'plan-cheap', billingPeriod: 'MONTHLY' }));
    expect((await w.webhooks('subscription.created')).at(-1)!.payload).toMatchObject({ isUpgrade: false, isDowngrade: true });
    ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' }));
    expect((await w.webhooks('subscription.created')).at(-1)!.payload).toMatchObject({ isUpgrade: true, isDowngrade: false });
  });

  it('two free plans are neither an upgrade nor a downgrade', async () => {
    const w = await world();
    ok(await w.provision({ planId: 'plan-sched-free' }));
    ok(await w.provision({ planId: 'plan-sched-free' }));
    expect((await w.webhooks('subscription.created')).at(-1)!.payload).toMatchObject({ isUpgrade: false, isDowngrade: false });
  });
});

describe('trials', () => {
  it('E24: a trial runs beside an active paid subscription of the same product', async () => {
    const w = await world();
    const basic = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' })).subscription;
    const trial = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', trialOverrideConfiguration: { isTrial: true } })).subscription;
    expect(trial.status).toBe('IN_TRIAL');
    expect((await w.active()).map((s) => s.id).sort()).toEqual([basic.id, trial.id].sort());
    expect(await w.entitlement('feature-seats')).toMatchObject({ usageLimit: 20 });
  });

  it('E25: a new trial ends the running trial at its start', async () => {
    const w = await world();
    const first = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' })).subscription;
    expect(first.status).toBe('IN_TRIAL');
    const second = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY', trialOverrideConfiguration: { isTrial: true, trialEndDate: '2025-01-20T00:00:00Z' } })).subscription;
    expect(second).toMatchObject({ status: 'IN_TRIAL', trialEndDate: '2025-01-20T00:00:00.000Z' });
    expect(await w.get(first.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade' });
  });

  it('E26: a non-trial subscription starting later ends the running one at its start date', async () => {
    const w = await world();
    const basic = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' })).subscription;
    const later = ok(await w.provision({ planId: 'plan-cheap', billingPeriod: 'MONTHLY', startDate: '2025-01-25T00:00:00Z' })).subscription;
    expect(later.status).toBe('NOT_STARTED');
    expect(await w.get(basic.id)).toMatchObject({ status: 'ACTIVE', endDate: '2025-01-25T00:00:00.000Z' });
    const moved = await w.clock({ to: '2025-01-26T00:00:00Z' });
    expect(moved.applied.map((a: any) => [a.type, a.subscriptionId])).toEqual([
      ['subscription.canceled', basic.id],
      ['subscription.started', later.id],
    ]);
    expect(await w.get(basic.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade', endDate: '2025-01-25T00:00:00.000Z' });
    expect((await w.active()).map((s) => s.id)).toEqual([later.id]);
  });

  it('E27: a paid subscription to the trialled plan converts the trial: paid ACTIVE now, trial CANCELED (TrialConverted)', async () => {
    const w = await world();
    const trial = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' })).subscription;
    await w.clock({ advance: 'P3D' });
    const paid = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', trialOverrideConfiguration: { isTrial: false } })).subscription;
    expect(paid).toMatchObject({ status: 'ACTIVE', startDate: '2025-01-13T00:00:00.000Z', currentBillingPeriodStart: '2025-01-13T00:00:00.000Z' });
    expect(await w.get(trial.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'TrialConverted' });
    const converted = await w.webhooks('subscription.trial_converted');
    expect(converted.map((e) => e.payload)).toEqual([expect.objectContaining({ id: trial.id, reason: 'PAID_SUBSCRIPTION_PROVISIONED' })]);
  });

  it('E28: one trial per product: a customer who trialled the product starts without a trial', async () => {
    const w = await world();
    const trial = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' })).subscription;
    expect(trial.status).toBe('IN_TRIAL');
    expect(await w.customer()).toMatchObject({ trialedPlans: [{ planRefId: 'plan-pro', productRefId: 'product-main' }] });
    await w.cancel({ subscriptionRefId: trial.id });
    const again = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' })).subscription;
    expect(again).toMatchObject({ status: 'ACTIVE', trialEndDate: null });
  });

  it('E29: skipTrial provisions a plan with a default trial without it', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true })).subscription;
    expect(p).toMatchObject({ status: 'ACTIVE', trialEndDate: null });
  });

  it('E30: trialOverrideConfiguration forces a trial with its end date and behaviour, even after a trial', async () => {
    const w = await world();
    const first = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' })).subscription;
    await w.cancel({ subscriptionRefId: first.id });
    const p = ok(
      await w.provision({
        planId: 'plan-pro',
        billingPeriod: 'MONTHLY',
        trialOverrideConfiguration: { isTrial: true, trialEndDate: '2025-03-01T00:00:00Z', trialEndBehavior: 'CANCEL_SUBSCRIPTION' },
      }),
    ).subscription;
    expect(p).toMatchObject({ status: 'IN_TRIAL', trialEndDate: '2025-03-01T00:00:00.000Z', trialConfiguration: { trialEndBehavior: 'CANCEL_SUBSCRIPTION' } });
  });

  it('E39: a trial that converts to paid becomes ACTIVE at its end, billed from then (trial_converted TRIAL_ENDED)', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', trialOverrideConfiguration: { isTrial: true, trialEndBehavior: 'CONVERT_TO_PAID' } })).subscription;
    expect(p.trialEndDate).toBe('2025-01-24T00:00:00.000Z');
    const moved = await w.clock({ to: '2025-02-01T00:00:00Z' });
    expect(moved.applied).toEqual([
      expect.objectContaining({ at: '2025-01-17T00:00:00.000Z', type: 'subscription.trial.ends_soon', to: '2025-01-24T00:00:00.000Z' }),
      expect.objectContaining({ at: '2025-01-24T00:00:00.000Z', type: 'subscription.trial_converted', from: 'IN_TRIAL', to: 'ACTIVE' }),
    ]);
    expect(await w.get(p.id)).toMatchObject({ status: 'ACTIVE', currentBillingPeriodStart: '2025-01-24T00:00:00.000Z', currentBillingPeriodEnd: '2025-02-24T00:00:00.000Z' });
    expect((await w.webhooks('subscription.trial_converted')).map((e) => e.payload.reason)).toEqual(['TRIAL_ENDED']);
  });

  it('E40: a trial that cancels at its end expires (TrialEnded, trial_expired) and the product is left without a subscription', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' })).subscription;
    await w.clock({ advance: 'P20D' });
    expect(await w.get(p.id)).toMatchObject({ status: 'EXPIRED', cancelReason: 'TrialEnded', endDate: '2025-01-24T00:00:00.000Z' });
    expect(await w.active()).toEqual([]);
    expect((await w.webhooks('subscription.trial_expired')).map((e) => e.payload.id)).toEqual([p.id]);
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
  });

  it('E41: with DOWNGRADE_TO_FREE an expired trial is followed by the downgrade plan from the trial end', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-sched-plus', billingPeriod: 'MONTHLY' })).subscription;
    expect(p.status).toBe('IN_TRIAL');
    const moved = await w.clock({ advance: 'P10D' });
    expect(moved.applied.map((a: any) => a.type)).toEqual(['subscription.trial_expired', 'subscription.downgraded_to_free']);
    expect((await w.get(p.id)).status).toBe('EXPIRED');
    const [free] = await w.active();
    expect(free).toMatchObject({ status: 'ACTIVE', startDate: '2025-01-17T00:00:00.000Z', plan: { refId: 'plan-sched-free' } });
  });

  it('E43: cancelling a trial at a date after its end extends the trial to that date, then cancels it', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY' })).subscription;
    const c = ok(await w.cancel({ subscriptionRefId: p.id, subscriptionCancellationTime: 'SPECIFIC_DATE', endDate: '2025-02-05T00:00:00Z' }));
    expect(c).toMatchObject({ status: 'IN_TRIAL', trialEndDate: '2025-02-05T00:00:00.000Z', endDate: '2025-02-05T00:00:00.000Z' });
    await w.clock({ to: '2025-02-01T00:00:00Z' });
    expect((await w.get(p.id)).status).toBe('IN_TRIAL');
    await w.clock({ to: '2025-02-06T00:00:00Z' });
    expect(await w.get(p.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'ScheduledCancellation' });
  });
});

describe('resources and add-ons', () => {
  it('E31: a product with multiple subscriptions needs resourceId', async () => {
    const w = await world();
    expect(codeOf(await w.provision({ planId: 'plan-site', billingPeriod: 'MONTHLY' }))).toBe('BadUserInput');
  });

  it('E32: resource subscriptions are independent of each other and of global ones', async () => {
    const w = await world();
    const global = ok(await w.provision({ planId: 'plan-free' })).subscription;
    const r1 = ok(await w.provision({ planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' })).subscription;
    const r2 = ok(await w.provision({ planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-2' })).subscription;
    expect([global.status, r1.status, r2.status]).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    expect((await w.active()).map((s) => s.id)).toEqual([global.id]);
    expect((await w.active('site-1')).map((s) => s.id)).toEqual([r1.id]);
    const r1again = ok(await w.provision({ planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' })).subscription;
    expect(await w.get(r1.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade' });
    expect((await w.get(r2.id)).status).toBe('ACTIVE');
    expect((await w.active('site-1')).map((s) => s.id)).toEqual([r1again.id]);
  });

  it('E33: a product with subscriptions cannot change its subscription type', async () => {
    const w = await world();
    ok(await w.provision({ planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' }));
    const res = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, { products: [{ id: 'product-multi', multipleSubscriptions: false }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/multipleSubscriptions cannot change/);
  });

  it('E34: an add-on not compatible with the plan is refused (IncompatibleSubscriptionAddon)', async () => {
    const w = await world();
    expect(codeOf(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-seats' }] }))).toBe('IncompatibleSubscriptionAddon');
  });

  it('E35: an add-on quantity above its maximum is refused (AddonQuantityExceedsLimitError); the quantity counts in entitlements', async () => {
    const w = await world();
    const base = { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true };
    expect(codeOf(await w.provision({ ...base, addons: [{ addonId: 'addon-seats', quantity: 4 }] }))).toBe('AddonQuantityExceedsLimitError');
    expect(codeOf(await w.provision({ ...base, addons: [{ addonId: 'addon-seats', quantity: 0 }] }))).toBe('InvalidQuantity');
    expect(codeOf(await w.provision({ ...base, addons: [{ addonId: 'addon-seats' }, { addonId: 'addon-seats' }] }))).toBe('DuplicateAddonProvisionedError');
    const p = ok(await w.provision({ ...base, addons: [{ addonId: 'addon-seats', quantity: 3 }] }));
    expect(p.subscription.addons).toEqual([{ quantity: 3, addon: { refId: 'addon-seats' } }]);
    expect(await w.entitlement('feature-seats')).toMatchObject({ usageLimit: 35 });
  });

  it('E36: an add-on needs the add-ons it depends on (AddonDependencyMissingError)', async () => {
    const w = await world();
    const base = { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true };
    expect(codeOf(await w.provision({ ...base, addons: [{ addonId: 'addon-needs' }] }))).toBe('AddonDependencyMissingError');
    ok(await w.provision({ ...base, addons: [{ addonId: 'addon-needs' }, { addonId: 'addon-dep' }] }));
  });

  it('E38: per-unit quantities default to the minimum and must be within [min, max] (InvalidQuantity)', async () => {
    const w = await world();
    expect(codeOf(await w.provision({ planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 1 }] }))).toBe('InvalidQuantity');
    expect(codeOf(await w.provision({ planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 11 }] }))).toBe('InvalidQuantity');
    expect(codeOf(await w.provision({ planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: -1 }] }))).toBe('InvalidQuantity');
    ok(await w.provision({ planId: 'plan-team', billingPeriod: 'MONTHLY' }));
    expect(await w.entitlement('feature-seats')).toMatchObject({ usageLimit: 2 });
    ok(await w.provision({ planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 7 }] }));
    expect(await w.entitlement('feature-seats')).toMatchObject({ usageLimit: 7 });
  });

  it('custom-plan entitlements given at provisioning grant their features; a credit entry is stored and shown', async () => {
    const w = await world();
    const res = await gql(
      emu,
      w.serverKey,
      `mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { subscription { id pricingType
        entitlements { __typename ... on SubscriptionFeatureEntitlement { featureId usageLimit } ... on SubscriptionCreditEntitlement { customCurrencyId amount cadence } } } } }`,
      {
        input: {
          customerId: 'c1',
          planId: 'plan-custom',
          entitlements: [{ feature: { featureId: 'feature-api', usageLimit: 5000 } }, { credit: { customCurrencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH' } }],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.provisionSubscriptionV2.subscription).toMatchObject({
      pricingType: 'CUSTOM',
      entitlements: [
        { __typename: 'SubscriptionFeatureEntitlement', featureId: 'feature-api', usageLimit: 5000 },
        { __typename: 'SubscriptionCreditEntitlement', customCurrencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH' },
      ],
    });
    expect(await w.entitlement('feature-api')).toMatchObject({ isGranted: true, usageLimit: 5000 });
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: true });
  });
});

describe('cancellation', () => {
  it('E44: IMMEDIATE cancels now (Immediate) and the entitlements stop now', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' })).subscription;
    const c = ok(await w.cancel({ subscriptionRefId: p.id, subscriptionCancellationTime: 'IMMEDIATE' }));
    expect(c).toMatchObject({ status: 'CANCELED', cancelReason: 'Immediate', endDate: NOW, cancellationDate: NOW, effectiveEndDate: NOW });
    expect(await w.entitlement('feature-seats')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
    expect((await w.webhooks('subscription.canceled')).map((e) => e.payload.id)).toEqual([p.id]);
  });

  it('E45, E72: END_OF_BILLING_PERIOD keeps it ACTIVE and granting until the period end, then CANCELED (ScheduledCancellation)', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' })).subscription;
    const c = ok(await w.cancel({ subscriptionRefId: p.id, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' }));
    expect(c).toMatchObject({ status: 'ACTIVE', endDate: '2025-02-10T00:00:00.000Z', cancellationDate: NOW, cancelReason: null });
    await w.clock({ to: '2025-02-09T23:59:59Z' });
    expect(await w.entitlement('feature-seats')).toMatchObject({ isGranted: true, usageLimit: 5 });
    await w.clock({ to: '2025-02-10T00:00:00Z' });
    expect(await w.get(p.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'ScheduledCancellation', endDate: '2025-02-10T00:00:00.000Z' });
    expect(await w.entitlement('feature-seats')).toMatchObject({ isGranted: false });
  });

  it('E46: SPECIFIC_DATE ends it at that date; a date in the past or before the start is InvalidCancellationDate', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' })).subscription;
    expect(codeOf(await w.cancel({ subscriptionRefId: p.id, subscriptionCancellationTime: 'SPECIFIC_DATE', endDate: '2025-01-01T00:00:00Z' }))).toBe('InvalidCancellationDate');
    expect(codeOf(await w.cancel({ subscriptionRefId: p.id, subscriptionCancellationTime: 'SPECIFIC_DATE' }))).toBe('BadUserInput');
    const c = ok(await w.cancel({ subscriptionRefId: p.id, subscriptionCancellationTime: 'SPECIFIC_DATE', endDate: '2025-01-15T12:00:00Z' }));
    expect(c).toMatchObject({ status: 'ACTIVE', endDate: '2025-01-15T12:00:00.000Z' });
    await w.clock({ advance: 'P6D' });
    expect(await w.get(p.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'ScheduledCancellation' });
  });

  it('E47: DEFAULT follows the product end setup (downgrade to its free plan); REVOKE_ENTITLEMENTS revokes at once with nothing after', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' })).subscription;
    ok(await w.cancel({ subscriptionRefId: p.id }));
    await w.clock({ advance: 'P31D' });
    const [free] = await w.active();
    expect(free).toMatchObject({ plan: { refId: 'plan-sched-free' }, startDate: '2025-02-10T00:00:00.000Z', status: 'ACTIVE' });

    const v = await world();
    const q = ok(await v.provision({ planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' })).subscription;
    const c = ok(await v.cancel({ subscriptionRefId: q.id, subscriptionCancellationAction: 'REVOKE_ENTITLEMENTS' }));
    expect(c).toMatchObject({ status: 'CANCELED', endDate: NOW });
    await v.clock({ advance: 'P31D' });
    expect(await v.active()).toEqual([]);
    expect(await v.entitlement('feature-seats')).toMatchObject({ isGranted: false });
  });

  it('E48: cancelling a cancelled subscription is SubscriptionAlreadyCanceledOrExpired; an unknown one SubscriptionNotFound', async () => {
    const w = await world();
    const p = ok(await w.provision({ planId: 'plan-free' })).subscription;
    ok(await w.cancel({ subscriptionRefId: p.id }));
    expect(codeOf(await w.cancel({ subscriptionRefId: p.id }))).toBe('SubscriptionAlreadyCanceledOrExpired');
    expect(codeOf(await w.cancel({ subscriptionRefId: 'nope' }))).toBe('SubscriptionNotFound');
  });

  it("E49: without a time the product's default cancellation time applies", async () => {
    const w = await world();
    const main = ok(await w.provision({ planId: 'plan-free' })).subscription;
    expect(ok(await w.cancel({ subscriptionRefId: main.id })).status).toBe('CANCELED');
    const sched = ok(await w.provision({ planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' })).subscription;
    expect(ok(await w.cancel({ subscriptionRefId: sched.id }))).toMatchObject({ status: 'ACTIVE', endDate: '2025-02-10T00:00:00.000Z' });
  });
});

describe('bad input writes nothing', () => {
  it('unknown plan, add-on, coupon, customer; archived coupon', async () => {
    const w = await world();
    expect(codeOf(await w.provision({ planId: 'plan-nope' }))).toBe('PlanNotFound');
    expect(codeOf(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-nope' }] }))).toBe('AddonNotFound');
    expect(codeOf(await w.provision({ planId: 'plan-free', appliedCoupon: { couponId: 'coupon-nope' } }))).toBe('CouponNotFound');
    expect(codeOf(await w.provision({ planId: 'plan-free', appliedCoupon: { couponId: 'coupon-old' } }))).toBe('ArchivedCouponCantBeApplied');
    expect(codeOf(await gql(emu, w.serverKey, PROVISION, { input: { customerId: 'nobody', planId: 'plan-free' } }))).toBe('CustomerNotFound');
    expect(codeOf(await w.provision({ planId: 'plan-free', startDate: 'tomorrow' }))).toBe('BadUserInput');
    expect(await w.active()).toEqual([]);
    expect(await w.webhooks('subscription.created')).toEqual([]);
  });

  it('a refused provisioning leaves the running subscription as it was', async () => {
    const w = await world();
    const basic = ok(await w.provision({ planId: 'plan-basic', billingPeriod: 'MONTHLY' })).subscription;
    expect(codeOf(await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true, addons: [{ addonId: 'addon-needs' }] }))).toBe('AddonDependencyMissingError');
    expect((await w.get(basic.id)).status).toBe('ACTIVE');
    expect((await w.webhooks('subscription.canceled')).length).toBe(0);
  });

  it('a coupon given at provisioning is shown on the subscription', async () => {
    const w = await world();
    const res = await gql(emu, w.serverKey, `mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { subscription { coupon { refId percentOff durationInMonths } } } }`, {
      input: { customerId: 'c1', planId: 'plan-basic', billingPeriod: 'MONTHLY', appliedCoupon: { couponId: 'coupon-vip' } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.provisionSubscriptionV2.subscription.coupon).toEqual({ refId: 'coupon-vip', percentOff: 20, durationInMonths: 3 });
  });
});

describe('time (never stale)', () => {
  it('reads apply what is due before answering: a fixture trial that ended in the past reads EXPIRED with no clock move', async () => {
    const w = await world();
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [{ id: 'c2', subscriptions: [{ id: 'sub-old-trial', planId: 'plan-pro', billingPeriod: 'MONTHLY', startDate: '2024-12-01T00:00:00Z', trial: true }] }],
    });
    expect(loaded.status).toBe(200);
    expect(await w.get('sub-old-trial')).toMatchObject({ status: 'EXPIRED', cancelReason: 'TrialEnded', endDate: '2024-12-15T00:00:00.000Z' });
    expect((await w.clock({ advance: 'P1D' })).applied).toEqual([]);
  });

  it('a jump of several periods applies every due transition in time order', async () => {
    const w = await world();
    const a = ok(await w.provision({ planId: 'plan-sched-plus', billingPeriod: 'MONTHLY' })).subscription; // trial ends 2025-01-17, then the free plan
    const moved = await w.clock({ to: '2025-06-01T00:00:00Z' });
    expect(moved.applied.map((t: any) => [t.at, t.type])).toEqual([
      ['2025-01-17T00:00:00.000Z', 'subscription.trial_expired'],
      ['2025-01-17T00:00:00.000Z', 'subscription.downgraded_to_free'],
    ]);
    expect(moved.applied[0].subscriptionId).toBe(a.id);
  });
});

describe('fixture subscriptions go through the same rules', () => {
  it('a later fixture subscription of the same product replaces the earlier one; a trial runs beside; checks apply', async () => {
    const w = await world();
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [
        {
          id: 'c3',
          subscriptions: [
            { id: 'fx-basic', planId: 'plan-basic', billingPeriod: 'MONTHLY', startDate: '2024-12-01T00:00:00Z' },
            { id: 'fx-cheap', planId: 'plan-cheap', billingPeriod: 'MONTHLY', startDate: '2024-12-15T00:00:00Z' },
            { id: 'fx-trial', planId: 'plan-pro', billingPeriod: 'MONTHLY', trial: true },
          ],
        },
      ],
    });
    expect(loaded.status).toBe(200);
    expect(await w.get('fx-basic')).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade' });
    expect(await w.get('fx-cheap')).toMatchObject({ status: 'ACTIVE', startDate: '2024-12-15T00:00:00.000Z' });
    expect(await w.get('fx-trial')).toMatchObject({ status: 'IN_TRIAL', trialEndDate: '2025-01-24T00:00:00.000Z' });
    expect(await w.webhooks('subscription.created')).toEqual([]);

    const bad = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [{ id: 'c4', subscriptions: [{ planId: 'plan-basic', addons: [{ addonId: 'addon-seats' }] }] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/customers\.c4\.subscriptions\.0: .*IncompatibleSubscriptionAddon/);
    expect(codeOf(await gql(emu, w.serverKey, `query { getCustomerByRefId(input: { customerId: "c4" }) { id } }`))).toBe('CustomerNotFound');

    // as an import: a paid subscription without a trial names its billing period, whatever the plan prices
    const missing = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [{ id: 'c5', subscriptions: [{ planId: 'plan-cheap' }] }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/customers\.c5\.subscriptions\.0: billingPeriod is required .*BillingPeriodMissingError/);
    expect(codeOf(await gql(emu, w.serverKey, `query { getCustomerByRefId(input: { customerId: "c5" }) { id } }`))).toBe('CustomerNotFound');
    const stored = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [{ id: 'c6', subscriptions: [{ planId: 'plan-cheap', status: 'ACTIVE', startDate: '2025-01-01T00:00:00Z' }] }],
    });
    expect(stored.status).toBe(400);
    expect(stored.body.error.message).toMatch(/customers\.c6\.subscriptions\.0: .*BillingPeriodMissingError/);
    const trial = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [{ id: 'c7', subscriptions: [{ id: 'fx-trial-7', planId: 'plan-cheap', trial: true }] }],
    });
    expect(trial.status).toBe(200);
    expect(await w.get('fx-trial-7')).toMatchObject({ status: 'IN_TRIAL', billingPeriod: 'MONTHLY' });
  });
});
