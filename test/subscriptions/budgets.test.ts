/**
 * Spend budgets (RULES 2.8.7, E70) through GraphQL over HTTP with the clients' own documents: the
 * budget on provisioning, updates and trials; BudgetExceeded on every check path; the
 * subscription.spend_limit.exceeded webhook once per threshold crossed (80 % and 100 %, as its page
 * says); a new billing period resets the spend.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest } from '../support/emulator.js';
import { events, Receiver, waitFor, webhookEmulator } from '../webhooks/support.js';
import { collect, waitFor as waitForPush, waitForListener, wsClient } from '../realtime/support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'budgets.yaml');
const NOW = '2025-01-10T00:00:00.000Z';
const SPENT = 'subscription.spend_limit.exceeded';
const READ = `query($input: GetSubscriptionInput!) { getSubscription(input: $input) { id status budget { limit hasSoftLimit } budgetExceeded } }`;

let emu: Emulator;
let edgeUrl: string;
let url: string;
beforeAll(async () => {
  emu = webhookEmulator({ fixtures: [FIXTURES], edgePort: 0 });
  ({ url, edgeUrl } = (await emu.listen()) as { url: string; edgeUrl: string });
});
afterAll(() => emu.close());

let keys = 0;

async function world() {
  const env = newEnvironment('budget');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  const customer = `c-${++keys}`;
  const provisioned = await gql(emu, env.serverKey, clientOperation('python', 'ProvisionCustomer'), { input: { customerId: customer, shouldSyncFree: false } });
  expect(provisioned.errors).toBeUndefined();
  const provision = (input: Record<string, unknown>) =>
    gql(emu, env.serverKey, clientOperation('node-4', 'ProvisionSubscription'), { input: { customerId: customer, ...input } });
  const subscribe = async (input: Record<string, unknown>) => {
    const res = await provision(input);
    expect(res.errors).toBeUndefined();
    return res.data!.provisionSubscription.subscription.subscriptionId as string;
  };
  const update = (input: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation('node-4', 'UpdateSubscription'), { input });
  const read = async (id: string) => {
    const res = await gql(emu, env.serverKey, READ, { input: { subscriptionId: id } });
    expect(res.errors).toBeUndefined();
    return res.data!.getSubscription;
  };
  const usage = async (featureId: string, value: number) => {
    const res = await gql(emu, env.serverKey, clientOperation('node-4', 'ReportUsage'), { input: { customerId: customer, featureId, value } });
    expect(res.errors).toBeUndefined();
  };
  let n = 0;
  const tokens = async (amount: number) => {
    const res = await gql(emu, env.serverKey, clientOperation('node-4', 'ReportEvent'), {
      input: { usageEvents: [{ customerId: customer, eventName: 'llm', idempotencyKey: `e-${++n}`, dimensions: { tokens: amount } }] },
    });
    expect(res.errors).toBeUndefined();
  };
  const check = async (featureId: string) => {
    const res = await gql(emu, env.serverKey, clientOperation('python', 'GetEntitlement'), { query: { customerId: customer, featureId } });
    expect(res.errors).toBeUndefined();
    return res.data!.entitlement;
  };
  /** the crossings of the limit itself (thresholdPercentage 100) */
  const spent = async () => (await events(emu, env.id, SPENT)).map((e) => e.payload).filter((p) => p.thresholdPercentage === 100);
  /** every spend_limit.exceeded: 80 % and 100 % */
  const thresholds = async () => (await events(emu, env.id, SPENT)).map((e) => [e.payload.thresholdPercentage, e.payload.currentSpend]);
  const clock = (to: string) => rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to, frozen: true });
  return { ...env, customer, provision, subscribe, update, read, usage, tokens, check, spent, thresholds, clock };
}

