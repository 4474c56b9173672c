/**
 * The time-travel scenarios of docs/time-travel.md, living through months: statuses, entitlements,
 * usage, the clock's `applied` list and the webhooks delivered to a real HTTP endpoint. Each runs
 * twice: with a frozen clock moved by jumps, and with a clock running at real speed plus jumps.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { gql, newEnvironment, rest } from '../support/emulator.js';
import { Receiver, waitFor, webhookEmulator } from '../webhooks/support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'lifecycle.yaml');

const PROVISION = `mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { status isScheduled subscription { id status } } }`;
const CANCEL = `mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { id status endDate } }`;
const ACTIVE = `query($input: GetActiveSubscriptionsInput!) { getActiveSubscriptions(input: $input) { id status startDate plan { refId } currentBillingPeriodStart currentBillingPeriodEnd } }`;
const GET = `query($input: GetSubscriptionInput!) { getSubscription(input: $input) { id status cancelReason endDate } }`;
const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted usageLimit currentUsage usagePeriodStart usagePeriodEnd } }`;
const REPORT = `mutation($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }`;

let emu: Emulator;
let receiver: Receiver;
beforeAll(async () => {
  // environments start before every scenario's first instant, so the first move goes forward
  emu = webhookEmulator({ fixtures: [FIXTURES], startTime: new Date('2024-12-01T00:00:00Z') });
  receiver = await receiverStarted();
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

async function receiverStarted() {
  return new Receiver().start();
}

type Mode = 'frozen' | 'running';

/** An environment whose clock starts at `start` (frozen, or running at real speed), with customer c1 and a webhook endpoint. */
async function world(mode: Mode, start = '2025-01-01T00:00:00Z') {
  const env = newEnvironment(`life-${mode}`);
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: start, frozen: mode === 'frozen' });
  const path = `/hook/${env.id}`;
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: `${receiver.url}${path}`, secret: 's' });
  await gql(emu, env.serverKey, `mutation { provisionCustomer(input: { customerId: "c1" }) { customer { id } } }`);
  const key = env.serverKey;
  return {
    ...env,
    provision: async (input: Record<string, unknown>) => {
      const res = await gql(emu, key, PROVISION, { input: { customerId: 'c1', ...input } });
      expect(res.errors).toBeUndefined();
      return res.data!.provisionSubscriptionV2;
    },
    cancel: async (input: Record<string, unknown>) => (await gql(emu, key, CANCEL, { input })).data!.cancelSubscription,
    active: async () => (await gql(emu, key, ACTIVE, { input: { customerId: 'c1' } })).data!.getActiveSubscriptions as any[],
    get: async (id: string) => (await gql(emu, key, GET, { input: { subscriptionId: id } })).data!.getSubscription,
    entitlement: async (featureId: string) => (await gql(emu, key, ENTITLEMENT, { query: { customerId: 'c1', featureId } })).data!.entitlement,
    report: async (featureId: string, value: number) => (await gql(emu, key, REPORT, { input: { customerId: 'c1', featureId, value } })).data!.reportUsage,
    /** jump: to an instant (frozen or running, the clock lands there) */
    jump: async (to: string) => {
      const res = await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to });
      expect(res.status).toBe(200);
      return res.body.applied as { at: string; type: string; subscriptionId: string | null; from: string | null; to: string | null }[];
    },
    log: async () => (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string; payload: any; deliveries: any[] }[],
    /** the webhook types the endpoint received, once every recorded event has been delivered */
    delivered: async () => {
      const log = (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { messageId: string; type: string }[];
      await waitFor(() => receiver.received.filter((r) => r.path === path).length >= log.length, 5000);
      const got = receiver.received.filter((r) => r.path === path).map((r) => r.body);
      // delivery order is not guaranteed (RULES 9.1): compare as the log orders them
      const byId = new Map(got.map((b) => [b.messageId, b]));
      expect(log.every((e) => byId.has(e.messageId))).toBe(true);
      return log.map((e) => e.type);
    },
  };
}

const pairs = (applied: { at: string; type: string }[]) => applied.map((a) => `${a.at} ${a.type}`);

