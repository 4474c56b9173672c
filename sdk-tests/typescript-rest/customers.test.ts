import { describe, expect, it } from 'vitest';
import { Stigg, useEmulator, type RestEnv } from './harness.js';

const emulator = useEmulator();

/** An instant of the environment's clock, which runs: the minute it falls in. */
const at = (minute: string) => expect.stringMatching(new RegExp(`^${minute}:\\d\\d\\.\\d{3}Z$`));

/** What a failed SDK call threw. */
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected the call to fail'), (e: unknown) => e as InstanceType<typeof Stigg.APIError>);

const provisionGql = (env: RestEnv, input: Record<string, unknown>) =>
  env.graphql('mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }', { input });

/** A grant as the REST SDK's create params require it (every field present, null when not used). */
const grant = (featureId: string, extra: Record<string, unknown> = {}) => ({
  featureId,
  period: '1 month' as const,
  customEndDate: null,
  usageLimit: null,
  hasUnlimitedUsage: null,
  hasSoftLimit: null,
  enumValues: null,
  isVisible: null,
  resetPeriod: null,
  monthlyResetPeriodConfiguration: null,
  weeklyResetPeriodConfiguration: null,
  yearlyResetPeriodConfiguration: null,
  ...extra,
});

describe('v1.customers.retrieve', () => {
  it('answers a customer created through GraphQL', async () => {
    const env = emulator.env();
    const created = await provisionGql(env, { customerId: 'cus-rest-1', name: 'Ada', email: 'ada@example.com' });
    expect(created.errors).toBeUndefined();
    const { data } = await env.stigg.v1.customers.retrieve('cus-rest-1');
    expect(data).toMatchObject({ id: 'cus-rest-1', name: 'Ada', email: 'ada@example.com', archivedAt: null, defaultPaymentMethod: null, integrations: [] });
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.retrieve('nope'));
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
    expect(error.error).toMatchObject({ error: { code: 'CustomerNotFound' } });
  });

  it('throws AuthenticationError without a valid key', async () => {
    const stigg = new Stigg({ apiKey: '', baseURL: emulator.url(), maxRetries: 0 });
    const error = await stigg.v1.customers.retrieve('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stigg.AuthenticationError);
  });
});