describe('E70: a hard budget', () => {
  it('denies the usage-based features with BudgetExceeded on every check path once spend reaches the limit', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, budget: { limit: 10, hasSoftLimit: false } });
    expect(await w.read(id)).toMatchObject({ status: 'ACTIVE', budget: { limit: 10, hasSoftLimit: false }, budgetExceeded: false });

    // f-api at $2 a call: 3 calls = $6; f-tokens at $0.01 a token: 300 tokens = $3; $9 < $10
    await w.usage('f-api', 3);
    await w.tokens(300);
    expect(await w.check('f-api')).toMatchObject({ isGranted: true, accessDeniedReason: null, currentUsage: 3 });
    expect((await w.read(id)).budgetExceeded).toBe(false);
    expect(await w.spent()).toEqual([]);
    // $9 of $10 crossed 80 %: the first of the page's two thresholds
    expect(await w.thresholds()).toEqual([[80, 9]]);

    // 100 more tokens: $10, the limit is reached
    await w.tokens(100);
    for (const featureId of ['f-api', 'f-tokens']) {
      expect(await w.check(featureId)).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    }
    // features without a usage-based price keep their own rules
    expect(await w.check('f-seats')).toMatchObject({ isGranted: true, accessDeniedReason: null });
    expect(await w.check('f-flag')).toMatchObject({ isGranted: true, accessDeniedReason: null });
    expect(await w.read(id)).toMatchObject({ budgetExceeded: true });

    // the list reads, entitlementV2, the edge and explain answer the same reason
    const list = await gql(emu, w.serverKey, clientOperation('python', 'GetEntitlements'), { query: { customerId: w.customer } });
    const byFeature = new Map(list.data!.entitlements.map((e: any) => [e.feature.refId, e]));
    expect(byFeature.get('f-api')).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    expect(byFeature.get('f-seats')).toMatchObject({ isGranted: true });
    const state = await gql(emu, w.serverKey, clientOperation('node-4', 'GetEntitlementsState'), { query: { customerId: w.customer } });
    expect(state.data!.entitlementsState.accessDeniedReason).toBeNull();
    expect(state.data!.entitlementsState.entitlements.find((e: any) => e.feature.refId === 'f-tokens')).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    const v2 = await gql(emu, w.serverKey, clientOperation('go', 'GetEntitlementV2'), { query: { customerId: w.customer, featureId: 'f-api' } });
    expect(v2.errors).toBeUndefined();
    expect(v2.data!.entitlementV2).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    const edge = (await (await fetch(`${edgeUrl}/v1/c/${w.customer}/entitlements.json?featureId=f-api`, { headers: { 'x-api-key': w.serverKey } })).json()) as any;
    expect(edge.data.entitlement).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    const explained = await rest(emu, 'GET', `/_emulator/environments/${w.id}/explain?customerId=${w.customer}&featureId=f-api`);
    expect(explained.body.decision).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    expect(explained.body.steps.at(-1)).toContain(`subscription ${id} charges for the feature's usage and its spend 10 reached its hard budget 10`);

    // one webhook, from the event that reached the limit; more usage emits no second one
    const log = await w.spent();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      type: SPENT,
      id,
      customer: { id: w.customer },
      plan: { id: 'plan-usage' },
      spendLimit: 10,
      currentSpend: 10,
      currentSpendPercentage: 100,
      thresholdPercentage: 100,
      isSoftLimit: false,
    });
    await w.usage('f-api', 1);
    expect(await w.spent()).toHaveLength(1);
    expect(await w.thresholds()).toEqual([
      [80, 9],
      [100, 10],
    ]);
  });

  it('a clock move into the next billing period resets the spend: granted again, and a new crossing emits again', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, budget: { limit: 10, hasSoftLimit: false } });
    await w.usage('f-api', 5);
    expect(await w.check('f-api')).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    expect(await w.spent()).toHaveLength(1);

    // the period is [01-10, 02-10): still exceeded on its last day
    await w.clock('2025-02-09T23:00:00Z');
    expect((await w.read(id)).budgetExceeded).toBe(true);
    await w.clock('2025-02-10T00:00:00Z');
    expect((await w.read(id)).budgetExceeded).toBe(false);
    expect(await w.check('f-api')).toMatchObject({ isGranted: true, accessDeniedReason: null, currentUsage: 0 });

    await w.usage('f-api', 4);
    expect(await w.spent()).toHaveLength(1);
    await w.usage('f-api', 1);
    expect(await w.check('f-api')).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    const log = await w.spent();
    expect(log).toHaveLength(2);
    expect(log.map((e) => e.currentBillingPeriodStart).sort()).toEqual(['2025-01-10T00:00:00.000Z', '2025-02-10T00:00:00.000Z']);
  });
});

