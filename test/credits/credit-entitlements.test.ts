/**
 * Where credits meet entitlements and usage, over GraphQL over HTTP with the clients' own documents:
 * the CreditEntitlement of entitlementV2 and of the entitlementsV2 lists (E96, RULES 3.5, 3.7), and
 * credit-backed usage (RULES 4.3): reportUsage and reportEvent consume credits.
 */
import { join } from 'node:path';
import type { Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';
import { collect, waitFor, waitForListener, wsClient } from '../realtime/support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'credit-usage.yaml');
const NOW = '2025-07-01T00:00:00.000Z';

let emu: Emulator;
let url: string;
const sockets: WsClient[] = [];
beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES] });
  url = (await emu.listen()).url;
});
afterAll(async () => {
  for (const s of sockets) await s.dispose();
  await emu.close();
});

async function world() {
  const env = newEnvironment('cre');
  const clock = (to: string, frozen = true) => rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to, frozen });
  await clock(NOW);
  const send = (operation: string, variables: Record<string, unknown>, client: Client = 'go') => gql(emu, env.serverKey, clientOperation(client, operation), variables);
  const ok = async (operation: string, variables: Record<string, unknown>, client: Client = 'go') => {
    const res = await send(operation, variables, client);
    if (res.errors) throw new Error(`${operation}: ${JSON.stringify(res.errors)}`);
    return res.data!;
  };
  /** plan-ai from now; a second later the first monthly grant (100 credits, 10 soft credits) has been made */
  const subscribe = async (customerId = 'customer-a') => {
    const res = await ok('ProvisionSubscription', { input: { customerId, planId: 'plan-ai', billingPeriod: 'MONTHLY' } });
    await clock('2025-07-01T00:00:01.000Z');
    return res.provisionSubscription;
  };
  const credit = async (currencyId: string, extra: Record<string, unknown> = {}, client: Client = 'go') =>
    (await ok('GetEntitlementV2', { query: { customerId: 'customer-a', currencyId, ...extra } }, client)).entitlementV2;
  const balance = async (currencyId = 'currency-credits', customerId = 'customer-a') =>
    (await ok('GetCreditBalance', { input: { customerId, currencyId } })).creditBalanceSummary.balances[0];
  const report = async (input: Record<string, unknown>, client: Client = 'go') =>
    (await ok('ReportUsage', { input: { customerId: 'customer-a', featureId: 'feature-ai-tokens', ...input } }, client)).reportUsage;
  const events = (usageEvents: Record<string, unknown>[], client: Client = 'go') =>
    ok('ReportEvent', { input: { usageEvents: usageEvents.map((e) => ({ customerId: 'customer-a', ...e })) } }, client);
  const ledger = async () =>
    (await ok('GetCreditLedger', { input: { customerId: 'customer-a', currencyId: 'currency-credits', eventType: ['CREDITS_CONSUMED'] } })).creditsLedger.edges.map((e: any) => e.node);
  return { ...env, clock, send, ok, subscribe, credit, balance, report, events, ledger };
}

const CURRENCY = { currencyId: 'currency-credits', displayName: 'Credits', description: null, unitSingular: 'credit', unitPlural: 'credits', additionalMetaData: null };

