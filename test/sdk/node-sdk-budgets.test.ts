/**
 * The official @stigg/node-server-sdk over a real socket with spend budgets (RULES 2.8.7, E70):
 * provisionSubscription and updateSubscription with a budget, reportUsage, and
 * getMeteredEntitlement answering BudgetExceeded once a hard budget is reached.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, '..', 'subscriptions', 'fixtures', 'budgets.yaml');

let emu: Emulator;
let stigg: Stigg;

const envId = `sdk-budget-${randomUUID()}`;

beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES] });
  const url = (await emu.listen()).url;
  stigg = Stigg.initialize({ apiKey: `server-${envId}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
  // the SDK judges usage windows by its own clock: keep it in step with the environment's (docs/testing.md, "Clock skew")
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(emu.registry.get(envId).now());
});

afterAll(async () => {
  vi.useRealTimers();
  stigg?.close();
  await emu.close();
});

describe('@stigg/node-server-sdk with spend budgets', () => {
  it('a hard budget reached by reported usage denies the usage-based feature with BudgetExceeded', async () => {
    // c-sdk's fixture subscription s-sdk has a hard $6 budget; f-api costs $2 a call (the SDK's
    // provisionSubscription and updateSubscription do not send `budget`: it is set by fixtures or GraphQL)
    const [subscription] = await stigg.getActiveSubscriptions({ customerId: 'c-sdk' });
    expect(subscription).toMatchObject({ id: 's-sdk', status: 'ACTIVE' });
    await stigg.reportUsage({ customerId: 'c-sdk', featureId: 'f-api', value: 2 });
    expect(await stigg.getMeteredEntitlement({ customerId: 'c-sdk', featureId: 'f-api' })).toMatchObject({ hasAccess: true, currentUsage: 2 });
    await stigg.reportUsage({ customerId: 'c-sdk', featureId: 'f-api', value: 1 });
    expect(await stigg.getMeteredEntitlement({ customerId: 'c-sdk', featureId: 'f-api' })).toMatchObject({ hasAccess: false, accessDeniedReason: 'BudgetExceeded' });
    expect(await stigg.getMeteredEntitlement({ customerId: 'c-sdk', featureId: 'f-tokens' })).toMatchObject({ hasAccess: false, accessDeniedReason: 'BudgetExceeded' });
    expect(await stigg.getBooleanEntitlement({ customerId: 'c-sdk', featureId: 'f-flag' })).toMatchObject({ hasAccess: true });
  });
});
