/**
 * Every document the official clients send for the money and widget root fields answers (no
 * NotSupportedByEmulator, no error): each client's own operation, as sent, with a valid input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'pricing.yaml');
const FILES: Record<Client, string> = {
  node: 'node/api-client-js-3.108.0.graphql',
  'node-4': 'node/node-server-sdk-4.55.0.graphql',
  browser: 'node/js-client-sdk-3.35.0.graphql',
  python: 'python/stigg-api-client-v2-5.187.0.graphql',
  'python-6': 'python/stigg-api-client-v2-6.25.0.graphql',
  go: 'go/api-client-go-v6.21.0.graphql',
};

const SUBSCRIPTION = 'sub-docs';
/** A valid input for each root field (the subscription SUBSCRIPTION exists). */
const INPUTS: Record<string, (n: number) => Record<string, unknown>> = {
  estimateSubscription: () => ({ input: { customerId: 'c-plain', planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }] } }),
  estimateSubscriptionUpdate: () => ({ input: { subscriptionId: SUBSCRIPTION, addons: [{ addonId: 'addon-storage', quantity: 1 }] } }),
  previewSubscription: () => ({ input: { customerId: 'c-plain', planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }] } }),
  previewNextInvoice: () => ({ input: { subscriptionId: SUBSCRIPTION } }),
  customerPortal: () => ({ input: { customerId: 'c-plain' } }),
  checkoutState: () => ({ input: { customerId: 'c-plain', planId: 'plan-team' } }),
  mockPaywall: () => ({ input: { productId: 'product-app' } }),
  createPaymentSession: () => ({ input: { customerId: 'c-plain', planId: 'plan-team' } }),
  createOneCoupon: (n) => ({ input: { refId: `coupon-doc-${n}`, name: 'Doc', percentOff: 10 } }),
};

const cases: [Client, string, string][] = (Object.keys(FILES) as Client[]).flatMap((client) =>
  parse(readFileSync(join(import.meta.dirname, '..', 'reference', 'operations', FILES[client]), 'utf8'))
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
    .flatMap((op) => {
      const roots = op.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
      const root = roots.find((r) => r in INPUTS);
      return root ? [[client, op.name!.value, root] as [Client, string, string]] : [];
    }),
);

let emu: Emulator;
let env: ReturnType<typeof newEnvironment>;
beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES] });
  env = newEnvironment('docs-money');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-04-01T00:00:00.000Z', frozen: true });
  const res = await gql(emu, env.serverKey, clientOperation('python', 'ProvisionSubscription'), {
    input: { customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY', subscriptionId: SUBSCRIPTION, addons: [{ addonId: 'addon-storage', quantity: 2 }] },
  });
  expect(res.errors).toBeUndefined();
});
afterAll(() => emu.close());

describe('client documents of the money and widget root fields', () => {
  it('covers every root field with at least one client', () => {
    expect(new Set(cases.map(([, , root]) => root))).toEqual(new Set(Object.keys(INPUTS)));
  });

  it.each(cases.map(([client, op, root], n) => [client, op, root, n] as const))('%s %s (%s) answers', async (client, op, root, n) => {
    const key = client === 'browser' ? env.clientKey : env.serverKey;
    const res = await gql(emu, key, clientOperation(client, op), INPUTS[root]!(n));
    expect(res.errors).toBeUndefined();
    expect(res.data![Object.keys(res.data!)[0]!]).toBeTruthy();
  });
});
