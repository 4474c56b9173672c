import { describe, expect, it } from 'vitest';
import { loadCreditCatalog } from './credit-fixtures.js';
import { Stigg, useEmulator } from './harness.js';

const emulator = useEmulator();

/** An instant within seconds of `minute` (the environment's clock runs on from its start). */
const at = (minute: string) => expect.stringMatching(new RegExp(`^${minute}:0\\d\\.\\d{3}Z$`));

/** The error an SDK call threw. */
async function failure<T>(call: Promise<unknown>, type: new (...args: never[]) => T): Promise<T & { status: number; error: any; message: string }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T & { status: number; error: any; message: string };
}

/** An environment with the credit-priced catalog (customer-ai on plan-ai: 100 recurring credits a month). */
async function creditEnv() {
  const env = emulator.env();
  await loadCreditCatalog(emulator.url(), env.name);
  return env;
}

const grant = (env: ReturnType<typeof emulator.env>, over: Record<string, unknown> = {}) =>
  env.stigg.v1.credits.grants.create({ customerId: 'customer-demo-01', currencyId: 'currency-api-credits', amount: 50, displayName: 'Top-up', grantType: 'PAID', ...over } as never);

describe('v1.credits.grants.create', () => {
  it('grants credits and answers the grant', async () => {
    const env = emulator.env();
    const { data } = await grant(env, { cost: { amount: 12.5, currency: 'usd' }, metadata: { order: 'o-1' }, priority: 3, comment: 'bought' });
    expect(data).toMatchObject({
      amount: 50,
      consumedAmount: 0,
      currencyId: 'currency-api-credits',
      customerId: 'customer-demo-01',
      displayName: 'Top-up',
      grantType: 'PAID',
      status: 'ACTIVE',
      priority: 3,
      comment: 'bought',
      cost: { amount: 12.5, currency: 'usd' },
      metadata: { order: 'o-1' },
      paymentCollection: 'NOT_REQUIRED',
      resourceId: null,
      voidedAt: null,
      expireAt: null,
      effectiveAt: at('2025-01-01T00:00'),
    });
    expect(data.id).toEqual(expect.any(String));
  });

  it('a grant effective later is SCHEDULED; a promotional grant costs nothing', async () => {
    const env = emulator.env();
    const { data } = await grant(env, { grantType: 'PROMOTIONAL', effectiveAt: '2025-02-01T00:00:00Z', expireAt: '2025-03-01T00:00:00Z' });
    expect(data).toMatchObject({ status: 'SCHEDULED', grantType: 'PROMOTIONAL', cost: { amount: 0, currency: 'usd' }, expireAt: at('2025-03-01T00:00') });
  });

  it('throws BadRequestError listing every invalid field', async () => {
    const env = emulator.env();
    const error = await failure(grant(env, { amount: -1, grantType: 'FREE', displayName: '' }), Stigg.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.error.error.code).toBe('BadUserInput');
    for (const field of ['body.amount', 'body.grantType', 'body.displayName']) expect(error.message).toContain(field);
  });

  it('throws NotFoundError for an unknown customer or currency', async () => {
    const env = emulator.env();
    expect((await failure(grant(env, { customerId: 'nope' }), Stigg.NotFoundError)).error.error.code).toBe('CustomerNotFound');
    expect((await failure(grant(env, { currencyId: 'nope' }), Stigg.NotFoundError)).error.error.code).toBe('CustomCurrencyNotFound');
  });

  it('throws UnprocessableEntityError when it expires before it is effective', async () => {
    const env = emulator.env();
    const error = await failure(grant(env, { effectiveAt: '2025-03-01T00:00:00Z', expireAt: '2025-02-01T00:00:00Z' }), Stigg.UnprocessableEntityError);
    expect(error.error.error.code).toBe('ExpireAtMustBeLaterThanEffectiveAtError');
  });
});

