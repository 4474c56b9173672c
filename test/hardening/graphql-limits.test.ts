import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { print } from 'graphql';
import { gql, newEnvironment, testEmulator } from '../support/emulator.js';
import { referenceOperations, withTypename } from '../support/reference-operations.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

const recursiveProducts = (levels: number) => {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `refId plans { refId product { ${inner} } }`;
  return `query Recursive { products { edges { node { ${inner} } } } }`;
};

describe('finding 2: query limits', () => {
  it('admits every operation of the official clients (with __typename, batched 50 at a time)', async () => {
    const { serverKey } = newEnvironment();
    const operations = referenceOperations();
    expect(operations.length).toBeGreaterThan(200);
    for (let i = 0; i < operations.length; i += 50) {
      const batch = operations.slice(i, i + 50).map((op) => ({ query: print(withTypename(op.document)), operationName: op.name }));
      const res = await emu.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': serverKey }, body: JSON.stringify(batch) });
      const answers = (await res.json()) as { errors?: { message: string; extensions?: { limit?: string } }[] }[];
      expect(answers).toHaveLength(batch.length);
      const limited = answers.flatMap((a, j) => (a.errors ?? []).filter((e) => e.extensions?.limit).map((e) => `${batch[j]!.operationName}: ${e.message}`));
      expect(limited).toEqual([]);
    }
  });

  it('refuses 10,000 aliased reportUsage in one mutation quickly, naming the limit', async () => {
    const { serverKey } = newEnvironment();
    const fields = Array.from({ length: 10_000 }, (_, i) => `a${i}: reportUsage(input: { customerId: "c", featureId: "f", value: 1 }) { id }`).join(' ');
    const started = performance.now();
    const answer = await gql(emu, serverKey, `mutation Many { ${fields} }`);
    const ms = performance.now() - started;
    expect(answer.errors?.[0]?.extensions?.code).toBe('BadUserInput');
    expect(answer.errors?.[0]?.extensions?.limit).toBe('maxTokens');
    expect(ms).toBeLessThan(2000);
  });

  it('refuses a recursive products -> plans -> product query by depth', async () => {
    const { serverKey } = newEnvironment();
    const answer = await gql(emu, serverKey, recursiveProducts(8));
    expect(answer.errors?.[0]?.extensions?.code).toBe('BadUserInput');
    expect(answer.errors?.[0]?.extensions?.limit).toBe('maxDepth');
    expect(answer.errors?.[0]?.message).toMatch(/depth/i);
    expect(answer.data ?? null).toBeNull();
  });

  it('answers BadUserInput, not UnexpectedError, to a query nested 10,000 deep', async () => {
    const { serverKey } = newEnvironment();
    const deep = '{' + 'products{'.repeat(10_000) + 'id' + '}'.repeat(10_000) + '}';
    const answer = await gql(emu, serverKey, deep);
    expect(answer.errors?.[0]?.extensions?.code).toBe('BadUserInput');
    const list = `{ products(filter: ${'['.repeat(1400)}${']'.repeat(1400)}) { totalCount } }`;
    const nested = await gql(emu, serverKey, list);
    expect(nested.errors?.[0]?.extensions?.code).toBe('BadUserInput');
  });

  it('refuses too many aliases and directives, naming the limit', async () => {
    const { serverKey } = newEnvironment();
    const aliases = await gql(emu, serverKey, `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: sdkConfiguration { sentryDsn }`).join(' ')} }`);
    expect(aliases.errors?.[0]?.extensions).toMatchObject({ code: 'BadUserInput', limit: 'maxAliases' });
    const directives = await gql(emu, serverKey, `{ sdkConfiguration { sentryDsn ${'@include(if: true) '.repeat(21)} } }`);
    expect(directives.errors?.[0]?.extensions).toMatchObject({ code: 'BadUserInput', limit: 'maxDirectives' });
  });

  it('refuses an expensive query by cost', async () => {
    const { serverKey } = newEnvironment();
    const wide = 'refId '.repeat(2500);
    const answer = await gql(emu, serverKey, `{ products { edges { node { plans { product { plans { product { plans { product { plans { product { ${wide} } } } } } } } } } } } }`);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BadUserInput', limit: 'maxCost' });
    expect(answer.errors?.[0]?.message).toMatch(/cost/i);
  });
});

describe('finding 2: the limits are settings', () => {
  it('takes --graphql-max-depth and friends from flags and the environment', async () => {
    const { loadConfig } = await import('../../src/config.js');
    const config = loadConfig(['--graphql-max-depth', '4', '--graphql-max-cost=500'], { STIGG_EMULATOR_GRAPHQL_MAX_ALIASES: '2', STIGG_EMULATOR_GRAPHQL_MAX_DEPTH: '9' });
    expect(config).toMatchObject({ graphqlMaxDepth: 4, graphqlMaxCost: 500, graphqlMaxAliases: 2, graphqlMaxTokens: 3000, graphqlMaxDirectives: 20 });
    expect(() => loadConfig(['--graphql-max-depth', '0', '--graphql-max-tokens', 'x'], {})).toThrow(/graphql-max-depth must be >= 1[\s\S]*graphql-max-tokens must be a positive integer/);
  });

  it('applies a lower depth limit', async () => {
    const small = testEmulator({ graphqlMaxDepth: 2 });
    const answer = await gql(small, 'server-depth', '{ sdkConfiguration { sentryDsn } }');
    expect(answer.errors).toBeUndefined();
    const deeper = await gql(small, 'server-depth', '{ products { edges { node { refId } } } }');
    expect(deeper.errors?.[0]?.extensions).toMatchObject({ code: 'BadUserInput', limit: 'maxDepth' });
    await small.close();
  });
});

describe('finding 2: the limits over WebSocket (graphql-ws subscriptions)', () => {
  it('refuses a subscription past a limit with BadUserInput naming it, and keeps the connection usable', async () => {
    const { collect, waitFor, wsClient } = await import('../realtime/support.js');
    const served = testEmulator({ graphqlMaxDepth: 3 });
    const { url } = await served.listen();
    const client = wsClient(url, { 'X-API-KEY': 'server-ws-limits' });
    try {
      const deep = collect(client, 'subscription { entitlementsUpdated { entitlements { feature { refId } } } }');
      const errors = await waitFor(() => (deep.errors.length > 0 ? deep.errors : null), 5000, 'the refusal');
      expect(JSON.stringify(errors)).toContain('BadUserInput');
      expect(JSON.stringify(errors)).toContain('maxDepth');
    } finally {
      await client.dispose();
      await served.close();
    }
  });
});
