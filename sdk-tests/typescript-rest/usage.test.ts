import { Stigg as NodeStigg } from '@stigg/node-server-sdk';
import { describe, expect, it } from 'vitest';
import { loadCreditCatalog } from './credit-fixtures.js';
import { Stigg, useEmulator } from './harness.js';

const emulator = useEmulator();

async function failure<T>(call: Promise<unknown>, type: new (...args: never[]) => T): Promise<T & { status: number; error: any; message: string }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T & { status: number; error: any; message: string };
}

async function creditEnv() {
  const env = emulator.env();
  await loadCreditCatalog(emulator.url(), env.name);
  return env;
}

describe('v1.usage.report', () => {
  it('reports usage in bulk and answers each measurement with the usage after it', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.usage.report({
      usages: [
        { customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 2 },
        { customerId: 'customer-demo-01', featureId: 'feature-01-templates', value: 5, updateBehavior: 'SET' },
      ],
    });
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 2, currentUsage: 2, resourceId: null });
    expect(data[0]!.usagePeriodStart).toEqual(expect.any(String));
    expect(data[0]!.nextResetDate).toEqual(expect.any(String));
    expect(data[1]).toMatchObject({ featureId: 'feature-01-templates', currentUsage: 5 });
  });

  it('is what GraphQL and the Node SDK read (same counts)', async () => {
    const env = emulator.env();
    // the Node SDK judges usage periods by the machine's clock: the environment's is brought to it
    await env.moveClock({ to: new Date(Date.now() + 1000).toISOString() });
    const usage = { customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 4, idempotencyKey: 'rest-1' };
    await env.stigg.v1.usage.report({ usages: [usage] });
    // a retry under the same idempotency key counts once
    await env.stigg.v1.usage.report({ usages: [usage] });
    const gql = await env.graphql('query { entitlement(query: { customerId: "customer-demo-01", featureId: "feature-02-campaigns" }) { currentUsage } }');
    expect(gql.data.entitlement.currentUsage).toBe(4);
    const node = NodeStigg.initialize({ apiKey: env.key, baseUri: emulator.url(), enableEdge: false, realtimeUpdatesEnabled: false });
    try {
      await node.waitForInitialization();
      const entitlement = await node.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
      expect(entitlement.currentUsage).toBe(4);
      // and the other way round: the Node SDK's report is what REST reads back
      await node.reportUsage({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 1 });
      const { data } = await env.stigg.v1.usage.report({ usages: [{ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 0 }] });
      expect(data[0]!.currentUsage).toBe(5);
    } finally {
      await node.close();
    }
  });

  it('consumes the credits of a credit-backed feature', async () => {
    const env = await creditEnv();
    const { data } = await env.stigg.v1.usage.report({ usages: [{ customerId: 'customer-ai', featureId: 'feature-ai-tokens', value: 5 }] });
    expect(data[0]!.credit).toMatchObject({ consumed: 10, currencyId: 'currency-credits', currentUsage: 10, usageLimit: 100 });
  });

  it('throws BadRequestError listing the invalid fields, NotFoundError for an unknown customer', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.usage.report({ usages: [{ customerId: '', featureId: 'feature-02-campaigns', value: 'x' as never, updateBehavior: 'ADD' as never }] }), Stigg.BadRequestError);
    for (const field of ['body.usages.0.customerId', 'body.usages.0.value', 'body.usages.0.updateBehavior']) expect(error.message).toContain(field);
    await failure(env.stigg.v1.usage.report({ usages: [{ customerId: 'nope', featureId: 'feature-02-campaigns', value: 1 }] }), Stigg.NotFoundError);
  });

  it('throws UnprocessableEntityError for a feature that is not metered', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.usage.report({ usages: [{ customerId: 'customer-demo-01', featureId: 'feature-03-custom-domain', value: 1 }] }), Stigg.UnprocessableEntityError);
    expect(error.error.error.code).toEqual(expect.any(String));
  });
});

