/**
 * Shared completion of compiled queries (src/graphql/shared-completion.ts): a field whose resolver
 * gives an object already completed for the same field in the same query is completed once, and the
 * answer's text is what graphql-js gives, byte for byte (errors and their paths included); mutations
 * complete every occurrence. Then over HTTP: a customer with several subscriptions of one plan (whose
 * plan and prices are shared) answers GetCustomerById as graphql-js does.
 */
import { buildSchema, execute, parse, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledOperations } from '../../src/graphql/jit.js';
import { createGraphQLApp } from '../../src/graphql/http.js';
import { buildExecutableSchema } from '../../src/graphql/schema.js';
import { createLogger } from '../../src/logging/logger.js';
import { clientOperation } from '../support/documents.js';
import { newEnvironment, testEmulator } from '../support/emulator.js';

function toySchema() {
  const schema = buildSchema(`
    type Query { items: [Item!]! }
    type Mutation { items: [Item!]! }
    type Item { id: ID! plan: Plan! spare: Plan }
    type Plan { name: String! calls: Int! note: String features: [Feature!]! strict: String! }
    type Feature { id: ID! label: String! }
  `);
  const calls = { plan: 0, feature: 0 };
  // one plan object for every item (as the catalog gives one cached plan to every subscription on it)
  const plan = { name: 'Growth \u007f "quoted" é', features: [{ id: 'f1' }, { id: 'f2' }] };
  const items = [{ id: 'a', plan }, { id: 'b', plan }, { id: 'c', plan, spare: plan }];
  const resolve = (type: string, field: string, resolver: GraphQLFieldResolver<any, any>) => {
    (schema.getType(type) as GraphQLObjectType).getFields()[field]!.resolve = resolver;
  };
  resolve('Query', 'items', () => items);
  resolve('Mutation', 'items', () => items);
  resolve('Item', 'plan', (item) => item.plan);
  resolve('Item', 'spare', (item) => item.spare ?? null);
  resolve('Plan', 'calls', () => ++calls.plan);
  resolve('Plan', 'note', (_plan, _args, ctx) => {
    if (ctx.failNote) throw new Error('no note');
    return null;
  });
  resolve('Plan', 'strict', (_plan, _args, ctx) => (ctx.nullStrict ? null : 'ok'));
  resolve('Feature', 'label', (feature) => {
    calls.feature += 1;
    return `feature ${feature.id}`;
  });
  return { schema, calls };
}

/** The compiled answer's text (as yoga writes it: with the result's own stringify) and graphql-js's. */
function answers(schema: GraphQLSchema, document: string, context: Record<string, unknown> = {}) {
  const compiled = compiledOperations(schema)({ document: parse(document), operationName: null });
  if (!compiled) throw new Error('not compiled');
  const result = compiled.query(undefined, { ...context }, {}) as { stringify?: (r: unknown) => string | Buffer };
  const text = String((result.stringify ?? JSON.stringify)(result));
  const reference = JSON.stringify(execute({ schema, document: parse(document), contextValue: { ...context } }));
  return { text, reference, shared: result.stringify !== undefined };
}

describe('shared completion', () => {
  it('completes an object given again for the same field once, and answers as graphql-js does', () => {
    const { schema, calls } = toySchema();
    const { text, shared } = answers(schema, '{ items { id plan { name calls features { id label } } spare { name calls } } }');
    expect(shared).toBe(true);
    // the plan of items b and c is the one completed for item a; spare is another field: completed once more
    expect(calls.plan).toBe(2 + 3 + 1);
    expect(calls.feature).toBe(2 + 2 * 3);
    expect(JSON.parse(text).data.items.map((i: any) => i.plan.calls)).toEqual([1, 1, 1]);
  });

  it('gives the same text as graphql-js when the resolvers are pure', () => {
    const { schema } = toySchema();
    const { text, reference, shared } = answers(schema, '{ items { id plan { name features { id label } } spare { name } } }');
    expect(shared).toBe(true);
    expect(text).toBe(reference);
  });

  it('does not share a completion that added an error: each place has its own error and path', () => {
    const { schema } = toySchema();
    for (const [document, context, errors] of [
      ['{ items { id plan { name note } } }', { failNote: true }, 3],
      // a null for a non-null field: the null goes up to data (graphql-js reports the first)
      ['{ items { id plan { name strict } } }', { nullStrict: true }, 1],
    ] as const) {
      const { text, reference } = answers(schema, document, context);
      // graphql-js writes errors before data, graphql-jit after (yoga answers both in one order)
      expect(JSON.parse(text)).toEqual(JSON.parse(reference));
      expect(JSON.parse(text).errors).toHaveLength(errors);
    }
  });

  it('completes every occurrence in a mutation (its fields see its writes)', () => {
    const { schema, calls } = toySchema();
    const { text, shared } = answers(schema, 'mutation { items { plan { calls } } }');
    expect(shared).toBe(false);
    expect(JSON.parse(text).data.items.map((i: any) => i.plan.calls)).toEqual([1, 2, 3]);
    expect(calls.plan).toBe(3 + 3); // and graphql-js's three
  });
});

