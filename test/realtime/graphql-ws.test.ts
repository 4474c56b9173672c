/** GraphQL subscriptions over a real WebSocket (graphql-ws): what is pushed after which command. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Emulator } from '../../src/emulator.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';
import { collect, waitFor, waitForListener, wsClient, wsUrlOf } from './support.js';

/** The Node SDK's own subscription documents (api-client-js 3.108.0), with their fragments. */
const SDK_DOCUMENTS = readFileSync(new URL('../reference/operations/node/api-client-js-3.108.0.graphql', import.meta.url), 'utf8');

function sdkDocument(operation: string): string {
  const start = SDK_DOCUMENTS.indexOf(`subscription ${operation} `);
  const body = SDK_DOCUMENTS.slice(start, SDK_DOCUMENTS.indexOf('\n}\n', start) + 2);
  const fragments = new Map<string, string>();
  for (const match of SDK_DOCUMENTS.matchAll(/^fragment (\w+) on [\s\S]*?\n}\n/gm)) fragments.set(match[1]!, match[0]);
  const needed = new Set<string>();
  const visit = (text: string) => {
    for (const [, name] of text.matchAll(/\.\.\.(\w+)/g)) {
      if (needed.has(name!)) continue;
      needed.add(name!);
      visit(fragments.get(name!) ?? '');
    }
  };
  visit(body);
  return [body, ...[...needed].map((n) => fragments.get(n)!)].join('\n');
}

const ON_ENTITLEMENTS_UPDATED = sdkDocument('OnEntitlementsUpdated');
const ON_USAGE_UPDATED = sdkDocument('OnUsageUpdated');
const ON_PACKAGE_PUBLISHED = sdkDocument('OnPackagePublished');
const ON_CREDIT_BALANCE_UPDATED = sdkDocument('OnCreditBalanceUpdated');

const PROVISION = `mutation P($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }`;
const REPORT = `mutation R($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }`;

let emu: Emulator;
let url: string;
const clients: Client[] = [];

const connect = (params: Record<string, unknown>) => {
  const client = wsClient(url, params);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  emu = testEmulator();
  url = (await emu.listen()).url;
});

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await emu.close();
});

