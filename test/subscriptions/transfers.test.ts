/**
 * Transfers (RULES 2.2.5, 2.8.11): transferSubscription, transferSubscriptionToResource and
 * delegateSubscriptionToCustomer through GraphQL over HTTP with the clients' own documents; their
 * webhook events, and the realtime entitlement updates of migrations and transfers over a real
 * socket.
 */
import { join } from 'node:path';
import type { Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';
import { collect, waitFor, waitForListener, wsClient } from '../realtime/support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'versions.yaml');
const NOW = '2025-01-10T00:00:00.000Z';
const FIELDS = `id status customer { refId } payingCustomer { customerId } resource { resourceId } prices { usageLimit }`;
const GET = `query($input: GetSubscriptionInput!) { getSubscription(input: $input) { ${FIELDS} } }`;
const TRANSFER = `mutation($input: TransferSubscriptionInput!) { transferSubscription(input: $input) { ${FIELDS} } }`;
const TO_RESOURCE = `mutation($input: TransferSubscriptionToResourceInput!) { transferSubscriptionToResource(input: $input) { ${FIELDS} } }`;
const DELEGATE = `mutation($input: DelegateSubscriptionToCustomerInput!) { delegateSubscriptionToCustomer(input: $input) { ${FIELDS} } }`;
const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { usageLimit isGranted accessDeniedReason } }`;
const CANCEL = `mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { id } }`;

let emu: Emulator;
let url: string;
const sockets: WsClient[] = [];
beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES] });
  url = (await emu.listen()).url;
});
afterAll(async () => {
  for (const socket of sockets) await socket.dispose();
  await emu.close();
});

async function world() {
  const env = newEnvironment('xfer');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  const provision = async (customerId: string, input: Record<string, unknown>) => {
    const res = await gql(emu, env.serverKey, clientOperation('node', 'ProvisionSubscription'), { input: { customerId, billingPeriod: 'MONTHLY', skipTrial: true, ...input } });
    expect(res.errors).toBeUndefined();
    return res.data!.provisionSubscription.subscription.id as string;
  };
  const get = async (id: string) => (await gql(emu, env.serverKey, GET, { input: { subscriptionId: id } })).data!.getSubscription;
  const call = (query: string, input: Record<string, unknown>) => gql(emu, env.serverKey, query, { input });
  const as = (client: Client, operation: string, input: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation(client, operation), { input });
  const check = async (customerId: string, featureId: string, resourceId?: string) =>
    (await gql(emu, env.serverKey, ENTITLEMENT, { query: { customerId, featureId, resourceId } })).data!.entitlement as { usageLimit: number | null; isGranted: boolean; accessDeniedReason: string | null };
  const events = async (type: string) => (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks?type=${type}`)).body.events as { payload: Record<string, any> }[];
  return { ...env, provision, get, call, as, check, events };
}

describe('transferSubscription', () => {
  it.each(['node', 'node-4', 'python', 'python-6', 'go'] as const)("(%s document) the resource's subscription moves to the destination resource, with its entitlements", async (client) => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' });
    const res = await w.as(client, 'TransferSubscription', { customerId: 'customer-payer', sourceResourceId: 'site-1', destinationResourceId: 'site-2' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.transferSubscription).toMatchObject({ subscriptionId: id, status: 'ACTIVE', resource: { resourceId: 'site-2' } });
    expect(await w.check('customer-payer', 'feature-seats', 'site-2')).toMatchObject({ isGranted: true, usageLimit: 3 });
    expect((await w.check('customer-payer', 'feature-seats', 'site-1')).isGranted).toBe(false);
    expect((await w.events('subscription.updated')).at(-1)!.payload).toMatchObject({ id, timestamp: NOW });
  });

  it('errors: unknown customer, a resource without a subscription, an occupied destination, the same resource; nothing written', async () => {
    const w = await world();
    const a = await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' });
    await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-2' });
    const before = (await w.events('subscription.updated')).length;
    expect(codeOf(await w.call(TRANSFER, { customerId: 'nobody', sourceResourceId: 'site-1', destinationResourceId: 'site-3' }))).toBe('CustomerNotFound');
    expect(codeOf(await w.call(TRANSFER, { customerId: 'customer-payer', sourceResourceId: 'site-9', destinationResourceId: 'site-3' }))).toBe('CustomerResourceNotFound');
    expect(codeOf(await w.call(TRANSFER, { customerId: 'customer-payer', sourceResourceId: 'site-1', destinationResourceId: 'site-2' }))).toBe('TooManySubscriptionsPerCustomer');
    expect(codeOf(await w.call(TRANSFER, { customerId: 'customer-payer', sourceResourceId: 'site-1', destinationResourceId: 'site-1' }))).toBe('BadUserInput');
    expect((await w.get(a)).resource).toEqual({ resourceId: 'site-1' });
    expect((await w.events('subscription.updated')).length).toBe(before);
    // a cancelled subscription is not on the resource any more
    await w.call(CANCEL, { subscriptionRefId: a, subscriptionCancellationTime: 'IMMEDIATE' });
    expect(codeOf(await w.call(TRANSFER, { customerId: 'customer-payer', sourceResourceId: 'site-1', destinationResourceId: 'site-3' }))).toBe('CustomerResourceNotFound');
  });
});

