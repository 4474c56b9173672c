/**
 * The official @stigg/node-server-sdk (3.95.0) provisioning, listing, reading and cancelling
 * subscriptions against the emulator over a real socket (built-in demo seed, clock frozen), with an
 * entitlement check after each step showing its effect. The suite runs twice: with the SDK's
 * defaults (edge reads on the emulator's edge port, realtime updates on) and with
 * `enableEdge: false, realtimeUpdatesEnabled: false`.
 *
 * With realtime on, the SDK answers entitlements from a cache the emulator's pushes keep current,
 * so the checks after a change poll (bounded) until the change shows.
 */
import { randomUUID } from 'node:crypto';
import { BillingPeriod, Stigg, SubscriptionCancellationTime } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { waitForListener } from '../realtime/support.js';
import { gql, testEmulator } from '../support/emulator.js';

const NOW = '2025-03-10T12:00:00.000Z';
const MONTH_LATER = '2025-04-10T12:00:00.000Z';
const TRIAL_END = '2025-03-24T12:00:00.000Z'; // plan-revvenu-growth: a 14-day trial
const TEST_TIMEOUT = 20_000;

let emu: Emulator;
let url: string;
let edgeUrl: string;

beforeAll(async () => {
  emu = testEmulator({ edgePort: 0 });
  const urls = await emu.listen();
  url = urls.url;
  edgeUrl = urls.edgeUrl!;
});

afterAll(() => emu.close());

/** Poll until check answers a value (bounded: 5 s). */
async function poll<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const subscriptionIdOf = (planId: string) => new RegExp(`^subscription-${planId}-[0-9a-f]{6}$`);