describe('v1.customers.provision', () => {
  it('creates a customer with its billing details and answers it (201)', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.customers.provision({
      id: 'cus-prov-1',
      name: 'Acme',
      email: 'billing@acme.com',
      billingId: 'cus_123',
      billingCurrency: 'eur',
      language: 'en',
      timezone: 'Europe/Paris',
      couponId: 'coupon-vip',
      metadata: { tier: 'gold' },
      defaultPaymentMethod: { billingId: 'pm_1', type: 'CARD', cardLast4Digits: '4242', cardExpiryMonth: 12, cardExpiryYear: 2030 },
    });
    expect(data).toMatchObject({
      id: 'cus-prov-1',
      name: 'Acme',
      email: 'billing@acme.com',
      billingId: 'cus_123',
      billingCurrency: 'eur',
      language: 'en',
      timezone: 'Europe/Paris',
      couponId: 'coupon-vip',
      metadata: { tier: 'gold' },
      defaultPaymentMethod: { billingId: 'pm_1', type: 'CARD', cardLast4Digits: '4242', cardExpiryMonth: 12, cardExpiryYear: 2030 },
      integrations: [],
      archivedAt: null,
    });
    expect(data.createdAt).toEqual(at('2025-01-01T00:00'));
    const raw = await env.fetch('POST', '/api/v1/customers', { id: 'cus-prov-2' });
    expect(raw.status).toBe(201);
  });

  it('updates an existing customer with the fields given (an upsert, as provisionCustomer)', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.provision({ id: 'cus-prov-3', name: 'Old', email: 'old@example.com' });
    const { data } = await env.stigg.v1.customers.provision({ id: 'cus-prov-3', name: 'New' });
    expect(data).toMatchObject({ id: 'cus-prov-3', name: 'New', email: 'old@example.com' });
  });

  it('throws BadRequestError listing every invalid field', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.provision({ id: '', billingCurrency: 'xxx' as never, metadata: { a: 1 } as never }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    const message = (error.error as { error: { message: string } }).error.message;
    expect(message).toContain('body.id');
    expect(message).toContain('body.billingCurrency');
    expect(message).toContain('body.metadata.a');
  });

  it('throws BadRequestError for an id Stigg refuses and UnprocessableEntityError for an archived coupon', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.customers.provision({ id: '-bad id' }))).toBeInstanceOf(Stigg.BadRequestError);
    const error = await failure(env.stigg.v1.customers.provision({ id: 'cus-prov-4', couponId: 'coupon-summer-archived' }));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'ArchivedCouponCantBeApplied' } });
  });

  it('throws NotFoundError for an unknown coupon and ConflictError for an archived customer', async () => {
    const env = emulator.env();
    const unknown = await failure(env.stigg.v1.customers.provision({ id: 'cus-prov-5', couponId: 'coupon-nope' }));
    expect(unknown).toBeInstanceOf(Stigg.NotFoundError);
    await env.stigg.v1.customers.provision({ id: 'cus-prov-6' });
    await env.stigg.v1.customers.archive('cus-prov-6');
    const archived = await failure(env.stigg.v1.customers.provision({ id: 'cus-prov-6' }));
    expect(archived).toBeInstanceOf(Stigg.ConflictError);
    expect(archived.error).toMatchObject({ error: { code: 'EntityIsArchivedError' } });
  });

  it('answers 501 for integrations (none are emulated)', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.provision({ id: 'cus-prov-7', integrations: [{ id: 'int-1', syncedEntityId: 'cus_1', vendorIdentifier: 'STRIPE' }] }));
    expect(error.status).toBe(501);
    expect(error.error).toMatchObject({ error: { code: 'NotSupportedByEmulator' } });
    expect(await failure(env.stigg.v1.customers.retrieve('cus-prov-7'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.update', () => {
  it('changes the fields given and keeps the others', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.provision({ id: 'cus-upd-1', name: 'Ada', email: 'ada@example.com', billingCurrency: 'usd', language: 'en' });
    const { data } = await env.stigg.v1.customers.update('cus-upd-1', { name: 'Ada L.', timezone: 'UTC', metadata: { plan: 'x' }, passthrough: { stripe: { customerName: 'Ada Ltd' } } });
    expect(data).toMatchObject({ id: 'cus-upd-1', name: 'Ada L.', email: 'ada@example.com', billingCurrency: 'usd', language: 'en', timezone: 'UTC', metadata: { plan: 'x' } });
    const cleared = await env.stigg.v1.customers.update('cus-upd-1', { billingCurrency: null, email: null });
    expect(cleared.data).toMatchObject({ billingCurrency: null, email: null, language: 'en' });
  });

  it('throws NotFoundError for an unknown customer, BadRequestError for an invalid body', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.customers.update('nope', { name: 'x' }))).toBeInstanceOf(Stigg.NotFoundError);
    await env.stigg.v1.customers.provision({ id: 'cus-upd-2' });
    const error = await failure(env.stigg.v1.customers.update('cus-upd-2', { email: 'not-an-email' }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect((error.error as { error: { message: string } }).error.message).toContain('email');
    const fields = await failure(env.stigg.v1.customers.update('cus-upd-2', { name: 7 as never, language: [] as never }));
    expect((fields.error as { error: { message: string } }).error.message).toMatch(/body\.name.*body\.language/);
  });

  it('throws UnprocessableEntityError CustomerAlreadyHaveCustomerCoupon when another coupon is set', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.provision({ id: 'cus-upd-3', couponId: 'coupon-vip' });
    const error = await failure(env.stigg.v1.customers.update('cus-upd-3', { couponId: 'coupon-id' }));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'CustomerAlreadyHaveCustomerCoupon' } });
  });
});

