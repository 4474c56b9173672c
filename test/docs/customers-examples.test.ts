/**
 * The customer examples of Stigg's Python and Go SDK pages, sent as those clients send them
 * (their own operation documents), against the built-in demo seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

const address = {
  country: 'US',
  city: 'New York',
  state: 'NY',
  addressLine1: '123 Main Street',
  addressLine2: 'Apt. 1',
  phoneNumber: '+1 212-499-5321',
  postalCode: '10164',
};

describe.each<Client>(['python', 'go', 'node'])('customer examples through the %s client documents', (client) => {
  it('provision_customer: a customer with a subscription to plan-revvenu-basic', async () => {
    const { serverKey } = newEnvironment('docs');
    const res = await gql(emu, serverKey, clientOperation(client, 'ProvisionCustomer'), {
      input: {
        customerId: 'customer-id',
        name: 'Acme',
        email: 'john@example.com',
        couponRefId: 'coupon-id',
        subscriptionParams: { planId: 'plan-revvenu-basic', billingCountryCode: 'DK' },
        billingInformation: { language: 'en', timezone: 'America/New_York', billingAddress: address, shippingAddress: address },
        additionalMetaData: { key: 'value' },
      },
    });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionCustomer;
    expect(p.customer).toMatchObject({ refId: 'customer-id', name: 'Acme', email: 'john@example.com', billingId: null, additionalMetaData: { key: 'value' } });
    expect(p.subscriptionDecisionStrategy).toBe('REQUESTED_PLAN');
    expect(p.subscription).toMatchObject({ status: 'ACTIVE', plan: { refId: 'plan-revvenu-basic' } });
    expect(p.subscription.refId).toMatch(/^subscription-plan-revvenu-basic-[0-9a-f]{6}$/);
  });

  it('update_customer then get_customer_by_id', async () => {
    const { serverKey } = newEnvironment('docs');
    await gql(emu, serverKey, clientOperation(client, 'ProvisionCustomer'), { input: { customerId: 'customer-id2' } });
    const updated = await gql(emu, serverKey, clientOperation(client, 'UpdateCustomer'), {
      input: {
        customerId: 'customer-id2',
        email: 'john@example.com',
        name: 'Acme',
        billingInformation: { language: 'en', timezone: 'America/New_York', currency: 'USD', billingAddress: address },
        additionalMetaData: { key: 'value' },
      },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateCustomer).toMatchObject({ id: 'customer-id2', name: 'Acme', email: 'john@example.com', additionalMetaData: { key: 'value' } });

    const got = await gql(emu, serverKey, clientOperation(client, 'GetCustomerById'), { input: { customerId: 'customer-id2' } });
    expect(got.errors).toBeUndefined();
    expect(got.data!.getCustomerByRefId).toMatchObject({
      id: 'customer-id2',
      name: 'Acme',
      email: 'john@example.com',
      coupon: null,
      hasPaymentMethod: false,
      promotionalEntitlements: [],
      additionalMetaData: { key: 'value' },
    });
  });

  it('GetCustomerByID of the seeded customer-f9942a', async () => {
    const { serverKey } = newEnvironment('docs');
    const got = await gql(emu, serverKey, clientOperation(client, 'GetCustomerById'), { input: { customerId: 'customer-f9942a' } });
    expect(got.errors).toBeUndefined();
    expect(got.data!.getCustomerByRefId).toMatchObject({ id: 'customer-f9942a', coupon: null, promotionalEntitlements: [] });
  });
});
