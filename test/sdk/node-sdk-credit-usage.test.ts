/**
 * The official @stigg/node-server-sdk (3.95.0) over a real socket: usage of credit-backed features
 * (RULES 4.3). reportUsage and reportEvent draw credits from the customer's wallet, read back with
 * getCreditBalance. (3.95.0 reads no credit entitlements: its entitlement getters are V1.)
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

let emu: Emulator;
let stigg: Stigg;

beforeAll(async () => {
  emu = testEmulator({ fixtures: [join(import.meta.dirname, '..', 'credits', 'fixtures', 'credit-usage.yaml')] });
  const url = (await emu.listen()).url;
  stigg = Stigg.initialize({ apiKey: `server-sdk-credit-usage-${randomUUID()}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  stigg?.close();
  await emu.close();
});

describe('@stigg/node-server-sdk: credit-backed usage', () => {
  it('reportUsage and reportEvent consume credits at the plan rate; a retried event consumes once', async () => {
    const customerId = 'customer-a';
    await stigg.provisionSubscription({ customerId, planId: 'plan-ai', billingPeriod: 'MONTHLY' as never });
    // the SDK's GraphQL client caches a query by its variables: each read below asks differently
    const before = await stigg.getCreditBalance({ customerId });
    expect(before.balances![0]).toMatchObject({ currentBalance: 100, totalGranted: 100, totalConsumed: 0 });

    const ack = await stigg.reportUsage({ customerId, featureId: 'feature-ai-tokens', value: 7 });
    expect(ack).toMatchObject({ featureId: 'feature-ai-tokens', currentUsage: 7 });
    expect((await stigg.getCreditBalance({ customerId, currencyId: 'currency-credits' })).balances![0]).toMatchObject({ currentBalance: 86, totalConsumed: 14 });

    const event = { customerId, eventName: 'upload', idempotencyKey: randomUUID(), dimensions: { bytes: 4000 } };
    await stigg.reportEvent(event);
    await stigg.reportEvent(event);
    await stigg.reportEvent([
      { customerId, eventName: 'api_call', idempotencyKey: randomUUID() },
      { customerId, eventName: 'api_call', idempotencyKey: randomUUID() },
    ]);
    const grants = await stigg.getCreditGrants({ customerId, currencyId: 'currency-credits' });
    expect(grants.data.map((g: any) => [g.grantType, g.amount, g.consumedAmount])).toEqual([['RECURRING', 100, 19]]);
    // the feature's own metered entitlement is unaffected by the credits (unlimited here)
    const tokens = await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-ai-tokens' });
    expect(tokens).toMatchObject({ hasAccess: true, currentUsage: 7 });
  });
});
