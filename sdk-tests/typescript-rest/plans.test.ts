import { describe, expect, it } from 'vitest';
import { Stigg, useEmulator, type RestEnv } from './harness.js';
import { webhookProblems } from '../../test/support/webhook-catalog.js';

const emulator = useEmulator();

type ApiError = InstanceType<typeof Stigg.APIError>;
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected an error'); }, (e: unknown) => e as ApiError);

/** A draft plan of the demo product with one NUMBER entitlement. */
async function draftPlan(env: RestEnv, id = 'plan-rest-pro') {
  const { data } = await env.stigg.v1.plans.create({ id, displayName: 'Pro', productId: 'product-revvenu', pricingType: 'PAID', metadata: { tier: 'pro' } });
  await env.stigg.v1.plans.entitlements.create(id, { entitlements: [{ type: 'FEATURE', id: 'feature-seats', usageLimit: 7 }] });
  await env.stigg.v1.plans.update(id, {
    charges: { pricingType: 'PAID', pricingModels: [{ billingModel: 'FLAT_FEE', pricePeriods: [{ billingPeriod: 'MONTHLY', price: { amount: 30, currency: 'usd' } }] }] },
  });
  return data;
}

/** The environment's webhook event log (control plane). */
async function events(env: RestEnv, type: string): Promise<{ type: string; payload: Record<string, any> }[]> {
  const res = await fetch(`${emulator.url()}/_emulator/environments/${env.name}/webhooks?type=${type}`);
  return ((await res.json()) as { events: { type: string; payload: Record<string, any> }[] }).events;
}

describe('v1.plans.create', () => {
  it('creates a draft plan, recorded as plan.created', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.plans.create({ id: 'plan-rest-1', displayName: 'Rest', productId: 'product-revvenu', description: 'from REST', metadata: { a: '1' } });
    expect(data).toMatchObject({
      id: 'plan-rest-1',
      displayName: 'Rest',
      productId: 'product-revvenu',
      description: 'from REST',
      status: 'DRAFT',
      versionNumber: 1,
      pricingType: 'FREE',
      parentPlanId: null,
      billingId: null,
      entitlements: [],
      metadata: { a: '1' },
      compatibleAddonIds: [],
      defaultTrialConfig: null,
    });
    const [event] = await events(env, 'plan.created');
    expect(event!.payload).toMatchObject({ type: 'plan.created', id: 'plan-rest-1', name: 'Rest', productId: 'product-revvenu', status: 'DRAFT', version: 1, metadata: { a: '1' } });
    expect(webhookProblems(event!.payload)).toEqual([]);
  });

  it('answers ConflictError for an existing id, BadRequestError listing the fields, NotFoundError for an unknown product', async () => {
    const env = emulator.env();
    const duplicate = await failure(env.stigg.v1.plans.create({ id: 'plan-revvenu-basic', displayName: 'X', productId: 'product-revvenu' }));
    expect(duplicate).toBeInstanceOf(Stigg.ConflictError);
    expect(duplicate.error).toMatchObject({ error: { code: 'DuplicatedEntityNotAllowed' } });
    const invalid = await failure(env.stigg.v1.plans.create({ id: ' bad id', displayName: '', productId: 'product-revvenu' }));
    expect(invalid).toBeInstanceOf(Stigg.BadRequestError);
    expect((invalid.error as any).error.message).toContain('body.id');
    expect((invalid.error as any).error.message).toContain('body.displayName');
    const product = await failure(env.stigg.v1.plans.create({ id: 'plan-x', displayName: 'X', productId: 'product-nope' }));
    expect(product).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.plans.retrieve', () => {
  it('answers a fixture plan with its entitlements and version', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.plans.retrieve('plan-revvenu-essentials');
    expect(data).toMatchObject({ id: 'plan-revvenu-essentials', status: 'PUBLISHED', pricingType: 'PAID', parentPlanId: 'plan-revvenu-basic', versionNumber: 1, isLatest: true });
    expect(data.entitlements).toContainEqual({ id: 'feature-seats', type: 'FEATURE' });
  });

  it('throws NotFoundError (PlanNotFound) for an unknown id', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.plans.retrieve('nope'));
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
    expect(error.error).toMatchObject({ error: { code: 'PlanNotFound' } });
  });
});

