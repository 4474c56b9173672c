/**
 * The official @stigg/node-server-sdk with realtime updates on (its default): it connects its
 * WebSocket without errors and its entitlement cache follows the pushed events.
 */
import { randomUUID } from 'node:crypto';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { gql, testEmulator } from '../support/emulator.js';
import { waitForListener } from './support.js';

let emu: Emulator;
let stigg: Stigg;
const environmentId = `sdk-rt-${randomUUID()}`;
const apiKey = `server-${environmentId}`;
const logs: { level: string; message: string }[] = [];
const logger = {
  log: (message: string) => logs.push({ level: 'log', message }),
  debug: (message: string) => logs.push({ level: 'debug', message }),
  error: (message: string) => logs.push({ level: 'error', message }),
};

beforeAll(async () => {
  emu = testEmulator();
  const { url } = await emu.listen();
  stigg = Stigg.initialize({
    apiKey,
    baseUri: url,
    enableEdge: false,
    realtimeUpdatesEnabled: true,
    logConfiguration: { logLevel: 'ALL' as never, logger },
  });
  await stigg.waitForInitialization();
  for (const topic of ['entitlementsUpdated', 'usageUpdated', 'packagePublished', 'creditBalanceUpdated'] as const) {
    await waitForListener(emu, environmentId, topic);
  }
});

afterAll(async () => {
  await stigg?.close();
  await emu.close();
});

describe('@stigg/node-server-sdk with realtimeUpdatesEnabled', () => {
  it('initializes and subscribes without websocket errors', () => {
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
    expect(logs.some((l) => l.message.includes('Subscribing to real-time updates'))).toBe(true);
    expect(logs.map((l) => l.message).join('\n')).not.toMatch(/websocket/i);
  });

  it('provisions a customer; reported usage reaches its cache through usageUpdated', async () => {
    const provisioned = await stigg.provisionCustomer({ customerId: 'sdk-rt-1', subscriptionParams: { planId: 'plan-revvenu-basic' } });
    expect(provisioned.subscription?.status).toBe('ACTIVE');

    const before = await stigg.getMeteredEntitlement({ customerId: 'sdk-rt-1', featureId: 'feature-01-templates' });
    expect(before).toMatchObject({ hasAccess: true, currentUsage: 0, usageLimit: 3 });

    await stigg.reportUsage({ customerId: 'sdk-rt-1', featureId: 'feature-01-templates', value: 2 });
    const seen = await poll(async () => {
      const e = await stigg.getMeteredEntitlement({ customerId: 'sdk-rt-1', featureId: 'feature-01-templates' });
      return e.currentUsage === 2 ? e : null;
    });
    expect(seen).toMatchObject({ hasAccess: true, currentUsage: 2, usageLimit: 3 });

    // usage reported by someone else (not through this SDK) reaches the cache too
    const other = await gql(emu, apiKey, `mutation R($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }`, {
      input: { customerId: 'sdk-rt-1', featureId: 'feature-01-templates', value: 1 },
    });
    expect(other.data!.reportUsage.currentUsage).toBe(3);
    const full = await poll(async () => {
      const e = await stigg.getMeteredEntitlement({ customerId: 'sdk-rt-1', featureId: 'feature-01-templates', options: { requestedUsage: 1 } });
      return e.currentUsage === 3 ? e : null;
    });
    expect(full).toMatchObject({ hasAccess: false, currentUsage: 3, accessDeniedReason: 'RequestedUsageExceedingLimit' });
    // the SDK's own log: the values came from pushed events, not from a refetch
    expect(logs.some((l) => l.message.includes('Usage updated event arrived'))).toBe(true);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('entitlementsUpdated replaces the cached entitlements (archiving the customer)', async () => {
    await stigg.provisionCustomer({ customerId: 'sdk-rt-2', subscriptionParams: { planId: 'plan-revvenu-basic' } });
    expect(await stigg.getBooleanEntitlement({ customerId: 'sdk-rt-2', featureId: 'feature-05-support' })).toBeDefined();
    const granted = await stigg.getMeteredEntitlement({ customerId: 'sdk-rt-2', featureId: 'feature-01-templates' });
    expect(granted.hasAccess).toBe(true);
    await stigg.archiveCustomer('sdk-rt-2');
    const denied = await poll(async () => {
      const e = await stigg.getMeteredEntitlement({ customerId: 'sdk-rt-2', featureId: 'feature-01-templates' });
      return e.hasAccess ? null : e;
    });
    expect(denied.hasAccess).toBe(false);
    expect(logs.some((l) => l.message.includes('Entitlements updated event arrived'))).toBe(true);
  });
});

async function poll<T>(check: () => Promise<T | null>, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