describe.each<Mode>(['frozen', 'running'])('scenarios (%s clock)', (mode) => {
  it('1. a 14-day trial that is not converted expires and the customer drops to the free plan', async () => {
    const w = await world(mode);
    const { subscription } = await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' });
    expect(subscription.status).toBe('IN_TRIAL');
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: true });

    expect(pairs(await w.jump('2025-01-10T00:00:00Z'))).toEqual(['2025-01-08T00:00:00.000Z subscription.trial.ends_soon']);
    expect((await w.get(subscription.id)).status).toBe('IN_TRIAL');

    expect(pairs(await w.jump('2025-01-20T00:00:00Z'))).toEqual([
      '2025-01-15T00:00:00.000Z subscription.trial_expired',
      '2025-01-15T00:00:00.000Z subscription.downgraded_to_free',
    ]);
    expect(await w.get(subscription.id)).toMatchObject({ status: 'EXPIRED', cancelReason: 'TrialEnded', endDate: '2025-01-15T00:00:00.000Z' });
    const [free] = await w.active();
    expect(free).toMatchObject({ status: 'ACTIVE', startDate: '2025-01-15T00:00:00.000Z', plan: { refId: 'plan-free' } });
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: false });
    expect(await w.entitlement('feature-api')).toMatchObject({ isGranted: true, usageLimit: 100 });
    expect(await w.delivered()).toEqual([
      'customer.created',
      'subscription.created',
      'subscription.trial_started',
      'entitlements.updated',
      'subscription.trial.ends_soon',
      'subscription.trial_expired',
      'subscription.created',
      'entitlements.updated',
    ]);
  });

  it('2. a monthly plan started on 31 January renews on the 28th, then the 31st, and its usage restarts at each renewal', async () => {
    const w = await world(mode, '2025-01-31T00:00:00Z');
    const { subscription } = await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true, startDate: '2025-01-31T00:00:00Z' });
    expect(subscription.status).toBe('ACTIVE');
    expect((await w.report('feature-api', 700)).currentUsage).toBe(700);
    expect(pairs(await w.jump('2025-02-27T00:00:00Z'))).toEqual([]);
    expect(await w.entitlement('feature-api')).toMatchObject({ currentUsage: 700, usagePeriodEnd: '2025-02-28T00:00:00.000Z' });

    expect(pairs(await w.jump('2025-03-01T00:00:00Z'))).toEqual(['2025-02-28T00:00:00.000Z subscription.renewed']);
    expect(await w.entitlement('feature-api')).toMatchObject({ currentUsage: 0, usagePeriodStart: '2025-02-28T00:00:00.000Z', usagePeriodEnd: '2025-03-31T00:00:00.000Z' });
    const [sub] = await w.active();
    expect(sub).toMatchObject({ currentBillingPeriodStart: '2025-02-28T00:00:00.000Z', currentBillingPeriodEnd: '2025-03-31T00:00:00.000Z' });
    expect((await w.report('feature-api', 850)).currentUsage).toBe(850);

    expect(pairs(await w.jump('2025-05-01T00:00:00Z'))).toEqual([
      '2025-03-31T00:00:00.000Z subscription.renewed',
      '2025-04-30T00:00:00.000Z subscription.renewed',
    ]);
    expect(await w.entitlement('feature-api')).toMatchObject({ currentUsage: 0, usagePeriodStart: '2025-04-30T00:00:00.000Z', usagePeriodEnd: '2025-05-31T00:00:00.000Z' });
    // each report is a measurement.reported; 850 of 1000 crossed the 80% threshold: one entitlement.usage_exceeded
    expect(await w.delivered()).toEqual(['customer.created', 'subscription.created', 'entitlements.updated', 'measurement.reported', 'measurement.reported', 'entitlement.usage_exceeded']);
    const exceeded = (await w.log()).find((e) => e.type === 'entitlement.usage_exceeded')!;
    expect(exceeded.payload).toMatchObject({ thresholdPercentage: 80, currentUsage: 850, usageLimit: 1000, feature: { id: 'feature-api' }, customer: { id: 'c1' } });
  });

  it('3. a downgrade scheduled for the end of the period takes effect at that instant', async () => {
    const w = await world(mode);
    const plus = (await w.provision({ planId: 'plan-plus', billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' })).subscription;
    const down = await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    expect(down).toMatchObject({ isScheduled: true, subscription: { id: plus.id, status: 'ACTIVE' } });
    expect(pairs(await w.jump('2025-01-20T00:00:00Z'))).toEqual([]);
    expect(await w.entitlement('feature-api')).toMatchObject({ usageLimit: 5000 });

    const applied = await w.jump('2025-02-02T00:00:00Z');
    expect(pairs(applied)).toEqual(['2025-02-01T00:00:00.000Z subscription.canceled', '2025-02-01T00:00:00.000Z subscription.schedule_applied']);
    expect(applied[1]).toMatchObject({ from: 'plan-plus', to: 'plan-pro' });
    expect(await w.get(plus.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade' });
    const [pro] = await w.active();
    expect(pro).toMatchObject({ startDate: '2025-02-01T00:00:00.000Z', plan: { refId: 'plan-pro' } });
    expect(await w.entitlement('feature-api')).toMatchObject({ usageLimit: 1000 });
    expect(await w.delivered()).toEqual(['customer.created', 'subscription.created', 'entitlements.updated', 'subscription.updated', 'subscription.canceled', 'subscription.created', 'entitlements.updated']);
    expect((await w.log()).at(-2)!.payload).toMatchObject({ isDowngrade: true, plan: { id: 'plan-pro' } });
  });

  it('4. a cancellation at the end of the period keeps access until then, then the free plan follows', async () => {
    const w = await world(mode);
    const pro = (await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true, startDate: '2025-01-01T00:00:00Z' })).subscription;
    expect(await w.cancel({ subscriptionRefId: pro.id })).toMatchObject({ status: 'ACTIVE', endDate: '2025-02-01T00:00:00.000Z' });
    expect(pairs(await w.jump('2025-01-25T00:00:00Z'))).toEqual([]);
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: true });
    expect(pairs(await w.jump('2025-02-05T00:00:00Z'))).toEqual(['2025-02-01T00:00:00.000Z subscription.canceled', '2025-02-01T00:00:00.000Z subscription.downgraded_to_free']);
    expect(await w.get(pro.id)).toMatchObject({ status: 'CANCELED', cancelReason: 'ScheduledCancellation' });
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: false });
    expect((await w.active()).map((s) => s.plan.refId)).toEqual(['plan-free']);
    expect(await w.delivered()).toEqual(['customer.created', 'subscription.created', 'entitlements.updated', 'subscription.updated', 'subscription.canceled', 'subscription.created', 'entitlements.updated']);
  });

  it('5. a promotional entitlement expires after its period', async () => {
    const w = await world(mode);
    await w.provision({ planId: 'plan-free', startDate: '2025-01-01T00:00:00Z' });
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [{ id: 'c1', promotionalEntitlements: [{ featureId: 'feature-sso', period: 'ONE_WEEK' }] }],
    });
    expect(loaded.status).toBe(200);
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: true });
    expect(pairs(await w.jump('2025-01-07T00:00:00Z'))).toEqual([]);
    const applied = await w.jump('2025-01-09T00:00:00Z');
    expect(applied.map((a) => a.type)).toEqual(['promotionalEntitlement.expired']);
    expect(applied[0]!.at.startsWith('2025-01-08T00:00:00')).toBe(true);
    expect(await w.entitlement('feature-sso')).toMatchObject({ isGranted: false });
    const types = await w.delivered();
    expect(types.at(-1)).toBe('promotionalEntitlement.expired');
    expect((await w.log()).at(-1)!.payload).toMatchObject({ status: 'Expired', feature: { id: 'feature-sso' }, customer: { id: 'c1' }, period: '1 week' });
  });
});

