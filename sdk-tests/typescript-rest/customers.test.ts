import { describe, expect, it } from 'vitest';
import { Stigg, useEmulator } from './harness.js';

const emulator = useEmulator();

describe('v1.customers.retrieve', () => {
  it('answers a customer created through GraphQL', async () => {
    const env = emulator.env();
    const created = await env.graphql('mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }', {
      input: { customerId: 'cus-rest-1', name: 'Ada', email: 'ada@example.com' },
    });
    expect(created.errors).toBeUndefined();
    const { data } = await env.stigg.v1.customers.retrieve('cus-rest-1');
    expect(data).toMatchObject({ id: 'cus-rest-1', name: 'Ada', email: 'ada@example.com', archivedAt: null });
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    const error = await env.stigg.v1.customers.retrieve('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
    expect((error as InstanceType<typeof Stigg.NotFoundError>).error).toMatchObject({ error: { code: 'CustomerNotFound' } });
  });

  it('throws AuthenticationError without a valid key', async () => {
    const stigg = new Stigg({ apiKey: '', baseURL: emulator.url(), maxRetries: 0 });
    const error = await stigg.v1.customers.retrieve('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stigg.AuthenticationError);
  });
});
