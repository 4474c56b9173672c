import { describe, expect, it } from 'vitest';
import { webhookProblems } from '../../test/support/webhook-catalog.js';
import { Stigg, useEmulator, type RestEnv } from './harness.js';

const emulator = useEmulator();

type ApiError = InstanceType<typeof Stigg.APIError>;
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected an error'); }, (e: unknown) => e as ApiError);

/** A draft add-on of the demo product: +3 seats for $6 a month. */
async function draftAddon(env: RestEnv, id = 'addon-rest-seats') {
  const { data } = await env.stigg.v1.addons.create({ id, displayName: 'Seats', productId: 'product-revvenu', maxQuantity: 5 });
  await env.stigg.v1.addons.entitlements.create(id, { entitlements: [{ type: 'FEATURE', id: 'feature-seats', usageLimit: 3 }] });
  await env.stigg.v1.addons.update(id, {
    charges: { pricingType: 'PAID', pricingModels: [{ billingModel: 'FLAT_FEE', pricePeriods: [{ billingPeriod: 'MONTHLY', price: { amount: 6, currency: 'usd' } }] }] },
  });
  return data;
}

async function events(env: RestEnv, type: string): Promise<{ payload: Record<string, any> }[]> {
  const res = await fetch(`${emulator.url()}/_emulator/environments/${env.name}/webhooks?type=${type}`);
  return ((await res.json()) as { events: { payload: Record<string, any> }[] }).events;
}

describe('v1.addons.create', () => {
  it('creates a draft add-on, recorded as addon.created', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.addons.create({ id: 'addon-rest-1', displayName: 'Extra', productId: 'product-revvenu', maxQuantity: 3, metadata: { k: 'v' } });
    expect(data).toMatchObject({ id: 'addon-rest-1', displayName: 'Extra', status: 'DRAFT', versionNumber: 1, maxQuantity: 3, pricingType: 'FREE', dependencies: [], entitlements: [], metadata: { k: 'v' } });
    const [event] = await events(env, 'addon.created');
    expect(event!.payload).toMatchObject({ type: 'addon.created', id: 'addon-rest-1', name: 'Extra', status: 'DRAFT' });
    expect(webhookProblems(event!.payload)).toEqual([]);
  });

  it('refuses an existing id (ConflictError) and invalid fields (BadRequestError)', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.addons.create({ id: 'addon-extra-stuff', displayName: 'X', productId: 'product-revvenu' }))).toBeInstanceOf(Stigg.ConflictError);
    const bad = await failure(env.stigg.v1.addons.create({ id: 'a', displayName: 'X', productId: 'product-revvenu', maxQuantity: 0 }));
    expect(bad).toBeInstanceOf(Stigg.BadRequestError);
    expect((bad.error as any).error.message).toContain('body.maxQuantity');
  });
});

describe('v1.addons.retrieve', () => {
  it('answers a fixture add-on', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.addons.retrieve('addon-10-campaigns');
    expect(data).toMatchObject({ id: 'addon-10-campaigns', status: 'PUBLISHED', pricingType: 'PAID', maxQuantity: 10, entitlements: [{ id: 'feature-02-campaigns', type: 'FEATURE' }] });
    const error = await failure(env.stigg.v1.addons.retrieve('nope'));
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
    expect(error.error).toMatchObject({ error: { code: 'AddonNotFound' } });
  });
});

