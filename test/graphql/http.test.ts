import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const PROVISION = `mutation ProvisionCustomer($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } } }`;
const GET = `query GetCustomerById($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { id name } }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

describe('GraphQL over HTTP', () => {
  it('answers 401 Unauthenticated without an API key', async () => {
    const res = await gql(emu, null, '{ __typename }');
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('Unauthenticated');
  });

  it('limits a client key to what a publishable key may call (IdentityForbidden)', async () => {
    const { clientKey, serverKey } = newEnvironment();
    const denied = await gql(emu, clientKey, PROVISION, { input: { customerId: 'c-1' } });
    expect(denied.status).toBe(200);
    expect(codeOf(denied)).toBe('IdentityForbidden');
    // nothing was written
    expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-1' } }))).toBe('CustomerNotFound');
    // a client key may read what the browser SDK reads
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-1' } });
    const allowed = await gql(emu, clientKey, GET, { input: { customerId: 'c-1' } });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.getCustomerByRefId.id).toBe('c-1');
  });

  it('keeps environments isolated by key', async () => {
    const a = newEnvironment();
    const b = newEnvironment();
    await gql(emu, a.serverKey, PROVISION, { input: { customerId: 'only-in-a' } });
    expect((await gql(emu, a.serverKey, GET, { input: { customerId: 'only-in-a' } })).data!.getCustomerByRefId.id).toBe('only-in-a');
    expect(codeOf(await gql(emu, b.serverKey, GET, { input: { customerId: 'only-in-a' } }))).toBe('CustomerNotFound');
  });

  it('answers a batched (array) body with an array', async () => {
    const { serverKey } = newEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-b' } });
    const res = await emu.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': serverKey },
      body: JSON.stringify([
        { query: GET, variables: { input: { customerId: 'c-b' } } },
        { query: GET, variables: { input: { customerId: 'missing' } } },
      ]),
    });
    const body = (await res.json()) as any[];
    expect(Array.isArray(body)).toBe(true);
    expect(body[0].data.getCustomerByRefId.id).toBe('c-b');
    expect(body[1].errors[0].extensions.code).toBe('CustomerNotFound');
  });

  it('answers malformed JSON, wrong variable types and unknown fields with BadUserInput, and keeps serving', async () => {
    const { serverKey } = newEnvironment();
    const malformed = await rest(emu, 'POST', '/graphql', '{"query": ', { 'x-api-key': serverKey });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].extensions.code).toBe('BadUserInput');

    const wrongType = await gql(emu, serverKey, GET, { input: { customerId: 42.5 } });
    expect(codeOf(wrongType)).toBe('BadUserInput');

    const unknownField = await gql(emu, serverKey, '{ getCustomerByRefId(input: { customerId: "x" }) { nope } }');
    expect(codeOf(unknownField)).toBe('BadUserInput');
    expect(unknownField.errors![0]!.extensions!.graphqlCode).toBe('GRAPHQL_VALIDATION_FAILED');

    const syntax = await gql(emu, serverKey, '{ getCustomerByRefId(');
    expect(codeOf(syntax)).toBe('BadUserInput');

    const still = await gql(emu, serverKey, PROVISION, { input: { customerId: 'after-errors' } });
    expect(still.errors).toBeUndefined();
  });

  it('serves GraphiQL to a browser', async () => {
    const res = await emu.request('/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('GraphiQL');
  });
});

describe('request journal and faults', () => {
  it('journals operation name, variables, status, error codes and duration', async () => {
    const { id, serverKey } = newEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-j' } });
    await gql(emu, serverKey, GET, { input: { customerId: 'missing' } });
    const journal = await rest(emu, 'GET', `/_emulator/environments/${id}/requests`);
    expect(journal.status).toBe(200);
    const entries = journal.body.requests;
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ operationName: 'ProvisionCustomer', variables: { input: { customerId: 'c-j' } }, status: 'ok', errorCodes: [] });
    expect(entries[1]).toMatchObject({ operationName: 'GetCustomerById', status: 'error', errorCodes: ['CustomerNotFound'], httpStatus: 200 });
    expect(typeof entries[1].durationMs).toBe('number');
    expect(typeof entries[1].at).toBe('string');
  });

  it('injects a fault by operation name, a number of times, then clears', async () => {
    const { id, serverKey } = newEnvironment();
    const added = await rest(emu, 'POST', `/_emulator/environments/${id}/faults`, { operation: 'GetCustomerById', errorCode: 'RateLimitExceeded', times: 1 });
    expect(added.status).toBe(201);
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-f' } });
    const faulted = await gql(emu, serverKey, GET, { input: { customerId: 'c-f' } });
    expect(codeOf(faulted)).toBe('RateLimitExceeded');
    const next = await gql(emu, serverKey, GET, { input: { customerId: 'c-f' } });
    expect(next.errors).toBeUndefined();

    await rest(emu, 'POST', `/_emulator/environments/${id}/faults`, { operation: 'GetCustomerById', status: 503 });
    expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-f' } })).status).toBe(503);
    expect((await rest(emu, 'GET', `/_emulator/environments/${id}/faults`)).body.faults).toHaveLength(1);
    expect((await rest(emu, 'DELETE', `/_emulator/environments/${id}/faults`)).body).toEqual({ removed: 1 });
    expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-f' } })).status).toBe(200);
  });

  it('rejects an invalid fault', async () => {
    const { id } = newEnvironment();
    const res = await rest(emu, 'POST', `/_emulator/environments/${id}/faults`, { status: 503 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadUserInput');
  });
});