describe('v1.credits.grants.list', () => {
  it("lists a customer's grants, filtered by creation date, and pages them", async () => {
    const env = emulator.env();
    const first = (await grant(env, { displayName: 'first' })).data;
    await env.moveClock({ advance: 'P1D' });
    const second = (await grant(env, { displayName: 'second' })).data;
    const all = await env.stigg.v1.credits.grants.list({ customerId: 'customer-demo-01' });
    expect(all.data.map((g) => g.displayName)).toEqual(['first', 'second']);
    const later = await env.stigg.v1.credits.grants.list({ customerId: 'customer-demo-01', createdAt: { gt: first.createdAt } });
    expect(later.data.map((g) => g.id)).toEqual([second.id]);
    const page = await env.stigg.v1.credits.grants.list({ customerId: 'customer-demo-01', limit: 1 });
    expect(page.data.map((g) => g.id)).toEqual([first.id]);
    expect(page.hasNextPage()).toBe(true);
    const next = await page.getNextPage();
    expect(next.data.map((g) => g.id)).toEqual([second.id]);
  });

  it('lists the recurring grant of a credit entitlement', async () => {
    const env = await creditEnv();
    const { data } = await env.stigg.v1.credits.grants.list({ customerId: 'customer-ai', currencyId: 'currency-credits' });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ grantType: 'RECURRING', amount: 100, sourceType: 'PLAN_ENTITLEMENT', status: 'ACTIVE', expireAt: at('2025-02-01T00:00') });
  });

  it('throws NotFoundError for an unknown customer and BadRequestError without one', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.credits.grants.list({ customerId: 'nope' }), Stigg.NotFoundError);
    const error = await failure(env.stigg.v1.credits.grants.list({} as never), Stigg.BadRequestError);
    expect(error.message).toContain('query.customerId');
  });
});

describe('v1.credits.grants.void', () => {
  it('voids a grant', async () => {
    const env = emulator.env();
    const created = (await grant(env)).data;
    const { data } = await env.stigg.v1.credits.grants.void(created.id);
    expect(data).toMatchObject({ id: created.id, status: 'VOIDED', voidedAt: at('2025-01-01T00:00') });
  });

  it('throws NotFoundError for an unknown grant and UnprocessableEntityError for a voided one', async () => {
    const env = emulator.env();
    expect((await failure(env.stigg.v1.credits.grants.void('nope'), Stigg.NotFoundError)).error.error.code).toBe('CreditGrantNotFound');
    const created = (await grant(env)).data;
    await env.stigg.v1.credits.grants.void(created.id);
    const error = await failure(env.stigg.v1.credits.grants.void(created.id), Stigg.UnprocessableEntityError);
    expect(error.error.error.code).toBe('CreditGrantAlreadyVoided');
  });
});

describe('v1.credits.consumption.consume', () => {
  it('consumes credits and answers the balance after it; a repeated key counts once', async () => {
    const env = emulator.env();
    await grant(env, { amount: 100 });
    const body = { customerId: 'customer-demo-01', currencyId: 'currency-api-credits', amount: 30, idempotencyKey: 'c-1', dimensions: { model: 'gpt' } };
    const { data } = await env.stigg.v1.credits.consumption.consume(body);
    expect(data).toMatchObject({ amount: 30, currencyId: 'currency-api-credits', customerId: 'customer-demo-01', resourceId: null, timestamp: at('2025-01-01T00:00') });
    expect(data.credit).toMatchObject({ currencyId: 'currency-api-credits', currentUsage: 30, usageLimit: 100 });
    const again = await env.stigg.v1.credits.consumption.consume(body);
    expect(again.data.credit?.currentUsage).toBe(30);
  });

  it('throws BadRequestError listing the invalid fields and NotFoundError for an unknown customer', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.credits.consumption.consume({ customerId: 'customer-demo-01', currencyId: 'currency-api-credits', amount: 0, idempotencyKey: '' }), Stigg.BadRequestError);
    for (const field of ['body.amount', 'body.idempotencyKey']) expect(error.message).toContain(field);
    await failure(env.stigg.v1.credits.consumption.consume({ customerId: 'nope', currencyId: 'currency-api-credits', amount: 1, idempotencyKey: 'k' }), Stigg.NotFoundError);
  });
});

describe('v1.credits.consumption.consumeAsync', () => {
  it('applies a batch and answers an empty acknowledgement', async () => {
    const env = emulator.env();
    await grant(env, { amount: 100 });
    const c = { customerId: 'customer-demo-01', currencyId: 'currency-api-credits' };
    const { data } = await env.stigg.v1.credits.consumption.consumeAsync({ consumptions: [{ ...c, amount: 5, idempotencyKey: 'a' }, { ...c, amount: 7, idempotencyKey: 'b' }] });
    expect(data).toEqual({});
    const ledger = await env.stigg.v1.credits.listLedger({ customerId: 'customer-demo-01', eventType: 'CREDITS_CONSUMED' });
    expect(ledger.data.map((e) => e.amount)).toEqual([-5, -7]);
  });

  it('throws BadRequestError for an empty batch and NotFoundError when one consumption names an unknown currency (nothing applied)', async () => {
    const env = emulator.env();
    expect((await failure(env.stigg.v1.credits.consumption.consumeAsync({ consumptions: [] }), Stigg.BadRequestError)).message).toContain('body.consumptions');
    await grant(env, { amount: 100 });
    const c = { customerId: 'customer-demo-01', amount: 1 };
    await failure(
      env.stigg.v1.credits.consumption.consumeAsync({ consumptions: [{ ...c, currencyId: 'currency-api-credits', idempotencyKey: 'a' }, { ...c, currencyId: 'nope', idempotencyKey: 'b' }] }),
      Stigg.NotFoundError,
    );
    const ledger = await env.stigg.v1.credits.listLedger({ customerId: 'customer-demo-01', eventType: 'CREDITS_CONSUMED' });
    expect(ledger.data).toEqual([]);
  });
});

