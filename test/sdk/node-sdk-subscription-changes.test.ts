/**
 * The official @stigg/node-server-sdk (3.95.0) changing subscriptions against the emulator over a
 * real socket: updateSubscription (now and scheduled), cancelSubscriptionScheduledUpdates
 * (cancelSchedule), migrateSubscriptionToLatest (now and at the end of the period, applied by the
 * clock), transfers and delegation, with an entitlement check after each step. Runs with the SDK's
 * defaults (edge and realtime on: checks poll until the pushed change shows) and with both off.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BillingPeriod, ScheduleStrategy, Stigg, SubscriptionMigrationTime } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { waitForListener } from '../realtime/support.js';
import { testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, '..', 'subscriptions', 'fixtures', 'versions.yaml');
const NOW = '2025-01-10T00:00:00.000Z';
const PERIOD_END = '2025-02-10T00:00:00.000Z';
const TEST_TIMEOUT = 20_000;
const PRO = `{ id: plan-pro, productId: product-main, pricingType: PAID, defaultTrialConfig: { duration: 14, units: DAY },
    prices: [ { billingPeriod: MONTHLY, amount: 50 } ], entitlements: [ { featureId: feature-seats, usageLimit: 10 } ]`;
const PUBLISH_V2 = `plans:\n  - ${PRO}, versions: [ { version: 2, entitlements: [ { featureId: feature-seats, usageLimit: 20 }, { featureId: feature-sso } ] } ] }\n`;

let emu: Emulator;
let url: string;
let edgeUrl: string;

beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES], edgePort: 0 });
  const urls = await emu.listen();
  url = urls.url;
  edgeUrl = urls.edgeUrl!;
});

afterAll(() => emu.close());

async function poll<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each([
  ['SDK defaults: edge on, realtime on', true],
  ['enableEdge: false, realtimeUpdatesEnabled: false', false],
] as const)('@stigg/node-server-sdk subscription changes (%s)', (_name, defaults) => {
  const envId = `sdk-changes-${randomUUID()}`;
  const apiKey = `server-${envId}`;
  let stigg: Stigg;

  const control = async (method: string, path: string, body?: string | Record<string, unknown>, type = 'application/json') => {
    const res = await fetch(`${url}/_emulator/environments/${envId}${path}`, {
      method,
      headers: { 'content-type': type },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, any>;
  };
  const seats = (customerId: string, limit: number, resourceId?: string) =>
    poll(async () => {
      const e = await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-seats', resourceId });
      return e.hasAccess && e.usageLimit === limit ? e : null;
    }, `${customerId} seats ${limit}`);
  const sso = (customerId: string, expected: boolean) =>
    poll(async () => {
      const e = await stigg.getBooleanEntitlement({ customerId, featureId: 'feature-sso' });
      return e.hasAccess === expected ? e : null;
    }, `${customerId} sso ${expected}`);

  beforeAll(async () => {
    await control('POST', '/clock', { to: NOW, frozen: true });
    stigg = Stigg.initialize(
      defaults ? { apiKey, baseUri: url, baseEdgeUri: edgeUrl } : { apiKey, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false },
    );
    await stigg.waitForInitialization();
    if (defaults) await waitForListener(emu, envId, 'entitlementsUpdated');
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await stigg?.close();
  });

  it(
    'updateSubscription: quantities at once; with END_OF_BILLING_PERIOD a future update that cancelSubscriptionScheduledUpdates drops',
    async () => {
      const { subscription } = await stigg.provisionSubscription({
        customerId: 'customer-payer',
        planId: 'plan-team',
        billingPeriod: BillingPeriod.Monthly,
        billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }],
      });
      const id = subscription!.id;
      await seats('customer-payer', 3);

      const updated = await stigg.updateSubscription({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 6 }], metadata: { team: 'core' } });
      expect(updated).toMatchObject({ id, status: 'ACTIVE', metadata: { team: 'core' } });
      expect(updated.prices.find((p) => p.feature?.featureId === 'feature-seats')?.feature?.unitQuantity ?? null).toBe(6);
      await seats('customer-payer', 6);

      await stigg.updateSubscription({ subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }], scheduleStrategy: ScheduleStrategy.EndOfBillingPeriod });
      const pending = await stigg.getSubscription({ subscriptionId: id });
      expect(pending.futureUpdates).toMatchObject([{ subscriptionScheduleType: 'UnitAmount', scheduleStatus: 'Scheduled', scheduledExecutionTime: PERIOD_END }]);
      await seats('customer-payer', 6);

      expect(await stigg.cancelSubscriptionScheduledUpdates({ subscriptionId: id })).toEqual({ subscriptionId: id });
      expect((await stigg.getSubscription({ subscriptionId: id })).futureUpdates).toEqual([]);
      await expect(stigg.cancelSubscriptionScheduledUpdates({ subscriptionId: id })).rejects.toThrow(/no Scheduled update/);
      await stigg.cancelSubscription({ subscriptionId: id });
      await expect(stigg.updateSubscription({ subscriptionId: id, unitQuantity: 4 })).rejects.toThrow(/CANCELED/);
    },
    TEST_TIMEOUT,
  );

  it(
    'migrateSubscriptionToLatest: stays on its version until migrated; IMMEDIATE now, END_OF_BILLING_PERIOD when the clock reaches the period end',
    async () => {
      const now = await stigg.provisionSubscription({ customerId: 'customer-payer', planId: 'plan-pro', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
      const later = await stigg.provisionSubscription({ customerId: 'customer-member', planId: 'plan-pro', billingPeriod: BillingPeriod.Monthly, skipTrial: true });
      await control('POST', '/fixtures', PUBLISH_V2, 'application/yaml');
      await seats('customer-payer', 10);
      await expect(stigg.migrateSubscriptionToLatest({ subscriptionId: 'nope' })).rejects.toThrow(/nope/);

      expect(await stigg.migrateSubscriptionToLatest({ subscriptionId: now.subscription!.id, subscriptionMigrationTime: SubscriptionMigrationTime.Immediate })).toEqual({
        subscriptionId: now.subscription!.id,
      });
      await seats('customer-payer', 20);
      await sso('customer-payer', true);
      await expect(stigg.migrateSubscriptionToLatest({ subscriptionId: now.subscription!.id })).rejects.toThrow(/already on the latest version/);

      await stigg.migrateSubscriptionToLatest({ subscriptionId: later.subscription!.id, subscriptionMigrationTime: SubscriptionMigrationTime.EndOfBillingPeriod });
      const scheduled = await stigg.getSubscription({ subscriptionId: later.subscription!.id });
      expect(scheduled.futureUpdates).toMatchObject([{ subscriptionScheduleType: 'MigrateToLatest', scheduledExecutionTime: PERIOD_END }]);
      await seats('customer-member', 10);
      const moved = await control('POST', '/clock', { to: '2025-02-10T00:00:01.000Z' });
      expect(moved.applied).toContainEqual(expect.objectContaining({ type: 'subscription.schedule_applied', subscriptionId: later.subscription!.id, to: 'MigrateToLatest' }));
      await seats('customer-member', 20);
      await sso('customer-member', true);
    },
    TEST_TIMEOUT,
  );

  it(
    'transferSubscriptionToResource, transferSubscription and delegateSubscriptionToCustomer',
    async () => {
      // customers without a global subscription: a resource's seats are its plan's alone
      await stigg.provisionCustomer({ customerId: 'c-sites', subscriptionParams: null });
      await stigg.provisionCustomer({ customerId: 'c-delegate', subscriptionParams: null });
      const { subscription } = await stigg.provisionSubscription({ customerId: 'c-sites', planId: 'plan-site', billingPeriod: BillingPeriod.Monthly, resourceId: 'site-a' });
      await seats('c-sites', 3, 'site-a');
      const toB = await stigg.transferSubscriptionToResource({ subscriptionId: subscription!.id, destinationResourceId: 'site-b' });
      expect(toB).toMatchObject({ id: subscription!.id, resource: { id: 'site-b' } });
      await seats('c-sites', 3, 'site-b');
      const toC = await stigg.transferSubscription({ customerId: 'c-sites', sourceResourceId: 'site-b', destinationResourceId: 'site-c' });
      expect(toC).toMatchObject({ id: subscription!.id, resource: { id: 'site-c' } });
      await seats('c-sites', 3, 'site-c');

      const delegated = await stigg.delegateSubscriptionToCustomer({ subscriptionId: subscription!.id, destinationCustomerId: 'c-delegate' });
      expect(delegated).toMatchObject({ id: subscription!.id, customerId: 'c-delegate' });
      await seats('c-delegate', 3, 'site-c');
      await expect(stigg.delegateSubscriptionToCustomer({ subscriptionId: subscription!.id, destinationCustomerId: 'nobody' })).rejects.toThrow(/nobody/);
    },
    TEST_TIMEOUT,
  );
});
