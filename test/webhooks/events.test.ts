/** The event log: what each command emits, in its transaction, through GraphQL and the control plane. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest } from '../support/emulator.js';
import { ARCHIVE, events, IMPORT, IMPORT_BULK, PROVISION, typesOf, UNARCHIVE, UPDATE, webhookEmulator } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emu: Emulator;
beforeAll(() => {
  emu = webhookEmulator();
});
afterAll(() => emu.close());

/** Every test's environment clock stands still at T. */
const T = '2025-06-01T00:00:00.000Z';

async function frozenEnvironment() {
  const env = newEnvironment('wh');
  const moved = await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: T, frozen: true });
  expect(moved.body.now).toBe(T);
  return env;
}

describe('customer events', () => {
  it('provisionCustomer emits customer.created with the RULES 9.3 envelope, kept without any endpoint', async () => {
    const { id, serverKey } = await frozenEnvironment();
    const res = await gql(emu, serverKey, PROVISION, {
      input: { customerId: 'customer-1', name: 'Ada', email: 'ada@example.test', billingId: 'cus_1', additionalMetaData: { tier: 'gold' } },
    });
    expect(res.errors).toBeUndefined();
    const log = await events(emu, id);
    expect(typesOf(log)).toEqual(['customer.created']);
    const [event] = log;
    expect(event.messageId).toMatch(UUID);
    expect(event.createdAt).toBe(T);
    expect(event.deliveries).toEqual([]);
    expect(event.payload).toEqual({
      type: 'customer.created',
      messageId: event.messageId,
      traceId: expect.stringMatching(UUID),
      timestamp: T,
      id: 'customer-1',
      entityId: 'customer-1',
      name: 'Ada',
      email: 'ada@example.test',
      billingId: 'cus_1',
      metadata: { tier: 'gold' },
    });
    // the envelope is flat: type, messageId, traceId first, the entity's fields at top level
    expect(Object.keys(event.payload).slice(0, 4)).toEqual(['type', 'messageId', 'traceId', 'timestamp']);
  });

  it('updates, archive and unarchive emit customer.updated and customer.deleted', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'Ada' } });
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'Ada L.' } });
    await gql(emu, serverKey, UPDATE, { input: { customerId: 'customer-1', email: 'ada@example.test' } });
    expect((await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'customer-1' } })).errors).toBeUndefined();
    expect((await gql(emu, serverKey, UNARCHIVE, { input: { customerId: 'customer-1' } })).errors).toBeUndefined();
    const log = await events(emu, id);
    expect(typesOf(log)).toEqual(['customer.created', 'customer.updated', 'customer.updated', 'customer.deleted', 'customer.updated']);
    expect(log[1].payload).toMatchObject({ id: 'customer-1', name: 'Ada L.' });
    expect(log[2].payload).toMatchObject({ email: 'ada@example.test' });
    // archiving nullifies the PII: the event describes the customer as the command left it
    expect(log[3].payload).toMatchObject({ type: 'customer.deleted', id: 'customer-1', name: null, email: null });
  });

  it('imports emit customer.created or customer.updated; skipped (stale) entries emit nothing', async () => {
    const { id, serverKey } = await frozenEnvironment();
    expect((await gql(emu, serverKey, IMPORT, { input: { customerId: 'customer-1', name: 'One' } })).errors).toBeUndefined();
    const bulk = await gql(emu, serverKey, IMPORT_BULK, {
      input: {
        customers: [
          { customerId: 'customer-1', name: 'One again' },
          { customerId: 'customer-2', name: 'Two' },
        ],
      },
    });
    expect(bulk.errors).toBeUndefined();
    const stale = await gql(emu, serverKey, IMPORT, { input: { customerId: 'customer-2', name: 'Old', updatedAt: '2020-01-01T00:00:00Z' } });
    expect(stale.errors).toBeUndefined();
    const log = await events(emu, id);
    expect(log.map((e) => `${e.type} ${e.payload.id}`)).toEqual(['customer.created customer-1', 'customer.updated customer-1', 'customer.created customer-2']);
  });

  it('the timestamp is the environment clock, not the machine time', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { advance: 'P10D' });
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    const [event] = await events(emu, id);
    const tenDaysLater = '2025-06-11T00:00:00.000Z';
    expect(event.createdAt).toBe(tenDaysLater);
    expect(event.payload.timestamp).toBe(tenDaysLater);
  });
});

