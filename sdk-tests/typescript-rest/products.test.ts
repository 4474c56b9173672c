import { describe, expect, it } from 'vitest';
import { webhookProblems } from '../../test/support/webhook-catalog.js';
import { Stigg, useEmulator, type RestEnv } from './harness.js';

const emulator = useEmulator();

/** The environment's webhook event log (control plane), of one type. */
async function events(env: RestEnv, type: string): Promise<Record<string, any>[]> {
  const res = await fetch(`${emulator.url()}/_emulator/environments/${env.name}/webhooks?type=${encodeURIComponent(type)}`);
  const body = (await res.json()) as { events: { payload: Record<string, any> }[] };
  return body.events.map((e) => e.payload);
}

async function failure<T>(promise: Promise<T>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

/** A new environment whose clock stands still at 2025-01-02T00:00:00Z. */
async function frozenEnv(): Promise<RestEnv> {
  const env = emulator.env();
  await env.fetch('GET', '/api/v1/products'); // opens the environment
  const clock = (await env.moveClock({ to: '2025-01-02T00:00:00Z', frozen: true } as never)) as { frozen?: boolean };
  expect(clock.frozen).toBe(true);
  return env;
}

const PRODUCTS = `query { products(paging: { first: 50 }) { edges { node { refId displayName status multipleSubscriptions plans { refId basePlan { refId } compatibleAddons { refId } } addons { refId } productSettings { downgradePlanId subscriptionCancellationTime prorateAtEndOfBillingPeriod } } } } }`;

describe('v1.products.createProduct', () => {
  it('creates a product with the default journey, records product.created, and GraphQL lists it', async () => {
    const env = await frozenEnv();
    const { data } = await env.stigg.v1.products.createProduct({ id: 'product-analytics', displayName: 'Analytics', description: 'Dashboards', metadata: { line: 'b2b' }, multipleSubscriptions: true });
    expect(data).toEqual({
      id: 'product-analytics',
      displayName: 'Analytics',
      description: 'Dashboards',
      metadata: { line: 'b2b' },
      multipleSubscriptions: true,
      status: 'PUBLISHED',
      productSettings: {
        subscriptionStartSetup: 'PLAN_SELECTION',
        subscriptionEndSetup: 'CANCEL_SUBSCRIPTION',
        subscriptionCancellationTime: 'IMMEDIATE',
        downgradePlanId: null,
        subscriptionStartPlanId: null,
        prorateAtEndOfBillingPeriod: null,
      },
      createdAt: '2025-01-02T00:00:00.000Z',
      updatedAt: '2025-01-02T00:00:00.000Z',
    });
    const [event] = await events(env, 'product.created');
    expect(event).toMatchObject({
      type: 'product.created',
      entityId: 'product-analytics',
      id: 'product-analytics',
      displayName: 'Analytics',
      name: 'Analytics',
      isDefaultProduct: false,
      metadata: { line: 'b2b' },
      subscriptionUpdateUsageResetBehavior: 'ALWAYS_RESET',
      autoCancellationRules: [],
    });
    expect(webhookProblems(event!)).toEqual([]);
    const gql = await env.graphql(PRODUCTS);
    expect(gql.errors).toBeUndefined();
    const node = gql.data.products.edges.map((e: any) => e.node).find((n: any) => n.refId === 'product-analytics');
    expect(node).toMatchObject({ displayName: 'Analytics', status: 'PUBLISHED', multipleSubscriptions: true, plans: [], addons: [] });
  });

  it('throws ConflictError for an id that exists', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.products.createProduct({ id: 'product-revvenu', displayName: 'Again' }));
    expect(error).toBeInstanceOf(Stigg.ConflictError);
    expect(error.error).toMatchObject({ error: { code: 'DuplicatedEntityNotAllowed' } });
  });

  it('throws BadRequestError listing every field problem', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.products.createProduct({ id: '', multipleSubscriptions: 'yes' } as never));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    for (const field of ['body.id', 'body.displayName', 'body.multipleSubscriptions']) expect(error.error.error.message).toContain(field);
  });
});