describe('v1.credits.listLedger', () => {
  it('lists the ledger oldest first, filtered by event type, paged', async () => {
    const env = emulator.env();
    const g = (await grant(env, { amount: 10 })).data;
    await env.stigg.v1.credits.consumption.consume({ customerId: 'customer-demo-01', currencyId: 'currency-api-credits', amount: 4, idempotencyKey: 'k1' });
    await env.stigg.v1.credits.grants.void(g.id);
    const { data } = await env.stigg.v1.credits.listLedger({ customerId: 'customer-demo-01' });
    expect(data.map((e) => [e.eventType, e.amount])).toEqual([
      ['CREDITS_GRANTED', 10],
      ['CREDITS_CONSUMED', -4],
      ['CREDITS_VOIDED', -6],
    ]);
    expect(data[1]).toMatchObject({ creditCurrencyId: 'currency-api-credits', creditGrantId: g.id, customerId: 'customer-demo-01', eventId: 'k1', featureId: null, resourceId: null });
    const voided = await env.stigg.v1.credits.listLedger({ customerId: 'customer-demo-01', eventType: 'CREDITS_VOIDED,CREDITS_GRANTED' });
    expect(voided.data.map((e) => e.eventType)).toEqual(['CREDITS_GRANTED', 'CREDITS_VOIDED']);
    const seen: string[] = [];
    for await (const e of env.stigg.v1.credits.listLedger({ customerId: 'customer-demo-01', limit: 1 })) seen.push(e.eventType);
    expect(seen).toEqual(['CREDITS_GRANTED', 'CREDITS_CONSUMED', 'CREDITS_VOIDED']);
  });

  it('throws NotFoundError for an unknown customer and BadRequestError for an unknown event type', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.credits.listLedger({ customerId: 'nope' }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.credits.listLedger({ customerId: 'customer-demo-01', eventType: 'NOPE' }), Stigg.BadRequestError)).message).toContain('query.eventType');
  });
});

describe('v1.credits.getUsage', () => {
  it('answers the credits used per feature, with the currency', async () => {
    const env = await creditEnv();
    await env.stigg.v1.usage.report({ usages: [{ customerId: 'customer-ai', featureId: 'feature-ai-tokens', value: 5 }] });
    await env.stigg.v1.credits.consumption.consume({ customerId: 'customer-ai', currencyId: 'currency-credits', amount: 3, idempotencyKey: 'direct' });
    await env.moveClock({ advance: 'PT1H' });
    const { data } = await env.stigg.v1.credits.getUsage({ customerId: 'customer-ai', currencyId: 'currency-credits', timeRange: 'LAST_WEEK' });
    expect(data.currency).toEqual({ currencyId: 'currency-credits', displayName: 'Credits', singular: 'credit', plural: 'credits', symbol: null });
    const byFeature = Object.fromEntries(data.series.map((s) => [String(s.featureId), s]));
    expect(byFeature['feature-ai-tokens']).toMatchObject({ totalCredits: 10, eventCount: 1, featureName: expect.any(String) });
    expect(byFeature['null']).toMatchObject({ totalCredits: 3, eventCount: 1, featureName: null });
    expect(data.pagination).toEqual({ next: null, prev: null });
    const page = await env.stigg.v1.credits.getUsage({ customerId: 'customer-ai', currencyId: 'currency-credits', timeRange: 'LAST_WEEK', limit: 1 });
    expect(page.data.series).toHaveLength(1);
    expect(page.data.pagination.next).toEqual(expect.any(String));
    const rest = await env.stigg.v1.credits.getUsage({ customerId: 'customer-ai', currencyId: 'currency-credits', timeRange: 'LAST_WEEK', after: page.data.pagination.next! });
    expect(rest.data.series).toHaveLength(1);
    const grouped = await env.stigg.v1.credits.getUsage({ customerId: 'customer-ai', currencyId: 'currency-credits', groupBy: 'model', timeRange: 'LAST_WEEK' });
    expect(grouped.data.series[0]!.tags).toEqual([{ key: 'model', value: '' }]);
  });

  it('throws NotFoundError for an unknown customer and BadRequestError for a bad time range', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.credits.getUsage({ customerId: 'nope' }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.credits.getUsage({ customerId: 'customer-demo-01', timeRange: 'LAST_DECADE' as never }), Stigg.BadRequestError)).message).toContain('query.timeRange');
  });
});