describe('entitlementV2 with a currencyId: the CreditEntitlement (E96, RULES 3.5)', () => {
  it('no credit entitlement nor credits is EntitlementNotFound; an unknown customer CustomerNotFound; an unknown currency CustomCurrencyNotFound', async () => {
    const w = await world();
    expect(await w.credit('currency-credits')).toEqual({
      __typename: 'CreditEntitlement',
      isGranted: false,
      accessDeniedReason: 'EntitlementNotFound',
      currency: CURRENCY,
      usageLimit: 0,
      currentUsage: 0,
      hasSoftLimit: false,
      usageUpdatedAt: null,
      entitlementUpdatedAt: null,
      usagePeriodEnd: null,
      validUntil: null,
    });
    expect(await w.credit('currency-credits', { customerId: 'customer-nope' })).toMatchObject({ isGranted: false, accessDeniedReason: 'CustomerNotFound' });
    expect(await w.credit('currency-credits', { resourceId: 'resource-nope' })).toMatchObject({ isGranted: false, accessDeniedReason: 'CustomerResourceNotFound' });
    expect(codeOf(await w.send('GetEntitlementV2', { query: { customerId: 'customer-a', currencyId: 'currency-nope' } }))).toBe('CustomCurrencyNotFound');
    expect(codeOf(await w.send('GetEntitlementV2', { query: { customerId: 'customer-a', currencyId: 'currency-credits', options: { requestedUsage: -1 } } }))).toBe('BadUserInput');
  });

  it('E96 hard limit: granted while the balance covers the request, then InsufficientCredits; soft limit: access stays at a negative balance', async () => {
    const w = await world();
    await w.subscribe();
    expect(await w.credit('currency-credits', { options: { requestedUsage: 100 } })).toMatchObject({
      __typename: 'CreditEntitlement',
      isGranted: true,
      accessDeniedReason: null,
      usageLimit: 100,
      currentUsage: 0,
      hasSoftLimit: false,
      usagePeriodEnd: '2025-08-01T00:00:00.000Z',
      validUntil: '2025-08-01T00:00:00.000Z',
      currency: CURRENCY,
    });
    expect(await w.credit('currency-credits', { options: { requestedUsage: 101 } })).toMatchObject({ isGranted: false, accessDeniedReason: 'InsufficientCredits' });
    await w.report({ value: 50 }); // 100 credits
    expect(await w.credit('currency-credits')).toMatchObject({ isGranted: false, accessDeniedReason: 'InsufficientCredits', currentUsage: 100, usageLimit: 100 });
    await w.ok('ConsumeCredits', { input: { customerId: 'customer-a', currencyId: 'currency-soft', amount: 15, idempotencyKey: 'soft-1' } });
    expect(await w.credit('currency-soft', { options: { requestedUsage: 5 } })).toMatchObject({ isGranted: true, accessDeniedReason: null, hasSoftLimit: true, currentUsage: 15, usageLimit: 10 });
  });
});

