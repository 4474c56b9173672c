/**
 * The REST customer methods and the other transports agree: what REST writes, GraphQL and the Node
 * server SDK (@stigg/node-server-sdk) read the same, and the reverse.
 */
import { Stigg as NodeStigg } from '@stigg/node-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { useEmulator, type RestEnv } from './harness.js';

const emulator = useEmulator();
const opened: NodeStigg[] = [];

afterEach(async () => {
  for (const client of opened.splice(0)) await client.close();
});

async function nodeSdk(env: RestEnv): Promise<NodeStigg> {
  const client = NodeStigg.initialize({ apiKey: env.key, baseUri: emulator.url(), realtimeUpdatesEnabled: false, enableEdge: false });
  opened.push(client);
  await client.waitForInitialization();
  return client;
}

const CUSTOMER_FIELDS = 'customerId name email additionalMetaData billingId billingCurrency hasPaymentMethod defaultPaymentMethodId defaultPaymentMethodType defaultPaymentMethodLast4Digits coupon { id } deletedAt';

describe('REST writes, GraphQL and the Node server SDK read', () => {
  it('a customer provisioned and updated through REST', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.provision({
      id: 'cus-agree-1',
      name: 'Acme',
      email: 'billing@acme.com',
      billingId: 'cus_acme',
      billingCurrency: 'eur',
      couponId: 'coupon-vip',
      metadata: { tier: 'gold' },
      defaultPaymentMethod: { billingId: 'pm_1', type: 'CARD', cardLast4Digits: '4242', cardExpiryMonth: 12, cardExpiryYear: 2030 },
    });
    await env.stigg.v1.customers.update('cus-agree-1', { name: 'Acme Inc', metadata: { tier: 'platinum' } });

    const gql = await env.graphql(`{ getCustomerByRefId(input: { customerId: "cus-agree-1" }) { ${CUSTOMER_FIELDS} } }`);
    expect(gql.errors).toBeUndefined();
    expect(gql.data.getCustomerByRefId).toEqual({
      customerId: 'cus-agree-1',
      name: 'Acme Inc',
      email: 'billing@acme.com',
      additionalMetaData: { tier: 'platinum' },
      billingId: 'cus_acme',
      billingCurrency: 'EUR',
      hasPaymentMethod: true,
      defaultPaymentMethodId: 'pm_1',
      defaultPaymentMethodType: 'CARD',
      defaultPaymentMethodLast4Digits: '4242',
      coupon: { id: 'coupon-vip' },
      deletedAt: null,
    });

    const node = await (await nodeSdk(env)).getCustomer('cus-agree-1');
    expect(node).toMatchObject({
      id: 'cus-agree-1',
      name: 'Acme Inc',
      email: 'billing@acme.com',
      billingId: 'cus_acme',
      metadata: { tier: 'platinum' },
      hasPaymentMethod: true,
      paymentMethodDetails: { last4Digits: '4242', expirationMonth: 12, expirationYear: 2030 },
    });
    const rest = (await env.stigg.v1.customers.retrieve('cus-agree-1')).data;
    expect(node.createdAt.toISOString()).toBe(rest.createdAt);
  });

  it('a promotional entitlement granted through REST, and a payment method detached', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.promotionalEntitlements.create('customer-test-id', {
      promotionalEntitlements: [
        {
          featureId: 'feature-03-memory',
          period: '1 year',
          usageLimit: 50,
          customEndDate: null,
          hasUnlimitedUsage: null,
          hasSoftLimit: null,
          enumValues: null,
          isVisible: null,
          resetPeriod: null,
          monthlyResetPeriodConfiguration: null,
          weeklyResetPeriodConfiguration: null,
          yearlyResetPeriodConfiguration: null,
        },
      ],
    });
    const sdk = await nodeSdk(env);
    const entitlement = await sdk.getMeteredEntitlement({ customerId: 'customer-test-id', featureId: 'feature-03-memory' });
    expect(entitlement).toMatchObject({ hasAccess: true, usageLimit: 50 });
    const customer = await sdk.getCustomer('customer-test-id');
    expect(customer.promotionalEntitlements.map((p) => [p.feature?.id ?? p.feature, p.usageLimit])).toEqual([['feature-03-memory', 50]]);

    await env.stigg.v1.customers.paymentMethod.attach('customer-test-id', { integrationId: 'stripe', paymentMethodId: 'pm_5', vendorIdentifier: 'STRIPE' });
    expect((await sdk.getCustomer('customer-test-id')).hasPaymentMethod).toBe(true);
    await env.stigg.v1.customers.paymentMethod.detach('customer-test-id');
    expect((await sdk.getCustomer('customer-test-id')).hasPaymentMethod).toBe(false);
  });

  it('a customer archived through REST is gone for GraphQL and the Node SDK', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.archive('customer-f9942a');
    const gql = await env.graphql('{ getCustomerByRefId(input: { customerId: "customer-f9942a" }) { customerId } }');
    expect(gql.errors?.[0]?.extensions?.code).toBe('CustomerNotFound');
    await expect((await nodeSdk(env)).getCustomer('customer-f9942a')).rejects.toThrow();
  });
});