describe('crossings inside one command', () => {
  it('reportUsageBulk and a reportEvent batch emit one webhook for the report that reaches the limit', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, budget: { limit: 6, hasSoftLimit: true } });
    const bulk = await gql(emu, w.serverKey, clientOperation('node-4', 'ReportUsageBulk'), {
      input: { usages: [1, 2, 3, 4].map(() => ({ customerId: w.customer, featureId: 'f-api', value: 1 })) },
    });
    expect(bulk.errors).toBeUndefined();
    // 4 calls = $8: the third report reached $6
    expect(await w.spent()).toEqual([expect.objectContaining({ id, currentSpend: 6, spendLimit: 6 })]);
    // $4 -> $6 crossed 80 % and 100 % at once: one event, for the highest
    expect(await w.thresholds()).toEqual([[100, 6]]);
    const events2 = await gql(emu, w.serverKey, clientOperation('node-4', 'ReportEvent'), {
      input: { usageEvents: [1, 2, 3].map((n) => ({ customerId: w.customer, eventName: 'llm', idempotencyKey: `batch-${n}`, dimensions: { tokens: 500 } })) },
    });
    expect(events2.errors).toBeUndefined();
    // already past the limit: no second crossing in the period
    expect(await w.spent()).toHaveLength(1);
    expect((await w.read(id)).budgetExceeded).toBe(true);
  });
});

describe('realtime', () => {
  it('reaching a hard budget pushes entitlementsUpdated with every usage-based feature denied', async () => {
    const w = await world();
    await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, budget: { limit: 4, hasSoftLimit: false } });
    await w.usage('f-api', 1);
    const client = wsClient(url, { 'X-API-KEY': w.serverKey });
    try {
      const pushed = collect(client, clientOperation('node', 'OnEntitlementsUpdated'));
      await waitForListener(emu, w.id, 'entitlementsUpdated');
      await w.usage('f-api', 1);
      const event = await waitForPush(
        () => pushed.values.find((v) => v.entitlementsUpdated.entitlements.some((e: any) => e.accessDeniedReason === 'BudgetExceeded')),
        5000,
        'entitlementsUpdated with BudgetExceeded',
      );
      const tokens = event.entitlementsUpdated.entitlements.find((e: any) => e.feature.refId === 'f-tokens');
      expect(tokens).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
      pushed.stop();
    } finally {
      await client.dispose();
    }
  });
});

describe('a soft budget', () => {
  it('never denies but reports budgetExceeded and emits the webhook once', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, budget: { limit: 4, hasSoftLimit: true } });
    await w.usage('f-api', 2);
    expect(await w.check('f-api')).toMatchObject({ isGranted: true, accessDeniedReason: null });
    expect(await w.read(id)).toMatchObject({ budget: { limit: 4, hasSoftLimit: true }, budgetExceeded: true });
    await w.usage('f-api', 2);
    expect(await w.check('f-api')).toMatchObject({ isGranted: true });
    expect(await w.spent()).toEqual([expect.objectContaining({ id, spendLimit: 4, isSoftLimit: true, currentSpend: 4, thresholdPercentage: 100 })]);
  });

  it('the webhook reaches a registered endpoint', async () => {
    const receiver = await new Receiver().start();
    try {
      const w = await world();
      const registered = await rest(emu, 'POST', `/_emulator/environments/${w.id}/webhooks/endpoints`, { url: `${receiver.url}/hook`, events: [SPENT] });
      expect(registered.status).toBeLessThan(300);
      await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, budget: { limit: 2, hasSoftLimit: true } });
      await w.usage('f-api', 1);
      const got = await waitFor(() => receiver.received.find((r) => r.body.type === SPENT));
      // one call ($2) takes the spend from 0 to 100 %: one event, for the highest threshold crossed
      expect(got.body).toMatchObject({ spendLimit: 2, isSoftLimit: true, currentSpend: 2, currentSpendPercentage: 100, thresholdPercentage: 100 });
      expect(receiver.received.every((r) => r.body.type === SPENT)).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});