describe('v1.products.listProducts', () => {
  it('lists newest first and filters by status and id', async () => {
    const env = emulator.env();
    await env.moveClock({ advance: 'P1D' });
    await env.stigg.v1.products.createProduct({ id: 'product-new', displayName: 'New' });
    const { data } = await env.stigg.v1.products.listProducts();
    expect(data.map((p) => p.id)).toEqual(['product-new', 'product-revvenu']);
    expect(data[1]).toMatchObject({ displayName: 'Revvenu', status: 'PUBLISHED', productSettings: { subscriptionEndSetup: 'DOWNGRADE_TO_FREE', downgradePlanId: 'plan-revvenu-basic' } });
    const page = await env.stigg.v1.products.listProducts({ limit: 1 });
    expect(page.data.map((p) => p.id)).toEqual(['product-new']);
    expect((await page.getNextPage()).data.map((p) => p.id)).toEqual(['product-revvenu']);
    expect((await env.stigg.v1.products.listProducts({ status: ['ARCHIVED'] })).data).toEqual([]);
    expect((await env.stigg.v1.products.listProducts({ id: 'product-revvenu' })).data.map((p) => p.id)).toEqual(['product-revvenu']);
  });

  it('throws BadRequestError for an unknown status', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.products.listProducts({ status: ['DRAFT' as never] }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect(error.error.error.message).toContain('query.status');
  });
});