describe('v1.customers.list', () => {
  it('pages the customers newest first, filtered by name, email and createdAt', async () => {
    const env = emulator.env();
    await env.moveClock({ advance: 'P1D' });
    for (const id of ['cus-list-a', 'cus-list-b', 'cus-list-c']) {
      await env.stigg.v1.customers.provision({ id, name: id === 'cus-list-b' ? 'Bee' : 'Other', email: `${id}@example.com` });
      await env.moveClock({ advance: 'PT1M' });
    }
    const first = await env.stigg.v1.customers.list({ limit: 2, createdAt: { gte: '2025-01-02T00:00:00Z' } });
    expect(first.data.map((c) => c.id)).toEqual(['cus-list-c', 'cus-list-b']);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.data.map((c) => c.id)).toEqual(['cus-list-a']);
    const all: string[] = [];
    for await (const c of env.stigg.v1.customers.list({ createdAt: { gt: '2025-01-02T00:00:00Z' }, limit: 1 })) all.push(c.id);
    expect(all).toEqual(['cus-list-c', 'cus-list-b', 'cus-list-a']);
    const byName = await env.stigg.v1.customers.list({ name: 'Bee' });
    expect(byName.data.map((c) => c.id)).toEqual(['cus-list-b']);
    const byEmail = await env.stigg.v1.customers.list({ email: 'cus-list-c@example.com' });
    expect(byEmail.data).toMatchObject([{ id: 'cus-list-c', name: 'Other' }]);
  });

  it('leaves archived customers out and refuses an invalid limit', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.provision({ id: 'cus-list-d', name: 'Gone' });
    await env.stigg.v1.customers.archive('cus-list-d');
    const { data } = await env.stigg.v1.customers.list({ limit: 100 });
    expect(data.map((c) => c.id)).not.toContain('cus-list-d');
    expect(data.map((c) => c.id)).toContain('customer-demo-01');
    const error = await failure(env.stigg.v1.customers.list({ limit: 0, createdAt: { gt: 'yesterday' } }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect((error.error as { error: { message: string } }).error.message).toMatch(/query\.createdAt\.gt.*query\.limit|query\.limit.*query\.createdAt\.gt/);
  });
});