describe('resolve info', () => {
  it('is given to a resolver that takes it (four parameters), with its path; one that does not take it is called without', () => {
    const schema = buildSchema('type Query { items: [Item!]! } type Item { id: ID! path: String! name: String! }');
    const item = schema.getType('Item') as GraphQLObjectType;
    (schema.getType('Query') as GraphQLObjectType).getFields().items!.resolve = () => [{ id: 'a' }, { id: 'b' }];
    const seen: unknown[] = [];
    item.getFields().path!.resolve = (_item, _args, _ctx, info) => JSON.stringify(info.path);
    item.getFields().name!.resolve = function (this: unknown, item: { id: string }) {
      seen.push(arguments[3]);
      return `item ${item.id}`;
    };
    const compiled = compiledOperations(schema)({ document: parse('{ items { id path name } }'), operationName: null })!;
    const result = compiled.query(undefined, {}, {}) as { data: { items: { path: string; name: string }[] } };
    expect(result.data.items.map((i) => JSON.parse(i.path).key)).toEqual(['path', 'path']);
    expect(JSON.parse(result.data.items[1]!.path).prev.key).toBe(1);
    // a resolver reading `arguments` may read the info: it is given one
    expect(seen.every((info) => info !== undefined)).toBe(true);
    expect(result.data.items.map((i) => i.name)).toEqual(['item a', 'item b']);
  });
});

describe('shared completion over HTTP', () => {
  const emu = testEmulator();
  afterAll(() => emu.close());
  const schemaInfo = buildExecutableSchema();
  const logger = createLogger('silent');
  const compiledApp = createGraphQLApp({ registry: emu.registry, schema: schemaInfo, logger }).app;
  const interpretedApp = createGraphQLApp({ registry: emu.registry, schema: schemaInfo, logger, compiled: false }).app;

  it('answers GetCustomerById for a customer with several subscriptions of one plan as graphql-js does', async () => {
    const { id, serverKey } = newEnvironment('shared');
    const control = async (path: string, body: unknown) => {
      const res = await emu.request(`/_emulator/environments/${id}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    await control('/clock', { to: '2025-03-10T12:00:00.000Z', frozen: true });
    await control('/fixtures', {
      features: [{ id: 'feature-calls', displayName: 'Calls', featureType: 'NUMBER', meterType: 'Incremental', units: 'call', unitsPlural: 'calls' }],
      products: [{ id: 'product-sites', displayName: 'Sites', multipleSubscriptions: true }],
      plans: [
        {
          id: 'plan-site',
          productId: 'product-sites',
          displayName: 'Site',
          pricingType: 'PAID',
          prices: [{ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 5, currency: 'USD' }],
          entitlements: [{ featureId: 'feature-calls', usageLimit: 1000, resetPeriod: 'MONTH' }],
        },
      ],
      customers: [
        {
          id: 'customer-sites',
          name: 'Sites',
          subscriptions: ['site-1', 'site-2', 'site-3'].map((resourceId) => ({ planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId })),
        },
      ],
    });
    const body = JSON.stringify({ operationName: 'GetCustomerById', query: clientOperation('node', 'GetCustomerById'), variables: { input: { customerId: 'customer-sites' } } });
    const texts: string[] = [];
    for (const app of [compiledApp, interpretedApp]) {
      const res = await app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': serverKey }, body });
      texts.push(`${res.status} ${await res.text()}`);
    }
    expect(JSON.parse(texts[0]!.slice(4)).data.getCustomerByRefId.subscriptions).toHaveLength(3);
    expect(texts[0]).toBe(texts[1]);
  });
});