describe.each([
  ['SDK defaults: edge on, realtime on', true],
  ['enableEdge: false, realtimeUpdatesEnabled: false', false],
] as const)('@stigg/node-server-sdk subscriptions (%s)', (_name, defaults) => {
  const envId = `sdk-subs-${randomUUID()}`;
  const apiKey = `server-${envId}`;
  let stigg: Stigg;

  const moveClock = async (body: Record<string, unknown>) => {
    const res = await fetch(`${url}/_emulator/environments/${envId}/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as { now: string; frozen: boolean; applied: { type?: string; subscriptionId?: string; [k: string]: unknown }[] };
  };

  const hasAccessTo = (customerId: string, featureId: string, expected: boolean) =>
    poll(async () => {
      const e = await stigg.getBooleanEntitlement({ customerId, featureId });
      return e.hasAccess === expected ? e : null;
    }, `${customerId} ${featureId} hasAccess ${expected}`);

  const meteredWhen = (customerId: string, featureId: string, accept: (e: { hasAccess: boolean; usageLimit?: number | null }) => boolean) =>
    poll(async () => {
      const e = await stigg.getMeteredEntitlement({ customerId, featureId });
      return accept(e) ? e : null;
    }, `${customerId} ${featureId}`);

  beforeAll(async () => {
    // the environment is created (seeded) by its first clock move
    expect(await moveClock({ to: NOW, frozen: true })).toMatchObject({ now: NOW, frozen: true });
    stigg = Stigg.initialize(
      defaults
        ? { apiKey, baseUri: url, baseEdgeUri: edgeUrl } // edge and realtime left at the SDK's defaults (on)
        : { apiKey, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false },
    );
    await stigg.waitForInitialization();
    if (defaults) {
      for (const topic of ['entitlementsUpdated', 'usageUpdated'] as const) await waitForListener(emu, envId, topic);
    }
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await stigg?.close();
  });

  it(
    'provisionSubscription: a paid plan with an add-on is ACTIVE at once, and its entitlements are granted',
    async () => {
      await stigg.provisionCustomer({ customerId: 'c-provision', subscriptionParams: null });
      const before = await stigg.getBooleanEntitlement({ customerId: 'c-provision', featureId: 'feature-03-custom-domain' });
      expect(before.hasAccess).toBe(false);

      const result = await stigg.provisionSubscription({
        customerId: 'c-provision',
        planId: 'plan-revvenu-essentials',
        billingPeriod: BillingPeriod.Monthly,
        addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }],
        metadata: { source: 'sdk-test' },
      });
      expect(result.provisionStatus).toBe('SUCCESS');
      expect(result.checkoutUrl ?? null).toBeNull();
      expect(result.subscription).toMatchObject({
        status: 'ACTIVE',
        customerId: 'c-provision',
        planId: 'plan-revvenu-essentials',
        pricingType: 'PAID',
        resource: null,
        metadata: { source: 'sdk-test' },
        addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }],
      });
      expect(result.subscription!.id).toMatch(subscriptionIdOf('plan-revvenu-essentials'));
      expect(result.subscription!.totalPrice?.total).toMatchObject({ amount: 30, currency: 'USD' }); // $20 + 2 x $5

      // Essentials' own feature, and campaigns: 20 from the plan + 2 x 10 from the add-on
      expect((await hasAccessTo('c-provision', 'feature-03-custom-domain', true)).hasAccess).toBe(true);
      const campaigns = await meteredWhen('c-provision', 'feature-02-campaigns', (e) => e.usageLimit === 40);
      expect(campaigns).toMatchObject({ hasAccess: true, usageLimit: 40, currentUsage: 0 });
      const seats = await stigg.getMeteredEntitlement({ customerId: 'c-provision', featureId: 'feature-seats', options: { requestedUsage: 5 } });
      expect(seats).toMatchObject({ hasAccess: true, usageLimit: 5 });
    },
    TEST_TIMEOUT,
  );

  it(
    'getActiveSubscriptions, getActiveSubscriptionsList, getSubscription: a trial beside the paid subscription',
    async () => {
      await stigg.provisionCustomer({ customerId: 'c-list', subscriptionParams: null });
      const paid = await stigg.provisionSubscription({ customerId: 'c-list', planId: 'plan-revvenu-essentials', billingPeriod: BillingPeriod.Monthly });
      // Growth has a 14-day default trial and c-list never trialled Revvenu: the trial starts beside
      // the paid Essentials subscription, which goes on
      const trial = await stigg.provisionSubscription({ customerId: 'c-list', planId: 'plan-revvenu-growth', billingPeriod: BillingPeriod.Monthly });
      expect(trial.subscription).toMatchObject({ status: 'IN_TRIAL', planId: 'plan-revvenu-growth' });
      const paidId = paid.subscription!.id;
      const trialId = trial.subscription!.id;

      const full = await stigg.getActiveSubscriptions({ customerId: 'c-list' });
      expect(full.map((s) => [s.id, s.plan.id, s.status]).sort()).toEqual(
        [
          [paidId, 'plan-revvenu-essentials', 'ACTIVE'],
          [trialId, 'plan-revvenu-growth', 'IN_TRIAL'],
        ].sort(),
      );
      const growth = full.find((s) => s.id === trialId)!;
      expect(growth.trialEndDate?.toISOString()).toBe(TRIAL_END);
      expect(growth.startDate.toISOString()).toBe(NOW);
      expect(growth.plan.product.id).toBe('product-revvenu');

      const slim = await stigg.getActiveSubscriptionsList({ customerId: 'c-list' });
      expect(slim.map((s) => [s.subscriptionId, s.plan.planId, s.status]).sort()).toEqual(
        [
          [paidId, 'plan-revvenu-essentials', 'ACTIVE'],
          [trialId, 'plan-revvenu-growth', 'IN_TRIAL'],
        ].sort(),
      );
      // a resource: only that resource's subscriptions, and c-list has none
      expect(await stigg.getActiveSubscriptionsList({ customerId: 'c-list', resourceId: 'site-1' })).toEqual([]);
      expect(await stigg.getActiveSubscriptions({ customerId: 'c-list', resourceId: 'site-1' })).toEqual([]);

      const one = await stigg.getSubscription({ subscriptionId: trialId });
      expect(one).toMatchObject({ id: trialId, status: 'IN_TRIAL', pricingType: 'PAID', plan: { id: 'plan-revvenu-growth' } });
      expect(one.trialEndDate?.toISOString()).toBe(TRIAL_END);
      await expect(stigg.getSubscription({ subscriptionId: 'subscription-that-does-not-exist' })).rejects.toThrow(/not found/i);

      // the trial grants Growth's features (analytics; 20 seats, the higher of the two plans)
      expect((await hasAccessTo('c-list', 'feature-04-analytics', true)).hasAccess).toBe(true);
      const seats = await meteredWhen('c-list', 'feature-seats', (e) => e.usageLimit === 20);
      expect(seats).toMatchObject({ hasAccess: true, usageLimit: 20 });

      if (defaults) {
        // the SDK's default: the slim list is read through the edge
        const journal = (await (await fetch(`${url}/_emulator/environments/${envId}/requests`)).json()) as { requests: { transport: string; operationName: string }[] };
        expect(journal.requests.some((r) => r.transport === 'edge' && r.operationName === 'active-subscriptions')).toBe(true);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'provisionSubscription of the trialled plan converts the trial: one paid Growth subscription',
    async () => {
      await stigg.provisionCustomer({ customerId: 'c-convert', subscriptionParams: null });
      const paid = await stigg.provisionSubscription({ customerId: 'c-convert', planId: 'plan-revvenu-essentials', billingPeriod: BillingPeriod.Monthly });
      const trial = await stigg.provisionSubscription({ customerId: 'c-convert', planId: 'plan-revvenu-growth', billingPeriod: BillingPeriod.Monthly });
      expect(trial.subscription?.status).toBe('IN_TRIAL');

      // one trial per product: the second Growth is paid, and it ends both the trial and Essentials
      const converted = await stigg.provisionSubscription({
        customerId: 'c-convert',
        planId: 'plan-revvenu-growth',
        billingPeriod: BillingPeriod.Monthly,
        billableFeatures: [{ featureId: 'feature-01-templates', quantity: 7 }],
      });
      expect(converted.subscription).toMatchObject({ status: 'ACTIVE', planId: 'plan-revvenu-growth' });
      const active = await stigg.getActiveSubscriptions({ customerId: 'c-convert' });
      expect(active.map((s) => [s.id, s.status])).toEqual([[converted.subscription!.id, 'ACTIVE']]);

      const reasons = await gql(emu, apiKey, `query ($a: GetSubscriptionInput!, $b: GetSubscriptionInput!) {
        trial: getSubscription(input: $a) { status cancelReason }
        paid: getSubscription(input: $b) { status cancelReason }
      }`, { a: { subscriptionId: trial.subscription!.id }, b: { subscriptionId: paid.subscription!.id } });
      expect(reasons.data).toEqual({
        trial: { status: 'CANCELED', cancelReason: 'TrialConverted' },
        paid: { status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade' },
      });

      // the bought templates are the limit now
      const templates = await meteredWhen('c-convert', 'feature-01-templates', (e) => e.usageLimit === 7);
      expect(templates).toMatchObject({ hasAccess: true, usageLimit: 7 });
    },
    TEST_TIMEOUT,
  );

  it(
    'cancelSubscription IMMEDIATE: CANCELED now, its entitlements revoked (the journey drops the customer to Basic)',
    async () => {
      await stigg.provisionCustomer({ customerId: 'c-cancel', subscriptionParams: null });
      const provisioned = await stigg.provisionSubscription({ customerId: 'c-cancel', planId: 'plan-revvenu-essentials', billingPeriod: BillingPeriod.Monthly });
      const id = provisioned.subscription!.id;
      await hasAccessTo('c-cancel', 'feature-03-custom-domain', true);

      const canceled = await stigg.cancelSubscription({ subscriptionId: id, subscriptionCancellationTime: SubscriptionCancellationTime.Immediate });
      expect(canceled).toMatchObject({ id, status: 'CANCELED', planId: 'plan-revvenu-essentials' });
      expect(canceled.effectiveEndDate?.toISOString()).toBe(NOW);

      const domain = await hasAccessTo('c-cancel', 'feature-03-custom-domain', false);
      expect(domain.hasAccess).toBe(false);
      const seats = await meteredWhen('c-cancel', 'feature-seats', (e) => !e.hasAccess);
      expect(seats.hasAccess).toBe(false);
      // what is left is Basic's: 3 templates
      const templates = await meteredWhen('c-cancel', 'feature-01-templates', (e) => e.usageLimit === 3);
      expect(templates).toMatchObject({ hasAccess: true, usageLimit: 3 });

      const active = await stigg.getActiveSubscriptions({ customerId: 'c-cancel' });
      expect(active.map((s) => [s.plan.id, s.status])).toEqual([['plan-revvenu-basic', 'ACTIVE']]);
      expect((await stigg.getSubscription({ subscriptionId: id })).status).toBe('CANCELED');
      await expect(stigg.cancelSubscription({ subscriptionId: id, subscriptionCancellationTime: SubscriptionCancellationTime.Immediate })).rejects.toThrow();
    },
    TEST_TIMEOUT,
  );

  // moves the clock of this environment: kept last
  it(
    'cancelSubscription END_OF_BILLING_PERIOD: access goes on until the clock passes the period end',
    async () => {
      await stigg.provisionCustomer({ customerId: 'c-period', subscriptionParams: null });
      const provisioned = await stigg.provisionSubscription({ customerId: 'c-period', planId: 'plan-revvenu-essentials', billingPeriod: BillingPeriod.Monthly });
      const id = provisioned.subscription!.id;

      const scheduled = await stigg.cancelSubscription({ subscriptionId: id, subscriptionCancellationTime: SubscriptionCancellationTime.EndOfBillingPeriod });
      expect(scheduled).toMatchObject({ id, status: 'ACTIVE' });
      expect(scheduled.effectiveEndDate?.toISOString()).toBe(MONTH_LATER);
      const read = await stigg.getSubscription({ subscriptionId: id });
      expect(read.status).toBe('ACTIVE');
      expect(read.endDate?.toISOString()).toBe(MONTH_LATER);
      expect((await stigg.getBooleanEntitlement({ customerId: 'c-period', featureId: 'feature-03-custom-domain' })).hasAccess).toBe(true);

      // a minute before the end: still ACTIVE and granted
      const almost = await moveClock({ to: '2025-04-10T11:59:00.000Z' });
      expect(almost.applied.filter((a) => JSON.stringify(a).includes(id))).toEqual([]);
      expect((await stigg.getSubscription({ subscriptionId: id })).status).toBe('ACTIVE');
      expect((await stigg.getBooleanEntitlement({ customerId: 'c-period', featureId: 'feature-03-custom-domain' })).hasAccess).toBe(true);

      // past the end: the move applies the cancellation (and the journey's downgrade to Basic)
      const past = await moveClock({ advance: 'PT2M' });
      expect(past.now).toBe('2025-04-10T12:01:00.000Z');
      expect(past.applied.some((a) => JSON.stringify(a).includes(id))).toBe(true);
      const ended = await stigg.getSubscription({ subscriptionId: id });
      expect(ended.status).toBe('CANCELED');
      expect((await hasAccessTo('c-period', 'feature-03-custom-domain', false)).hasAccess).toBe(false);
      const active = await stigg.getActiveSubscriptions({ customerId: 'c-period' });
      expect(active.map((s) => [s.plan.id, s.status])).toEqual([['plan-revvenu-basic', 'ACTIVE']]);
      const reason = await gql(emu, apiKey, `query ($input: GetSubscriptionInput!) { getSubscription(input: $input) { cancelReason } }`, { input: { subscriptionId: id } });
      expect(reason.data!.getSubscription.cancelReason).toBe('ScheduledCancellation');
    },
    TEST_TIMEOUT,
  );
});
