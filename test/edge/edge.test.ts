import { randomUUID } from 'node:crypto';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { newEnvironment, testEmulator } from '../support/emulator.js';

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

describe('the edge API', () => {
  it('answers the SDK configuration on both ports', async () => {
    for (const base of [url, edgeUrl]) {
      for (const kind of ['server', 'client']) {
        const res = await fetch(`${base}/v1/config/${kind}-sdk-configuration.json`, { headers: { 'x-api-key': 'server-edge', 'x-api-version': '1' } });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ data: { sdkConfiguration: { sentryDsn: null, isWidgetWatermarkEnabled: false, showWatermark: false } } });
      }
    }
  });

  it('answers the paywall of a product like GraphQL does', async () => {
    const { serverKey, id } = newEnvironment('edge');
    const res = await fetch(`${edgeUrl}/v1/p/product-revvenu/paywall.json?fetchAllCountriesPrices=false`, { headers: { 'x-api-key': serverKey } });
    const body = (await res.json()) as { data: { paywall: { plans: { refId: string }[] } } };
    expect(body.data.paywall.plans.map((p) => p.refId)).toEqual(['plan-revvenu-basic', 'plan-revvenu-essentials', 'plan-revvenu-growth']);
    const unknown = (await (await fetch(`${edgeUrl}/v1/p/product-nope/paywall.json`, { headers: { 'x-api-key': serverKey } })).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(unknown.errors[0]!.extensions.code).toBe('ProductNotFoundError');
    const journal = (await (await fetch(`${url}/_emulator/environments/${id}/requests`)).json()) as { requests: { transport: string; operationName: string }[] };
    expect(journal.requests.map((r) => [r.transport, r.operationName])).toEqual([
      ['edge', 'paywall'],
      ['edge', 'paywall'],
    ]);
  });

  it('answers 401 without a key', async () => {
    const res = await fetch(`${edgeUrl}/v1/config/server-sdk-configuration.json`);
    expect(res.status).toBe(401);
  });

  it('lets the Node SDK start with edge on (its default) and read the paywall through it', async () => {
    const stigg = Stigg.initialize({ apiKey: `server-edge-${randomUUID()}`, baseUri: url, baseEdgeUri: edgeUrl, realtimeUpdatesEnabled: false });
    await stigg.waitForInitialization();
    const paywall = await stigg.getPaywall({ productId: 'product-revvenu' });
    expect(paywall.plans.map((p) => p.id)).toEqual(['plan-revvenu-basic', 'plan-revvenu-essentials', 'plan-revvenu-growth']);
    stigg.close();
  });
});

describe('edge faults', () => {
  it('answers an injected fault on the edge route family, then clears', async () => {
    const { serverKey, id } = newEnvironment('edge-fault');
    await fetch(`${url}/_emulator/environments/${id}/faults`, { method: 'POST', body: JSON.stringify({ route: 'edge', status: 503, times: 1 }) });
    const faulted = await fetch(`${edgeUrl}/v1/config/server-sdk-configuration.json`, { headers: { 'x-api-key': serverKey } });
    expect(faulted.status).toBe(503);
    expect(((await faulted.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('ServiceUnavailable');
    const next = await fetch(`${edgeUrl}/v1/config/server-sdk-configuration.json`, { headers: { 'x-api-key': serverKey } });
    expect(next.status).toBe(200);
  });
});

describe('edge entitlements', () => {
  it('answers entitlements, one entitlement and the entitlements state like GraphQL does', async () => {
    const { serverKey } = newEnvironment('edge-ent');
    const get = async (path: string) => (await (await fetch(`${edgeUrl}${path}`, { headers: { 'x-api-key': serverKey } })).json()) as any;
    const all = await get('/v1/c/customer-demo-01/entitlements.json');
    const templates = all.data.entitlements.find((e: any) => e.feature.refId === 'feature-01-templates');
    expect(templates).toMatchObject({ isGranted: true, usageLimit: 3, currentUsage: 3 });
    const one = await get('/v1/c/customer-demo-01/entitlements.json?featureId=feature-01-templates&requestedUsage=1');
    expect(one.data.entitlement).toMatchObject({ isGranted: false, accessDeniedReason: 'RequestedUsageExceedingLimit', requestedUsage: 1 });
    const state = await get('/v1/c/customer-demo-01/entitlements-state.json');
    expect(state.data.entitlementsState.accessDeniedReason).toBeNull();
    expect(state.data.entitlementsState.entitlements.length).toBe(all.data.entitlements.length);
  });

  it('lets the Node SDK read entitlements through the edge (its default)', async () => {
    const envId = `edge-ent-${randomUUID()}`;
    const stigg = Stigg.initialize({ apiKey: `server-${envId}`, baseUri: url, baseEdgeUri: edgeUrl, realtimeUpdatesEnabled: false });
    await stigg.waitForInitialization();
    const analytics = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
    expect(analytics.hasAccess).toBe(true);
    const templates = await stigg.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-01-templates' });
    expect(templates).toMatchObject({ hasAccess: true, usageLimit: 3, currentUsage: 3 });
    const journal = (await (await fetch(`${url}/_emulator/environments/${envId}/requests`)).json()) as { requests: { transport: string; operationName: string }[] };
    expect(journal.requests.filter((r) => r.transport === 'edge').map((r) => r.operationName)).toContain('entitlements');
    stigg.close();
  });
});