describe('a jump equals the walk', () => {
  async function seeded() {
    const w = await world('frozen');
    await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' }); // trial, then the free plan
    await gql(emu, w.serverKey, `mutation { provisionCustomer(input: { customerId: "c2" }) { customer { id } } }`);
    await gql(emu, w.serverKey, PROVISION, { input: { customerId: 'c2', planId: 'plan-plus', billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' } });
    await gql(emu, w.serverKey, PROVISION, { input: { customerId: 'c2', planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true } }); // scheduled downgrade
    return w;
  }
  const logOf = async (w: Awaited<ReturnType<typeof world>>) => (await w.log()).map((e) => `${e.type} ${e.payload.timestamp} ${e.payload.id ?? ''}`);
  const exportOf = async (id: string) => (await rest(emu, 'GET', `/_emulator/environments/${id}/export`)).body;

  it('a jump of 400 days applies the same transitions, events and state as 400 jumps of one day, and as a walk in daily steps', async () => {
    const jump = await seeded();
    const days = await seeded();
    const walk = await seeded();
    const jumped = await jump.jump('2026-02-05T00:00:00Z');
    const stepped: typeof jumped = [];
    for (let day = 1; day <= 400; day += 1) {
      const res = await rest(emu, 'POST', `/_emulator/environments/${days.id}/clock`, { advance: 'P1D' });
      stepped.push(...res.body.applied);
    }
    const walked = (await rest(emu, 'POST', `/_emulator/environments/${walk.id}/clock`, { to: '2026-02-05T00:00:00Z', step: 'P1D' })).body.applied;

    expect(jumped.length).toBe(17); // c1: trial notice, expiry, free plan; c2: the downgrade (2) and 12 renewals
    const strip = (list: typeof jumped) => list.map(({ at, type, customerId, from, to }: any) => ({ at, type, customerId, from, to }));
    expect(strip(stepped)).toEqual(strip(jumped));
    expect(strip(walked)).toEqual(strip(jumped));
    // generated ids and the per-environment webhook URL differ; everything else is the same
    const norm = (doc: any) => JSON.stringify({ ...doc, webhooks: [] }).replace(/subscription-plan-[a-z]+-[0-9a-f]{6}/g, 'ID');
    expect(norm(await exportOf(days.id))).toEqual(norm(await exportOf(jump.id)));
    expect(norm(await exportOf(walk.id))).toEqual(norm(await exportOf(jump.id)));
    const strippedLog = async (w: Awaited<ReturnType<typeof world>>) => (await logOf(w)).map((l) => l.replace(/subscription-plan-[a-z]+-[0-9a-f]{6}/g, 'ID'));
    expect(await strippedLog(days)).toEqual(await strippedLog(jump));
  });

  it('GET clock shows the next due transition, so a test can jump exactly to it', async () => {
    const w = await world('frozen');
    const { subscription } = await w.provision({ planId: 'plan-pro', billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' });
    const clock = (await rest(emu, 'GET', `/_emulator/environments/${w.id}/clock`)).body;
    expect(clock.nextDue).toEqual({ at: '2025-01-08T00:00:00.000Z', kind: 'subscription.trial.ends_soon', customerId: 'c1', subscriptionId: subscription.id });
    const moved = (await rest(emu, 'POST', `/_emulator/environments/${w.id}/clock`, { to: clock.nextDue.at })).body;
    expect(moved.applied.map((a: any) => a.type)).toEqual(['subscription.trial.ends_soon']);
    expect(moved.nextDue).toMatchObject({ at: '2025-01-15T00:00:00.000Z', kind: 'subscription.trial_end' });
    const journal = (await rest(emu, 'GET', `/_emulator/environments/${w.id}/requests`)).body;
    const entries = Array.isArray(journal) ? journal : journal.requests;
    expect(entries.filter((e: any) => e.transport === 'control').at(-1)).toMatchObject({ operationName: 'clock', applied: [expect.objectContaining({ type: 'subscription.trial.ends_soon' })] });
  });
});

describe('bad clock moves', () => {
  it('backwards, a malformed step, a walk of more than 100,000 steps: 400 and nothing changes', async () => {
    const w = await world('frozen');
    const path = `/_emulator/environments/${w.id}/clock`;
    const bad = async (body: unknown) => {
      const res = await rest(emu, 'POST', path, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/InvalidClockMove|BadUserInput/);
    };
    await bad({ to: '2024-01-01T00:00:00Z' });
    await bad({ advance: 'P1D', step: 'soon' });
    await bad({ advance: 'P1D', step: 'P0D' });
    await bad({ advance: 'P400D', step: 'PT1M' });
    await bad({ step: 'P1D' });
    expect((await rest(emu, 'GET', path)).body.now).toBe('2025-01-01T00:00:00.000Z');
  });
});