describe('the entitlementsV2 lists carry the credit entitlements next to the feature entitlements', () => {
  it('entitlementsState.entitlementsV2 (Go, Node 4.x, Python 6 documents): FeatureEntitlement then CreditEntitlement, one per currency', async () => {
    const w = await world();
    await w.subscribe();
    await w.report({ value: 10 }); // 20 credits
    for (const client of ['go', 'node-4', 'python-6'] as Client[]) {
      const state = (await w.ok('GetEntitlementsState', { query: { customerId: 'customer-a' } }, client)).entitlementsState;
      const list = state.entitlementsV2;
      expect(list.map((e: any) => [e.__typename, e.feature?.refId ?? e.currency?.currencyId])).toEqual([
        ['FeatureEntitlement', 'feature-ai-tokens'],
        ['FeatureEntitlement', 'feature-api-calls'],
        ['FeatureEntitlement', 'feature-bytes'],
        ['FeatureEntitlement', 'feature-seats'],
        ['CreditEntitlement', 'currency-credits'],
        ['CreditEntitlement', 'currency-soft'],
      ]);
      expect(list[4]).toMatchObject({ isGranted: true, usageLimit: 100, currentUsage: 20, hasSoftLimit: false });
      expect(list[5]).toMatchObject({ isGranted: true, usageLimit: 10, currentUsage: 0, hasSoftLimit: true });
      // the V1 list is unchanged: feature entitlements only
      expect(state.entitlements).toHaveLength(4);
    }
    // an unknown customer lists nothing
    const none = (await w.ok('GetEntitlementsState', { query: { customerId: 'customer-nope' } })).entitlementsState;
    expect(none).toMatchObject({ accessDeniedReason: 'CustomerNotFound', entitlementsV2: [] });
  });

  it('an exhausted hard-limit wallet lists InsufficientCredits; credits granted without a subscription list a CreditEntitlement too', async () => {
    const w = await world();
    await w.ok('GrantCredits', { input: { customerId: 'customer-b', currencyId: 'currency-credits', amount: 5, displayName: 'gift', grantType: 'PROMOTIONAL' } });
    const b = (await w.ok('GetEntitlementsState', { query: { customerId: 'customer-b' } })).entitlementsState;
    expect(b.accessDeniedReason).toBe('NoActiveSubscription');
    expect(b.entitlementsV2).toEqual([expect.objectContaining({ __typename: 'CreditEntitlement', isGranted: true, usageLimit: 5, currency: CURRENCY })]);
    await w.subscribe();
    await w.report({ value: 60 }); // 120 credits of 100
    const a = (await w.ok('GetEntitlementsState', { query: { customerId: 'customer-a' } })).entitlementsState;
    expect(a.entitlementsV2.find((e: any) => e.currency?.currencyId === 'currency-credits')).toMatchObject({ isGranted: false, accessDeniedReason: 'InsufficientCredits', currentUsage: 120 });
  });

  it('provisionSubscription, applySubscription, provisionCustomer and the customer portal list them, with the first grant made', async () => {
    const w = await world();
    const credits = (list: any[]) => list.filter((e: any) => e.__typename === 'CreditEntitlement').map((e: any) => [e.currency.currencyId, e.isGranted, e.usageLimit]);
    const provisioned = (await w.ok('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY' } })).provisionSubscription;
    expect(provisioned.entitlementsV2.some((e: any) => e.__typename === 'FeatureEntitlement')).toBe(true);
    expect(credits(provisioned.entitlementsV2)).toEqual([
      ['currency-credits', true, 100],
      ['currency-soft', true, 10],
    ]);
    const customer = (await w.ok('ProvisionCustomer', { input: { customerId: 'customer-a' } })).provisionCustomer;
    expect(credits(customer.entitlementsV2)).toEqual([
      ['currency-credits', true, 100],
      ['currency-soft', true, 10],
    ]);
    const portal = (await w.ok('GetCustomerPortalByRefId', { input: { customerId: 'customer-a' } })).customerPortal;
    expect(credits(portal.entitlementsV2)).toEqual([
      ['currency-credits', true, 100],
      ['currency-soft', true, 10],
    ]);
    const applied = (await w.ok('ApplySubscription', { input: { customerId: 'customer-b', planId: 'plan-ai', billingPeriod: 'MONTHLY' } })).applySubscription;
    expect(credits(applied.entitlementsV2)).toEqual([
      ['currency-credits', true, 100],
      ['currency-soft', true, 10],
    ]);
  });

  it('entitlementsUpdatedV2 carries the credit entitlements; usageUpdatedV2 the credit usage (type CREDIT), over a real WebSocket', async () => {
    const w = await world();
    const socket = wsClient(url, { headers: { 'X-API-KEY': w.serverKey } });
    sockets.push(socket);
    const updates = collect(socket, clientOperation('go', 'OnEntitlementsUpdatedV2'));
    const usage = collect(socket, clientOperation('go', 'OnUsageUpdatedV2'));
    await waitForListener(emu, w.id, 'entitlementsUpdatedV2');
    await waitForListener(emu, w.id, 'usageUpdatedV2');
    await w.subscribe();
    const withCredits = await waitFor(
      () => updates.values.find((v: any) => v.entitlementsUpdatedV2.entitlements.some((e: any) => e.__typename === 'CreditEntitlement' && e.usageLimit === 100)),
      5000,
      'entitlementsUpdatedV2 with the granted credits',
    );
    expect(withCredits.entitlementsUpdatedV2).toMatchObject({ customerId: 'customer-a', resourceId: null });
    await w.report({ value: 3 });
    const creditUsage = await waitFor(
      () => usage.values.find((v: any) => v.usageUpdatedV2.entitlementReference.type === 'CREDIT' && v.usageUpdatedV2.usage.currentUsage === 6),
      5000,
      'usageUpdatedV2 of the credits',
    );
    expect(creditUsage.usageUpdatedV2).toMatchObject({ customerId: 'customer-a', entitlementReference: { id: 'currency-credits', type: 'CREDIT' }, usage: { usagePeriodEnd: '2025-08-01T00:00:00.000Z' } });
    expect(usage.values.some((v: any) => v.usageUpdatedV2.entitlementReference.type === 'FEATURE' && v.usageUpdatedV2.entitlementReference.id === 'feature-ai-tokens')).toBe(true);
    expect([...updates.errors, ...usage.errors]).toEqual([]);
    updates.stop();
    usage.stop();
  });
});