describe('v1.usage.estimate', () => {
  it('estimates the credit cost of a usage without recording it', async () => {
    const env = await creditEnv();
    const { data } = await env.stigg.v1.usage.estimate({ customerId: 'customer-ai', featureId: 'feature-ai-tokens', value: 30 });
    expect(data).toEqual({
      estimates: [{ currencyId: 'currency-credits', estimatedCost: 60, currentBalance: 100, balanceAfterEstimate: 40, wouldOverdraft: false, breakdown: [{ featureId: 'feature-ai-tokens', cost: 60, warningCode: null }] }],
      warnings: [],
    });
    const over = await env.stigg.v1.usage.estimate({ customerId: 'customer-ai', featureId: 'feature-ai-tokens', value: 60 });
    expect(over.data.estimates[0]).toMatchObject({ balanceAfterEstimate: -20, wouldOverdraft: true });
    const grants = await env.stigg.v1.credits.grants.list({ customerId: 'customer-ai' });
    expect(grants.data[0]!.consumedAmount).toBe(0);
  });

  it('throws NotFoundError for an unknown feature and BadRequestError without a value', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.usage.estimate({ customerId: 'customer-demo-01', featureId: 'nope', value: 1 }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.usage.estimate({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' } as never), Stigg.BadRequestError)).message).toContain('body.value');
  });
});

describe('v1.usage.history', () => {
  it("answers a feature's usage over time, with the period resets", async () => {
    const env = emulator.env();
    await env.stigg.v1.usage.report({ usages: [{ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 2, dimensions: { channel: 'email' } }] });
    await env.moveClock({ advance: 'P40D' });
    await env.stigg.v1.usage.report({ usages: [{ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 3, dimensions: { channel: 'sms' } }] });
    const { data } = await env.stigg.v1.usage.history('feature-02-campaigns', { customerId: 'customer-demo-01', startDate: '2025-01-01T00:00:00Z' });
    expect(data.series).toHaveLength(1);
    expect(data.series[0]!.tags).toEqual([]);
    const values = data.series[0]!.points.map((p) => p.value);
    expect(values).toContain(2);
    expect(values[values.length - 1]).toBe(3);
    expect(data.series[0]!.points.some((p) => p.isResetPoint)).toBe(true);
    expect(data.markers.some((m) => m.type === 'PERIODIC_RESET')).toBe(true);
    const grouped = await env.stigg.v1.usage.history('feature-02-campaigns', { customerId: 'customer-demo-01', startDate: '2025-01-01T00:00:00Z', groupBy: 'channel' });
    expect(grouped.data.series.map((s) => s.tags)).toEqual(expect.arrayContaining([[{ key: 'channel', value: 'email' }], [{ key: 'channel', value: 'sms' }]]));
  });

  it('throws NotFoundError for an unknown feature, BadRequestError without a start date, UnprocessableEntityError for a feature without usage', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.usage.history('nope', { customerId: 'customer-demo-01', startDate: '2025-01-01T00:00:00Z' }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.usage.history('feature-02-campaigns', { customerId: 'customer-demo-01' } as never), Stigg.BadRequestError)).message).toContain('query.startDate');
    const error = await failure(env.stigg.v1.usage.history('feature-03-custom-domain', { customerId: 'customer-demo-01', startDate: '2025-01-01T00:00:00Z' }), Stigg.UnprocessableEntityError);
    expect(error.error.error.code).toBe('MeteringNotAvailableForFeatureType');
  });
});

describe('v1.events.report', () => {
  it('stores raw events: their meters count them and they consume credits', async () => {
    const env = await creditEnv();
    const { data } = await env.stigg.v1.events.report({
      events: [
        { customerId: 'customer-ai', eventName: 'api_call', idempotencyKey: 'e-1', dimensions: { route: '/a' } },
        { customerId: 'customer-ai', eventName: 'api_call', idempotencyKey: 'e-2' },
        { customerId: 'customer-ai', eventName: 'api_call', idempotencyKey: 'e-1' },
      ],
    });
    expect(data).toEqual({});
    const grants = await env.stigg.v1.credits.grants.list({ customerId: 'customer-ai' });
    expect(grants.data[0]!.consumedAmount).toBe(1);
  });

  it('throws BadRequestError listing the invalid fields, NotFoundError for an unknown customer', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.events.report({ events: [{ customerId: 'customer-demo-01', eventName: '', idempotencyKey: '' }] }), Stigg.BadRequestError);
    for (const field of ['body.events.0.eventName', 'body.events.0.idempotencyKey']) expect(error.message).toContain(field);
    await failure(env.stigg.v1.events.report({ events: [{ customerId: 'nope', eventName: 'x', idempotencyKey: 'k' }] }), Stigg.NotFoundError);
  });
});

describe('v1.events.estimate', () => {
  it('estimates the credit cost of one event', async () => {
    const env = await creditEnv();
    const { data } = await env.stigg.v1.events.estimate({ customerId: 'customer-ai', eventName: 'api_call' });
    expect(data.estimates).toEqual([{ currencyId: 'currency-credits', estimatedCost: 0.5, currentBalance: 100, balanceAfterEstimate: 99.5, wouldOverdraft: false, breakdown: [{ featureId: 'feature-api-calls', cost: 0.5, warningCode: null }] }]);
    expect((await env.stigg.v1.events.estimate({ customerId: 'customer-ai', eventName: 'other' })).data).toEqual({ estimates: [], warnings: [] });
  });

  it('throws NotFoundError for an unknown customer and BadRequestError without an event name', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.events.estimate({ customerId: 'nope', eventName: 'x' }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.events.estimate({ customerId: 'customer-demo-01' } as never), Stigg.BadRequestError)).message).toContain('body.eventName');
  });
});

describe('v1.events.dataExport (not supported)', () => {
  it('answers 501 NotSupportedByEmulator naming each operation', async () => {
    const env = emulator.env();
    const calls: [string, () => Promise<unknown>][] = [
      ['v1.events.dataExport.listModels', () => env.stigg.v1.events.dataExport.listModels()],
      ['v1.events.dataExport.mintScopedToken', () => env.stigg.v1.events.dataExport.mintScopedToken({} as never)],
      ['v1.events.dataExport.triggerSync', () => env.stigg.v1.events.dataExport.triggerSync({} as never)],
      ['v1.events.dataExport.destinations.create', () => env.stigg.v1.events.dataExport.destinations.create({} as never)],
      ['v1.events.dataExport.destinations.delete', () => env.stigg.v1.events.dataExport.destinations.delete('d-1')],
      ['v1.events.dataExport.destinations.updateSelection', () => env.stigg.v1.events.dataExport.destinations.updateSelection('d-1', {} as never)],
    ];
    for (const [operation, call] of calls) {
      const error = await failure(call(), Stigg.InternalServerError);
      expect(error.status).toBe(501);
      expect(error.error.error.code).toBe('NotSupportedByEmulator');
      expect(error.error.error.message).toContain(operation);
      expect(error.error.error.message).toContain('data export');
    }
  });
});