describe('v1.customers.archive', () => {
  it('archives the customer: PII nullified, subscriptions cancelled', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.customers.archive('customer-demo-02');
    expect(data).toMatchObject({ id: 'customer-demo-02', name: null, email: null, archivedAt: at('2025-01-01T00:00') });
    const subs = await env.graphql('{ getActiveSubscriptions(input: { customerId: "customer-demo-02" }) { subscriptionId } }');
    expect(subs.errors?.[0]?.extensions?.code ?? null).not.toBeNull();
    const retrieved = await env.stigg.v1.customers.retrieve('customer-demo-02');
    expect(retrieved.data.archivedAt).not.toBeNull();
  });

  it('throws NotFoundError for an unknown or already archived customer', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.customers.archive('nope'))).toBeInstanceOf(Stigg.NotFoundError);
    await env.stigg.v1.customers.archive('customer-test-id');
    expect(await failure(env.stigg.v1.customers.archive('customer-test-id'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.unarchive', () => {
  it('answers the customer again', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.archive('customer-test-id');
    const { data } = await env.stigg.v1.customers.unarchive('customer-test-id');
    expect(data).toMatchObject({ id: 'customer-test-id', archivedAt: null });
    const gql = await env.graphql('{ getCustomerByRefId(input: { customerId: "customer-test-id" }) { customerId deletedAt } }');
    expect(gql.data.getCustomerByRefId).toEqual({ customerId: 'customer-test-id', deletedAt: null });
  });

  it('throws BadRequestError for a customer that is not archived, NotFoundError for an unknown one', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.unarchive('customer-test-id'));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect((error.error as { error: { message: string } }).error.message).toContain('not archived');
    expect(await failure(env.stigg.v1.customers.unarchive('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.import', () => {
  it('imports customers and answers the ids it created', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.customers.import({
      customers: [
        { id: 'cus-imp-1', name: 'One', email: 'one@example.com', billingId: 'cus_1', metadata: { a: 'b' } },
        { id: 'customer-test-id', name: 'Renamed', email: null },
        { id: 'cus-imp-2', name: null, email: null, paymentMethodId: 'pm_2' },
      ],
    });
    expect(data).toEqual({ newCustomers: ['cus-imp-1', 'cus-imp-2'] });
    expect((await env.stigg.v1.customers.retrieve('cus-imp-1')).data).toMatchObject({ name: 'One', billingId: 'cus_1', metadata: { a: 'b' } });
    expect((await env.stigg.v1.customers.retrieve('customer-test-id')).data.name).toBe('Renamed');
    expect((await env.stigg.v1.customers.retrieve('cus-imp-2')).data.defaultPaymentMethod).toMatchObject({ type: 'CARD' });
  });

  it('throws BadRequestError for missing fields, ConflictError for an id given twice (nothing imported)', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.import({ customers: [{ id: 'cus-imp-3' } as never] }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect((error.error as { error: { message: string } }).error.message).toMatch(/body\.customers\.0\.email.*body\.customers\.0\.name/);
    const dup = await failure(
      env.stigg.v1.customers.import({
        customers: [
          { id: 'cus-imp-4', name: null, email: null },
          { id: 'cus-imp-4', name: null, email: null },
        ],
      }),
    );
    expect(dup).toBeInstanceOf(Stigg.ConflictError);
    expect(dup.error).toMatchObject({ error: { code: 'DuplicatedEntityNotAllowed' } });
    expect(await failure(env.stigg.v1.customers.retrieve('cus-imp-4'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.paymentMethod.attach', () => {
  it('gives the customer a default payment method', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.provision({ id: 'cus-pm-1', language: 'fr' });
    const { data } = await env.stigg.v1.customers.paymentMethod.attach('cus-pm-1', { integrationId: 'stripe-main', paymentMethodId: 'pm_9', vendorIdentifier: 'STRIPE', billingCurrency: 'gbp' });
    expect(data).toMatchObject({ id: 'cus-pm-1', billingCurrency: 'gbp', language: 'fr', defaultPaymentMethod: { billingId: 'pm_9', type: 'CARD', cardLast4Digits: null } });
    const gql = await env.graphql('{ getCustomerByRefId(input: { customerId: "cus-pm-1" }) { hasPaymentMethod defaultPaymentMethodId billingCurrency } }');
    expect(gql.data.getCustomerByRefId).toEqual({ hasPaymentMethod: true, defaultPaymentMethodId: 'pm_9', billingCurrency: 'GBP' });
  });

  it('throws BadRequestError listing the missing fields, NotFoundError for an unknown customer', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.paymentMethod.attach('customer-test-id', { vendorIdentifier: 'PAYPAL' } as never));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    const message = (error.error as { error: { message: string } }).error.message;
    for (const field of ['body.integrationId', 'body.paymentMethodId', 'body.vendorIdentifier']) expect(message).toContain(field);
    expect(await failure(env.stigg.v1.customers.paymentMethod.attach('nope', { integrationId: 'i', paymentMethodId: 'pm', vendorIdentifier: 'STRIPE' }))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.paymentMethod.detach', () => {
  it('removes the payment method and keeps the rest of the billing details', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.provision({ id: 'cus-pm-2', timezone: 'UTC', defaultPaymentMethod: { billingId: 'pm_1', type: 'BANK', cardExpiryMonth: null, cardExpiryYear: null, cardLast4Digits: null } });
    const { data } = await env.stigg.v1.customers.paymentMethod.detach('cus-pm-2');
    expect(data).toMatchObject({ id: 'cus-pm-2', defaultPaymentMethod: null, timezone: 'UTC' });
    const gql = await env.graphql('{ getCustomerByRefId(input: { customerId: "cus-pm-2" }) { hasPaymentMethod } }');
    expect(gql.data.getCustomerByRefId.hasPaymentMethod).toBe(false);
  });

  it('throws NotFoundError for an unknown customer', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.customers.paymentMethod.detach('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.checkEntitlement', () => {
  it("checks a feature: the customer's plan limit and usage", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.customers.checkEntitlement('customer-demo-01', { featureId: 'feature-01-templates', requestedUsage: 1 });
    expect(data).toMatchObject({
      type: 'FEATURE',
      isGranted: false,
      accessDeniedReason: 'RequestedUsageExceedingLimit',
      currentUsage: 3,
      usageLimit: 3,
      hasUnlimitedUsage: false,
      feature: { id: 'feature-01-templates', displayName: 'Templates', featureStatus: 'ACTIVE', featureType: 'NUMBER' },
    });
    const enumCheck = await env.stigg.v1.customers.checkEntitlement('customer-id', { featureId: 'feature-05-support', requestedValues: ['email', 'phone'] });
    expect(enumCheck.data).toMatchObject({ type: 'FEATURE', isGranted: false, accessDeniedReason: 'RequestedValuesMismatch' });
    const metered = await env.stigg.v1.customers.checkEntitlement('customer-id', { featureId: 'feature-02-campaigns' });
    expect(metered.data).toMatchObject({ type: 'FEATURE', isGranted: true, usageLimit: 6, resetPeriod: 'MONTH', usagePeriodStart: at('2025-01-01T00:00') });
  });

  it('checks a currency (CREDIT) and answers a denied check for an unknown customer or feature', async () => {
    const env = emulator.env();
    const credit = await env.stigg.v1.customers.checkEntitlement('customer-id', { currencyId: 'currency-api-credits' });
    expect(credit.data).toMatchObject({ type: 'CREDIT', isGranted: false, accessDeniedReason: 'EntitlementNotFound', currentUsage: 0, usageLimit: 0, currency: { currencyId: 'currency-api-credits', displayName: 'API credits' } });
    expect(typeof (credit.data as { usageUpdatedAt: string }).usageUpdatedAt).toBe('string');
    const unknownCustomer = await env.stigg.v1.customers.checkEntitlement('nope', { featureId: 'feature-01-templates' });
    expect(unknownCustomer.data).toMatchObject({ type: 'FEATURE', isGranted: false, accessDeniedReason: 'CustomerNotFound' });
    const unknownFeature = await env.stigg.v1.customers.checkEntitlement('customer-id', { featureId: 'feature-nope' });
    expect(unknownFeature.data).toMatchObject({ isGranted: false, accessDeniedReason: 'FeatureNotFound' });
  });

  it('throws BadRequestError without featureId/currencyId, with both, or with an invalid requestedUsage', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.customers.checkEntitlement('customer-id', {}))).toBeInstanceOf(Stigg.BadRequestError);
    expect(await failure(env.stigg.v1.customers.checkEntitlement('customer-id', { featureId: 'feature-01-templates', currencyId: 'currency-api-credits' }))).toBeInstanceOf(Stigg.BadRequestError);
    const error = await failure(env.stigg.v1.customers.checkEntitlement('customer-id', { featureId: 'feature-01-templates', requestedUsage: 'lots' as never }));
    expect((error.error as { error: { message: string } }).error.message).toContain('query.requestedUsage');
    expect(await failure(env.stigg.v1.customers.checkEntitlement('customer-id', { currencyId: 'currency-nope' }))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.retrieveEntitlements', () => {
  it("answers the customer's feature entitlements", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.customers.retrieveEntitlements('customer-id');
    expect(data.accessDeniedReason).toBeNull();
    const ids = data.entitlements.map((e) => (e.type === 'FEATURE' ? e.feature?.id : e.currency.currencyId));
    expect(ids).toEqual(['feature-01-templates', 'feature-02-campaigns', 'feature-05-support', 'feature-06-active-users', 'feature-07-max-file-size']);
    expect(data.entitlements[0]).toMatchObject({ type: 'FEATURE', isGranted: true, usageLimit: 3 });
  });

  it('answers CustomerNotFound and NoActiveSubscription as the reason', async () => {
    const env = emulator.env();
    expect((await env.stigg.v1.customers.retrieveEntitlements('nope')).data).toEqual({ accessDeniedReason: 'CustomerNotFound', entitlements: [] });
    expect((await env.stigg.v1.customers.retrieveEntitlements('customer-test-id')).data).toEqual({ accessDeniedReason: 'NoActiveSubscription', entitlements: [] });
  });
});

describe('v1.customers.listResources', () => {
  it('answers the resources the subscriptions name', async () => {
    const env = emulator.env();
    await provisionGql(env, { customerId: 'cus-res-1' });
    for (const resourceId of ['site-1', 'site-2']) {
      const sub = await env.graphql('mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { status } }', {
        input: { customerId: 'cus-res-1', planId: 'plan-revvenu-basic', resourceId },
      });
      expect(sub.errors).toBeUndefined();
      await env.moveClock({ advance: 'PT1H' });
    }
    const { data } = await env.stigg.v1.customers.listResources('cus-res-1');
    expect(data).toEqual([
      { id: 'site-2', createdAt: at('2025-01-01T01:00'), updatedAt: at('2025-01-01T01:00') },
      { id: 'site-1', createdAt: at('2025-01-01T00:00'), updatedAt: expect.any(String) },
    ]);
    expect((await env.stigg.v1.customers.listResources('customer-id')).data).toEqual([]);
  });

  it('throws NotFoundError for an unknown customer', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.customers.listResources('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers.promotionalEntitlements.create', () => {
  it('grants the entitlements and answers them', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.customers.promotionalEntitlements.create('customer-test-id', {
      promotionalEntitlements: [
        grant('feature-03-memory', { usageLimit: 20, resetPeriod: 'MONTH', monthlyResetPeriodConfiguration: { accordingTo: 'StartOfTheMonth' } }),
        grant('feature-04-analytics', { period: 'custom', customEndDate: '2025-03-01T00:00:00Z', isVisible: false }),
      ],
    });
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({
      id: 'customer-test-id:feature-03-memory',
      featureId: 'feature-03-memory',
      environmentId: env.name,
      status: 'Active',
      period: '1 month',
      startDate: at('2025-01-01T00:00'),
      endDate: at('2025-02-01T00:00'),
      usageLimit: 20,
      hasUnlimitedUsage: false,
      hasSoftLimit: false,
      isVisible: true,
      resetPeriod: 'MONTH',
      resetPeriodConfiguration: { accordingTo: 'StartOfTheMonth' },
      featureGroupIds: null,
      description: null,
    });
    expect(data[1]).toMatchObject({ period: 'custom', endDate: '2025-03-01T00:00:00.000Z', isVisible: false });
    const check = await env.stigg.v1.customers.checkEntitlement('customer-test-id', { featureId: 'feature-04-analytics' });
    expect(check.data.isGranted).toBe(true);
  });

  it('throws BadRequestError listing the missing fields, NotFoundError for an unknown customer or feature', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.promotionalEntitlements.create('customer-test-id', { promotionalEntitlements: [{ featureId: 'feature-03-memory', period: 'forever' } as never] }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    const message = (error.error as { error: { message: string } }).error.message;
    for (const field of ['promotionalEntitlements.0.period', 'promotionalEntitlements.0.usageLimit', 'promotionalEntitlements.0.customEndDate']) expect(message).toContain(field);
    expect(await failure(env.stigg.v1.customers.promotionalEntitlements.create('nope', { promotionalEntitlements: [grant('feature-03-memory')] }))).toBeInstanceOf(Stigg.NotFoundError);
    const feature = await failure(env.stigg.v1.customers.promotionalEntitlements.create('customer-test-id', { promotionalEntitlements: [grant('feature-nope')] }));
    expect(feature).toBeInstanceOf(Stigg.NotFoundError);
    expect(feature.error).toMatchObject({ error: { code: 'FeatureNotFound' } });
  });
});

describe('v1.customers.promotionalEntitlements.list', () => {
  it("lists the customer's grants, filtered by status and createdAt", async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.promotionalEntitlements.create('customer-test-id', { promotionalEntitlements: [grant('feature-03-memory', { period: '1 week' })] });
    await env.moveClock({ advance: 'P10D' });
    await env.stigg.v1.customers.promotionalEntitlements.create('customer-test-id', { promotionalEntitlements: [grant('feature-04-analytics', { period: 'lifetime' })] });
    const { data } = await env.stigg.v1.customers.promotionalEntitlements.list('customer-test-id');
    expect(data.map((p) => [p.featureId, p.status, p.period])).toEqual([
      ['feature-03-memory', 'Expired', '1 week'],
      ['feature-04-analytics', 'Active', 'lifetime'],
    ]);
    const active = await env.stigg.v1.customers.promotionalEntitlements.list('customer-test-id', { status: ['Active'] });
    expect(active.data.map((p) => p.featureId)).toEqual(['feature-04-analytics']);
    const older = await env.stigg.v1.customers.promotionalEntitlements.list('customer-test-id', { createdAt: { lt: '2025-01-05T00:00:00Z' } });
    expect(older.data.map((p) => p.featureId)).toEqual(['feature-03-memory']);
  });

  it('throws NotFoundError for an unknown customer, BadRequestError for an unknown status', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.customers.promotionalEntitlements.list('nope'))).toBeInstanceOf(Stigg.NotFoundError);
    const error = await failure(env.stigg.v1.customers.promotionalEntitlements.list('customer-test-id', { status: ['Gone' as never] }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect((error.error as { error: { message: string } }).error.message).toContain('query.status');
  });
});

describe('v1.customers.promotionalEntitlements.revoke', () => {
  it('revokes the grant and answers it expired', async () => {
    const env = emulator.env();
    await env.stigg.v1.customers.promotionalEntitlements.create('customer-test-id', { promotionalEntitlements: [grant('feature-04-analytics')] });
    await env.moveClock({ advance: 'P1D' });
    const { data } = await env.stigg.v1.customers.promotionalEntitlements.revoke('feature-04-analytics', { id: 'customer-test-id' });
    expect(data).toMatchObject({ id: 'customer-test-id:feature-04-analytics', status: 'Expired', endDate: at('2025-01-02T00:00') });
    const check = await env.stigg.v1.customers.checkEntitlement('customer-test-id', { featureId: 'feature-04-analytics' });
    expect(check.data.isGranted).toBe(false);
  });

  it('throws NotFoundError when there is no grant or no customer', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.customers.promotionalEntitlements.revoke('feature-04-analytics', { id: 'customer-test-id' }));
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
    expect(error.error).toMatchObject({ error: { code: 'PromotionalEntitlementNotFoundError' } });
    expect(await failure(env.stigg.v1.customers.promotionalEntitlements.revoke('feature-04-analytics', { id: 'nope' }))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.customers methods the emulator does not serve', () => {
  it('answers 501 NotSupportedByEmulator naming the operation', async () => {
    const env = emulator.env();
    const calls: [string, () => Promise<unknown>][] = [
      ['v1.customers.listInvoices', () => env.stigg.v1.customers.listInvoices('customer-id')],
      ['v1.customers.listContracts', () => env.stigg.v1.customers.listContracts('customer-id')],
      ['v1.customers.integrations.list', () => env.stigg.v1.customers.integrations.list('customer-id')],
      ['v1.customers.integrations.link', () => env.stigg.v1.customers.integrations.link('customer-id', { id: 'i', syncedEntityId: null, vendorIdentifier: 'STRIPE' } as never)],
      ['v1.customers.integrations.retrieve', () => env.stigg.v1.customers.integrations.retrieve('int-1', { id: 'customer-id' })],
      ['v1.customers.integrations.update', () => env.stigg.v1.customers.integrations.update('int-1', { id: 'customer-id' } as never)],
      ['v1.customers.integrations.unlink', () => env.stigg.v1.customers.integrations.unlink('int-1', { id: 'customer-id' })],
    ];
    for (const [operation, call] of calls) {
      const error = await failure(call());
      expect(error.status, operation).toBe(501);
      expect(error.error, operation).toMatchObject({ error: { code: 'NotSupportedByEmulator', details: { operation } } });
      expect((error.error as { error: { message: string } }).error.message).toContain(operation);
    }
  });
});