describe('v1.credits.getAutoRecharge', () => {
  it('answers disabled defaults when nothing was saved, and the saved settings', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.credits.getAutoRecharge({ customerId: 'customer-demo-01', currencyId: 'currency-api-credits' });
    expect(data).toEqual({
      id: null,
      createdAt: null,
      updatedAt: null,
      customerId: 'customer-demo-01',
      currencyId: 'currency-api-credits',
      isEnabled: false,
      thresholdType: 'CREDIT_AMOUNT',
      thresholdValue: 0,
      targetBalance: 0,
      maxSpendLimit: null,
      grantExpirationPeriod: '1_MONTH',
    });
    const saved = await env.graphql(
      'mutation($input: SaveAutoRechargeSettingsInput!) { saveAutoRechargeSettings(input: $input) { id } }',
      { input: { customerId: 'customer-demo-01', currencyId: 'currency-api-credits', isEnabled: true, thresholdType: 'DollarAmount', thresholdValue: 5, targetBalance: 50, grantExpirationPeriod: 'OneYear', maxSpendLimit: 200 } },
    );
    expect(saved.errors).toBeUndefined();
    const after = (await env.stigg.v1.credits.getAutoRecharge({ customerId: 'customer-demo-01', currencyId: 'currency-api-credits' })).data;
    expect(after).toMatchObject({ id: saved.data.saveAutoRechargeSettings.id, isEnabled: true, thresholdType: 'DOLLAR_AMOUNT', thresholdValue: 5, targetBalance: 50, grantExpirationPeriod: '1_YEAR', maxSpendLimit: 200 });
  });

  it('throws NotFoundError for an unknown currency and BadRequestError without a customer', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.credits.getAutoRecharge({ customerId: 'customer-demo-01', currencyId: 'nope' }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.credits.getAutoRecharge({ currencyId: 'x' } as never), Stigg.BadRequestError)).message).toContain('query.customerId');
  });
});

describe('v1.credits.customCurrencies.create', () => {
  it('creates a currency', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.credits.customCurrencies.create({ id: 'currency-gems', displayName: 'Gems', description: 'Shiny', symbol: '💎', units: { singular: 'gem', plural: 'gems' }, metadata: { a: 'b' } });
    expect(data).toEqual({
      id: 'currency-gems',
      displayName: 'Gems',
      description: 'Shiny',
      symbol: '💎',
      units: { singular: 'gem', plural: 'gems' },
      metadata: { a: 'b' },
      archivedAt: null,
      createdAt: at('2025-01-01T00:00'),
      updatedAt: at('2025-01-01T00:00'),
    });
    const granted = await grant(env, { currencyId: 'currency-gems' });
    expect(granted.data.currencyId).toBe('currency-gems');
  });

  it('throws BadRequestError listing the invalid fields and ConflictError for a taken id', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.credits.customCurrencies.create({ id: '', displayName: '', units: { singular: 'x' } as never }), Stigg.BadRequestError);
    for (const field of ['body.id', 'body.displayName', 'body.units.plural']) expect(error.message).toContain(field);
    const taken = await failure(env.stigg.v1.credits.customCurrencies.create({ id: 'currency-api-credits', displayName: 'Again' }), Stigg.ConflictError);
    expect(taken.error.error.code).toBe('DuplicatedEntityNotAllowed');
  });
});

describe('v1.credits.customCurrencies.update', () => {
  it('changes the fields given and clears with an empty string', async () => {
    const env = emulator.env();
    await env.stigg.v1.credits.customCurrencies.create({ id: 'currency-gems', displayName: 'Gems', symbol: 'G', description: 'd' });
    await env.moveClock({ advance: 'PT1M' });
    const { data } = await env.stigg.v1.credits.customCurrencies.update('currency-gems', { displayName: 'Jewels', symbol: '', metadata: { k: 'v' } });
    expect(data).toMatchObject({ id: 'currency-gems', displayName: 'Jewels', symbol: null, description: 'd', metadata: { k: 'v' }, updatedAt: at('2025-01-01T00:01') });
  });

  it('throws NotFoundError for an unknown currency and BadRequestError for an empty name', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.credits.customCurrencies.update('nope', { displayName: 'x' }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.credits.customCurrencies.update('currency-api-credits', { displayName: '' }), Stigg.BadRequestError)).message).toContain('body.displayName');
  });
});