describe('subscription events', () => {
  it('provisioning with a subscription emits customer.created and subscription.created, sharing a trace id', async () => {
    const { id, serverKey } = await frozenEnvironment();
    const res = await gql(emu, serverKey, PROVISION, {
      input: {
        customerId: 'customer-1',
        name: 'Ada',
        email: 'ada@example.test',
        subscriptionParams: { planId: 'plan-revvenu-basic', addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }], additionalMetaData: { a: 'b' } },
      },
    });
    expect(res.errors).toBeUndefined();
    const subscriptionId = res.data!.provisionCustomer.subscription.id;
    const log = await events(emu, id);
    // the subscription gave the customer entitlements: entitlements.updated, last, in the same command
    expect(typesOf(log)).toEqual(['customer.created', 'subscription.created', 'entitlements.updated']);
    expect(log[1].payload.traceId).toBe(log[0].payload.traceId);
    expect(log[2].payload.traceId).toBe(log[0].payload.traceId);
    expect(log[2].payload).toMatchObject({ trigger: 'subscription_created', customer: { id: 'customer-1' }, entitlementsUpdatedAt: T });
    // customer-scoped: the page prints resource as a non-nullable object, so it is left out
    expect(log[2].payload).not.toHaveProperty('resource');
    expect(log[1].payload.messageId).not.toBe(log[0].payload.messageId);
    // another command, another trace
    expect((await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'Ada L.' } })).errors).toBeUndefined();
    const after = await events(emu, id);
    expect(typesOf(after).at(-1)).toBe('customer.updated');
    expect(after.at(-1)!.payload.traceId).not.toBe(log[0].payload.traceId);
    expect(log[1].payload).toMatchObject({
      type: 'subscription.created',
      id: subscriptionId,
      entityId: subscriptionId,
      status: 'ACTIVE',
      startDate: T,
      endDate: null,
      cancellationDate: null,
      trialEndDate: null,
      currentBillingPeriodStart: T,
      currentBillingPeriodEnd: '2025-07-01T00:00:00.000Z',
      billingPeriod: null,
      isTrialSubscription: false,
      resource: null,
      plan: { id: 'plan-revvenu-basic', name: 'Basic' },
      customer: { id: 'customer-1', name: 'Ada', email: 'ada@example.test' },
      addons: [{ id: 'addon-10-campaigns', name: '10 campaigns', quantity: 2 }],
      metadata: { a: 'b' },
    });
  });

  it('a trial emits subscription.trial_started and runs beside the live subscription (E24)', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    const res = await gql(emu, serverKey, PROVISION, {
      input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.provisionCustomer.subscription.status).toBe('IN_TRIAL');
    const log = (await events(emu, id)).slice(3);
    expect(typesOf(log)).toEqual(['customer.updated', 'subscription.created', 'subscription.trial_started', 'entitlements.updated']);
    expect(log[1].payload).toMatchObject({ status: 'IN_TRIAL', isTrialSubscription: true, trialEndDate: '2025-06-15T00:00:00.000Z', plan: { id: 'plan-revvenu-growth' }, isUpgrade: true });
    expect(log[2].payload).toMatchObject({ type: 'subscription.trial_started', id: log[1].payload.id, isTrialSubscription: true });
    expect(log[1].payload.currentBillingPeriodEnd).toBe('2025-06-15T00:00:00.000Z');
  });

  it('a replaced subscription emits subscription.canceled (UpgradeOrDowngrade), the new one subscription.created with isUpgrade', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    const basic = (await events(emu, id))[1].payload.id;
    const res = await gql(emu, serverKey, PROVISION, {
      input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY', trialOverrideConfiguration: { isTrial: false } } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.provisionCustomer.subscription.status).toBe('ACTIVE');
    const log = (await events(emu, id)).slice(3);
    expect(typesOf(log)).toEqual(['customer.updated', 'subscription.canceled', 'subscription.created', 'entitlements.updated']);
    expect(log[1].payload).toMatchObject({ id: basic, status: 'CANCELED', cancellationDate: T });
    expect(log[3].payload).toMatchObject({ trigger: 'subscription_canceled' });
    expect(log[2].payload).toMatchObject({ status: 'ACTIVE', plan: { id: 'plan-revvenu-growth' }, isUpgrade: true, isDowngrade: false });
  });

  it('archiving cancels the live subscriptions: subscription.canceled (CustomerArchived) then customer.deleted', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'Ada', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'customer-1' } });
    const log = (await events(emu, id)).slice(3);
    expect(typesOf(log)).toEqual(['subscription.canceled', 'customer.deleted', 'entitlements.updated']);
    expect(log[0].payload).toMatchObject({ status: 'CANCELED', customer: { id: 'customer-1' } });
    // an archived customer has no entitlements
    expect(log[2].payload).toMatchObject({ entitlements: [] });
    expect(log[0].payload.traceId).toBe(log[1].payload.traceId);
  });
});