describe('transferSubscription onto a free subscription', () => {
  it('the destination\'s free subscription is replaced (CANCELED, UpgradeOrDowngrade, subscription.canceled); the paid one moves', async () => {
    const w = await world();
    const paid = await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' });
    const free = await w.provision('customer-payer', { planId: 'plan-site-free', resourceId: 'site-2' });
    const res = await w.call(TRANSFER, { customerId: 'customer-payer', sourceResourceId: 'site-1', destinationResourceId: 'site-2' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.transferSubscription).toMatchObject({ id: paid, resource: { resourceId: 'site-2' } });
    const ended = (await gql(emu, w.serverKey, `query($input: GetSubscriptionInput!) { getSubscription(input: $input) { status cancelReason } }`, { input: { subscriptionId: free } })).data!.getSubscription;
    expect(ended).toEqual({ status: 'CANCELED', cancelReason: 'UpgradeOrDowngrade' });
    expect(await w.check('customer-payer', 'feature-seats', 'site-2')).toMatchObject({ usageLimit: 3 });
    expect((await w.events('subscription.canceled')).map((e) => e.payload.id)).toEqual([free]);
  });

  it('a delegation onto a customer with the free plan of the product replaces it', async () => {
    const w = await world();
    const free = await w.provision('customer-member', { planId: 'plan-free' });
    const pro = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    expect((await w.call(DELEGATE, { subscriptionId: pro, destinationCustomerId: 'customer-member', trialEndBehavior: 'CONVERT_TO_PAID' })).errors).toBeUndefined();
    expect((await w.get(free)).status).toBe('CANCELED');
    expect(await w.check('customer-member', 'feature-seats')).toMatchObject({ usageLimit: 10 });
  });
});

describe('transferSubscriptionToResource', () => {
  it.each(['node', 'node-4', 'python', 'python-6', 'go'] as const)('(%s document) one subscription moves to another resource', async (client) => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' });
    const res = await w.as(client, 'TransferSubscriptionToResource', { subscriptionId: id, destinationResourceId: 'site-7' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.transferSubscriptionToResource).toMatchObject({ subscriptionId: id, resource: { resourceId: 'site-7' } });
    expect(await w.check('customer-payer', 'feature-seats', 'site-7')).toMatchObject({ isGranted: true, usageLimit: 3 });
  });

  it('a single-subscription product moves to a resource and back to none; errors write nothing', async () => {
    const w = await world();
    const pro = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    const site = await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' });
    await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-2' });
    expect((await w.call(TO_RESOURCE, { subscriptionId: pro, destinationResourceId: 'r-9' })).data!.transferSubscriptionToResource.resource).toEqual({ resourceId: 'r-9' });
    expect((await w.call(TO_RESOURCE, { subscriptionId: pro, destinationResourceId: null })).data!.transferSubscriptionToResource.resource).toBeNull();
    expect(await w.check('customer-payer', 'feature-seats')).toMatchObject({ isGranted: true, usageLimit: 10 });

    expect(codeOf(await w.call(TO_RESOURCE, { subscriptionId: 'nope', destinationResourceId: 'site-3' }))).toBe('SubscriptionNotFound');
    expect(codeOf(await w.call(TO_RESOURCE, { subscriptionId: site }))).toBe('BadUserInput'); // a multiple-subscriptions product needs a resource
    expect(codeOf(await w.call(TO_RESOURCE, { subscriptionId: site, destinationResourceId: 'site-2' }))).toBe('TooManySubscriptionsPerCustomer');
    expect(codeOf(await w.call(TO_RESOURCE, { subscriptionId: site, destinationResourceId: 'site-1' }))).toBe('BadUserInput');
    await w.call(CANCEL, { subscriptionRefId: site, subscriptionCancellationTime: 'IMMEDIATE' });
    expect(codeOf(await w.call(TO_RESOURCE, { subscriptionId: site, destinationResourceId: 'site-3' }))).toBe('InvalidSubscriptionStatus');
    expect((await w.get(site)).resource).toEqual({ resourceId: 'site-1' });
  });
});

describe('delegateSubscriptionToCustomer', () => {
  it.each(['node', 'node-4', 'python', 'python-6', 'go'] as const)('(%s document) the entitlements move to the destination customer; the payer stays', async (client) => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    const res = await w.as(client, 'DelegateSubscriptionToCustomer', { subscriptionId: id, destinationCustomerId: 'customer-member' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.delegateSubscriptionToCustomer).toMatchObject({ subscriptionId: id, customer: { refId: 'customer-member' } });
    expect(await w.get(id)).toMatchObject({ customer: { refId: 'customer-member' }, payingCustomer: { customerId: 'customer-payer' } });
    expect(await w.check('customer-member', 'feature-seats')).toMatchObject({ isGranted: true, usageLimit: 10 });
    expect(await w.check('customer-payer', 'feature-seats')).toMatchObject({ isGranted: false });
    expect((await w.events('subscription.updated')).at(-1)!.payload).toMatchObject({ id, customer: { id: 'customer-member' } });
  });

  it('delegating back to the payer leaves no separate payer; unitQuantity applies', async () => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-site-plus', billingPeriod: 'MONTHLY', resourceId: 'site-1', unitQuantity: 4 });
    const moved = await w.call(DELEGATE, { subscriptionId: id, destinationCustomerId: 'customer-member', unitQuantity: 12 });
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.delegateSubscriptionToCustomer).toMatchObject({ prices: expect.arrayContaining([{ usageLimit: 12 }]), resource: { resourceId: 'site-1' } });
    expect(await w.check('customer-member', 'feature-seats', 'site-1')).toMatchObject({ isGranted: true, usageLimit: 12 });
    expect(await w.get(id)).toMatchObject({ customer: { refId: 'customer-member' }, payingCustomer: { customerId: 'customer-payer' } });

    const back = await w.call(DELEGATE, { subscriptionId: id, destinationCustomerId: 'customer-payer' });
    expect(back.data!.delegateSubscriptionToCustomer).toMatchObject({ customer: { refId: 'customer-payer' }, payingCustomer: null });
    expect(await w.check('customer-payer', 'feature-seats', 'site-1')).toMatchObject({ usageLimit: 12 });
  });

  it('provisioning with payingCustomerId: another customer pays from the start; an unknown payer is CustomerNotFound', async () => {
    const w = await world();
    const id = await w.provision('customer-member', { planId: 'plan-pro', billingPeriod: 'MONTHLY', payingCustomerId: 'customer-payer' });
    expect(await w.get(id)).toMatchObject({ customer: { refId: 'customer-member' }, payingCustomer: { customerId: 'customer-payer' } });
    const self = await w.provision('customer-payer', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1', payingCustomerId: 'customer-payer' });
    expect((await w.get(self)).payingCustomer).toBeNull();
    const unknown = await gql(emu, w.serverKey, clientOperation('node', 'ProvisionSubscription'), {
      input: { customerId: 'customer-payer', planId: 'plan-site', resourceId: 'site-2', billingPeriod: 'MONTHLY', payingCustomerId: 'nobody' },
    });
    expect(codeOf(unknown)).toBe('CustomerNotFound');
  });

  it('a plan change scheduled on a delegated subscription keeps its payer when the clock applies it', async () => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    await w.call(DELEGATE, { subscriptionId: id, destinationCustomerId: 'customer-member' });
    const scheduled = await gql(emu, w.serverKey, clientOperation('node', 'ProvisionSubscription'), {
      input: { customerId: 'customer-member', planId: 'plan-team', billingPeriod: 'MONTHLY', scheduleStrategy: 'END_OF_BILLING_PERIOD' },
    });
    expect(scheduled.data!.provisionSubscription).toMatchObject({ status: 'SUCCESS', subscription: { id } });
    const moved = (await rest(emu, 'POST', `/_emulator/environments/${w.id}/clock`, { to: '2025-02-11T00:00:00.000Z' })).body;
    const applied = moved.applied.find((a: { type: string }) => a.type === 'subscription.schedule_applied');
    expect(await w.get(applied.subscriptionId)).toMatchObject({ status: 'ACTIVE', customer: { refId: 'customer-member' }, payingCustomer: { customerId: 'customer-payer' } });
  });

  it('errors: unknown subscription or customer, the same customer, a destination with the product, a cancelled subscription, bad quantities; nothing written', async () => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    const other = await w.provision('customer-member', { planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }] });
    const before = (await w.events('subscription.updated')).length;
    expect(codeOf(await w.call(DELEGATE, { subscriptionId: 'nope', destinationCustomerId: 'customer-member' }))).toBe('SubscriptionNotFound');
    expect(codeOf(await w.call(DELEGATE, { subscriptionId: id, destinationCustomerId: 'nobody' }))).toBe('CustomerNotFound');
    expect(codeOf(await w.call(DELEGATE, { subscriptionId: id }))).toBe('BadUserInput');
    expect(codeOf(await w.call(DELEGATE, { subscriptionId: id, destinationCustomerId: 'customer-payer' }))).toBe('BadUserInput');
    expect(codeOf(await w.call(DELEGATE, { subscriptionId: id, destinationCustomerId: 'customer-member' }))).toBe('TooManySubscriptionsPerCustomer');
    await w.call(CANCEL, { subscriptionRefId: other, subscriptionCancellationTime: 'IMMEDIATE' });
    expect(codeOf(await w.call(DELEGATE, { subscriptionId: other, destinationCustomerId: 'customer-payer' }))).toBe('InvalidSubscriptionStatus');
    expect((await w.events('subscription.updated')).length).toBe(before);
    // the member's product is free again, but the quantity is refused
    const team = await w.provision('customer-payer', { planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }], resourceId: null });
    expect(codeOf(await w.call(DELEGATE, { subscriptionId: team, destinationCustomerId: 'customer-member', unitQuantity: 11 }))).toBe('InvalidQuantity');
    expect(await w.get(team)).toMatchObject({ customer: { refId: 'customer-payer' }, payingCustomer: null });
    expect(await w.get(id)).toMatchObject({ status: 'CANCELED' }); // plan-team replaced plan-pro for the payer (one per product)
  });
});