describe('RULES 4.3: credit-backed usage consumes credits', () => {
  it('reportUsage consumes value × creditRate in the documented order and answers the optimistic balance (Go, Node 4.x, Python 6 documents)', async () => {
    const w = await world();
    await w.subscribe();
    // a promotional grant with priority 0 is drawn before the recurring grant (priority 10)
    const promo = (await w.ok('GrantCredits', { input: { customerId: 'customer-a', currencyId: 'currency-credits', amount: 4, displayName: 'promo', grantType: 'PROMOTIONAL', priority: 0 } })).createCreditGrant;
    const first = await w.report({ value: 5 });
    expect(first).toMatchObject({
      featureId: 'feature-ai-tokens',
      currentUsage: 5,
      credit: { currencyId: 'currency-credits', consumed: 10, currentUsage: 10, usagePeriodEnd: '2025-08-01T00:00:00.000Z', timestamp: '2025-07-01T00:00:01.000Z' },
    });
    const grants = (await w.ok('GetCreditGrants', { input: { customerId: 'customer-a', currencyId: 'currency-credits' } })).creditGrants.edges.map((e: any) => e.node);
    expect(grants.map((g: any) => [g.grantType, g.consumedAmount])).toEqual([
      ['RECURRING', 6],
      ['PROMOTIONAL', 4],
    ]);
    expect(grants.find((g: any) => g.grantId === promo.grantId).consumedAmount).toBe(4);
    const entries = await w.ledger();
    expect(entries.map((e: any) => [e.featureId, e.amount])).toEqual([
      ['feature-ai-tokens', -4],
      ['feature-ai-tokens', -6],
    ]);
    expect((await w.report({ value: 1 }, 'node-4')).credit).toMatchObject({ consumed: 2, currentUsage: 12 });
    expect((await w.report({ value: 1 }, 'python-6')).credit).toMatchObject({ consumed: 2, currentUsage: 14 });
    // the Node 3.x document has no place for the balance; it consumes all the same
    await w.report({ value: 1 }, 'node');
    expect(await w.balance()).toMatchObject({ currentBalance: 88, totalConsumed: 16, totalGranted: 104 });
  });

  it('an idempotent retry consumes nothing more (consumed 0); SET consumes the increase only; a decrease refunds nothing; the overdraft takes the rest', async () => {
    const w = await world();
    await w.subscribe();
    const once = await w.report({ value: 5, idempotencyKey: 'k1' });
    const again = await w.report({ value: 5, idempotencyKey: 'k1' });
    expect(again.id).toBe(once.id);
    expect(again.credit).toMatchObject({ consumed: 0, currentUsage: 10 });
    expect((await w.balance()).currentBalance).toBe(90);
    expect((await w.report({ value: 8, updateBehavior: 'SET' })).credit).toMatchObject({ consumed: 6, currentUsage: 16 });
    expect((await w.report({ value: -3 })).credit).toMatchObject({ consumed: 0, currentUsage: 16 });
    expect((await w.report({ value: 50 })).credit).toMatchObject({ consumed: 100, currentUsage: 116 });
    expect(await w.balance()).toMatchObject({ currentBalance: -16, totalConsumed: 116, totalGranted: 100 });
  });

  it('reportUsageBulk consumes for each usage, all or nothing; a feature without a credit price answers credit null', async () => {
    const w = await world();
    await w.subscribe();
    const bulk = (await w.ok('ReportUsageBulk', { input: { usages: [
      { customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 1 },
      { customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 2 },
      { customerId: 'customer-a', featureId: 'feature-seats', value: 2 },
    ] } })).reportUsageBulk;
    expect(bulk.map((m: any) => m.credit && [m.credit.consumed, m.credit.currentUsage])).toEqual([[2, 2], [4, 6], null]);
    const failed = await w.send('ReportUsageBulk', { input: { usages: [
      { customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 10 },
      { customerId: 'customer-a', featureId: 'feature-api-calls', value: 1 },
    ] } });
    expect(codeOf(failed)).toBe('CannotReportUsageForEntitlementWithMeterError');
    expect((await w.balance()).totalConsumed).toBe(6);
  });

  it('a customer without the credit-priced plan consumes nothing', async () => {
    const w = await world();
    await w.ok('GrantCredits', { input: { customerId: 'customer-b', currencyId: 'currency-credits', amount: 50, displayName: 'g', grantType: 'PAID' } });
    const m = (await w.ok('ReportUsage', { input: { customerId: 'customer-b', featureId: 'feature-ai-tokens', value: 5 } })).reportUsage;
    expect(m.credit).toBeNull();
    expect((await w.balance('currency-credits', 'customer-b')).currentBalance).toBe(50);
  });

  it('reportEvent on a credit-backed metered feature consumes (COUNT × rate, SUM of the field × rate); a duplicate event consumes nothing', async () => {
    const w = await world();
    await w.subscribe();
    const answer = await w.events([
      { eventName: 'api_call', idempotencyKey: 'e1' },
      { eventName: 'api_call', idempotencyKey: 'e2' },
      { eventName: 'upload', idempotencyKey: 'e3', dimensions: { bytes: 3000 } },
      { eventName: 'other', idempotencyKey: 'e4' },
    ]);
    expect(answer.reportEvent).toBeNull();
    expect(await w.balance()).toMatchObject({ totalConsumed: 4, currentBalance: 96 });
    await w.events([{ eventName: 'api_call', idempotencyKey: 'e1' }], 'node-4');
    await w.events([{ eventName: 'api_call', idempotencyKey: 'e5' }], 'python');
    expect(await w.balance()).toMatchObject({ totalConsumed: 4.5 });
    const entries = await w.ledger();
    expect(entries.map((e: any) => [e.featureId, e.amount])).toEqual([
      ['feature-api-calls', -0.5],
      ['feature-api-calls', -0.5],
      ['feature-bytes', -3],
      ['feature-api-calls', -0.5],
    ]);
  });
});