describe('GraphQL subscriptions over WebSocket', () => {
  it('pushes entitlementsUpdated after provisionCustomer with a subscription', async () => {
    const { id, serverKey } = newEnvironment('rt');
    const client = connect({ headers: { 'X-API-KEY': serverKey } });
    const events = collect(client, ON_ENTITLEMENTS_UPDATED);
    await waitForListener(emu, id, 'entitlementsUpdated');

    const provisioned = await gql(emu, serverKey, PROVISION, { input: { customerId: 'rt-1', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    expect(provisioned.errors).toBeUndefined();

    const event = await waitFor(
      () => events.values.find((v) => v.entitlementsUpdated.customerId === 'rt-1' && v.entitlementsUpdated.entitlements.length > 0),
      5000,
      'entitlementsUpdated',
    );
    expect(events.errors).toEqual([]);
    expect(event.entitlementsUpdated.resourceId).toBeNull();
    const templates = event.entitlementsUpdated.entitlements.find((e: any) => e.feature.refId === 'feature-01-templates');
    expect(templates).toMatchObject({ isGranted: true, usageLimit: 3, currentUsage: 0, feature: { featureType: 'NUMBER' } });
    events.stop();
  });

  it('pushes usageUpdated after reportUsage, with the new current usage', async () => {
    const { id, serverKey } = newEnvironment('rt');
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'rt-2', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    const client = connect({ headers: { 'x-api-key': serverKey } });
    const events = collect(client, ON_USAGE_UPDATED);
    await waitForListener(emu, id, 'usageUpdated');

    const reported = await gql(emu, serverKey, REPORT, { input: { customerId: 'rt-2', featureId: 'feature-01-templates', value: 2 } });
    expect(reported.data!.reportUsage.currentUsage).toBe(2);

    const event = await waitFor(() => events.values[0], 5000, 'usageUpdated');
    expect(events.errors).toEqual([]);
    expect(event.usageUpdated.usage).toEqual({
      customerId: 'rt-2',
      resourceId: null,
      featureId: 'feature-01-templates',
      currentUsage: 2,
      usagePeriodStart: null,
      usagePeriodEnd: null,
      nextResetDate: null,
    });
    expect(event.usageUpdated.entitlement).toMatchObject({ isGranted: true, usageLimit: 3, currentUsage: 2, feature: { refId: 'feature-01-templates' } });
    events.stop();
  });

  it('a monthly feature carries its usage period as epoch milliseconds', async () => {
    const { id, serverKey } = newEnvironment('rt');
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'rt-3', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    const events = collect(connect({ 'X-API-KEY': serverKey }), ON_USAGE_UPDATED);
    await waitForListener(emu, id, 'usageUpdated');
    await gql(emu, serverKey, REPORT, { input: { customerId: 'rt-3', featureId: 'feature-02-campaigns', value: 1 } });
    const { usage } = (await waitFor(() => events.values[0], 5000, 'usageUpdated')).usageUpdated;
    expect(usage).toMatchObject({ featureId: 'feature-02-campaigns', currentUsage: 1 });
    expect(typeof usage.usagePeriodStart).toBe('number');
    expect(usage.usagePeriodEnd).toBeGreaterThan(usage.usagePeriodStart);
    expect(usage.nextResetDate).toBe(usage.usagePeriodEnd);
    events.stop();
  });

  it('moving the clock past a usage window pushes entitlementsUpdated with the usage back at 0', async () => {
    const { id, serverKey } = newEnvironment('rt');
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'rt-clock', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    await gql(emu, serverKey, REPORT, { input: { customerId: 'rt-clock', featureId: 'feature-02-campaigns', value: 2 } });
    const events = collect(connect({ 'X-API-KEY': serverKey }), ON_ENTITLEMENTS_UPDATED);
    await waitForListener(emu, id, 'entitlementsUpdated');
    expect((await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { advance: 'P32D' })).status).toBe(200);
    const event = await waitFor(() => events.values.find((v) => v.entitlementsUpdated.customerId === 'rt-clock'), 5000, 'entitlementsUpdated after a clock move');
    const campaigns = event.entitlementsUpdated.entitlements.find((e: { feature: { refId: string } }) => e.feature.refId === 'feature-02-campaigns');
    expect(campaigns).toMatchObject({ currentUsage: 0 });
    events.stop();
  });

  it('archiving, fixtures and reset push entitlementsUpdated; a failed command pushes nothing', async () => {
    const { id, serverKey } = newEnvironment('rt');
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'rt-4', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    const events = collect(connect({ headers: { 'X-API-KEY': serverKey } }), ON_ENTITLEMENTS_UPDATED);
    await waitForListener(emu, id, 'entitlementsUpdated');
    const of = (customerId: string) => events.values.filter((v) => v.entitlementsUpdated.customerId === customerId);

    // a failed command (unknown plan) is rolled back: nothing is published
    const failed = await gql(emu, serverKey, PROVISION, { input: { customerId: 'rt-5', subscriptionParams: { planId: 'plan-nope' } } });
    expect(failed.errors).toBeDefined();

    const archived = await gql(emu, serverKey, `mutation A($input: ArchiveCustomerInput!) { archiveCustomer(input: $input) { customerId } }`, { input: { customerId: 'rt-4' } });
    expect(archived.errors).toBeUndefined();
    const afterArchive = await waitFor(() => of('rt-4')[0], 5000, 'entitlementsUpdated after archive');
    expect(afterArchive.entitlementsUpdated.entitlements).toEqual([]);

    const loaded = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, { customers: [{ id: 'rt-fixture', subscriptions: [{ planId: 'plan-revvenu-basic' }] }] });
    expect(loaded.status).toBe(200);
    const fromFixture = await waitFor(() => of('rt-fixture')[0], 5000, 'entitlementsUpdated after fixtures');
    expect(fromFixture.entitlementsUpdated.entitlements.length).toBeGreaterThan(0);

    const count = of('rt-fixture').length;
    expect((await rest(emu, 'POST', `/_emulator/environments/${id}/reset`)).status).toBe(200);
    // after reset the customer is gone: its entitlements are pushed empty
    const afterReset = await waitFor(() => of('rt-fixture')[count], 5000, 'entitlementsUpdated after reset');
    expect(afterReset.entitlementsUpdated.entitlements).toEqual([]);
    expect(of('rt-5')).toEqual([]);
    expect(events.errors).toEqual([]);
    events.stop();
  });

  it('pushes packagePublished when fixtures add a plan; creditBalanceUpdated is accepted', async () => {
    const { id, serverKey } = newEnvironment('rt');
    const client = connect({ headers: { 'X-API-KEY': serverKey } });
    const packages = collect(client, ON_PACKAGE_PUBLISHED);
    const credits = collect(client, ON_CREDIT_BALANCE_UPDATED);
    await waitForListener(emu, id, 'packagePublished');
    await waitForListener(emu, id, 'creditBalanceUpdated');
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, {
      plans: [{ id: 'plan-rt-new', productId: 'product-revvenu', displayName: 'Realtime', entitlements: [{ featureId: 'feature-03-custom-domain' }] }],
    });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    const event = await waitFor(() => packages.values[0], 5000, 'packagePublished');
    expect(event.packagePublished).toEqual({
      accountId: 'emulator',
      environmentId: id,
      packageType: 'PLAN',
      packageRefId: 'plan-rt-new',
      packageVersion: 1,
      migrationType: 'NEW_CUSTOMERS',
    });
    expect(credits.values).toEqual([]);
    expect(credits.errors).toEqual([]);
    packages.stop();
    credits.stop();
  });

  it('refuses a missing or unknown API key with 4403', async () => {
    const strict = testEmulator({ strictKeys: true });
    const strictUrl = (await strict.listen()).url;
    try {
      const closeOf = (params: Record<string, unknown>) =>
        new Promise<{ code: number; reason: string }>((resolve) => {
          const socket = new WebSocket(wsUrlOf(strictUrl), 'graphql-transport-ws');
          socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: params })));
          socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
        });
      expect(await closeOf({ headers: { 'X-API-KEY': 'server-not-declared' } })).toEqual({ code: 4403, reason: 'Forbidden' });
      expect(await closeOf({})).toEqual({ code: 4403, reason: 'Forbidden' });
      expect(await closeOf({ headers: null })).toEqual({ code: 4403, reason: 'Forbidden' });
      // the declared environment is accepted
      const ok = collect(wsClient(strictUrl, { headers: { 'X-API-KEY': 'server-local' } }), ON_CREDIT_BALANCE_UPDATED);
      await waitForListener(strict, 'local', 'creditBalanceUpdated');
      expect(ok.errors).toEqual([]);
      ok.stop();
    } finally {
      await strict.close();
    }
  });

  it('a client key may not subscribe; other paths are not upgraded', async () => {
    const { clientKey } = newEnvironment('rt');
    const events = collect(connect({ headers: { 'X-API-KEY': clientKey } }), ON_ENTITLEMENTS_UPDATED);
    await waitFor(() => events.errors.length > 0 || events.completed, 5000, 'an error');
    expect(JSON.stringify(events.errors)).toContain('IdentityForbidden');

    const refused = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/elsewhere`, 'graphql-transport-ws');
      socket.on('error', (error) => resolve(String(error.message)));
      socket.on('open', () => resolve('open'));
    });
    expect(refused).toContain('404');
  });
});