describe('budget on updateOneSubscription and on trials', () => {
  it('updateSubscription sets and replaces the budget at once; a lower limit denies without a webhook', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true });
    expect(await w.read(id)).toMatchObject({ budget: null, budgetExceeded: null });
    await w.usage('f-api', 3);
    const set = await w.update({ subscriptionId: id, budget: { limit: 100, hasSoftLimit: false } });
    expect(set.errors).toBeUndefined();
    expect(await w.read(id)).toMatchObject({ budget: { limit: 100, hasSoftLimit: false }, budgetExceeded: false });
    expect(await w.check('f-api')).toMatchObject({ isGranted: true });
    // $6 spent: a $5 hard budget is already reached
    expect((await w.update({ subscriptionId: id, budget: { limit: 5, hasSoftLimit: false } })).errors).toBeUndefined();
    expect(await w.read(id)).toMatchObject({ budget: { limit: 5, hasSoftLimit: false }, budgetExceeded: true });
    expect(await w.check('f-api')).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    expect(await w.spent()).toEqual([]);
    // made soft: granted again
    expect((await w.update({ subscriptionId: id, budget: { limit: 5, hasSoftLimit: true } })).errors).toBeUndefined();
    expect(await w.check('f-api')).toMatchObject({ isGranted: true });
  });

  it("a trial subscription without a budget of its own has its plan's trial budget while in trial", async () => {
    const w = await world();
    const paywall = await gql(emu, w.serverKey, clientOperation('node-4', 'GetPaywall'), { input: { productId: 'p-main' } });
    expect(paywall.errors).toBeUndefined();
    const plan = paywall.data!.paywall.plans.find((p: any) => p.refId === 'plan-usage');
    expect(plan.defaultTrialConfig).toMatchObject({ duration: 14, budget: { limit: 5 } });
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY' });
    expect(await w.read(id)).toMatchObject({ status: 'IN_TRIAL', budget: { limit: 5, hasSoftLimit: false }, budgetExceeded: false });
    await w.usage('f-api', 3);
    expect(await w.check('f-api')).toMatchObject({ isGranted: false, accessDeniedReason: 'BudgetExceeded' });
    expect(await w.spent()).toHaveLength(1);
  });

  it("provisionCustomer's subscriptionParams and createSubscription take a budget", async () => {
    const w = await world();
    const res = await gql(emu, w.serverKey, clientOperation('python', 'ProvisionCustomer'), {
      input: { customerId: 'c-params', subscriptionParams: { planId: 'plan-usage', billingPeriod: 'MONTHLY', budget: { limit: 7, hasSoftLimit: true } } },
    });
    expect(res.errors).toBeUndefined();
    const subscriptionId = res.data!.provisionCustomer.subscription.subscriptionId;
    expect(await w.read(subscriptionId)).toMatchObject({ budget: { limit: 7, hasSoftLimit: true } });
    const created = await gql(emu, w.serverKey, clientOperation('node-4', 'CreateSubscription'), {
      input: { customerId: w.customer, planId: 'plan-usage', billingPeriod: 'MONTHLY', budget: { limit: 3, hasSoftLimit: false } },
    });
    expect(created.errors).toBeUndefined();
    expect(await w.read(created.data!.createSubscription.subscriptionId)).toMatchObject({ budget: { limit: 3, hasSoftLimit: false } });
  });

  it('a budget of its own wins over the trial budget', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', budget: { limit: 50, hasSoftLimit: false } });
    expect(await w.read(id)).toMatchObject({ status: 'IN_TRIAL', budget: { limit: 50, hasSoftLimit: false } });
    await w.usage('f-api', 3);
    expect(await w.check('f-api')).toMatchObject({ isGranted: true });
  });
});