describe('realtime entitlement updates', () => {
  it('a delegation pushes entitlementsUpdated for both customers; a migration and a transfer push for theirs', async () => {
    const w = await world();
    const id = await w.provision('customer-payer', { planId: 'plan-pro', billingPeriod: 'MONTHLY' });
    const site = await w.provision('customer-member', { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' });
    const socket = wsClient(url, { headers: { 'X-API-KEY': w.serverKey } });
    sockets.push(socket);
    const pushed = collect<{ entitlementsUpdated: { customerId: string; resourceId: string | null; entitlements: { feature: { refId: string }; usageLimit: number | null }[] } }>(
      socket,
      clientOperation('node', 'OnEntitlementsUpdated'),
    );
    await waitForListener(emu, w.id, 'entitlementsUpdated');
    const seats = (customerId: string, resourceId: string | null, limit: number | null) =>
      pushed.values.find(
        (v) =>
          v.entitlementsUpdated.customerId === customerId &&
          v.entitlementsUpdated.resourceId === resourceId &&
          (limit === null ? !v.entitlementsUpdated.entitlements.some((e) => e.feature.refId === 'feature-seats') : v.entitlementsUpdated.entitlements.some((e) => e.feature.refId === 'feature-seats' && e.usageLimit === limit)),
      );

    await w.call(DELEGATE, { subscriptionId: id, destinationCustomerId: 'customer-member' });
    await waitFor(() => seats('customer-member', null, 10), 5000, 'the member gets the seats');
    await waitFor(() => seats('customer-payer', null, null), 5000, 'the payer loses the seats');

    await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, `plans:\n  - { id: plan-pro, productId: product-main, pricingType: PAID, prices: [ { billingPeriod: MONTHLY, amount: 50 } ], entitlements: [ { featureId: feature-seats, usageLimit: 10 } ], versions: [ { version: 2, entitlements: [ { featureId: feature-seats, usageLimit: 25 } ] } ] }\n`, { 'content-type': 'application/yaml' });
    await w.call(`mutation($input: SubscriptionMigrationInput!) { migrateSubscriptionToLatest(input: $input) { id } }`, { subscriptionId: id });
    await waitFor(() => seats('customer-member', null, 25), 5000, 'the migrated limit');

    await w.call(TO_RESOURCE, { subscriptionId: site, destinationResourceId: 'site-2' });
    // the resource's seats: the higher of the global plan's (25) and the resource's plan's (3), RULES 2.2.4
    await waitFor(() => seats('customer-member', 'site-2', 25), 5000, 'the new resource gets the seats');
    await waitFor(() => seats('customer-member', 'site-1', null), 5000, 'the old resource loses them');
    pushed.stop();
  });
});
