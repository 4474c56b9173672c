/**
 * stigg-api-client-v2 (6.25.0) reads entitlements and active subscriptions from the edge when
 * `enable_edge` is on (its default) and validates the edge's `data` against the models of its own
 * GraphQL documents: the edge must answer at least what those documents select.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

async function edge(key: string, path: string) {
  const res = await emu.request(path, { headers: { 'x-api-key': key, 'x-api-version': '1' } });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: Record<string, any> };
}

describe('the edge answers what the Python SDK 6.25.0 selects', () => {
  it('entitlements-state.json equals the GraphQL answer to its GetEntitlementsState (with __typename and entitlementsV2)', async () => {
    const { serverKey } = newEnvironment('py-edge');
    const graphql = await gql(emu, serverKey, clientOperation('python-6', 'GetEntitlementsState'), { query: { customerId: 'customer-demo-01' } });
    expect(graphql.errors).toBeUndefined();
    const body = await edge(serverKey, '/v1/c/customer-demo-01/entitlements-state.json');
    expect(body.data).toEqual(graphql.data);
    expect(body.data.entitlementsState.__typename).toBe('EntitlementsState');
    expect(body.data.entitlementsState.entitlementsV2.length).toBeGreaterThan(0);
  });

  it('subscriptions.json equals the GraphQL answer to its GetActiveSubscriptionsList (with the plan product)', async () => {
    const { serverKey } = newEnvironment('py-edge');
    const graphql = await gql(emu, serverKey, clientOperation('python-6', 'GetActiveSubscriptionsList'), { input: { customerId: 'customer-demo-01' } });
    expect(graphql.errors).toBeUndefined();
    const body = await edge(serverKey, '/v1/c/customer-demo-01/subscriptions.json');
    expect(body.data).toEqual(graphql.data);
    expect(body.data.getActiveSubscriptions[0].plan.product).toMatchObject({ refId: 'product-revvenu', displayName: 'Revvenu' });
  });
});
