/** Credits (E92-E96) over GraphQL, with the clients' own documents. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'credits.yaml');
const NOW = '2025-07-01T00:00:00.000Z';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

async function world(at = NOW, client: Client = 'go') {
  const env = newEnvironment('cr');
  const clock = (to: string) => rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to, frozen: true });
  await clock(at);
  const send = (operation: string, variables: Record<string, unknown>, c: Client = client) => gql(emu, env.serverKey, clientOperation(c, operation), variables);
  const ok = async (operation: string, variables: Record<string, unknown>, c: Client = client) => {
    const res = await send(operation, variables, c);
    if (res.errors) throw new Error(`${operation}: ${JSON.stringify(res.errors)}`);
    return res.data!;
  };
  const grant = async (input: Record<string, unknown>) =>
    (await ok('GrantCredits', { input: { customerId: 'customer-a', currencyId: 'currency-credits', displayName: 'grant', grantType: 'PAID', ...input } })).createCreditGrant;
  const consume = async (amount: number, idempotencyKey: string, extra: Record<string, unknown> = {}) =>
    (await ok('ConsumeCredits', { input: { customerId: 'customer-a', currencyId: 'currency-credits', amount, idempotencyKey, ...extra } }, 'go')).consumeCredits;
  const balance = async (input: Record<string, unknown> = {}) =>
    (await ok('GetCreditBalance', { input: { customerId: 'customer-a', ...input } })).creditBalanceSummary;
  const grants = async () => (await ok('GetCreditGrants', { input: { customerId: 'customer-a' } })).creditGrants.edges.map((e: any) => e.node);
  const ledger = async (input: Record<string, unknown> = {}) =>
    (await ok('GetCreditLedger', { input: { customerId: 'customer-a', ...input } })).creditsLedger.edges.map((e: any) => e.node);
  return { ...env, clock, send, ok, grant, consume, balance, grants, ledger };
}

const remaining = (g: any) => g.amount - g.consumedAmount;

describe('credit grants and consumption', () => {
  it('E92: consumption follows priority, expiry, promotional before paid; one ledger entry per grant drawn', async () => {
    const w = await world();
    const a = await w.grant({ displayName: 'A', priority: 1, expireAt: '2025-09-01T00:00:00Z', grantType: 'PAID', amount: 50 });
    const b = await w.grant({ displayName: 'B', priority: 1, expireAt: '2025-09-01T00:00:00Z', grantType: 'PROMOTIONAL', amount: 20 });
    const c = await w.grant({ displayName: 'C', priority: 2, expireAt: '2025-08-15T00:00:00Z', grantType: 'PROMOTIONAL', amount: 100 });
    expect(a).toMatchObject({ status: 'ACTIVE', amount: 50, consumedAmount: 0, grantType: 'PAID', priority: 1, currencyId: 'currency-credits', paymentCollection: 'NOT_REQUIRED' });
    const consumed = await w.consume(60, 'k1');
    expect(consumed).toMatchObject({ customerId: 'customer-a', currencyId: 'currency-credits', amount: 60, credit: { currentUsage: 60, usageLimit: 170 } });
    const byId = new Map((await w.grants()).map((g: any) => [g.grantId, g]));
    expect([remaining(byId.get(b.grantId)), remaining(byId.get(a.grantId)), remaining(byId.get(c.grantId))]).toEqual([0, 10, 100]);
    const entries = await w.ledger({ eventType: ['CREDITS_CONSUMED'] });
    expect(entries.map((e: any) => [e.creditGrantId, e.amount, e.eventId])).toEqual([
      [b.grantId, -20, 'k1'],
      [a.grantId, -40, 'k1'],
    ]);
    expect((await w.balance()).balances).toEqual([
      expect.objectContaining({ currentBalance: 110, totalGranted: 170, totalConsumed: 60, validUntil: Date.parse('2025-08-15T00:00:00Z') }),
    ]);
  });

  it('grants emit credit_grant.created / .updated (a void, an overdraft settlement) / .depleted / .balance.low, as Stigg\'s credit-grant pages define them', async () => {
    const w = await world();
    const events = async () =>
      ((await rest(emu, 'GET', `/_emulator/environments/${w.id}/webhooks`)).body.events as { type: string; payload: any }[]).filter((e) => e.type.startsWith('credit_'));
    const a = await w.grant({ displayName: 'A', amount: 10, priority: 1 });
    const b = await w.grant({ displayName: 'B', amount: 50, priority: 2 });
    await w.consume(15, 'k1');
    await w.ok('VoidCreditGrant', { input: { id: b.grantId } });
    await w.consume(5, 'k2');
    const overdraft = (await w.grants()).find((g: any) => g.grantType === 'OVERDRAFT');
    const c = await w.grant({ displayName: 'C', amount: 5 });
    const seen = (await events()).map((e) => [e.type, e.payload.grantId ?? e.payload.grant?.id ?? null, e.payload.thresholdPercentage ?? null]);
    expect(seen).toEqual([
      ['credit_grant.created', a.grantId, null],
      ['credit_grant.created', b.grantId, null],
      // k1 takes all of A (below 20 % left: the lowest threshold passed) and 5 of B; the wallet falls below 80 %
      ['credit_grant.balance.low', a.grantId, 20],
      ['credit_grant.depleted', a.grantId, null],
      ['credit_balance.low', null, 80],
      // the void is a change of the grant
      ['credit_grant.updated', b.grantId, null],
      // k2: nothing left, the deficit opens the overdraft grant
      ['credit_grant.created', overdraft.grantId, null],
      // C settles the overdraft of 5: both grants change, C is depleted, the settled overdraft is voided
      ['credit_grant.created', c.grantId, null],
      ['credit_grant.updated', c.grantId, null],
      ['credit_grant.balance.low', c.grantId, 20],
      ['credit_grant.depleted', c.grantId, null],
      ['credit_grant.updated', overdraft.grantId, null],
    ]);
    const all = await events();
    expect(all[0]!.payload).toEqual({
      type: 'credit_grant.created',
      messageId: expect.any(String),
      traceId: expect.any(String),
      timestamp: NOW,
      customerId: 'customer-a',
      grantId: a.grantId,
      entityId: a.grantId,
      amount: 10,
      consumedAmount: 0,
      currencyId: 'currency-credits',
      displayName: 'A',
      effectiveAt: NOW,
      grantType: 'PAID',
      priority: 1,
    });
    expect(all.find((e) => e.type === 'credit_grant.created' && e.payload.grantId === overdraft.grantId)!.payload).toMatchObject({ grantType: 'ADJUSTMENT', amount: 0 });
    expect(all.at(-1)!.payload).toMatchObject({ type: 'credit_grant.updated', grantId: overdraft.grantId, amount: 0, consumedAmount: 0 });
    expect((await w.grants()).find((g: any) => g.grantId === overdraft.grantId)).toMatchObject({ status: 'VOIDED', consumedAmount: 0 });
  });

  it('a consumption retried with the same idempotency key counts once', async () => {
    const w = await world();
    await w.grant({ amount: 100 });
    await w.consume(30, 'same');
    const again = await w.consume(30, 'same');
    expect(again.credit.currentUsage).toBe(30);
    expect((await w.balance()).balances[0].currentBalance).toBe(70);
  });

  it('E93: a deficit goes to an overdraft grant (negative balance); new credits settle it', async () => {
    const w = await world();
    await w.grant({ amount: 10 });
    await w.consume(25, 'k1');
    expect((await w.balance()).balances[0]).toMatchObject({ currentBalance: -15, totalConsumed: 25, totalGranted: 10 });
    const overdraft = (await w.grants()).find((g: any) => g.grantType === 'OVERDRAFT');
    expect(overdraft).toMatchObject({ amount: 0, consumedAmount: 15, status: 'ACTIVE' });
    expect(codeOf(await w.send('VoidCreditGrant', { input: { id: overdraft.grantId } }))).toBe('CreditGrantCannotBeVoided');
    const paid = await w.grant({ amount: 30 });
    expect(paid.consumedAmount).toBe(15);
    expect((await w.balance()).balances[0].currentBalance).toBe(15);
    const after = (await w.grants()).find((g: any) => g.grantType === 'OVERDRAFT');
    // fully settled: voided (Stigg's void-credit-grant and credits webhook pages)
    expect(after).toMatchObject({ grantId: overdraft.grantId, consumedAmount: 0, status: 'VOIDED' });
    const transfers = await w.ledger({ eventType: ['CREDITS_CONSUMPTION_TRANSFER_SOURCE', 'CREDITS_CONSUMPTION_TRANSFER_TARGET'] });
    expect(transfers.map((e: any) => [e.eventType, e.creditGrantId, e.amount])).toEqual([
      ['CREDITS_CONSUMPTION_TRANSFER_SOURCE', paid.grantId, -15],
      ['CREDITS_CONSUMPTION_TRANSFER_TARGET', overdraft.grantId, 15],
    ]);
    // a later deficit opens a new overdraft grant; the voided one stays voided
    await w.consume(20, 'k2');
    const overdrafts = (await w.grants()).filter((g: any) => g.grantType === 'OVERDRAFT');
    // created at the same instant: listed in either order
    expect(overdrafts.map((g: any) => [g.grantId === overdraft.grantId, g.status, g.consumedAmount]).sort()).toEqual([
      [false, 'ACTIVE', 5],
      [true, 'VOIDED', 0],
    ]);
    expect((await w.balance()).balances[0].currentBalance).toBe(-5);
  });

  it('E94: a grant effective later is SCHEDULED and not consumable; an expired grant is not consumable either', async () => {
    const w = await world();
    const later = await w.grant({ amount: 40, effectiveAt: '2025-07-10T00:00:00Z', expireAt: '2025-08-01T00:00:00Z' });
    expect(later.status).toBe('SCHEDULED');
    expect((await w.balance()).balances[0]).toMatchObject({ currentBalance: 0, validUntil: Date.parse('2025-07-10T00:00:00Z') });
    await w.consume(5, 'early');
    expect((await w.balance()).balances[0].currentBalance).toBe(-5);
    await w.clock('2025-07-15T00:00:00Z');
    expect((await w.grants()).find((g: any) => g.grantId === later.grantId).status).toBe('ACTIVE');
    expect((await w.balance()).balances[0].currentBalance).toBe(35);
    await w.consume(10, 'mid');
    await w.clock('2025-08-02T00:00:00Z');
    const expired = (await w.grants()).find((g: any) => g.grantId === later.grantId);
    expect(expired.status).toBe('EXPIRED');
    expect((await w.balance()).balances[0]).toMatchObject({ currentBalance: 0, totalGranted: 0 });
    const expiries = await w.ledger({ eventType: ['CREDITS_EXPIRED'] });
    expect(expiries.map((e: any) => [e.creditGrantId, e.amount, e.timestamp])).toEqual([[later.grantId, -25, '2025-08-01T00:00:00.000Z']]);
    await w.consume(1, 'late');
    expect((await w.balance()).balances[0].currentBalance).toBe(-1);
  });

  it('E95: voiding removes what is left; voiding again is CreditGrantAlreadyVoided; an unknown grant is CreditGrantNotFound', async () => {
    const w = await world();
    const g = await w.grant({ amount: 50 });
    await w.consume(20, 'k');
    const voided = (await w.ok('VoidCreditGrant', { input: { id: g.grantId } })).voidCreditGrant;
    expect(voided).toMatchObject({ status: 'VOIDED', voidedAt: NOW });
    expect((await w.balance()).balances[0].currentBalance).toBe(0);
    expect((await w.ledger({ eventType: ['CREDITS_VOIDED'] })).map((e: any) => e.amount)).toEqual([-30]);
    expect(codeOf(await w.send('VoidCreditGrant', { input: { id: g.grantId } }))).toBe('CreditGrantAlreadyVoided');
    expect(codeOf(await w.send('VoidCreditGrant', { input: { id: 'nope' } }))).toBe('CreditGrantNotFound');
    expect((await w.ledger({ eventType: ['CREDITS_VOIDED'] })).length).toBe(1);
  });

  it('bad input answers Stigg error codes and stores nothing', async () => {
    const w = await world();
    const unknownCurrency = await w.send('ConsumeCredits', { input: { customerId: 'customer-a', currencyId: 'currency-nope', amount: 1, idempotencyKey: 'x' } });
    expect(codeOf(unknownCurrency)).toBe('CustomCurrencyNotFound');
    const badDates = await w.send('GrantCredits', {
      input: { customerId: 'customer-a', currencyId: 'currency-credits', displayName: 'x', grantType: 'PAID', amount: 5, effectiveAt: '2025-08-01T00:00:00Z', expireAt: '2025-07-15T00:00:00Z' },
    });
    expect(codeOf(badDates)).toBe('ExpireAtMustBeLaterThanEffectiveAtError');
    expect(codeOf(await w.send('GrantCredits', { input: { customerId: 'customer-a', currencyId: 'currency-nope', displayName: 'x', grantType: 'PAID', amount: 5 } }))).toBe(
      'CustomCurrencyNotFound',
    );
    expect(codeOf(await w.send('GrantCredits', { input: { customerId: 'customer-a', currencyId: 'currency-credits', displayName: 'x', grantType: 'PAID', amount: -5 } }))).toBe(
      'BadUserInput',
    );
    expect(codeOf(await w.send('GrantCredits', { input: { customerId: 'nobody', currencyId: 'currency-credits', displayName: 'x', grantType: 'PAID', amount: 5 } }))).toBe(
      'CustomerNotFound',
    );
    // a batch with one bad consumption applies none
    const batch = await w.send('ConsumeCreditsAsync', {
      input: {
        consumptions: [
          { customerId: 'customer-a', currencyId: 'currency-credits', amount: 1, idempotencyKey: 'ok-1' },
          { customerId: 'customer-a', currencyId: 'currency-nope', amount: 1, idempotencyKey: 'bad-1' },
        ],
      },
    });
    expect(codeOf(batch)).toBe('CustomCurrencyNotFound');
    expect((await w.balance()).balances).toEqual([]);
    expect(await w.grants()).toEqual([]);
    expect(await w.ledger()).toEqual([]);
  });

  it('consumeCreditsAsync applies every consumption', async () => {
    const w = await world();
    await w.grant({ amount: 10 });
    const res = await w.ok('ConsumeCreditsAsync', {
      input: { consumptions: [1, 2, 3].map((n) => ({ customerId: 'customer-a', currencyId: 'currency-credits', amount: n, idempotencyKey: `a-${n}` })) },
    });
    expect(typeof res.consumeCreditsAsync).toBe('string');
    expect((await w.balance({ currencyId: 'currency-credits' })).balances[0].currentBalance).toBe(4);
  });
});

describe('credit entitlements of plans, add-ons and custom plans', () => {
  it('recurring grants per cadence, from the subscription start, each dated at its period and expiring at its end', async () => {
    const w = await world('2025-01-05T00:00:00Z');
    const res = await w.send('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-boost', quantity: 2 }] } });
    expect(res.errors).toBeUndefined();
    await w.clock('2025-01-05T00:00:01Z');
    let balances = (await w.balance()).balances;
    expect(balances.map((b: any) => [b.currency.currencyId, b.currentBalance])).toEqual([
      ['currency-credits', 1200],
      ['currency-soft', 10],
    ]);
    await w.consume(200, 'jan');
    const moved = (await w.clock('2025-03-15T00:00:00Z')).body;
    expect(moved.applied.filter((a: any) => a.type === 'credits.granted').map((a: any) => [a.at, a.to])).toEqual([
      ['2025-02-05T00:00:00.000Z', '1200 currency-credits'],
      ['2025-03-05T00:00:00.000Z', '1200 currency-credits'],
    ]);
    balances = (await w.balance({ currencyId: 'currency-credits' })).balances;
    expect(balances[0]).toMatchObject({ currentBalance: 1200, validUntil: Date.parse('2025-04-05T00:00:00Z') });
    const recurring = (await w.grants()).filter((g: any) => g.currencyId === 'currency-credits');
    expect(recurring.map((g: any) => [g.grantType, g.effectiveAt, g.expireAt, g.status])).toEqual([
      ['RECURRING', '2025-01-05T00:00:00.000Z', '2025-02-05T00:00:00.000Z', 'EXPIRED'],
      ['RECURRING', '2025-02-05T00:00:00.000Z', '2025-03-05T00:00:00.000Z', 'EXPIRED'],
      ['RECURRING', '2025-03-05T00:00:00.000Z', '2025-04-05T00:00:00.000Z', 'ACTIVE'],
    ]);
    expect((await w.ledger({ currencyId: 'currency-credits', eventType: ['CREDITS_EXPIRED'] })).map((e: any) => e.amount)).toEqual([-1000, -1200]);
    // the yearly soft credits were granted once
    expect((await w.grants()).filter((g: any) => g.currencyId === 'currency-soft').length).toBe(1);
  });

  it("the plan's and add-on's credit entitlements read as PackageCreditEntitlement (Go GetSubscription)", async () => {
    const w = await world();
    const res = await w.ok('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-boost', quantity: 1 }] } });
    const sub = (await w.ok('GetSubscription', { input: { subscriptionId: res.provisionSubscription.subscription.id } })).getSubscription;
    const credits = sub.plan.packageEntitlements.filter((e: any) => e.__typename === 'PackageCreditEntitlement');
    expect(credits).toEqual([
      expect.objectContaining({ amount: 1000, cadence: 'MONTH', customCurrencyId: 'currency-credits', hasSoftLimit: false, isGranted: true, customCurrency: expect.objectContaining({ currencyId: 'currency-credits', displayName: 'Credits' }) }),
      expect.objectContaining({ amount: 10, cadence: 'YEAR', customCurrencyId: 'currency-soft', hasSoftLimit: true }),
    ]);
    expect(sub.plan.packageEntitlements.filter((e: any) => e.__typename === 'PackageFeatureEntitlement').map((e: any) => e.featureId)).toEqual(['feature-ai-tokens']);
  });

  it('a canceled subscription grants no more credits', async () => {
    const w = await world('2025-01-05T00:00:00Z');
    const res = await w.ok('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY' } });
    await w.clock('2025-01-10T00:00:00Z');
    const id = res.provisionSubscription.subscription.id;
    const cancel = await gql(emu, w.serverKey, `mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { status } }`, {
      input: { subscriptionRefId: id, subscriptionCancellationTime: 'IMMEDIATE' },
    });
    expect(cancel.errors).toBeUndefined();
    await w.clock('2025-04-01T00:00:00Z');
    expect((await w.grants()).filter((g: any) => g.currencyId === 'currency-credits').length).toBe(1);
  });

  it('the documented custom-plan credits (credit: { customCurrencyId, amount, cadence: MONTH }) are granted each month', async () => {
    const w = await world('2025-01-05T00:00:00Z');
    const res = await w.send(
      'ProvisionSubscription',
      {
        input: {
          customerId: 'customer-a',
          planId: 'plan-custom',
          entitlements: [{ credit: { customCurrencyId: 'currency-credits', amount: 50000, cadence: 'MONTH' } }],
        },
      },
      'python',
    );
    expect(res.errors).toBeUndefined();
    await w.clock('2025-02-04T00:00:00Z');
    expect((await w.balance({ currencyId: 'currency-credits' })).balances[0]).toMatchObject({ currentBalance: 50000, totalGranted: 50000 });
    const unknown = await w.send('ProvisionSubscription', {
      input: { customerId: 'customer-a', planId: 'plan-custom', entitlements: [{ credit: { customCurrencyId: 'currency-nope', amount: 5, cadence: 'MONTH' } }] },
    });
    expect(codeOf(unknown)).toBe('CustomCurrencyNotFound');
  });
});

describe('credit entitlement checks', () => {
  it('E96: with a hard limit a zero balance denies (InsufficientCredits); with a soft limit access stays', async () => {
    const w = await world();
    const check = async (currencyId: string, requestedUsage?: number) => {
      const q = `currencyId=${currencyId}${requestedUsage === undefined ? '' : `&requestedUsage=${requestedUsage}`}`;
      const res = await rest(emu, 'GET', `/api/v1-beta/customers/customer-a/entitlements/check?${q}`, undefined, { 'x-api-key': w.serverKey });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data;
    };
    expect(await check('currency-credits')).toMatchObject({ type: 'CREDIT', isGranted: false, accessDeniedReason: 'EntitlementNotFound' });
    await w.ok('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY' } });
    await w.clock('2025-07-01T00:00:01Z');
    expect(await check('currency-credits', 400)).toMatchObject({ isGranted: true, accessDeniedReason: null, usageLimit: 1000, currentUsage: 0, hasSoftLimit: false, usagePeriodEnd: '2025-08-01T00:00:00.000Z' });
    await w.consume(700, 'c1');
    expect(await check('currency-credits', 400)).toMatchObject({ isGranted: false, accessDeniedReason: 'InsufficientCredits', currentUsage: 700 });
    await w.consume(300, 'c2');
    expect(await check('currency-credits')).toMatchObject({ isGranted: false, accessDeniedReason: 'InsufficientCredits', currency: { currencyId: 'currency-credits' } });
    await w.ok('ConsumeCredits', { input: { customerId: 'customer-a', currencyId: 'currency-soft', amount: 15, idempotencyKey: 's1' } });
    expect(await check('currency-soft', 5)).toMatchObject({ isGranted: true, hasSoftLimit: true, accessDeniedReason: null });
  });
});

describe('usage, estimates and automatic recharge', () => {
  it('creditUsage: consumed credits per feature and per dimension group, a point per day', async () => {
    const w = await world();
    await w.grant({ amount: 100 });
    await w.consume(3, 'u1', { dimensions: { team: 'a' } });
    await w.clock('2025-07-02T10:00:00Z');
    await w.consume(4, 'u2', { dimensions: { team: 'b' } });
    await w.consume(5, 'u3', { dimensions: { team: 'a' }, createdAt: '2025-07-02T09:00:00Z' });
    const usage = (await w.ok('GetCreditUsage', { input: { customerId: 'customer-a', currencyId: 'currency-credits', timeRange: 'LAST_WEEK' } })).creditUsage;
    expect(usage.currency).toMatchObject({ currencyId: 'currency-credits', displayName: 'Credits', units: { singular: 'credit', plural: 'credits' } });
    expect(usage.series).toEqual([
      {
        featureId: null,
        featureName: null,
        totalCredits: 12,
        points: [
          { timestamp: '2025-07-01T00:00:00.000Z', value: 3 },
          { timestamp: '2025-07-02T00:00:00.000Z', value: 9 },
        ],
      },
    ]);
    const grouped = await gql(
      emu,
      w.serverKey,
      `query($input: CreditUsageInput!) { creditUsage(input: $input) { series { tags { key value } totalCredits points { value eventCount } } } }`,
      { input: { customerId: 'customer-a', groupBy: ['team'], startDate: '2025-07-01T00:00:00Z' } },
    );
    expect(grouped.data!.creditUsage.series).toEqual([
      { tags: [{ key: 'team', value: 'a' }], totalCredits: 8, points: [{ value: 3, eventCount: 1 }, { value: 5, eventCount: 1 }] },
      { tags: [{ key: 'team', value: 'b' }], totalCredits: 4, points: [{ value: 4, eventCount: 1 }] },
    ]);
  });

  it('estimateUsageCost and estimateEventCost price usage at the plan credit rates without recording it', async () => {
    const w = await world();
    await w.ok('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY' } });
    await w.clock('2025-07-01T00:00:01Z');
    const usage = (await w.ok('EstimateUsageCost', { input: { customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 600 } })).estimateUsageCost;
    expect(usage).toEqual({
      estimates: [
        { currencyId: 'currency-credits', estimatedCost: 1200, currentBalance: 1000, balanceAfterEstimate: -200, wouldOverdraft: true, breakdown: [{ featureId: 'feature-ai-tokens', cost: 1200, warningCode: null }] },
      ],
      warnings: [],
    });
    const event = (await w.ok('EstimateEventCost', { input: { customerId: 'customer-a', eventName: 'api_call' } })).estimateEventCost;
    expect(event.estimates[0]).toMatchObject({ currencyId: 'currency-credits', estimatedCost: 0.5, wouldOverdraft: false, breakdown: [{ featureId: 'feature-api-calls', cost: 0.5 }] });
    const upload = (await w.ok('EstimateEventCost', { input: { customerId: 'customer-a', eventName: 'upload', dimensions: { bytes: 2000 } } })).estimateEventCost;
    expect(upload.estimates[0]).toMatchObject({ estimatedCost: 2, breakdown: [{ featureId: 'feature-bytes', cost: 2 }] });
    const none = (await w.ok('EstimateEventCost', { input: { customerId: 'customer-a', eventName: 'other' } })).estimateEventCost;
    expect(none.estimates).toEqual([]);
    expect((await w.balance({ currencyId: 'currency-credits' })).balances[0].currentBalance).toBe(1000);
    expect(codeOf(await w.send('EstimateUsageCost', { input: { customerId: 'customer-a', featureId: 'feature-nope', value: 1 } }))).toBe('FeatureNotFound');
  });

  it('automatic recharge: stored and shown; a balance under the threshold is brought back to the target', async () => {
    const w = await world();
    const unset = (await w.ok('GetAutomaticRechargeConfiguration', { input: { customerId: 'customer-a', currencyId: 'currency-credits' } })).getAutoRechargeSettings;
    expect(unset).toMatchObject({ isEnabled: false, currentMonthlySpend: 0 });
    await w.grant({ amount: 100 });
    const saved = (
      await w.ok('SaveAutomaticRechargeConfiguration', {
        input: { customerId: 'customer-a', currencyId: 'currency-credits', isEnabled: true, thresholdType: 'CreditAmount', thresholdValue: 20, targetBalance: 150, maxSpendLimit: 200, grantExpirationPeriod: 'OneMonth' },
      })
    ).saveAutoRechargeSettings;
    expect(saved).toMatchObject({ isEnabled: true, thresholdValue: 20, targetBalance: 150, maxSpendLimit: 200, currentMonthlySpend: 0, createdAt: NOW });
    await w.consume(70, 'r1'); // 30 left: above the threshold
    expect((await w.balance()).balances[0].currentBalance).toBe(30);
    await w.consume(15, 'r2'); // 15 left: recharged to 150
    expect((await w.balance()).balances[0].currentBalance).toBe(150);
    const recharge = (await w.grants()).find((g: any) => g.automaticRechargeConfigurationId);
    expect(recharge).toMatchObject({ amount: 135, grantType: 'PAID', expireAt: '2025-08-01T00:00:00.000Z', cost: { amount: 135, currency: 'USD' } });
    await w.consume(140, 'r3'); // 10 left: the month's spend limit leaves 65
    expect((await w.balance()).balances[0].currentBalance).toBe(75);
    const shown = (await w.ok('GetAutomaticRechargeConfiguration', { input: { customerId: 'customer-a', currencyId: 'currency-credits' } }, 'python')).getAutoRechargeSettings;
    expect(shown.currentMonthlySpend).toBe(200);
    expect(codeOf(await w.send('SaveAutomaticRechargeConfiguration', { input: { customerId: 'customer-a', currencyId: 'currency-credits', isEnabled: true, thresholdValue: 50, targetBalance: 10 } }))).toBe(
      'BadUserInput',
    );
  });
});

describe('credits in fixtures and exports', () => {
  it('hand-written grants and recharge settings are granted when loaded; an export imports back with the same balances', async () => {
    const w = await world('2025-01-05T00:00:00Z');
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, {
      customers: [
        {
          id: 'customer-b',
          creditGrants: [
            { currencyId: 'currency-credits', amount: 300, grantType: 'PROMOTIONAL', displayName: 'Welcome', expireAt: '2025-06-01T00:00:00Z' },
            { currencyId: 'currency-credits', amount: 50, priority: 0 },
          ],
          autoRecharge: [{ currencyId: 'currency-credits', thresholdValue: 10, targetBalance: 100 }],
        },
      ],
    });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    const balanceB = async (envKey: string) =>
      (await gql(emu, envKey, clientOperation('go', 'GetCreditBalance'), { input: { customerId: 'customer-b' } })).data!.creditBalanceSummary.balances;
    expect((await balanceB(w.serverKey))[0]).toMatchObject({ currentBalance: 350, totalGranted: 350 });
    // some history: a subscription's recurring grants, a consumption, a void
    await w.ok('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY' } });
    await w.clock('2025-01-05T00:00:01Z');
    await w.consume(1100, 'big');
    const g = await w.grant({ amount: 5 });
    await w.ok('VoidCreditGrant', { input: { id: g.grantId } });
    await w.clock('2025-02-10T00:00:00Z');
    const before = { a: await w.balance(), grants: await w.grants(), ledger: await w.ledger() };
    const exported = await rest(emu, 'GET', `/_emulator/environments/${w.id}/export`);
    expect(exported.body.customCurrencies.map((c: any) => c.id)).toEqual(['currency-credits', 'currency-soft']);
    expect(exported.body.plans.find((p: any) => p.id === 'plan-ai').entitlements).toContainEqual({ customCurrencyId: 'currency-credits', amount: 1000, cadence: 'MONTH', hasSoftLimit: false });
    expect(exported.body.customers.find((c: any) => c.id === 'customer-b').autoRecharge).toEqual([
      expect.objectContaining({ currencyId: 'currency-credits', isEnabled: true, thresholdValue: 10, targetBalance: 100 }),
    ]);

    const other = newEnvironment('cr-imp');
    await rest(emu, 'POST', `/_emulator/environments/${other.id}/clock`, { to: '2025-02-10T00:00:00Z', frozen: true });
    const imported = await rest(emu, 'POST', `/_emulator/environments/${other.id}/import`, exported.body);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const read = async (operation: string, field: string) => (await gql(emu, other.serverKey, clientOperation('go', operation), { input: { customerId: 'customer-a' } })).data![field];
    expect(await read('GetCreditBalance', 'creditBalanceSummary')).toEqual(before.a);
    expect((await read('GetCreditGrants', 'creditGrants')).edges.map((e: any) => e.node)).toEqual(before.grants);
    // the ledger is rebuilt from the grants: granted, consumed and voided per grant
    const ledger = (await read('GetCreditLedger', 'creditsLedger')).edges.map((e: any) => e.node);
    const net = (entries: any[]) => entries.reduce((sum, e) => sum + e.amount, 0);
    expect(net(ledger)).toBeCloseTo(net(before.ledger), 6);
    expect((await balanceB(other.serverKey))[0]).toMatchObject({ currentBalance: 350 });
    const again = await rest(emu, 'GET', `/_emulator/environments/${other.id}/export`);
    expect(again.body.customers).toEqual(exported.body.customers);
  });

  it('fixtures naming an unknown currency are refused with the path', async () => {
    const w = await world();
    const res = await rest(emu, 'POST', `/_emulator/environments/${w.id}/fixtures`, { customers: [{ id: 'customer-c', creditGrants: [{ currencyId: 'currency-nope', amount: 5 }] }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`customers.0.creditGrants.0.currencyId: unknown custom currency "currency-nope"`);
  });
});

describe('every client document of the credit fields answers', () => {
  const INPUTS: Record<string, Record<string, unknown>> = {
    GrantCredits: { input: { customerId: 'customer-a', currencyId: 'currency-credits', displayName: 'g', grantType: 'PROMOTIONAL', amount: 5 } },
    GetCreditBalance: { input: { customerId: 'customer-a' } },
    GetCreditGrants: { input: { customerId: 'customer-a', paging: { first: 10 } } },
    GetCreditLedger: { input: { customerId: 'customer-a', paging: { first: 10 } } },
    GetCreditUsage: { input: { customerId: 'customer-a' } },
    EstimateUsageCost: { input: { customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 1 } },
    EstimateEventCost: { input: { customerId: 'customer-a', eventName: 'api_call' } },
    ConsumeCredits: { input: { customerId: 'customer-a', currencyId: 'currency-credits', amount: 1, idempotencyKey: 'doc-1' } },
    ConsumeCreditsAsync: { input: { consumptions: [{ customerId: 'customer-a', currencyId: 'currency-credits', amount: 1, idempotencyKey: 'doc-2' }] } },
    GetAutomaticRechargeConfiguration: { input: { customerId: 'customer-a', currencyId: 'currency-credits' } },
    SaveAutomaticRechargeConfiguration: { input: { customerId: 'customer-a', currencyId: 'currency-credits', isEnabled: false } },
  };
  const clients: Client[] = ['go', 'node', 'node-4', 'python', 'python-6'];
  for (const client of clients) {
    it(`${client}`, async () => {
      const w = await world(NOW, client);
      let voidable: string | null = null;
      for (const [operation, variables] of Object.entries(INPUTS)) {
        let document: string;
        try {
          document = clientOperation(client, operation);
        } catch {
          continue; // this client does not send it
        }
        const res = await gql(emu, w.serverKey, document, variables);
        expect(res.errors, `${client} ${operation}`).toBeUndefined();
        if (operation === 'GrantCredits') voidable = res.data!.createCreditGrant.grantId;
      }
      try {
        const res = await gql(emu, w.serverKey, clientOperation(client, 'VoidCreditGrant'), { input: { id: voidable } });
        expect(res.errors, `${client} VoidCreditGrant`).toBeUndefined();
        expect(res.data!.voidCreditGrant.grantId).toBe(voidable);
      } catch (error) {
        if (!String(error).includes('sends no operation')) throw error;
      }
    });
  }
});
