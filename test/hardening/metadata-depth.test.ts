/** N8: metadata nested deeper than MAX_JSON_DEPTH answers BadUserInput (not UnexpectedError) on every path that stores it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { jsonDepth, MAX_JSON_DEPTH } from '../../src/json-depth.js';
import { entitlementsEmulator, world } from '../entitlements/support.js';

let emu: Emulator;
beforeAll(() => {
  emu = entitlementsEmulator();
});
afterAll(() => emu.close());

/** JSON text of an object nested `depth` levels (built as text: encoding it would itself exhaust the stack). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

/** A GraphQL POST whose variables' JSON is written by hand, `$META` standing for the metadata. */
async function post(key: string, query: string, variablesJson: string) {
  const res = await emu.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`,
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

const PROVISION_CUSTOMER = 'mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }';
const UPDATE_CUSTOMER = 'mutation($input: UpdateCustomerInput!) { updateOneCustomer(input: $input) { customerId } }';
const PROVISION_SUBSCRIPTION = 'mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { status } }';

function expectRefused(answer: Awaited<ReturnType<typeof post>>) {
  expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(answer.body)).toBe('BadUserInput');
  expect(answer.body.errors![0]!.message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
}

describe('N8: deeply nested metadata', () => {
  it('measures depth without recursion, stopping past the limit', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [{ b: 1 }] })).toBe(3);
    expect(jsonDepth(JSON.parse(nested(100_000)))).toBe(MAX_JSON_DEPTH + 1);
  });

  it('refuses 5,000 levels on provisionCustomer, updateOneCustomer and provisionSubscriptionV2 with BadUserInput', async () => {
    const { serverKey } = await world(emu);
    expectRefused(await post(serverKey, PROVISION_CUSTOMER, `{"input":{"customerId":"c-deep","additionalMetaData":{"k":${nested(5000)}}}}`));
    const created = await post(serverKey, PROVISION_CUSTOMER, `{"input":{"customerId":"c-deep","additionalMetaData":{"k":"v"}}}`);
    expect(created.body.errors).toBeUndefined();
    expectRefused(await post(serverKey, UPDATE_CUSTOMER, `{"input":{"customerId":"c-deep","additionalMetaData":{"k":${nested(5000)}}}}`));
    expectRefused(await post(serverKey, PROVISION_SUBSCRIPTION, `{"input":{"customerId":"c-deep","planId":"plan-base","additionalMetaData":{"k":${nested(5000)}}}}`));
  });

  it('keeps metadata within the limit', async () => {
    const { serverKey } = await world(emu);
    // the metadata object itself is the first level
    const answer = await post(serverKey, PROVISION_CUSTOMER, `{"input":{"customerId":"c-ok","additionalMetaData":{"k":${nested(MAX_JSON_DEPTH - 1)}}}}`);
    expect(answer.body.errors).toBeUndefined();
    expectRefused(await post(serverKey, PROVISION_CUSTOMER, `{"input":{"customerId":"c-ok","additionalMetaData":{"k":${nested(MAX_JSON_DEPTH)}}}}`));
  });
});
