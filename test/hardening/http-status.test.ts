/** Finding 12: HTTP statuses of GraphQL errors follow Apollo Server 4 (400 before execution, 200 during it). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

const PAGED = 'query Paged($first: Int!) { products(paging: { first: $first }) { totalCount } }';

describe('finding 12: HTTP status of GraphQL errors', () => {
  it('answers 400 with BadUserInput for variable coercion errors, whatever the Accept header', async () => {
    const { serverKey } = newEnvironment();
    for (const accept of ['application/json', 'application/graphql-response+json', '*/*']) {
      const wrongType = await rest(emu, 'POST', '/graphql', { query: PAGED, variables: { first: 'ten' } }, { 'x-api-key': serverKey, accept });
      expect(wrongType.status, accept).toBe(400);
      expect(wrongType.body.errors[0].extensions.code).toBe('BadUserInput');
      const missing = await rest(emu, 'POST', '/graphql', { query: PAGED, variables: {} }, { 'x-api-key': serverKey, accept });
      expect(missing.status, accept).toBe(400);
    }
  });

  it('answers 400 for parse and validation errors and query limits, whatever the Accept header', async () => {
    const { serverKey } = newEnvironment();
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      for (const query of ['{ products(', '{ noSuchField }', `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: sdkConfiguration { sentryDsn }`).join(' ')} }`]) {
        const answer = await rest(emu, 'POST', '/graphql', { query }, { 'x-api-key': serverKey, accept });
        expect(answer.status, `${accept} ${query.slice(0, 20)}`).toBe(400);
        expect(answer.body.errors[0].extensions.code).toBe('BadUserInput');
      }
    }
  });

  it('answers 200 with data and Stigg error codes for errors during execution', async () => {
    const { serverKey } = newEnvironment();
    const answer = await gql(emu, serverKey, 'mutation { reportUsage(input: { customerId: "nobody", featureId: "f", value: 1 }) { id } }');
    expect(answer.status).toBe(200);
    expect(answer.errors![0]!.extensions!.code).toBe('CustomerNotFound');
    expect('data' in answer).toBe(true);
  });

  it('journals the status it answered', async () => {
    const { id, serverKey } = newEnvironment();
    await rest(emu, 'POST', '/graphql', { query: PAGED, variables: { first: 'ten' }, operationName: 'Paged' }, { 'x-api-key': serverKey });
    const { body } = await rest(emu, 'GET', `/_emulator/environments/${id}/requests`);
    expect(body.requests.at(-1)).toMatchObject({ operationName: 'Paged', httpStatus: 400, errorCodes: ['BadUserInput'] });
  });
});