describe('v1.products.updateProduct', () => {
  it('updates fields and settings, records product.updated, and GraphQL reads them', async () => {
    const env = await frozenEnv();
    await env.moveClock({ advance: 'PT1H' });
    const { data } = await env.stigg.v1.products.updateProduct('product-revvenu', {
      displayName: 'Revvenu Pro',
      metadata: { tier: 'pro' },
      productSettings: { subscriptionStartSetup: 'PLAN_SELECTION', subscriptionEndSetup: 'CANCEL_SUBSCRIPTION', subscriptionCancellationTime: 'END_OF_BILLING_PERIOD', prorateAtEndOfBillingPeriod: true },
      usageResetCutoffRule: { behavior: 'NEVER_RESET' },
    });
    expect(data).toMatchObject({
      id: 'product-revvenu',
      displayName: 'Revvenu Pro',
      description: 'Email campaigns for growing teams',
      metadata: { tier: 'pro' },
      updatedAt: '2025-01-02T01:00:00.000Z',
      productSettings: { subscriptionEndSetup: 'CANCEL_SUBSCRIPTION', subscriptionCancellationTime: 'END_OF_BILLING_PERIOD', downgradePlanId: null, prorateAtEndOfBillingPeriod: true },
    });
    const [event] = await events(env, 'product.updated');
    expect(event).toMatchObject({ type: 'product.updated', id: 'product-revvenu', name: 'Revvenu Pro', metadata: { tier: 'pro' }, subscriptionUpdateUsageResetBehavior: 'NEVER_RESET' });
    expect(webhookProblems(event!)).toEqual([]);
    const gql = await env.graphql(PRODUCTS);
    const node = gql.data.products.edges.map((e: any) => e.node).find((n: any) => n.refId === 'product-revvenu');
    expect(node.productSettings).toEqual({ downgradePlanId: null, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD', prorateAtEndOfBillingPeriod: true });
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.products.updateProduct('product-nope', { displayName: 'x' }));
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
    expect(error.error).toMatchObject({ error: { code: 'ProductNotFoundError' } });
  });

  it('throws BadRequestError for a downgrade plan of another product, and for a missing required setting', async () => {
    const env = emulator.env();
    await env.stigg.v1.products.createProduct({ id: 'product-other', displayName: 'Other' });
    const error = await failure(
      env.stigg.v1.products.updateProduct('product-other', {
        productSettings: { subscriptionStartSetup: 'PLAN_SELECTION', subscriptionEndSetup: 'DOWNGRADE_TO_FREE', subscriptionCancellationTime: 'IMMEDIATE', downgradePlanId: 'plan-revvenu-basic' },
      }),
    );
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect(error.error.error.message).toContain('downgradePlanId');
    const missing = await failure(env.stigg.v1.products.updateProduct('product-other', { productSettings: { subscriptionStartSetup: 'PLAN_SELECTION' } as never }));
    expect(missing).toBeInstanceOf(Stigg.BadRequestError);
    expect(missing.error.error.message).toContain('body.productSettings.subscriptionEndSetup');
    expect(missing.error.error.message).toContain('body.productSettings.subscriptionCancellationTime');
  });
});

describe('v1.products.archiveProduct', () => {
  it('archives a product without live subscriptions, records product.updated, and GraphQL reads ARCHIVED', async () => {
    const env = emulator.env();
    await env.stigg.v1.products.createProduct({ id: 'product-old', displayName: 'Old' });
    const { data } = await env.stigg.v1.products.archiveProduct('product-old');
    expect(data).toMatchObject({ id: 'product-old', status: 'ARCHIVED' });
    expect((await env.stigg.v1.products.listProducts({ status: ['ARCHIVED'] })).data.map((p) => p.id)).toEqual(['product-old']);
    expect((await events(env, 'product.updated')).map((e) => e.id)).toEqual(['product-old']);
    const gql = await env.graphql(PRODUCTS);
    expect(gql.data.products.edges.find((e: any) => e.node.refId === 'product-old').node.status).toBe('ARCHIVED');
  });

  it('throws UnprocessableEntityError for a product with live subscriptions', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.products.archiveProduct('product-revvenu'));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'CannotArchiveProductError' } });
    expect(await events(env, 'product.updated')).toEqual([]);
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.products.archiveProduct('product-nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.products.unarchiveProduct', () => {
  it('publishes an archived product again', async () => {
    const env = emulator.env();
    await env.stigg.v1.products.createProduct({ id: 'product-old', displayName: 'Old' });
    await env.stigg.v1.products.archiveProduct('product-old');
    const { data } = await env.stigg.v1.products.unarchiveProduct('product-old');
    expect(data).toMatchObject({ id: 'product-old', status: 'PUBLISHED' });
    expect(await events(env, 'product.updated')).toHaveLength(2);
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.products.unarchiveProduct('product-nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.products.duplicateProduct', () => {
  it('copies the product with its plans and add-ons under new ids, references remapped', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.products.duplicateProduct('product-revvenu', { targetId: 'product-copy', displayName: 'Revvenu EU' });
    expect(data).toMatchObject({ id: 'product-copy', displayName: 'Revvenu EU', description: 'Email campaigns for growing teams', status: 'PUBLISHED', productSettings: { downgradePlanId: 'plan-revvenu-basic-product-copy' } });
    const [event] = await events(env, 'product.created');
    expect(event).toMatchObject({ id: 'product-copy', name: 'Revvenu EU' });
    const gql = await env.graphql(PRODUCTS);
    expect(gql.errors).toBeUndefined();
    const nodes = gql.data.products.edges.map((e: any) => e.node);
    const source = nodes.find((n: any) => n.refId === 'product-revvenu');
    const copy = nodes.find((n: any) => n.refId === 'product-copy');
    expect(copy.plans.map((p: any) => p.refId)).toEqual(source.plans.map((p: any) => `${p.refId}-product-copy`));
    expect(copy.addons.map((a: any) => a.refId).sort()).toEqual(source.addons.map((a: any) => `${a.refId}-product-copy`).sort());
    for (const plan of copy.plans) {
      if (plan.basePlan) expect(plan.basePlan.refId).toMatch(/-product-copy$/);
      for (const addon of plan.compatibleAddons) expect(addon.refId).toMatch(/-product-copy$/);
    }
    // a copied plan can be subscribed to through GraphQL
    const provisioned = await env.graphql('mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { subscription { id plan { refId } } } }', {
      input: { customerId: 'cus-copy', subscriptionParams: { planId: 'plan-revvenu-basic-product-copy' } },
    });
    expect(provisioned.errors).toBeUndefined();
    expect(provisioned.data.provisionCustomer.subscription.plan.refId).toBe('plan-revvenu-basic-product-copy');
  });

  it('throws ConflictError for a target id that exists', async () => {
    const env = emulator.env();
    await env.stigg.v1.products.createProduct({ id: 'product-taken', displayName: 'Taken' });
    const error = await failure(env.stigg.v1.products.duplicateProduct('product-revvenu', { targetId: 'product-taken' }));
    expect(error).toBeInstanceOf(Stigg.ConflictError);
  });

  it('throws NotFoundError for an unknown source and BadRequestError without a targetId', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.products.duplicateProduct('product-nope', { targetId: 'product-x' }))).toBeInstanceOf(Stigg.NotFoundError);
    const error = await failure(env.stigg.v1.products.duplicateProduct('product-revvenu', {} as never));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect(error.error.error.message).toContain('body.targetId');
  });
});
