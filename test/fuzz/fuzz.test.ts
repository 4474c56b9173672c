/**
 * Fuzz suite (fast-check, fixed seed and run count): GraphQL variables generated from the schema's
 * input types for every operation of the official clients' documents (single and batched), and
 * bodies for every control-plane, governance and REST beta route. After each request: no 5xx, no
 * UnexpectedError; at the end the process still answers and every environment's export imports back.
 */
import fc from 'fast-check';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  Kind,
  print,
  typeFromAST,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { buildExecutableSchema } from '../../src/graphql/schema.js';
import { testEmulator } from '../support/emulator.js';
import { referenceOperations } from '../support/reference-operations.js';

const SEED = 20261201;
const GRAPHQL_RUNS = 1200;
const REST_RUNS = 1500;

let emu: Emulator;
let url: string;
const schema = buildExecutableSchema().schema;
const ids: string[] = ['customer-x', 'plan-x', ''];

beforeAll(async () => {
  emu = testEmulator();
  // over a real socket on 127.0.0.1, as clients call it
  url = (await emu.listen()).url;
  // the ids of the demo seed, so generated operations reach past "not found"
  await rest(emu, 'POST', '/graphql', { query: '{ sdkConfiguration { sentryDsn } }' }, { 'x-api-key': 'server-fuzz-seed' });
  const doc = (await rest(emu, 'GET', '/_emulator/environments/fuzz-seed/export')).body ?? {};
  for (const section of ['features', 'products', 'plans', 'addons', 'coupons', 'customers']) for (const item of doc[section] ?? []) ids.push(item.id);
});
afterAll(() => emu.close());

/** One HTTP call over the socket: status and JSON body (or text). */
async function rest(_emu: Emulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json: any = text;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: judged as text
  }
  return { status: res.status, body: json };
}

// ------------------------------------------------------------------------------------ values

const EXTREME_NUMBERS = [0, -1, 1, 0.5, 1e15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.7e308, -1.7e308, 5e-324, 2 ** 31, -(2 ** 31) - 1];
const id = () => fc.constantFrom(...ids);
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', ' ', 'x'.repeat(300), '../../etc', '\u0000', '💥', '2025-01-01T00:00:00Z'));
const wrong = fc.oneof(fc.constant({}), fc.constant([]), fc.boolean(), fc.constant('nope'), fc.constant(12.5));

function scalar(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(...EXTREME_NUMBERS));
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000 }), fc.constantFrom(...EXTREME_NUMBERS));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('yesterday', '0000-00-00', '9999-12-31T23:59:59Z'));
    case 'JSON':
      return fc.jsonValue({ maxDepth: 2 });
    default:
      return fc.oneof({ weight: 3, arbitrary: id() }, { weight: 1, arbitrary: text });
  }
}

