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