describe('v1.plans.update', () => {
  it("changes the plan's facts and its draft's charges", async () => {
    const env = emulator.env();
    await draftPlan(env);
    const { data } = await env.stigg.v1.plans.update('plan-rest-pro', {
      displayName: 'Pro+',
      description: 'more',
      compatibleAddonIds: ['addon-extra-stuff'],
      defaultTrialConfig: { duration: 7, units: 'DAY', trialEndBehavior: 'CANCEL_SUBSCRIPTION' },
      billingId: 'price_123',
    });
    expect(data).toMatchObject({ displayName: 'Pro+', description: 'more', compatibleAddonIds: ['addon-extra-stuff'], billingId: 'price_123', defaultTrialConfig: { duration: 7, units: 'DAY' } });
  });

  it('refuses charges on a plan without a draft (UnprocessableEntityError) and unknown add-ons (NotFoundError)', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.plans.update('plan-revvenu-basic', { charges: { pricingType: 'FREE' } }));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'EditAllowedOnDraftPackageOnlyError' } });
    const addon = await failure(env.stigg.v1.plans.update('plan-revvenu-basic', { compatibleAddonIds: ['addon-nope'] }));
    expect(addon).toBeInstanceOf(Stigg.NotFoundError);
    const bad = await failure(env.stigg.v1.plans.update('plan-revvenu-basic', { displayName: 5 as never }));
    expect(bad).toBeInstanceOf(Stigg.BadRequestError);
  });
});

