/**
 * The official @stigg/node-server-sdk (3.95.0) reporting raw events over a real socket: reportEvent
 * (one and a batch), getMeteredEntitlement after events with the SDK's own hasAccess decisions,
 * idempotency under 300 parallel requests.
 */
import { randomUUID } from 'node:crypto';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { rest, testEmulator } from '../support/emulator.js';
import { FIXTURES } from '../usage/support.js';

let emu: Emulator;
let stigg: Stigg;

beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES] });
  const url = (await emu.listen()).url;
  const environmentId = `sdk-events-${randomUUID()}`;
  // the SDK rolls usage periods on its own clock: the environment's clock is set to the machine's time
  const moved = await rest(emu, 'POST', `/_emulator/environments/${environmentId}/clock`, { to: new Date().toISOString() });
  if (moved.status !== 200) throw new Error(JSON.stringify(moved.body));
  stigg = Stigg.initialize({ apiKey: `server-${environmentId}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  stigg?.close();
  await emu.close();
});

const key = () => randomUUID();

describe('@stigg/node-server-sdk raw events', () => {
  it('reportEvent (one, then a batch), then getMeteredEntitlement shows the aggregated usage', async () => {
    await stigg.reportEvent({ customerId: 'c-1', eventName: 'api.call', idempotencyKey: key(), dimensions: { region: 'us-east-1' } });
    await stigg.reportEvent([
      { customerId: 'c-1', eventName: 'api.call', idempotencyKey: key() },
      { customerId: 'c-1', eventName: 'llm', idempotencyKey: key(), dimensions: { tokens: 250 } },
      { customerId: 'c-1', eventName: 'llm', idempotencyKey: key(), dimensions: { tokens: 150 } },
    ]);
    const calls = await stigg.getMeteredEntitlement({ customerId: 'c-1', featureId: 'f-calls' });
    expect(calls).toMatchObject({ type: 'METERED', hasAccess: true, isFallback: false, usageLimit: 10, currentUsage: 2 });
    const usCalls = await stigg.getMeteredEntitlement({ customerId: 'c-1', featureId: 'f-us-calls' });
    expect(usCalls.currentUsage).toBe(1);
    const tokens = await stigg.getMeteredEntitlement({ customerId: 'c-1', featureId: 'f-tokens', options: { requestedUsage: 600 } });
    expect(tokens).toMatchObject({ hasAccess: true, currentUsage: 400, usageLimit: 1000, requestedUsage: 600 });
    const tooMuch = await stigg.getMeteredEntitlement({ customerId: 'c-1', featureId: 'f-tokens', options: { requestedUsage: 601 } });
    expect(tooMuch).toMatchObject({ hasAccess: false, accessDeniedReason: 'RequestedUsageExceedingLimit' });
  });

  it('the SDK denies access once the events reach the hard limit; a retried event counts once', async () => {
    const retried = { customerId: 'c-2', eventName: 'api.call', idempotencyKey: key() };
    await stigg.reportEvent(retried);
    await stigg.reportEvent(retried);
    await stigg.reportEvent(Array.from({ length: 8 }, () => ({ customerId: 'c-2', eventName: 'api.call', idempotencyKey: key() })));
    const atLimit = await stigg.getMeteredEntitlement({ customerId: 'c-2', featureId: 'f-calls' });
    expect(atLimit).toMatchObject({ currentUsage: 9, hasAccess: true });
    await stigg.reportEvent({ customerId: 'c-2', eventName: 'api.call', idempotencyKey: key() });
    const full = await stigg.getMeteredEntitlement({ customerId: 'c-2', featureId: 'f-calls', options: { requestedUsage: 1 } });
    expect(full).toMatchObject({ currentUsage: 10, hasAccess: false, accessDeniedReason: 'RequestedUsageExceedingLimit' });
  });

  it('bad input is thrown to the caller: an event without eventName, an unknown customer', async () => {
    await expect(stigg.reportEvent({ customerId: 'c-1', eventName: '', idempotencyKey: key() })).rejects.toThrow();
    await expect(stigg.reportEvent({ customerId: 'c-ghost', eventName: 'api.call', idempotencyKey: key() })).rejects.toThrow(/c-ghost/);
  });

  it('300 parallel events with 50 repeated idempotency keys end at the exact count', async () => {
    const keys = Array.from({ length: 250 }, () => key());
    const sent = Array.from({ length: 300 }, (_, i) => ({ customerId: 'c-never', eventName: 'api.call', idempotencyKey: keys[i < 250 ? i : i - 250]! }));
    await Promise.all(sent.map((event) => stigg.reportEvent(event)));
    const calls = await stigg.getMeteredEntitlement({ customerId: 'c-never', featureId: 'f-calls' });
    expect(calls.currentUsage).toBe(250);
  });
});