describe('GraphQL and the Node server SDK write, REST reads', () => {
  it('a customer provisioned through the Node SDK with billing information', async () => {
    const env = emulator.env();
    const sdk = await nodeSdk(env);
    await sdk.provisionCustomer({
      customerId: 'cus-agree-2',
      name: 'Bee',
      email: 'bee@example.com',
      metadata: { source: 'node' },
      billingInfo: { currency: 'GBP' as never, language: 'de', timezone: 'Europe/Berlin', paymentMethodId: 'pm_node' },
    });
    const { data } = await env.stigg.v1.customers.retrieve('cus-agree-2');
    expect(data).toMatchObject({
      id: 'cus-agree-2',
      name: 'Bee',
      email: 'bee@example.com',
      metadata: { source: 'node' },
      billingCurrency: 'gbp',
      language: 'de',
      timezone: 'Europe/Berlin',
      defaultPaymentMethod: { billingId: 'pm_node', type: 'CARD' },
    });
    await sdk.updateCustomer({ customerId: 'cus-agree-2', name: 'Bee 2' });
    expect((await env.stigg.v1.customers.list({ name: 'Bee 2' })).data.map((c) => c.id)).toEqual(['cus-agree-2']);
  });

  it('promotional entitlements granted through GraphQL, entitlements and resources read through REST', async () => {
    const env = emulator.env();
    const granted = await env.graphql(
      'mutation($input: GrantPromotionalEntitlementsInput!) { grantPromotionalEntitlements(input: $input) { featureId } }',
      { input: { customerId: 'customer-id', promotionalEntitlements: [{ featureId: 'feature-04-analytics', period: 'ONE_WEEK' }] } },
    );
    expect(granted.errors).toBeUndefined();
    const list = await env.stigg.v1.customers.promotionalEntitlements.list('customer-id');
    expect(list.data).toMatchObject([{ id: 'customer-id:feature-04-analytics', featureId: 'feature-04-analytics', period: '1 week', status: 'Active' }]);

    const gqlState = await env.graphql('{ entitlementsState(query: { customerId: "customer-id" }) { accessDeniedReason entitlements { feature { refId } isGranted usageLimit } } }');
    const rest = await env.stigg.v1.customers.retrieveEntitlements('customer-id');
    expect(rest.data.accessDeniedReason).toBe(gqlState.data.entitlementsState.accessDeniedReason);
    expect(rest.data.entitlements.map((e) => (e.type === 'FEATURE' ? [e.feature?.id, e.isGranted, e.usageLimit ?? null] : null))).toEqual(
      gqlState.data.entitlementsState.entitlements.map((e: { feature: { refId: string }; isGranted: boolean; usageLimit: number | null }) => [e.feature.refId, e.isGranted, e.usageLimit]),
    );

    const sdk = await nodeSdk(env);
    const check = await sdk.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
    const restCheck = (await env.stigg.v1.customers.checkEntitlement('customer-demo-01', { featureId: 'feature-02-campaigns' })).data;
    expect(restCheck).toMatchObject({ type: 'FEATURE', isGranted: check.hasAccess, usageLimit: check.usageLimit, currentUsage: check.currentUsage });
  });

  it('the OpenAPI document describes the customer methods', async () => {
    const res = await fetch(`${emulator.url()}/api/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    for (const path of ['/api/v1/customers', '/api/v1/customers/{id}/entitlements/check', '/api/v1/customers/{id}/promotional-entitlements/{featureId}', '/api/v1/customers/{id}/payment-method']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
  });
});
