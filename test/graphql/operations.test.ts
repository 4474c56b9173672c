import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

const DIR = join(import.meta.dirname, '..', 'reference', 'operations');
const documents = readdirSync(DIR).flatMap((client) =>
  readdirSync(join(DIR, client))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => ({ name: `${client}/${f}`, text: readFileSync(join(DIR, client, f), 'utf8') })),
);

let emu: Emulator;
let served: GraphQLSchema;

beforeAll(async () => {
  emu = testEmulator();
  const { url } = await emu.listen();
  // introspect the running server over a real socket, as a client would
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'server-introspection' },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const body = (await res.json()) as { data: IntrospectionQuery };
  served = buildClientSchema(body.data);
});
afterAll(() => emu.close());

describe('the served schema', () => {
  it('has every reference document to check', () => {
    expect(documents.length).toBe(6);
  });

  it.each(documents.map((d) => [d.name, d.text]))('validates every operation of %s', (_name, text) => {
    const doc = parse(text as string);
    const operations = doc.definitions.filter((d) => d.kind === 'OperationDefinition');
    expect(operations.length).toBeGreaterThan(10);
    const errors = validate(served, doc);
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('answers NotSupportedByEmulator naming a root field it does not implement', async () => {
    const res = await emu.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'server-unsupported' },
      body: JSON.stringify({ query: '{ experiments { totalCount } }' }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string; field: string } }[] };
    expect(res.status).toBe(200);
    expect(body.errors[0]!.extensions.code).toBe('NotSupportedByEmulator');
    expect(body.errors[0]!.extensions.field).toBe('Query.experiments');
    expect(body.errors[0]!.message).toContain('Query.experiments');
  });
});

describe('the SDL in schema/', () => {
  it('is a valid schema (start-up trusts it without validating)', async () => {
    const { buildSchema, validateSchema } = await import('graphql');
    const { readSchemaSdl } = await import('../../src/graphql/schema.js');
    const schema = buildSchema(readSchemaSdl());
    expect(validateSchema(schema)).toEqual([]);
  });
});
