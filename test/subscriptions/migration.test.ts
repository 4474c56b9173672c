/**
 * Plan versions and migrateSubscriptionToLatest (RULES 2.6.5, 2.8.9, E53-E54) through GraphQL over
 * HTTP with the clients' own documents, clock frozen and moved by the control plane. Later versions
 * are published by loading more fixtures into the running environment.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'versions.yaml');
const NOW = '2025-01-10T00:00:00.000Z';
const PERIOD_END = '2025-02-10T00:00:00.000Z';

const PRO_V1 = `{ id: plan-pro, productId: product-main, pricingType: PAID, defaultTrialConfig: { duration: 14, units: DAY },
    prices: [ { billingPeriod: MONTHLY, amount: 50 } ], entitlements: [ { featureId: feature-seats, usageLimit: 10 } ]`;
const V2 = `{ version: 2, prices: [ { billingPeriod: MONTHLY, amount: 60 } ], entitlements: [ { featureId: feature-seats, usageLimit: 20 }, { featureId: feature-sso } ] }`;
const V3 = `{ version: 3, entitlements: [ { featureId: feature-seats, usageLimit: 30 }, { featureId: feature-sso } ] }`;
const PUBLISH_V2 = `plans:\n  - ${PRO_V1}, versions: [ ${V2} ] }\n`;
const PUBLISH_V3 = `plans:\n  - ${PRO_V1}, versions: [ ${V2}, ${V3} ] }\n`;
const TEAM_V2 = `plans:
  - id: plan-team
    productId: product-main
    pricingType: PAID
    prices: [ { billingPeriod: MONTHLY, amount: 20 }, { billingModel: PER_UNIT, billingPeriod: MONTHLY, amount: 5, featureId: feature-seats, maxUnitQuantity: 10 } ]
    versions:
      - { version: 2, prices: [ { billingPeriod: MONTHLY, amount: 25 }, { billingModel: PER_UNIT, billingPeriod: MONTHLY, amount: 4, featureId: feature-seats, maxUnitQuantity: 5 } ] }
`;

const FIELDS = `id status plan { refId versionNumber isLatest } prices { price { price { amount } } }
  scheduledUpdates { subscriptionScheduleType scheduleStatus scheduledExecutionTime scheduleVariables { __typename } targetPackage { refId versionNumber } }`;
const GET = `query($input: GetSubscriptionInput!) { getSubscription(input: $input) { ${FIELDS} } }`;
const MIGRATE = `mutation($input: SubscriptionMigrationInput!) { migrateSubscriptionToLatest(input: $input) { ${FIELDS} } }`;
const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { usageLimit isGranted } }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

async function world() {
  const env = newEnvironment('mig');
  const clock = async (body: Record<string, unknown>) => (await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, body)).body;
  await clock({ to: NOW, frozen: true });
  const provision = async (customerId: string, input: Record<string, unknown>) => {
    const res = await gql(emu, env.serverKey, clientOperation('node', 'ProvisionSubscription'), { input: { customerId, billingPeriod: 'MONTHLY', ...input } });
    expect(res.errors).toBeUndefined();
    return res.data!.provisionSubscription.subscription.id as string;
  };
  const publish = async (yaml: string) => {
    const res = await rest(emu, 'POST', `/_emulator/environments/${env.id}/fixtures`, yaml, { 'content-type': 'application/yaml' });
    expect(res.status).toBe(200);
  };
  const get = async (id: string) => (await gql(emu, env.serverKey, GET, { input: { subscriptionId: id } })).data!.getSubscription;
  const migrate = (input: Record<string, unknown>) => gql(emu, env.serverKey, MIGRATE, { input });
  const migrateAs = (client: Client, input: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation(client, 'MigrateSubscriptionToLatest'), { input });
  const limit = async (customerId: string, featureId: string) =>
    (await gql(emu, env.serverKey, ENTITLEMENT, { query: { customerId, featureId } })).data!.entitlement as { usageLimit: number | null; isGranted: boolean };
  const events = async (type: string) => (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks?type=${type}`)).body.events as { payload: Record<string, any> }[];
  return { ...env, clock, provision, publish, get, migrate, migrateAs, limit, events };
}

describe('plan versions', () => {
  it('E53: a subscription stays on its version (entitlements, prices, plan read) when a newer one is published; new ones get the latest', async () => {
    const w = await world();
    const old = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    await w.publish(PUBLISH_V2);
    expect(await w.get(old)).toMatchObject({ plan: { refId: 'plan-pro', versionNumber: 1, isLatest: false }, prices: [{ price: { price: { amount: 50 } } }] });
    expect(await w.limit('customer-payer', 'feature-seats')).toMatchObject({ usageLimit: 10 });
    expect((await w.limit('customer-payer', 'feature-sso')).isGranted).toBe(false);

    const fresh = await w.provision('customer-member', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    expect(await w.get(fresh)).toMatchObject({ plan: { versionNumber: 2, isLatest: true }, prices: [{ price: { price: { amount: 60 } } }] });
    expect(await w.limit('customer-member', 'feature-seats')).toMatchObject({ usageLimit: 20 });

    // the catalog reads (the paywall) show the latest version
    const paywall = await gql(emu, w.serverKey, `{ paywall(input: { productId: "product-main" }) { plans { refId versionNumber isLatest } } }`);
    expect(paywall.errors).toBeUndefined();
    expect(paywall.data!.paywall.plans).toContainEqual({ refId: 'plan-pro', versionNumber: 2, isLatest: true });
  });

  it('export writes the versions and the version each subscription stands on; the export imports back', async () => {
    const w = await world();
    const old = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    await w.publish(PUBLISH_V2);
    const exported = (await rest(emu, 'GET', `/_emulator/environments/${w.id}/export`)).body;
    const plan = exported.plans.find((p: { id: string }) => p.id === 'plan-pro');
    expect(plan.prices).toEqual([{ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 50, currency: 'USD' }]);
    expect(plan.versions).toHaveLength(1);
    expect(plan.versions[0]).toMatchObject({ version: 2, prices: [{ amount: 60 }] });
    const payer = exported.customers.find((c: { id: string }) => c.id === 'customer-payer');
    expect(payer.subscriptions[0]).toMatchObject({ id: old, planVersion: 1 });

    const copy = newEnvironment('mig-copy');
    expect((await rest(emu, 'POST', `/_emulator/environments/${copy.id}/import`, exported)).status).toBe(200);
    const read = await gql(emu, copy.serverKey, GET, { input: { subscriptionId: old } });
    expect(read.data!.getSubscription.plan).toEqual({ refId: 'plan-pro', versionNumber: 1, isLatest: false });
  });
});

describe('migrateSubscriptionToLatest', () => {
  it.each(['node', 'node-4', 'python', 'python-6', 'go'] as const)('E53 IMMEDIATE (%s document): on the latest version now, its entitlements at once, subscription.updated', async (client) => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    await w.publish(PUBLISH_V2);
    const res = await w.migrateAs(client, { subscriptionId: id, subscriptionMigrationTime: 'IMMEDIATE' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.migrateSubscriptionToLatest).toEqual({ subscriptionId: id });
    expect(await w.get(id)).toMatchObject({ plan: { versionNumber: 2, isLatest: true }, prices: [{ price: { price: { amount: 60 } } }] });
    expect(await w.limit('customer-payer', 'feature-seats')).toMatchObject({ usageLimit: 20 });
    expect((await w.limit('customer-payer', 'feature-sso')).isGranted).toBe(true);
    const updated = await w.events('subscription.updated');
    expect(updated.at(-1)!.payload).toMatchObject({ id, timestamp: NOW });
  });

  it('E54: a subscription on the latest version answers SubscriptionAlreadyOnLatestPlanError and nothing is written', async () => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    const before = await w.get(id);
    const eventsBefore = (await w.events('subscription.updated')).length;
    expect(codeOf(await w.migrate({ subscriptionId: id }))).toBe('SubscriptionAlreadyOnLatestPlanError');
    await w.publish(PUBLISH_V2);
    expect((await w.migrate({ subscriptionId: id })).errors).toBeUndefined(); // the default time is IMMEDIATE
    expect(codeOf(await w.migrate({ subscriptionId: id, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' }))).toBe('SubscriptionAlreadyOnLatestPlanError');
    expect((await w.events('subscription.updated')).length).toBe(eventsBefore + 1);
    expect(before.plan.versionNumber).toBe(1);
  });

  it('E53 END_OF_BILLING_PERIOD: a MigrateToLatest scheduled update; the clock applies it at the period end, to the version latest then (2.6.5)', async () => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    await w.publish(PUBLISH_V2);
    const scheduled = (await w.migrate({ subscriptionId: id, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' })).data!.migrateSubscriptionToLatest;
    expect(scheduled.plan).toEqual({ refId: 'plan-pro', versionNumber: 1, isLatest: false });
    expect(scheduled.scheduledUpdates).toEqual([
      { subscriptionScheduleType: 'MigrateToLatest', scheduleStatus: 'Scheduled', scheduledExecutionTime: PERIOD_END, scheduleVariables: null, targetPackage: { refId: 'plan-pro', versionNumber: 2 } },
    ]);
    expect(codeOf(await w.migrate({ subscriptionId: id, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' }))).toBe('ScheduledMigrationAlreadyExistsError');
    const nextDue = (await rest(emu, 'GET', `/_emulator/environments/${w.id}/clock`)).body.nextDue;
    expect(nextDue).toMatchObject({ at: PERIOD_END, kind: 'subscription.schedule_applied', subscriptionId: id });

    await w.publish(PUBLISH_V3);
    expect((await w.clock({ to: '2025-02-09T23:59:59.000Z' })).applied).toEqual([]);
    expect((await w.get(id)).plan.versionNumber).toBe(1);
    expect(await w.limit('customer-payer', 'feature-seats')).toMatchObject({ usageLimit: 10 });

    const moved = await w.clock({ to: '2025-02-10T00:00:01.000Z' });
    expect(moved.applied).toContainEqual(expect.objectContaining({ at: PERIOD_END, type: 'subscription.schedule_applied', subscriptionId: id, to: 'MigrateToLatest' }));
    expect(await w.get(id)).toMatchObject({ status: 'ACTIVE', plan: { versionNumber: 3, isLatest: true }, scheduledUpdates: [] });
    expect(await w.limit('customer-payer', 'feature-seats')).toMatchObject({ usageLimit: 30 });
    expect((await w.events('subscription.updated')).at(-1)!.payload).toMatchObject({ id, timestamp: PERIOD_END });
  });

  it('clock: daily steps apply a scheduled migration at the same instant as one jump, before the renewal due then', async () => {
    const run = async (move: Record<string, unknown>) => {
      const w = await world();
      const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
      await w.publish(PUBLISH_V2);
      await w.migrate({ subscriptionId: id, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' });
      const moved = await w.clock(move);
      expect(moved.now).toBe('2025-03-10T00:00:00.000Z');
      expect((await w.get(id)).plan.versionNumber).toBe(2);
      return (moved.applied as { at: string; type: string; subscriptionId: string; to: string }[]).map((a) => [a.at, a.type, a.to]);
    };
    const stepped = await run({ advance: 'P2M', step: 'P1D' });
    const jumped = await run({ to: '2025-03-10T00:00:00.000Z' });
    expect(stepped).toEqual(jumped);
    expect(jumped.slice(0, 2)).toEqual([
      [PERIOD_END, 'subscription.schedule_applied', 'MigrateToLatest'],
      [PERIOD_END, 'subscription.renewed', '2025-03-10T00:00:00.000Z'],
    ]);
  });

  it('IMMEDIATE while a migration is scheduled: migrated now, the schedule is done with; cancelSchedule drops a scheduled one (E21)', async () => {
    const w = await world();
    const a = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    const b = await w.provision('customer-member', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    await w.publish(PUBLISH_V2);
    await w.migrate({ subscriptionId: a, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' });
    expect(await w.migrate({ subscriptionId: a, subscriptionMigrationTime: 'IMMEDIATE' })).toMatchObject({
      data: { migrateSubscriptionToLatest: { plan: { versionNumber: 2 }, scheduledUpdates: [] } },
    });

    await w.migrate({ subscriptionId: b, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' });
    const cancel = await gql(emu, w.serverKey, clientOperation('node', 'CancelSubscriptionUpdates'), { input: { subscriptionId: b } });
    expect(cancel.errors).toBeUndefined();
    await w.clock({ to: '2025-03-01T00:00:00.000Z' });
    expect(await w.get(b)).toMatchObject({ plan: { versionNumber: 1 }, scheduledUpdates: [] });
  });

  it('per-unit quantities are checked against the latest version: refused now (nothing written), a scheduled migration fails', async () => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 8 }] });
    await w.publish(TEAM_V2);
    const eventsBefore = (await w.events('subscription.updated')).length;
    expect(codeOf(await w.migrate({ subscriptionId: id }))).toBe('InvalidQuantity');
    expect(codeOf(await w.migrate({ subscriptionId: id, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' }))).toBe('InvalidQuantity');
    expect(await w.get(id)).toMatchObject({ plan: { versionNumber: 1 }, scheduledUpdates: [] });
    expect((await w.events('subscription.updated')).length).toBe(eventsBefore);
    expect(await w.limit('customer-payer', 'feature-seats')).toMatchObject({ usageLimit: 8 });

    // within the new limits it migrates, at the new version's prices
    const upd = await gql(emu, w.serverKey, `mutation($input: UpdateSubscriptionInput!) { updateOneSubscription(input: $input) { id } }`, {
      input: { subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 4 }] },
    });
    expect(upd.errors).toBeUndefined();
    await w.migrate({ subscriptionId: id, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' });
    // a version published before the period ends allows fewer seats: the scheduled migration (to the version latest then) fails
    await w.publish(TEAM_V2.replace('maxUnitQuantity: 5 } ] }', 'maxUnitQuantity: 5 } ] }\n      - { version: 3, prices: [ { billingPeriod: MONTHLY, amount: 25 }, { billingModel: PER_UNIT, billingPeriod: MONTHLY, amount: 4, featureId: feature-seats, maxUnitQuantity: 3 } ] }'));
    const moved = await w.clock({ to: '2025-02-11T00:00:00.000Z' });
    expect(moved.applied.filter((a: { type: string }) => a.type === 'subscription.schedule_applied')).toEqual([]);
    expect(await w.get(id)).toMatchObject({ plan: { versionNumber: 1, isLatest: false }, scheduledUpdates: [] });
    expect(await w.limit('customer-payer', 'feature-seats')).toMatchObject({ usageLimit: 4 });
  });

  it('bad input: unknown, cancelled or trial subscriptions', async () => {
    const w = await world();
    expect(codeOf(await w.migrate({ subscriptionId: 'nope' }))).toBe('SubscriptionNotFound');
    const trial = await w.provision('customer-member', { planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    const paid = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY', skipTrial: true });
    await w.publish(PUBLISH_V2);
    expect((await w.get(trial)).status).toBe('IN_TRIAL');
    expect(codeOf(await w.migrate({ subscriptionId: trial, subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' }))).toBe('SchedulingAtEndOfBillingPeriod');
    expect((await w.migrate({ subscriptionId: trial })).data!.migrateSubscriptionToLatest.plan.versionNumber).toBe(2);
    await gql(emu, w.serverKey, `mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { id } }`, {
      input: { subscriptionRefId: paid, subscriptionCancellationTime: 'IMMEDIATE' },
    });
    expect(codeOf(await w.migrate({ subscriptionId: paid }))).toBe('InvalidSubscriptionStatus');
    expect((await w.get(paid)).plan.versionNumber).toBe(1);
  });
});