describe('budget: bad input and edge cases', () => {
  it('a negative or non-finite limit is refused with BadUserInput and nothing is written', async () => {
    const w = await world();
    expect(codeOf(await w.provision({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, subscriptionId: 's-bad', budget: { limit: -1, hasSoftLimit: false } }))).toBe('BadUserInput');
    expect(codeOf(await gql(emu, w.serverKey, READ, { input: { subscriptionId: 's-bad' } }))).toBe('SubscriptionNotFound');
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true, budget: { limit: 10, hasSoftLimit: false } });
    expect(codeOf(await w.update({ subscriptionId: id, budget: { limit: -5, hasSoftLimit: true } }))).toBe('BadUserInput');
    expect(codeOf(await w.update({ subscriptionId: id, budget: { limit: 1e300, hasSoftLimit: true } }))).toBe('BadUserInput');
    expect(await w.read(id)).toMatchObject({ budget: { limit: 10, hasSoftLimit: false } });
  });

  it('a budget on a plan without usage-based prices is kept but never spent', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-flat', billingPeriod: 'MONTHLY', budget: { limit: 1, hasSoftLimit: false } });
    await w.usage('f-api', 50);
    expect(await w.read(id)).toMatchObject({ budget: { limit: 1, hasSoftLimit: false }, budgetExceeded: false });
    expect(await w.check('f-api')).toMatchObject({ isGranted: true, currentUsage: 50, usageLimit: 100 });
    expect(await w.spent()).toEqual([]);
  });

  it('minimumSpend is still refused on updates (UnsupportedParameter)', async () => {
    const w = await world();
    const id = await w.subscribe({ planId: 'plan-usage', billingPeriod: 'MONTHLY', skipTrial: true });
    expect(codeOf(await w.update({ subscriptionId: id, minimumSpend: { minimum: { amount: 5, currency: 'USD' } } }))).toBe('UnsupportedParameter');
  });
});

describe('fixtures and export', () => {
  it('a fixture subscription carries its budget through export and import', async () => {
    const a = newEnvironment('budget-exp');
    await rest(emu, 'POST', `/_emulator/environments/${a.id}/clock`, { to: NOW, frozen: true });
    expect(await gql(emu, a.serverKey, READ, { input: { subscriptionId: 's-fixture' } })).toMatchObject({
      data: { getSubscription: { budget: { limit: 100, hasSoftLimit: true }, budgetExceeded: false } },
    });
    const exported = await rest(emu, 'GET', `/_emulator/environments/${a.id}/export`);
    const customer = exported.body.customers.find((c: { id: string }) => c.id === 'c-fixture');
    expect(customer.subscriptions[0].budget).toEqual({ limit: 100, hasSoftLimit: true });
    const b = newEnvironment('budget-imp');
    await rest(emu, 'POST', `/_emulator/environments/${b.id}/clock`, { to: NOW, frozen: true });
    expect((await rest(emu, 'POST', `/_emulator/environments/${b.id}/import`, exported.body)).status).toBe(200);
    expect((await gql(emu, b.serverKey, READ, { input: { subscriptionId: 's-fixture' } })).data!.getSubscription.budget).toEqual({ limit: 100, hasSoftLimit: true });
    expect((await rest(emu, 'GET', `/_emulator/environments/${b.id}/export`)).body).toEqual(exported.body);
  });
});
