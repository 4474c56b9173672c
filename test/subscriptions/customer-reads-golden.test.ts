/**
 * The recorded answers (golden file) of every client's customer and subscription reads for
 * customers with many subscriptions on different plans, plan versions and add-ons
 * (fixtures/golden-customers.yaml): GetCustomerById, GetCustomerStatistics, GetSubscription,
 * GetSubscriptions, GetActiveSubscriptions(List) and the customer portal, compared byte for byte
 * with golden/customer-reads.json. The answers of these documents do not change with how the
 * reads are made (batched per request, shared per catalog version).
 *
 * Record again (only when an answer is meant to change): GOLDEN_UPDATE=1 npx vitest run test/subscriptions/customer-reads-golden.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'golden-customers.yaml');
const GOLDEN = join(import.meta.dirname, 'golden', 'customer-reads.json');
const ENV = 'golden-customer-reads';
const KEY = `server-${ENV}`;
const CLIENTS: Client[] = ['node', 'node-4', 'browser', 'python', 'python-6', 'go'];
const CUSTOMERS = ['cust-many', 'cust-custom', 'cust-payer', 'cust-empty'];
const SUBSCRIPTIONS = ['sub-pro', 'sub-other', 'sub-r1-v1', 'sub-r2-v2', 'sub-r3', 'sub-r4', 'sub-r5-old', 'sub-r5', 'sub-r6', 'sub-r7', 'sub-r8-future', 'sub-custom', 'sub-c-site'];

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

const documentOf = (client: Client, name: string): string | null => {
  try {
    return clientOperation(client, name);
  } catch {
    return null;
  }
};

/** Each read's answer as the server sends it (the body's text), by client, operation and variables. */
async function answers(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const read = async (label: string, query: string, variables: Record<string, unknown>, key = KEY) => {
    const res = await emu.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query, variables }) });
    out[label] = `${res.status} ${await res.text()}`;
  };
  for (const client of CLIENTS) {
    const key = client === 'browser' ? `client-${ENV}` : KEY;
    const each = async (name: string, variablesList: [string, Record<string, unknown>][]) => {
      const doc = documentOf(client, name);
      if (!doc) return;
      for (const [what, variables] of variablesList) await read(`${client} ${name} ${what}`, doc, variables, key);
    };
    const byCustomer = CUSTOMERS.map((customerId): [string, Record<string, unknown>] => [customerId, { input: { customerId } }]);
    await each('GetCustomerById', byCustomer);
    await each('GetCustomerStatistics', byCustomer);
    await each('GetCustomerPortalByRefId', CUSTOMERS.map((customerId): [string, Record<string, unknown>] => [customerId, { input: { customerId } }]));
    await each('GetSubscription', SUBSCRIPTIONS.map((subscriptionId): [string, Record<string, unknown>] => [subscriptionId, { input: { subscriptionId } }]));
    await each('GetSubscriptions', [
      ['cust-many', { filter: { customerId: { eq: 'cust-many' } } }],
      ['all', {}],
    ]);
    const active: [string, Record<string, unknown>][] = [
      ...byCustomer,
      ['cust-many site-5', { input: { customerId: 'cust-many', resourceId: 'site-5' } }],
      ['cust-many site-1', { input: { customerId: 'cust-many', resourceId: 'site-1' } }],
    ];
    await each('GetActiveSubscriptions', active);
    await each('GetActiveSubscriptionsList', active);
  }
  return out;
}

describe("customer and subscription reads of customers with many subscriptions", () => {
  it('answer as recorded, byte for byte', async () => {
    expect((await rest(emu, 'POST', `/_emulator/environments/${ENV}/clock`, { to: '2025-01-02T12:00:00.000Z', frozen: true })).status).toBe(200);
    const got = await answers();
    if (process.env.GOLDEN_UPDATE === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(got, null, 1)}\n`);
    const recorded = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    expect(Object.keys(got)).toEqual(Object.keys(recorded));
    for (const [label, body] of Object.entries(recorded)) expect(got[label], label).toBe(body);
    // the recording covers each client's customer read of the customer with many subscriptions, answered without errors
    for (const client of ['node', 'python', 'go']) {
      const body = recorded[`${client} GetCustomerById cust-many`]!;
      expect(body.startsWith('200 ')).toBe(true);
      expect(body).not.toContain('"errors"');
      expect(body).toContain('sub-r7');
    }
  });
});