describe('v1.plans.list', () => {
  it('lists plans with filters and pages', async () => {
    const env = emulator.env();
    await draftPlan(env);
    const all = await env.stigg.v1.plans.list({ productId: 'product-revvenu' });
    expect(all.data.map((p) => p.id)).toEqual(expect.arrayContaining(['plan-revvenu-basic', 'plan-revvenu-growth', 'plan-rest-pro']));
    const drafts = await env.stigg.v1.plans.list({ status: ['DRAFT'] });
    expect(drafts.data.map((p) => p.id)).toEqual(['plan-rest-pro']);
    const page = await env.stigg.v1.plans.list({ limit: 1 });
    expect(page.data).toHaveLength(1);
    const ids: string[] = [];
    for await (const p of env.stigg.v1.plans.list({ limit: 2 })) ids.push(p.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const future = await env.stigg.v1.plans.list({ createdAt: { gt: '2030-01-01T00:00:00Z' } });
    expect(future.data).toEqual([]);
  });
});

describe('v1.plans.archive', () => {
  it('archives a plan (plan.deleted) and new subscriptions refuse it', async () => {
    const env = emulator.env();
    await draftPlan(env);
    await env.stigg.v1.plans.publish('plan-rest-pro', { migrationType: 'NEW_CUSTOMERS' });
    const { data } = await env.stigg.v1.plans.archive('plan-rest-pro');
    expect(data.status).toBe('ARCHIVED');
    const [event] = await events(env, 'plan.deleted');
    expect(event!.payload).toMatchObject({ id: 'plan-rest-pro', status: 'ARCHIVED' });
    expect(webhookProblems(event!.payload)).toEqual([]);
    await env.graphql('mutation($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { customer { customerId } } }', { i: { customerId: 'cus-arch' } });
    const provisioned = await env.graphql('mutation($i: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $i) { status } }', {
      i: { customerId: 'cus-arch', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY' },
    });
    expect(provisioned.errors?.[0]?.extensions?.code).toBe('EntityIsArchivedError');
  });

  it('refuses a plan never published (UnprocessableEntityError) and a plan other plans inherit from', async () => {
    const env = emulator.env();
    await draftPlan(env);
    const draft = await failure(env.stigg.v1.plans.archive('plan-rest-pro'));
    expect(draft).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(draft.error).toMatchObject({ error: { code: 'DraftPlanCantBeArchived' } });
    const parent = await failure(env.stigg.v1.plans.archive('plan-revvenu-essentials'));
    expect(parent.error).toMatchObject({ error: { code: 'PlanWithChildCantBeDeleted' } });
    expect(await failure(env.stigg.v1.plans.archive('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.plans.createDraft', () => {
  it("drafts the next version from the published one; a second draft is refused", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.plans.createDraft('plan-revvenu-basic');
    expect(data).toMatchObject({ id: 'plan-revvenu-basic', status: 'DRAFT', versionNumber: 2, isLatest: false });
    expect(data.entitlements).toContainEqual({ id: 'feature-01-templates', type: 'FEATURE' });
    const again = await failure(env.stigg.v1.plans.createDraft('plan-revvenu-basic'));
    expect(again).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(again.error).toMatchObject({ error: { code: 'DraftAlreadyExists' } });
  });
});

describe('v1.plans.listCharges', () => {
  it("lists the plan's prices as charges", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.plans.listCharges('plan-revvenu-growth');
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({
      id: 'plan-revvenu-growth:price:1',
      billingModel: 'PER_UNIT',
      billingPeriod: 'MONTHLY',
      billingCadence: 'RECURRING',
      featureId: 'feature-01-templates',
      price: { amount: 1, currency: 'usd' },
      minUnitQuantity: 1,
    });
    await draftPlan(env);
    const draft = await env.stigg.v1.plans.listCharges('plan-rest-pro');
    expect(draft.data).toEqual([expect.objectContaining({ billingModel: 'FLAT_FEE', price: { amount: 30, currency: 'usd' }, usedInSubscriptions: false })]);
    expect(await failure(env.stigg.v1.plans.listCharges('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.plans.listOverageCharges', () => {
  it('answers no overage charges', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.plans.listOverageCharges('plan-revvenu-growth');
    expect(data).toEqual([]);
    expect(await failure(env.stigg.v1.plans.listOverageCharges('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.plans.publish', () => {
  it('publishes a new version (plan.updated); existing subscriptions keep theirs unless ALL_CUSTOMERS', async () => {
    const env = emulator.env();
    await env.stigg.v1.plans.createDraft('plan-revvenu-basic');
    await env.stigg.v1.plans.entitlements.update('feature-01-templates', { planId: 'plan-revvenu-basic', type: 'FEATURE', usageLimit: 4 });
    const { data } = await env.stigg.v1.plans.publish('plan-revvenu-basic', { migrationType: 'NEW_CUSTOMERS' });
    expect(data).toEqual({ taskId: null });
    const plan = await env.stigg.v1.plans.retrieve('plan-revvenu-basic');
    expect(plan.data).toMatchObject({ status: 'PUBLISHED', versionNumber: 2, isLatest: true });
    const [event] = await events(env, 'plan.updated');
    expect(event!.payload).toMatchObject({ type: 'plan.updated', id: 'plan-revvenu-basic', version: 2, status: 'PUBLISHED', isLatest: true });
    expect(event!.payload.packageEntitlements).toContainEqual(expect.objectContaining({ feature: expect.objectContaining({ id: 'feature-01-templates' }), usageLimit: 4 }));
    expect(webhookProblems(event!.payload)).toEqual([]);
  });

  it('refuses a plan without a draft (UnprocessableEntityError) and a PAID draft without a price', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.plans.publish('plan-revvenu-basic', { migrationType: 'NEW_CUSTOMERS' }));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'PackageAlreadyPublished' } });
    await env.stigg.v1.plans.create({ id: 'plan-paid-empty', displayName: 'Paid', productId: 'product-revvenu', pricingType: 'PAID' });
    const unpriced = await failure(env.stigg.v1.plans.publish('plan-paid-empty', { migrationType: 'NEW_CUSTOMERS' }));
    expect(unpriced.error).toMatchObject({ error: { code: 'PackagePricingTypeNotSet' } });
    const bad = await failure(env.stigg.v1.plans.publish('plan-paid-empty', { migrationType: 'SOME' as never }));
    expect(bad).toBeInstanceOf(Stigg.BadRequestError);
  });
});

describe('v1.plans.removeDraft', () => {
  it("discards a published plan's draft, and removes a plan never published", async () => {
    const env = emulator.env();
    await env.stigg.v1.plans.createDraft('plan-revvenu-basic');
    expect((await env.stigg.v1.plans.removeDraft('plan-revvenu-basic')).data).toEqual({ id: 'plan-revvenu-basic' });
    expect((await env.stigg.v1.plans.retrieve('plan-revvenu-basic')).data).toMatchObject({ status: 'PUBLISHED', versionNumber: 1 });
    await draftPlan(env);
    await env.stigg.v1.plans.removeDraft('plan-rest-pro');
    expect(await failure(env.stigg.v1.plans.retrieve('plan-rest-pro'))).toBeInstanceOf(Stigg.NotFoundError);
    const none = await failure(env.stigg.v1.plans.removeDraft('plan-revvenu-basic'));
    expect(none).toBeInstanceOf(Stigg.UnprocessableEntityError);
  });
});

describe('v1.plans.entitlements.create', () => {
  it('adds feature entitlements to a draft', async () => {
    const env = emulator.env();
    await env.stigg.v1.plans.create({ id: 'plan-e', displayName: 'E', productId: 'product-revvenu' });
    const { data } = await env.stigg.v1.plans.entitlements.create('plan-e', {
      entitlements: [
        { type: 'FEATURE', id: 'feature-02-campaigns', usageLimit: 9, resetPeriod: 'MONTH', monthlyResetPeriodConfiguration: { accordingTo: 'StartOfTheMonth' } },
        { type: 'FEATURE', id: 'feature-05-support', enumValues: ['email'] },
        { type: 'FEATURE', id: 'feature-03-custom-domain' },
      ],
    });
    expect(data).toHaveLength(3);
    expect(data[0]).toMatchObject({
      id: 'feature-02-campaigns',
      type: 'FEATURE',
      usageLimit: 9,
      resetPeriod: 'MONTH',
      resetPeriodConfiguration: { accordingTo: 'StartOfTheMonth' },
      behavior: 'Increment',
      hasUnlimitedUsage: false,
      isGranted: true,
      order: 0,
    });
    expect(data[1]).toMatchObject({ id: 'feature-05-support', enumValues: ['email'] });
  });

  it('refuses a duplicate (ConflictError), an unknown feature (NotFoundError), a published plan (UnprocessableEntityError), a missing type (BadRequestError)', async () => {
    const env = emulator.env();
    await draftPlan(env);
    const dup = await failure(env.stigg.v1.plans.entitlements.create('plan-rest-pro', { entitlements: [{ type: 'FEATURE', id: 'feature-seats', usageLimit: 1 }] }));
    expect(dup).toBeInstanceOf(Stigg.ConflictError);
    const unknown = await failure(env.stigg.v1.plans.entitlements.create('plan-rest-pro', { entitlements: [{ type: 'FEATURE', id: 'feature-nope' }] }));
    expect(unknown).toBeInstanceOf(Stigg.NotFoundError);
    expect(unknown.error).toMatchObject({ error: { code: 'FeatureNotFound' } });
    const published = await failure(env.stigg.v1.plans.entitlements.create('plan-revvenu-basic', { entitlements: [{ type: 'FEATURE', id: 'feature-seats', usageLimit: 1 }] }));
    expect(published).toBeInstanceOf(Stigg.UnprocessableEntityError);
    const override = await failure(env.stigg.v1.plans.entitlements.create('plan-rest-pro', { entitlements: [{ type: 'FEATURE', id: 'feature-03-memory', usageLimit: 1, behavior: 'Override' }] }));
    expect(override.error).toMatchObject({ error: { code: 'CannotAddOverrideEntitlementToPlan' } });
    const bad = await failure(env.stigg.v1.plans.entitlements.create('plan-rest-pro', { entitlements: [{ id: 'feature-seats' } as never] }));
    expect(bad).toBeInstanceOf(Stigg.BadRequestError);
  });
});

describe('v1.plans.entitlements.update', () => {
  it("changes one entitlement of the draft", async () => {
    const env = emulator.env();
    await draftPlan(env);
    const { data } = await env.stigg.v1.plans.entitlements.update('feature-seats', { planId: 'plan-rest-pro', type: 'FEATURE', hasUnlimitedUsage: true });
    expect(data).toMatchObject({ id: 'feature-seats', type: 'FEATURE', hasUnlimitedUsage: true, usageLimit: null });
    const missing = await failure(env.stigg.v1.plans.entitlements.update('feature-04-analytics', { planId: 'plan-rest-pro', type: 'FEATURE' }));
    expect(missing).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.plans.entitlements.list', () => {
  it("lists the entitlements of the plan's working version", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.plans.entitlements.list('plan-revvenu-basic');
    expect(data.map((e) => e.id)).toEqual(['feature-01-templates', 'feature-02-campaigns', 'feature-06-active-users', 'feature-05-support', 'feature-07-max-file-size']);
    expect(data[1]).toMatchObject({ usageLimit: 6, resetPeriod: 'MONTH', resetPeriodConfiguration: { accordingTo: 'SubscriptionStart' } });
    expect(await failure(env.stigg.v1.plans.entitlements.list('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.plans.entitlements.delete', () => {
  it("removes one entitlement from the draft, answering it", async () => {
    const env = emulator.env();
    await draftPlan(env);
    const { data } = await env.stigg.v1.plans.entitlements.delete('feature-seats', { planId: 'plan-rest-pro' });
    expect(data).toMatchObject({ id: 'feature-seats', usageLimit: 7 });
    expect((await env.stigg.v1.plans.entitlements.list('plan-rest-pro')).data).toEqual([]);
    expect(await failure(env.stigg.v1.plans.entitlements.delete('feature-seats', { planId: 'plan-rest-pro' }))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('plans through REST, subscriptions through GraphQL', () => {
  it('a plan created and published through REST is provisioned and grants its entitlement', async () => {
    const env = emulator.env();
    await draftPlan(env);
    const unpublished = await env.graphql('mutation($i: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $i) { status } }', {
      i: { customerId: 'cus-e2e', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY' },
    });
    expect(unpublished.errors).toBeDefined();
    await env.stigg.v1.plans.publish('plan-rest-pro', { migrationType: 'NEW_CUSTOMERS' });
    await env.graphql('mutation($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { customer { customerId } } }', { i: { customerId: 'cus-e2e' } });
    const provisioned = await env.graphql('mutation($i: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $i) { status subscription { plan { refId } } } }', {
      i: { customerId: 'cus-e2e', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY' },
    });
    expect(provisioned.errors).toBeUndefined();
    expect(provisioned.data.provisionSubscriptionV2.subscription.plan.refId).toBe('plan-rest-pro');
    const entitlement = await env.graphql('query($q: FetchEntitlementQuery!) { entitlement(query: $q) { isGranted usageLimit } }', {
      q: { customerId: 'cus-e2e', featureId: 'feature-seats' },
    });
    expect(entitlement.data.entitlement).toEqual({ isGranted: true, usageLimit: 7 });

    // a second version: the subscription keeps version 1 (NEW_CUSTOMERS), then moves with ALL_CUSTOMERS
    await env.stigg.v1.plans.createDraft('plan-rest-pro');
    await env.stigg.v1.plans.entitlements.update('feature-seats', { planId: 'plan-rest-pro', type: 'FEATURE', usageLimit: 12 });
    await env.stigg.v1.plans.publish('plan-rest-pro', { migrationType: 'NEW_CUSTOMERS' });
    const kept = await env.graphql('query($q: FetchEntitlementQuery!) { entitlement(query: $q) { usageLimit } }', { q: { customerId: 'cus-e2e', featureId: 'feature-seats' } });
    expect(kept.data.entitlement.usageLimit).toBe(7);
    await env.stigg.v1.plans.createDraft('plan-rest-pro');
    await env.stigg.v1.plans.entitlements.update('feature-seats', { planId: 'plan-rest-pro', type: 'FEATURE', usageLimit: 15 });
    await env.stigg.v1.plans.publish('plan-rest-pro', { migrationType: 'ALL_CUSTOMERS' });
    const moved = await env.graphql('query($q: FetchEntitlementQuery!) { entitlement(query: $q) { usageLimit } }', { q: { customerId: 'cus-e2e', featureId: 'feature-seats' } });
    expect(moved.data.entitlement.usageLimit).toBe(15);
  });
});