describe('v1.credits.customCurrencies.list', () => {
  it('lists the active currencies, or those of the statuses asked for', async () => {
    const env = emulator.env();
    await env.stigg.v1.credits.customCurrencies.create({ id: 'currency-gems', displayName: 'Gems' });
    await env.stigg.v1.credits.customCurrencies.archive('currency-gems');
    const active = await env.stigg.v1.credits.customCurrencies.list();
    expect(active.data.map((c) => c.id)).toEqual(['currency-api-credits']);
    const archived = await env.stigg.v1.credits.customCurrencies.list({ status: ['ARCHIVED'] });
    expect(archived.data.map((c) => c.id)).toEqual(['currency-gems']);
    const both = await env.stigg.v1.credits.customCurrencies.list({ status: ['ACTIVE', 'ARCHIVED'] });
    expect(both.data.map((c) => c.id)).toEqual(['currency-api-credits', 'currency-gems']);
    expect(both.data[0]).toMatchObject({ displayName: 'API credits', units: { singular: 'credit', plural: 'credits' }, metadata: {}, description: null });
  });

  it('throws BadRequestError for an unknown status', async () => {
    const env = emulator.env();
    expect((await failure(env.stigg.v1.credits.customCurrencies.list({ status: ['GONE' as never] }), Stigg.BadRequestError)).message).toContain('query.status');
  });
});

describe('v1.credits.customCurrencies.archive', () => {
  it('archives an unused currency: no more grants of it, its wallets still consume', async () => {
    const env = emulator.env();
    await env.stigg.v1.credits.customCurrencies.create({ id: 'currency-gems', displayName: 'Gems' });
    await grant(env, { currencyId: 'currency-gems', amount: 10 });
    const { data } = await env.stigg.v1.credits.customCurrencies.archive('currency-gems');
    expect(data).toMatchObject({ id: 'currency-gems', archivedAt: at('2025-01-01T00:00') });
    const refused = await failure(grant(env, { currencyId: 'currency-gems' }), Stigg.ConflictError);
    expect(refused.error.error.code).toBe('EntityIsArchivedError');
    const consumed = await env.stigg.v1.credits.consumption.consume({ customerId: 'customer-demo-01', currencyId: 'currency-gems', amount: 2, idempotencyKey: 'g' });
    expect(consumed.data.credit?.currentUsage).toBe(2);
  });

  it('throws UnprocessableEntityError while a plan uses it, NotFoundError for an unknown one', async () => {
    const env = await creditEnv();
    const error = await failure(env.stigg.v1.credits.customCurrencies.archive('currency-credits'), Stigg.UnprocessableEntityError);
    expect(error.error.error.code).toBe('IntegrityViolation');
    expect(error.message).toContain('plan-ai');
    await failure(env.stigg.v1.credits.customCurrencies.archive('nope'), Stigg.NotFoundError);
  });
});

describe('v1.credits.customCurrencies.unarchive', () => {
  it('makes an archived currency active again', async () => {
    const env = emulator.env();
    await env.stigg.v1.credits.customCurrencies.create({ id: 'currency-gems', displayName: 'Gems' });
    await env.stigg.v1.credits.customCurrencies.archive('currency-gems');
    const { data } = await env.stigg.v1.credits.customCurrencies.unarchive('currency-gems');
    expect(data.archivedAt).toBeNull();
    expect((await grant(env, { currencyId: 'currency-gems' })).data.status).toBe('ACTIVE');
  });

  it('throws NotFoundError for an unknown currency', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.credits.customCurrencies.unarchive('nope'), Stigg.NotFoundError);
  });
});

describe('v1.credits.customCurrencies.listAssociatedEntities', () => {
  it('answers the plans that use a currency', async () => {
    const env = await creditEnv();
    const { data } = await env.stigg.v1.credits.customCurrencies.listAssociatedEntities('currency-credits');
    expect(data).toEqual([{ id: 'plan-ai', displayName: 'AI', type: 'Plan' }]);
    expect((await env.stigg.v1.credits.customCurrencies.listAssociatedEntities('currency-api-credits')).data).toEqual([]);
  });

  it('throws NotFoundError for an unknown currency', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.credits.customCurrencies.listAssociatedEntities('nope'), Stigg.NotFoundError);
  });
});