describe('a failed command emits nothing', () => {
  it('provisioning with an unknown plan rolls back the customer and its events', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-0' } });
    const before = await events(emu, id);
    const res = await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-nope' } } });
    expect(codeOf(res)).toBe('PlanNotFound');
    expect(await events(emu, id)).toEqual(before);
  });

  it('a bulk import that fails on one entry emits nothing for the others', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-archived' } });
    await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'customer-archived' } });
    const before = await events(emu, id);
    const res = await gql(emu, serverKey, IMPORT_BULK, { input: { customers: [{ customerId: 'customer-new' }, { customerId: 'customer-archived' }] } });
    expect(codeOf(res)).toBe('EntityIsArchivedError');
    expect(await events(emu, id)).toEqual(before);
  });

  it('updating an unknown customer and archiving twice emit nothing', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'customer-1' } });
    const before = await events(emu, id);
    expect(codeOf(await gql(emu, serverKey, UPDATE, { input: { customerId: 'customer-x', name: 'x' } }))).toBe('CustomerNotFound');
    expect(codeOf(await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'customer-1' } }))).toBe('CustomerNotFound');
    expect(await events(emu, id)).toEqual(before);
  });
});

describe('control plane', () => {
  it('filters the log by type, in either spelling', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    expect(typesOf(await events(emu, id, 'subscription.created'))).toEqual(['subscription.created']);
    expect(typesOf(await events(emu, id, 'CUSTOMER_CREATED'))).toEqual(['customer.created']);
    expect(await events(emu, id, 'customer.deleted')).toEqual([]);
  });

  it('adds and lists endpoints; bad input is a 400', async () => {
    const { id } = newEnvironment('wh');
    const base = `/_emulator/environments/${id}/webhooks/endpoints`;
    const added = await rest(emu, 'POST', base, { url: 'http://127.0.0.1:9/hook', secret: 's3cret', events: ['customer.created'] });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(Number), url: 'http://127.0.0.1:9/hook', secret: 's3cret', events: ['customer.created'] });
    await rest(emu, 'POST', base, { url: 'http://127.0.0.1:9/all' });
    const listed = await rest(emu, 'GET', base);
    expect(listed.body.endpoints.map((e: { url: string; events: unknown }) => [e.url, e.events])).toEqual([
      ['http://127.0.0.1:9/hook', ['customer.created']],
      ['http://127.0.0.1:9/all', null],
    ]);
    for (const bad of [{}, { url: 'not a url' }, { url: 'http://x.test', secret: 3 }, { url: 'http://x.test', extra: true }, { url: 'http://x.test', events: 'customer.created' }]) {
      const res = await rest(emu, 'POST', base, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('BadUserInput');
    }
    expect((await rest(emu, 'POST', base, '{not json')).status).toBe(400);
    expect((await rest(emu, 'GET', base)).body.endpoints).toHaveLength(2);
  });

  it('the log follows the database: reset empties it, a snapshot restore brings back its log', async () => {
    const { id, serverKey } = await frozenEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots`, { name: 'one' });
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-2' } });
    expect(await events(emu, id)).toHaveLength(2);
    await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots/one/restore`);
    expect(typesOf(await events(emu, id))).toEqual(['customer.created']);
    await rest(emu, 'POST', `/_emulator/environments/${id}/reset`);
    expect(await events(emu, id)).toEqual([]);
  });
});
