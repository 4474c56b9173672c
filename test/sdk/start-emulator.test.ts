/**
 * `startEmulator()` as a test suite uses it with the official Node SDK (3.95.0) left at its
 * defaults (edge on, realtime on): `Stigg.initialize({ ...emu.sdk })` reaches GraphQL and the edge
 * routes of this emulator, never port 3060; and the clock-skew recipe (the SDK judges usage windows
 * by the test process's clock) gives the SDK the usage the emulator holds.
 */
import { randomUUID } from 'node:crypto';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { ListenError, startEmulator, type RunningEmulator } from '../../src/index.js';

let emu: RunningEmulator;
const clients: Stigg[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, startTime: '2025-01-01T00:00:00Z' });
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await emu.close();
});

async function sdk(settings: Parameters<typeof Stigg.initialize>[0]) {
  const stigg = Stigg.initialize(settings);
  clients.push(stigg);
  await stigg.waitForInitialization();
  return stigg;
}

describe('emu.sdk', () => {
  it('names environment local with its server key, and the main port for GraphQL and the edge', () => {
    expect(emu.sdk).toEqual({ apiKey: 'server-local', baseUri: emu.url, baseEdgeUri: emu.url });
    expect(emu.sdkFor('ci-7')).toEqual({ apiKey: 'server-ci-7', baseUri: emu.url, baseEdgeUri: emu.url });
    expect(emu.sdkFor('ci-7', 'client').apiKey).toBe('client-ci-7');
  });

  it('initializes the Node SDK with its defaults (edge and realtime on) in well under a second, edge reads on this emulator', async () => {
    const env = `sdk-${randomUUID()}`;
    const started = performance.now();
    const stigg = await sdk({ ...emu.sdkFor(env) });
    expect(performance.now() - started).toBeLessThan(5_000);
    const analytics = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
    expect(analytics).toMatchObject({ hasAccess: true, isFallback: false });
    const size = await stigg.getNumericEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-07-max-file-size' });
    expect(size).toMatchObject({ type: 'NUMERIC', hasAccess: true, value: 1000, isFallback: false });
    const journal = emu.environment(env).journal.list();
    expect(journal.some((e) => e.transport === 'edge' && e.operationName === 'server-sdk-configuration')).toBe(true);
  });
});

describe('a port in use', () => {
  it('rejects with one line naming the port and the option', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      await expect(startEmulator({ edgePort: port })).rejects.toThrow(
        new ListenError(`edge-port ${port} on 127.0.0.1 is already in use: choose another (or -1 to turn the edge port off) with --edge-port (STIGG_EMULATOR_EDGE_PORT), or 0 for a free port`, 'EADDRINUSE', port, 'edge-port'),
      );
      await expect(startEmulator({ port })).rejects.toBeInstanceOf(ListenError);
    } finally {
      busy.close();
    }
  });
});

describe('clock skew: a start time in the past', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function reportAndRead(recipe: boolean) {
    const envId = `skew-${randomUUID()}`;
    const env = emu.environment(envId);
    if (recipe) {
      // docs/testing.md's recipe: the test process's Date follows the environment clock
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(env.now());
    }
    const stigg = await sdk({ ...emu.sdkFor(envId), realtimeUpdatesEnabled: false });
    await stigg.reportUsage({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 4 });
    const campaigns = await stigg.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
    // what the server holds, for comparison
    const server = await fetch(`${emu.url}/v1/c/customer-demo-01/entitlements.json?featureId=feature-02-campaigns`, {
      headers: { 'x-api-key': `server-${envId}` },
    }).then((r) => r.json() as Promise<{ data: { entitlement: { currentUsage: number; usagePeriodEnd: string } } }>);
    return { campaigns, server: server.data.entitlement, env, stigg };
  }

  it('without the recipe the SDK zeroes usage the server holds (its window judged by the real clock)', async () => {
    const { campaigns, server } = await reportAndRead(false);
    expect(server.currentUsage).toBe(4);
    expect(new Date(server.usagePeriodEnd).getTime()).toBeLessThan(Date.now());
    expect(campaigns.currentUsage).toBe(0);
  });

  it('with the recipe the SDK reports the usage the server holds, and follows a clock move', async () => {
    const { campaigns, env, stigg } = await reportAndRead(true);
    expect(Math.abs(Date.now() - env.nowMs())).toBeLessThan(2_000);
    expect(campaigns).toMatchObject({ hasAccess: true, currentUsage: 4 });
    expect(new Date(Date.now()).getUTCFullYear()).toBe(2025);

    // a month later the window has rolled: the server and the SDK both say 0 once the clocks are re-synced
    const moved = await fetch(`${emu.url}/_emulator/environments/${env.id}/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P1M' }) });
    expect(moved.status).toBe(200);
    vi.setSystemTime(env.now());
    const later = await stigg.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
    expect(later.currentUsage).toBe(0);
    await stigg.reportUsage({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 2 });
    expect((await stigg.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' })).currentUsage).toBe(2);
  });
});