/** A value for a GraphQL input type: mostly well typed, sometimes wrong (coercion must refuse it cleanly). */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) return fc.oneof({ weight: 60, arbitrary: valueOf(type.ofType, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  const inner = (): fc.Arbitrary<unknown> => {
    if (type instanceof GraphQLList) return fc.array(valueOf(type.ofType, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
    if (type instanceof GraphQLEnumType) return fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: fc.constant('NOT_A_VALUE') });
    if (type instanceof GraphQLScalarType) return scalar(type.name);
    const input = type as GraphQLInputObjectType;
    if (depth > 4) return fc.constant({});
    const fields = Object.values(input.getFields());
    const required = Object.fromEntries(fields.filter((f) => f.type instanceof GraphQLNonNull).map((f) => [f.name, valueOf(f.type, depth + 1)]));
    const optional = Object.fromEntries(fields.filter((f) => !(f.type instanceof GraphQLNonNull)).map((f) => [f.name, valueOf(f.type, depth + 1)]));
    return fc.record({ ...required, ...optional }, { requiredKeys: Object.keys(required) });
  };
  return fc.oneof({ weight: 60, arbitrary: inner() }, { weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: wrong });
}

const definitionOf = (op: { document: { definitions: readonly { kind: string }[] } }) => op.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
// subscriptions are served over WebSocket (test/realtime); over POST they would stream forever
const operations = referenceOperations().filter((op) => definitionOf(op).operation !== 'subscription').map((op) => {
  const definition = definitionOf(op);
  const variables = Object.fromEntries(
    (definition.variableDefinitions ?? []).map((v) => [v.variable.name.value, valueOf(typeFromAST(schema, v.type as never) as GraphQLInputType)]),
  );
  return { name: op.name, query: print(op.document), variables: fc.record(variables, { requiredKeys: [] }) };
});

const operation = fc.constantFrom(...operations).chain((op) => op.variables.map((variables) => ({ query: op.query, operationName: op.name, variables })));

// ------------------------------------------------------------------------------------ checks

interface Problem {
  what: string;
  status: number;
  body: unknown;
}

function problemsOf(what: string, status: number, body: unknown): Problem[] {
  const problems: Problem[] = [];
  if (status >= 500) problems.push({ what, status, body });
  if (JSON.stringify(body ?? null).includes('UnexpectedError')) problems.push({ what, status, body });
  return problems;
}

async function graphql(env: string, body: unknown) {
  return rest(emu, 'POST', '/graphql', body, { 'x-api-key': `server-${env}` });
}

async function exportImports(env: string) {
  const exported = await rest(emu, 'GET', `/_emulator/environments/${env}/export`);
  expect(exported.status, `export of ${env}`).toBe(200);
  const imported = await rest(emu, 'POST', `/_emulator/environments/${env}/import`, exported.body);
  expect(imported.status, `import of ${env}: ${JSON.stringify(imported.body).slice(0, 500)}`).toBe(200);
}

describe('fuzz', () => {
  it(`GraphQL: ${GRAPHQL_RUNS} generated operations (single and batched) of the official clients`, { timeout: 120_000 }, async () => {
    const env = 'fuzz-graphql';
    const problems: Problem[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: operation }, { weight: 1, arbitrary: fc.array(operation, { minLength: 2, maxLength: 5 }) }), async (body) => {
        const answer = await graphql(env, body);
        const found = problemsOf(Array.isArray(body) ? body.map((b) => b.operationName).join(',') : body.operationName, answer.status, answer.body);
        problems.push(...found);
        return found.length === 0;
      }),
      { seed: SEED, numRuns: GRAPHQL_RUNS, endOnFailure: true },
    );
    expect(problems).toEqual([]);
    await exportImports(env);
  });

  it(`REST: ${REST_RUNS} generated bodies for the control plane, governance and REST beta routes`, { timeout: 120_000 }, async () => {
    const env = 'fuzz-rest';
    const owner = fc.constantFrom(...ids, 'owner-x');
    const json = fc.jsonValue({ maxDepth: 3 });
    const amount = scalar('Float');
    const entityId = fc.constantFrom('org-1', 'team-1', 'x', '', 'a'.repeat(300));
    const gov = { authorization: 'Bearer fuzz', 'x-stigg-account-id': 'acc', 'x-stigg-environment-id': env };
    const beta = { 'x-api-key': `server-${env}` };
    const routes: fc.Arbitrary<{ method: string; path: string; body?: unknown; headers?: Record<string, string> }>[] = [
      fc.record({ method: fc.constant('POST'), path: fc.constant(`/_emulator/environments/${env}/clock`), body: fc.oneof(json, fc.record({ advance: fc.oneof(fc.constantFrom('P1D', 'PT1H', 'P1M', 'P-1D', 'P99999Y', 'bad'), fc.integer()), step: fc.constantFrom('P1D', 'PT1H', undefined) }, { requiredKeys: [] }), fc.record({ to: fc.oneof(text, fc.constant('2025-02-01T00:00:00Z')), frozen: fc.boolean() }, { requiredKeys: [] })) }),
      fc.record({ method: fc.constant('GET'), path: fc.constant(`/_emulator/environments/${env}/clock`) }),
      fc.record({ method: fc.constant('POST'), path: fc.constant(`/_emulator/environments/${env}/faults`), body: fc.oneof(json, fc.record({ operation: text, route: text, status: fc.integer({ min: 0, max: 700 }), errorCode: text, delayMs: fc.integer({ min: -1, max: 5 }), times: fc.integer(), probability: fc.double({ noNaN: true }) }, { requiredKeys: [] })) }),
      fc.record({ method: fc.constant('POST'), path: fc.constant(`/_emulator/environments/${env}/snapshots`), body: fc.oneof(json, fc.record({ name: fc.oneof(text, fc.constant('snap')) })) }),
      fc.record({ method: fc.constant('POST'), path: fc.constantFrom(`/_emulator/environments/${env}/snapshots/snap/restore`, `/_emulator/environments/${env}/snapshots/none/restore`) }),
      fc.record({ method: fc.constant('POST'), path: fc.constant(`/_emulator/environments/${env}/fixtures`), body: fc.oneof(json, fc.record({ features: fc.array(fc.record({ id: text, featureType: fc.constantFrom('BOOLEAN', 'NUMBER', 'X'), meterType: fc.constantFrom('None', 'Fluctuating') }, { requiredKeys: ['id'] }), { maxLength: 2 }), customers: fc.array(fc.record({ id: text, usage: fc.array(fc.record({ featureId: id(), value: amount })) }, { requiredKeys: ['id'] }), { maxLength: 2 }) }, { requiredKeys: [] }), text) }),
      fc.record({ method: fc.constant('POST'), path: fc.constant(`/_emulator/environments/${env}/import`), body: fc.oneof(json, text) }),
      fc.record({ method: fc.constant('POST'), path: fc.constant(`/_emulator/environments/${env}/webhooks/endpoints`), body: fc.oneof(json, fc.record({ url: fc.oneof(text, fc.constant('http://127.0.0.1:9/hook')), secret: text, events: fc.array(text, { maxLength: 2 }) }, { requiredKeys: [] })) }),
      fc.record({ method: fc.constant('GET'), path: fc.tuple(text, text).map(([c, f]) => `/_emulator/environments/${env}/explain?customerId=${encodeURIComponent(c)}&featureId=${encodeURIComponent(f)}`) }),
      fc.record({ method: fc.constant('GET'), path: fc.constantFrom(`/_emulator/environments/${env}/requests`, `/_emulator/environments/${env}/webhooks`, `/_emulator/environments/${env}/snapshots`, '/_emulator/environments', '/_emulator/info') }),
      fc.record({ method: fc.constant('POST'), path: owner.map((o) => `/governance/owners/${encodeURIComponent(o)}/check`), headers: fc.constant(gov), body: fc.oneof(json, fc.record({ entityIds: fc.array(entityId, { maxLength: 3 }), dimensions: fc.dictionary(text, fc.oneof(text, amount), { maxKeys: 2 }), capabilityId: text, requestedAmount: amount }, { requiredKeys: [] })) }),
      fc.record({ method: fc.constant('POST'), path: owner.map((o) => `/governance/owners/${encodeURIComponent(o)}/ingest`), headers: fc.constant(gov), body: fc.oneof(json, fc.record({ events: fc.array(fc.record({ entityIds: fc.array(entityId, { maxLength: 2 }), capabilityId: fc.constantFrom('cap', ''), amount, idempotencyKey: text, timestamp: fc.oneof(text, fc.integer()) }, { requiredKeys: [] }), { maxLength: 3 }) })) }),
      fc.record({ method: fc.constant('PUT'), path: fc.constant('/governance/entity-types'), headers: fc.constant(gov), body: fc.oneof(json, fc.record({ types: fc.array(fc.record({ id: fc.constantFrom('org', 'team', ''), displayName: text, attributionKeys: fc.array(text, { maxLength: 2 }), role: fc.constantFrom('hierarchical', 'dimensional', 'x') }, { requiredKeys: [] }), { maxLength: 2 }) })) }),
      fc.record({ method: fc.constant('PUT'), path: fc.constant('/governance/capabilities'), headers: fc.constant(gov), body: fc.oneof(json, fc.record({ capabilities: fc.array(fc.record({ id: fc.constantFrom('cap', ''), displayName: text }, { requiredKeys: [] }), { maxLength: 2 }) })) }),
      fc.record({ method: fc.constant('PUT'), path: owner.map((o) => `/governance/owners/${encodeURIComponent(o)}/entities`), headers: fc.constant(gov), body: fc.oneof(json, fc.record({ entities: fc.array(fc.record({ id: entityId, entityTypeId: fc.constantFrom('org', 'team', 'x'), parentId: entityId, metadata: fc.dictionary(text, text, { maxKeys: 2 }) }, { requiredKeys: [] }), { maxLength: 3 }) })) }),
      fc.record({ method: fc.constant('POST'), path: fc.tuple(owner, fc.constantFrom('archive', 'unarchive')).map(([o, a]) => `/governance/owners/${encodeURIComponent(o)}/entities/${a}`), headers: fc.constant(gov), body: fc.oneof(json, fc.record({ ids: fc.array(entityId, { maxLength: 3 }) })) }),
      fc.record({ method: fc.constant('PUT'), path: owner.map((o) => `/governance/owners/${encodeURIComponent(o)}/assignments`), headers: fc.constant(gov), body: fc.oneof(json, fc.record({ assignments: fc.array(fc.record({ entityId, capabilityId: fc.constantFrom('cap', 'x'), usageLimit: fc.oneof(amount, fc.constant(null)), cadence: fc.constantFrom('P1M', 'P7D', 'PT1H', 'P0D', 'bad'), scopeEntityIds: fc.array(entityId, { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 3 }) })) }),
      fc.record({ method: fc.constant('GET'), path: owner.map((o) => `/governance/owners/${encodeURIComponent(o)}/tree`), headers: fc.constant(gov) }),
      fc.record({ method: fc.constant('PUT'), path: fc.constant('/api/v1-beta/entity-types'), headers: fc.constant(beta), body: fc.oneof(json, fc.record({ types: fc.array(fc.record({ id: text, displayName: text, attributionKeys: fc.array(text, { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }) })) }),
      fc.record({ method: fc.constant('PUT'), path: owner.map((o) => `/api/v1-beta/customers/${encodeURIComponent(o)}/entities`), headers: fc.constant(beta), body: fc.oneof(json, fc.record({ entities: fc.array(fc.record({ id: entityId, entityTypeId: text, parentId: entityId }, { requiredKeys: [] }), { maxLength: 2 }) })) }),
      fc.record({ method: fc.constant('PUT'), path: owner.map((o) => `/api/v1-beta/customers/${encodeURIComponent(o)}/assignments`), headers: fc.constant(beta), body: fc.oneof(json, fc.record({ assignments: fc.array(fc.record({ entityId, featureId: id(), usageLimit: amount, cadence: fc.constantFrom('P1M', 'bad') }, { requiredKeys: [] }), { maxLength: 2 }) })) }),
      fc.record({ method: fc.constant('GET'), path: fc.tuple(owner, text, amount).map(([o, f, n]) => `/api/v1-beta/customers/${encodeURIComponent(o)}/entitlements/check?featureId=${encodeURIComponent(f)}&requestedUsage=${n}`), headers: fc.constant(beta) }),
      fc.record({ method: fc.constant('GET'), path: owner.map((o) => `/api/v1-beta/customers/${encodeURIComponent(o)}/governance`), headers: fc.constant(beta) }),
      fc.record({ method: fc.constant('POST'), path: fc.tuple(owner, fc.constantFrom('archive', 'unarchive')).map(([o, a]) => `/api/v1-beta/customers/${encodeURIComponent(o)}/entities/${a}`), headers: fc.constant(beta), body: fc.oneof(json, fc.record({ ids: fc.array(entityId, { maxLength: 3 }) })) }),
      fc.record({ method: fc.constant('GET'), path: fc.tuple(owner, entityId).map(([o, e]) => fc.sample(fc.constantFrom(`/api/v1-beta/customers/${encodeURIComponent(o)}/entities`, `/api/v1-beta/customers/${encodeURIComponent(o)}/entities/${encodeURIComponent(e)}`, `/api/v1-beta/customers/${encodeURIComponent(o)}/assignments`, '/api/v1-beta/entity-types'), { numRuns: 1, seed: e.length })[0]!), headers: fc.constant(beta) }),
      fc.record({ method: fc.constant('GET'), path: fc.tuple(owner, entityId).map(([o, e]) => `/governance/owners/${encodeURIComponent(o)}/entities/${encodeURIComponent(e)}`), headers: fc.constant(gov) }),
      fc.record({ method: fc.constant('GET'), path: fc.constantFrom('/governance/entity-types', '/governance/capabilities', '/governance/owners/customer-x/entities', '/governance/owners/customer-x/assignments'), headers: fc.constant(gov) }),
      fc.record({ method: fc.constantFrom('POST', 'DELETE'), path: fc.constantFrom(`/_emulator/environments/${env}-other/reset`, `/_emulator/environments/${env}-other`, `/_emulator/environments/${env}/snapshots/snap`, `/_emulator/environments/${env}/requests`) }),
      fc.record({ method: fc.constant('GET'), path: fc.constantFrom(`/_emulator/environments/${env}/webhooks/endpoints`, `/_emulator/environments/${env}/checkouts/none`, `/_emulator/environments/${env}-other`) }),
      fc.record({ method: fc.constantFrom('POST', 'PUT', 'DELETE'), path: text.map((t) => `/_emulator/environments/${encodeURIComponent(t)}/clock`), body: json }),
    ];
    const problems: Problem[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof(...routes), async (call) => {
        const answer = await rest(emu, call.method, call.path, call.body, call.headers ?? {});
        // an accepted fault applies to later calls: take it away again, so only real answers are judged
        if (call.path.endsWith('/faults')) await rest(emu, 'DELETE', `/_emulator/environments/${env}/faults`);
        const found = problemsOf(`${call.method} ${call.path}`, answer.status, answer.body);
        problems.push(...found);
        return found.length === 0;
      }),
      { seed: SEED, numRuns: REST_RUNS, endOnFailure: true },
    );
    expect(problems).toEqual([]);
    await exportImports(env);
  });

  it('leaves the emulator answering', async () => {
    expect((await rest(emu, 'GET', '/_emulator/health')).status).toBe(200);
    expect((await graphql('fuzz-after', { query: '{ sdkConfiguration { sentryDsn } }' })).status).toBe(200);
  });
});