describe('v1.addons.update', () => {
  it("changes the add-on's facts and its draft's charges", async () => {
    const env = emulator.env();
    await draftAddon(env);
    const { data } = await env.stigg.v1.addons.update('addon-rest-seats', { displayName: 'More seats', dependencies: ['addon-extra-stuff'], maxQuantity: 8 });
    expect(data).toMatchObject({ displayName: 'More seats', dependencies: ['addon-extra-stuff'], maxQuantity: 8, pricingType: 'PAID' });
    const published = await failure(env.stigg.v1.addons.update('addon-extra-stuff', { charges: { pricingType: 'FREE' } }));
    expect(published).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(await failure(env.stigg.v1.addons.update('nope', { displayName: 'x' }))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.addons.list', () => {
  it('lists add-ons with filters', async () => {
    const env = emulator.env();
    await draftAddon(env);
    const all = await env.stigg.v1.addons.list();
    expect(all.data.map((a) => a.id)).toEqual(expect.arrayContaining(['addon-10-campaigns', 'addon-extra-stuff', 'addon-rest-seats']));
    const drafts = await env.stigg.v1.addons.list({ status: ['DRAFT'] });
    expect(drafts.data.map((a) => a.id)).toEqual(['addon-rest-seats']);
    expect((await env.stigg.v1.addons.list({ productId: 'product-nope' })).data).toEqual([]);
  });
});

describe('v1.addons.archive', () => {
  it('archives a published add-on no plan offers (addon.deleted); refuses one a plan offers', async () => {
    const env = emulator.env();
    await draftAddon(env);
    await env.stigg.v1.addons.publish('addon-rest-seats', { migrationType: 'NEW_CUSTOMERS' });
    const { data } = await env.stigg.v1.addons.archive('addon-rest-seats');
    expect(data.status).toBe('ARCHIVED');
    const [event] = await events(env, 'addon.deleted');
    expect(event!.payload).toMatchObject({ id: 'addon-rest-seats', status: 'ARCHIVED' });
    expect(webhookProblems(event!.payload)).toEqual([]);
    const offered = await failure(env.stigg.v1.addons.archive('addon-extra-stuff'));
    expect(offered).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(offered.error).toMatchObject({ error: { code: 'AddonIsCompatibleWithPlan' } });
  });
});

describe('v1.addons.createDraft', () => {
  it('drafts the next version of a published add-on', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.addons.createDraft('addon-extra-stuff');
    expect(data).toMatchObject({ status: 'DRAFT', versionNumber: 2, isLatest: false });
    expect(await failure(env.stigg.v1.addons.createDraft('addon-extra-stuff'))).toBeInstanceOf(Stigg.UnprocessableEntityError);
  });
});

describe('v1.addons.listCharges', () => {
  it("lists the add-on's prices as charges", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.addons.listCharges('addon-10-campaigns');
    expect(data.map((c) => [c.billingPeriod, c.price])).toEqual([
      ['MONTHLY', { amount: 5, currency: 'usd' }],
      ['ANNUALLY', { amount: 50, currency: 'usd' }],
    ]);
    expect(await failure(env.stigg.v1.addons.listCharges('nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.addons.publish', () => {
  it('publishes the draft; a plan offering it provisions it through GraphQL', async () => {
    const env = emulator.env();
    await draftAddon(env);
    expect((await env.stigg.v1.addons.publish('addon-rest-seats', { migrationType: 'NEW_CUSTOMERS' })).data).toEqual({ taskId: null });
    expect((await env.stigg.v1.addons.retrieve('addon-rest-seats')).data).toMatchObject({ status: 'PUBLISHED', versionNumber: 1 });
    await env.stigg.v1.plans.createDraft('plan-revvenu-essentials');
    await env.stigg.v1.plans.update('plan-revvenu-essentials', { compatibleAddonIds: ['addon-rest-seats'] });
    await env.stigg.v1.plans.publish('plan-revvenu-essentials', { migrationType: 'NEW_CUSTOMERS' });
    await env.graphql('mutation($i: ProvisionCustomerInput!) { provisionCustomer(input: $i) { customer { customerId } } }', { i: { customerId: 'cus-addon' } });
    const provisioned = await env.graphql('mutation($i: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $i) { status } }', {
      i: { customerId: 'cus-addon', planId: 'plan-revvenu-essentials', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-rest-seats', quantity: 2 }] },
    });
    expect(provisioned.errors).toBeUndefined();
    const seats = await env.graphql('query($q: FetchEntitlementQuery!) { entitlement(query: $q) { usageLimit } }', { q: { customerId: 'cus-addon', featureId: 'feature-seats' } });
    expect(seats.data.entitlement.usageLimit).toBe(5 + 2 * 3);
  });

  it('refuses an add-on without a draft (UnprocessableEntityError)', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.addons.publish('addon-extra-stuff', { migrationType: 'NEW_CUSTOMERS' }));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'PackageAlreadyPublished' } });
  });
});

describe('v1.addons.removeDraft', () => {
  it("discards the draft", async () => {
    const env = emulator.env();
    await env.stigg.v1.addons.createDraft('addon-extra-stuff');
    expect((await env.stigg.v1.addons.removeDraft('addon-extra-stuff')).data).toEqual({ id: 'addon-extra-stuff' });
    expect((await env.stigg.v1.addons.retrieve('addon-extra-stuff')).data.status).toBe('PUBLISHED');
    expect(await failure(env.stigg.v1.addons.removeDraft('addon-extra-stuff'))).toBeInstanceOf(Stigg.UnprocessableEntityError);
  });
});

describe('v1.addons.entitlements.create', () => {
  it('adds entitlements to a draft add-on (Override allowed on add-ons)', async () => {
    const env = emulator.env();
    await env.stigg.v1.addons.create({ id: 'addon-e', displayName: 'E', productId: 'product-revvenu' });
    const { data } = await env.stigg.v1.addons.entitlements.create('addon-e', { entitlements: [{ type: 'FEATURE', id: 'feature-03-memory', usageLimit: 50, behavior: 'Override' }] });
    expect(data).toEqual([expect.objectContaining({ id: 'feature-03-memory', type: 'FEATURE', usageLimit: 50, behavior: 'Override' })]);
    expect(await failure(env.stigg.v1.addons.entitlements.create('addon-e', { entitlements: [{ type: 'FEATURE', id: 'feature-03-memory', usageLimit: 1 }] }))).toBeInstanceOf(Stigg.ConflictError);
    expect(await failure(env.stigg.v1.addons.entitlements.create('addon-e', { entitlements: [] }))).toBeInstanceOf(Stigg.BadRequestError);
  });
});

describe('v1.addons.entitlements.update', () => {
  it('changes an entitlement of the draft', async () => {
    const env = emulator.env();
    await draftAddon(env);
    const { data } = await env.stigg.v1.addons.entitlements.update('feature-seats', { addonId: 'addon-rest-seats', type: 'FEATURE', usageLimit: 4 });
    expect(data).toMatchObject({ id: 'feature-seats', usageLimit: 4 });
    expect(await failure(env.stigg.v1.addons.entitlements.update('feature-seats', { addonId: 'addon-extra-stuff', type: 'FEATURE', usageLimit: 4 }))).toBeInstanceOf(
      Stigg.UnprocessableEntityError,
    );
  });
});

describe('v1.addons.entitlements.list', () => {
  it("lists the add-on's entitlements", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.addons.entitlements.list('addon-10-campaigns');
    expect(data).toEqual([expect.objectContaining({ id: 'feature-02-campaigns', type: 'FEATURE', usageLimit: 10, resetPeriod: 'MONTH' })]);
  });
});

describe('v1.addons.entitlements.delete', () => {
  it('removes an entitlement from the draft', async () => {
    const env = emulator.env();
    await draftAddon(env);
    expect((await env.stigg.v1.addons.entitlements.delete('feature-seats', { addonId: 'addon-rest-seats' })).data).toMatchObject({ id: 'feature-seats' });
    expect(await failure(env.stigg.v1.addons.entitlements.delete('feature-seats', { addonId: 'addon-rest-seats' }))).toBeInstanceOf(Stigg.NotFoundError);
  });
});
