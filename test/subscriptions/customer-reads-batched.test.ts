/**
 * The reads of a customer's many subscriptions are batched per request (the customer's
 * subscriptions, its row and the pending schedules of all of its subscriptions read once; a
 * resource's subscriptions read only when a field asks for them). The answers are the unbatched
 * ones: each client's GetCustomerById and GetSubscription answered over HTTP equal the same
 * documents executed inside a transaction (where nothing is shared between fields), the batched
 * schedules equal each subscription's own, and a write between two reads shows in the second.
 */
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { buildExecutableSchema } from '../../src/graphql/schema.js';
import { customerRepo } from '../../src/db/repositories/customers.js';
import { subscriptionSchedules } from '../../src/db/schema.js';
import { scheduledUpdatesOf, scheduledUpdatesOfCustomer } from '../../src/subscriptions/updates.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, testEmulator } from '../support/emulator.js';

const FIXTURES = [join(import.meta.dirname, 'fixtures', 'reads.yaml'), join(import.meta.dirname, 'fixtures', 'many-subscriptions.yaml')];
const CUSTOMERS = ['cust-a', 'cust-b', 'cust-empty', 'cust-many'];
const CLIENTS: Client[] = ['node', 'node-4', 'python', 'go'];

const schema = buildExecutableSchema().schema;
let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: FIXTURES });
});
afterAll(() => emu.close());

const documentOf = (client: Client, name: string): string | null => {
  try {
    return clientOperation(client, name);
  } catch {
    return null;
  }
};

/** A fresh environment, with pending scheduled changes on three of cust-many's subscriptions (and a done one). */
function world(prefix: string) {
  const { serverKey } = newEnvironment(prefix);
  const env = emu.registry.resolve(serverKey).environment;
  const at = '2025-01-01T00:00:00.000Z';
  const rows = [
    { subscriptionId: 'sub-m-r6', type: 'Plan', status: 'Scheduled', scheduledAt: '2025-01-06T00:00:00.000Z', variables: { planId: 'plan-site', billingPeriod: 'MONTHLY', changeType: 'DOWNGRADE' } },
    { subscriptionId: 'sub-m-pro', type: 'Downgrade', status: 'Scheduled', scheduledAt: '2025-02-01T00:00:00.000Z', variables: { planId: 'plan-basic', billingPeriod: 'MONTHLY' } },
    { subscriptionId: 'sub-m-r6', type: 'BillingPeriod', status: 'Scheduled', scheduledAt: '2025-01-05T00:00:00.000Z', variables: { planId: 'plan-site-pro', billingPeriod: 'ANNUALLY' } },
    { subscriptionId: 'sub-m-r5', type: 'Addon', status: 'Done', scheduledAt: '2024-12-20T00:00:00.000Z', variables: { planId: 'plan-site-pro', billingPeriod: 'MONTHLY' } },
  ];
  for (const row of rows) env.db.insert(subscriptionSchedules).values({ ...row, createdAt: at, updatedAt: at }).run();
  return { serverKey, env };
}

/** The document executed inside a (read-only) transaction: every field reads for itself. */
function unbatched(key: string, query: string, variables: Record<string, unknown>) {
  const env = emu.registry.resolve(key).environment;
  const contextValue = { env, keyType: 'server' as const, nowMs: env.pin() };
  return env.sqlite.transaction(() => {
    const result = execute({ schema, document: parse(query), contextValue, variableValues: variables });
    if (result instanceof Promise) throw new Error('expected a synchronous execution');
    return JSON.parse(JSON.stringify(result));
  })();
}

describe("a customer's subscriptions read in batches", () => {
  it("answers each client's GetCustomerById and GetSubscription as the unbatched reads do", async () => {
    const { serverKey } = world('batched');
    let compared = 0;
    for (const client of CLIENTS) {
      const byId = documentOf(client, 'GetCustomerById');
      if (byId) {
        for (const customerId of CUSTOMERS) {
          const variables = { input: { customerId } };
          const answer = await gql(emu, serverKey, byId, variables);
          const { status: _status, ...body } = answer;
          expect(body, `${client} GetCustomerById ${customerId}`).toEqual(unbatched(serverKey, byId, variables));
          compared++;
        }
      }
      const one = documentOf(client, 'GetSubscription');
      if (one) {
        const env = emu.registry.resolve(serverKey).environment;
        for (const sub of customerRepo.subscriptions(env.db, 'cust-many')) {
          const variables = { input: { subscriptionId: sub.id } };
          const answer = await gql(emu, serverKey, one, variables);
          const { status: _status, ...body } = answer;
          expect(body, `${client} GetSubscription ${sub.id}`).toEqual(unbatched(serverKey, one, variables));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("reads the pending schedules of all of a customer's subscriptions as each subscription's own, and its live subscriptions as the live query", () => {
    const { env } = world('batched-schedules');
    for (const customerId of CUSTOMERS) {
      const batched = scheduledUpdatesOfCustomer(env.db, customerId);
      const all = customerRepo.subscriptions(env.db, customerId);
      for (const sub of all) expect(batched.get(sub.id) ?? []).toEqual(scheduledUpdatesOf(env.db, sub.id));
      // the customer's live subscriptions, filtered from all of them as the batched view does
      const live = new Set(['ACTIVE', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING']);
      expect(all.filter((s) => live.has(s.status))).toEqual(customerRepo.liveSubscriptions(env.db, customerId));
    }
    const batched = scheduledUpdatesOfCustomer(env.db, 'cust-many');
    expect([...batched.keys()].sort()).toEqual(['sub-m-pro', 'sub-m-r6']);
    expect(batched.get('sub-m-r6')!.map((s) => s.type)).toEqual(['BillingPeriod', 'Plan']);
  });

  it('answers a write made between two reads', async () => {
    const { serverKey } = world('batched-write');
    const byId = clientOperation('node', 'GetCustomerById');
    const read = async () => (await gql(emu, serverKey, byId, { input: { customerId: 'cust-many' } })).data!.getCustomerByRefId;
    const before = await read();
    const cancel = await gql(emu, serverKey, clientOperation('node', 'CancelSubscription'), {
      input: { subscriptionRefId: 'sub-m-r5', subscriptionCancellationTime: 'IMMEDIATE' },
    });
    expect(cancel.errors).toBeUndefined();
    const after = await read();
    const status = (c: any, id: string) => c.subscriptions.find((s: any) => s.subscriptionId === id)?.status;
    expect(status(before, 'sub-m-r5')).toBe('ACTIVE');
    expect(status(after, 'sub-m-r5')).toBe('CANCELED');
    expect(after).toEqual(unbatched(serverKey, byId, { input: { customerId: 'cust-many' } }).data.getCustomerByRefId);
  });
});
