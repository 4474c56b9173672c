/**
 * Compiled execution (graphql-jit, src/graphql/jit.ts): which operations take it, and that the
 * GraphQL endpoint answers them byte for byte as with graphql-js's own execution (status and
 * body, field order and errors included): every operation the official clients send, on the demo
 * seed and a frozen clock, with variables that find something and variables that do not; the
 * writes on environments of their own, from the same snapshot.
 */
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createGraphQLApp } from '../../src/graphql/http.js';
import { compiledOperations } from '../../src/graphql/jit.js';
import { buildExecutableSchema } from '../../src/graphql/schema.js';
import { createLogger } from '../../src/logging/logger.js';
import { clientOperation } from '../support/documents.js';
import { testEmulator } from '../support/emulator.js';
import { referenceOperations } from '../support/reference-operations.js';

const schemaInfo = buildExecutableSchema();
const { schema } = schemaInfo;
const emu = testEmulator();
afterAll(() => emu.close());
const logger = createLogger('silent');
const compiledApp = createGraphQLApp({ registry: emu.registry, schema: schemaInfo, logger }).app;
const interpretedApp = createGraphQLApp({ registry: emu.registry, schema: schemaInfo, logger, compiled: false }).app;

const customerId = 'customer-demo-01';
/** variables that find something on the demo seed, by the input argument names the documents use */
const FOUND = {
  input: { customerId, productId: 'product-revvenu', currencyId: 'currency-api-credits', featureId: 'feature-02-campaigns', subscriptionId: 'subscription-plan-revvenu-growth-589879', planId: 'plan-revvenu-basic', value: 1, refId: customerId },
  query: { customerId, featureId: 'feature-01-templates' },
};
const MISSING = { input: { customerId: 'nobody', productId: 'no-product', subscriptionId: 'no-subscription', featureId: 'no-feature', planId: 'no-plan', value: 1, refId: 'nobody' }, query: { customerId: 'nobody', featureId: 'no-feature' } };

describe('compiled execution', () => {
  const compiledFor = compiledOperations(schema);
  const compiled = (document: string, operationName?: string | null) => compiledFor({ document: parse(document), operationName }) !== null;

  it('compiles queries and mutations, not subscriptions nor operations with variables of a recursive input type', () => {
    expect(compiled(clientOperation('node', 'GetCustomerById'), 'GetCustomerById')).toBe(true);
    expect(compiled(clientOperation('go', 'ReportUsage'), 'ReportUsage')).toBe(true);
    expect(compiled(clientOperation('node', 'OnEntitlementsUpdated'), 'OnEntitlementsUpdated')).toBe(false);
    // ProductFilter has and/or of itself: graphql-jit's variable compiler would not end
    expect(compiled('query P($filter: ProductFilter) { products(filter: $filter) { totalCount } }')).toBe(false);
    // the same filter written in the document (no variable of its type) compiles
    expect(compiled('query { products(filter: { refId: { eq: "x" } }) { totalCount } }')).toBe(true);
    // a fragment under @include is left to graphql-js (its fields' order depends on the variable)
    expect(compiled('query Q($x: Boolean!) { products { totalCount ...F @include(if: $x) } } fragment F on ProductConnection { totalCount }')).toBe(false);
  });

  const operations = referenceOperations().filter((op) => !op.text.trimStart().startsWith('subscription'));
  const env = (name: string) => {
    const e = emu.registry.get(name);
    // a frozen clock: both executions see the same instant
    if (!e.clock.frozen) e.clock.reset(e.nowMs(), true);
    return e;
  };

  it.each(operations.map((op) => [op.file.split('/')[0]!, op.name, op] as const))('%s %s answers as graphql-js does', async (client, name, op) => {
    const isWrite = op.text.trimStart().startsWith('mutation');
    for (const [label, variables] of [['found', FOUND], ['missing', MISSING], ['none', {}]] as const) {
      const answers: string[] = [];
      for (const app of [compiledApp, interpretedApp]) {
        // a write runs on an environment of its own each time, in the same state
        const id = isWrite ? `jit-${client}-${name}-${label}-${answers.length}` : 'jit-reads';
        env(id);
        const res = await app.request('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': `server-${id}` },
          body: JSON.stringify({ operationName: name, query: op.text, variables }),
        });
        answers.push(`${res.status} ${await res.text()}`);
      }
      expect(answers[0], `${label} variables`).toBe(answers[1]);
    }
  });
});
