/**
 * Catalog webhook conformance: the catalog-editing API (REST /api/v1 over HTTP, and GraphQL's
 * createOneCoupon) produces every catalog event the emulator sends (CATALOG_EVENT_TYPES), delivered
 * to a real HTTP endpoint after the commit; each delivered payload validates against its Stigg page
 * (schema/stigg-webhooks.json, through ajv): the type string documented, enums documented, no field
 * the page does not list. Loading fixtures, a refused write and publishing an add-on send nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { gql, newEnvironment, rest } from '../support/emulator.js';
import { webhookProblems } from '../support/webhook-catalog.js';
import { CATALOG_EVENT_TYPES } from './conformance-coverage.js';
import { Receiver, waitFor, webhookEmulator } from './support.js';

let emu: Emulator;
let receiver: Receiver;
beforeAll(async () => {
  emu = webhookEmulator();
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

type Payload = Record<string, any>;
type LoggedEvent = { type: string; messageId: string; payload: Payload; deliveries: { url: string; status: number | null }[] };

/** A REST call with the environment's server key; the answer must be a 2xx. */
async function call(env: { serverKey: string }, method: string, path: string, body?: unknown) {
  const res = await rest(emu, method, path, body, { 'x-api-key': env.serverKey });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

const log = async (envId: string): Promise<LoggedEvent[]> => (await rest(emu, 'GET', `/_emulator/environments/${envId}/webhooks`)).body.events;

const CREATE_COUPON = `mutation($input: CreateCouponInput!) { createOneCoupon(input: $input) { id } }`;

describe("catalog webhook conformance with Stigg's event pages", () => {
  it('every catalog event of the editing API is documented, and its delivered payload validates against its page', async () => {
    const env = newEnvironment('catalog-conformance');
    const path = `/hook/${env.id}`;
    const filtered = `/filtered/${env.id}`;
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-03-01T00:00:00Z', frozen: true })).status).toBe(200);
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: `${receiver.url}${path}`, secret: 's', events: [...CATALOG_EVENT_TYPES] })).status).toBe(201);
    // a filter may name the types in GraphQL's EventLogType spelling too
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: `${receiver.url}${filtered}`, events: ['FEATURE_CREATED', 'PLAN_DELETED', 'coupon.updated'] })).status).toBe(201);

    // features: created, updated, archived and unarchived (feature.updated each)
    await call(env, 'POST', '/api/v1/features', { id: 'feature-cat-seats', displayName: 'Seats', featureType: 'NUMBER', meterType: 'FLUCTUATING', featureUnits: 'seat', featureUnitsPlural: 'seats' });
    await call(env, 'PATCH', '/api/v1/features/feature-cat-seats', { displayName: 'Team seats' });
    await call(env, 'POST', '/api/v1/features', { id: 'feature-cat-flag', displayName: 'Flag', featureType: 'BOOLEAN' });
    await call(env, 'POST', '/api/v1/features/feature-cat-flag/archive');
    await call(env, 'POST', '/api/v1/features/feature-cat-flag/unarchive');

    // products: created, updated
    await call(env, 'POST', '/api/v1/products', { id: 'product-cat', displayName: 'Cat' });
    await call(env, 'PATCH', '/api/v1/products/product-cat', { description: 'Catalog events', metadata: { tier: 'pro' } });

    // plans: created (a draft), updated (its first version published), deleted (archived)
    await call(env, 'POST', '/api/v1/plans', { id: 'plan-cat', displayName: 'Cat Pro', productId: 'product-cat', pricingType: 'PAID', metadata: { a: '1' } });
    await call(env, 'POST', '/api/v1/plans/plan-cat/entitlements', { entitlements: [{ type: 'FEATURE', id: 'feature-cat-seats', usageLimit: 5 }] });
    await call(env, 'PATCH', '/api/v1/plans/plan-cat', {
      charges: { pricingType: 'PAID', pricingModels: [{ billingModel: 'FLAT_FEE', pricePeriods: [{ billingPeriod: 'MONTHLY', price: { amount: 30, currency: 'usd' } }] }] },
    });
    await call(env, 'POST', '/api/v1/plans/plan-cat/publish', { migrationType: 'NEW_CUSTOMERS' });
    await call(env, 'POST', '/api/v1/plans/plan-cat/archive');

    // add-ons: created, published (no event: Stigg documents no addon.updated), deleted (archived)
    await call(env, 'POST', '/api/v1/addons', { id: 'addon-cat', displayName: 'Extra', productId: 'product-cat' });
    await call(env, 'POST', '/api/v1/addons/addon-cat/publish', { migrationType: 'NEW_CUSTOMERS' });
    await call(env, 'POST', '/api/v1/addons/addon-cat/archive');

    // coupons: created (REST and GraphQL), updated, archived (coupon.updated)
    await call(env, 'POST', '/api/v1/coupons', { id: 'coupon-cat', name: 'Ten', description: null, durationInMonths: null, metadata: null, percentOff: 10, amountsOff: null });
    await call(env, 'PATCH', '/api/v1/coupons/coupon-cat', { name: 'Ten off', description: 'ten percent' });
    await call(env, 'POST', '/api/v1/coupons/coupon-cat/archive');
    const graphql = await gql(emu, env.serverKey, CREATE_COUPON, { input: { refId: 'coupon-gql', name: 'Five', type: 'FIXED', amountsOff: [{ amount: 5, currency: 'USD' }] } });
    expect(graphql.errors, JSON.stringify(graphql.errors)).toBeUndefined();

    const events = await log(env.id);
    expect(events.map((e) => e.type)).toEqual([
      'feature.created',
      'feature.updated',
      'feature.created',
      'feature.updated',
      'feature.updated',
      'product.created',
      'product.updated',
      'plan.created',
      'plan.updated',
      'plan.deleted',
      'addon.created',
      'addon.deleted',
      'coupon.created',
      'coupon.updated',
      'coupon.updated',
      'coupon.created',
    ]);
    await waitFor(() => receiver.received.filter((r) => r.path === path).length >= events.length, 10_000);
    const delivered = receiver.received.filter((r) => r.path === path).map((r) => r.body as Payload);
    expect(delivered).toHaveLength(events.length);
    expect(new Set(delivered.map((p) => p.messageId))).toEqual(new Set(events.map((e) => e.messageId)));
    expect(delivered.flatMap((payload) => webhookProblems(payload))).toEqual([]);
    expect(new Set(delivered.map((p) => p.type))).toEqual(new Set(CATALOG_EVENT_TYPES));

    // the filtered endpoint got its three types only
    await waitFor(() => receiver.received.filter((r) => r.path === filtered).length >= 4, 10_000);
    const filteredTypes = receiver.received.filter((r) => r.path === filtered).map((r) => r.body.type as string);
    expect(filteredTypes.sort()).toEqual(['coupon.updated', 'coupon.updated', 'feature.created', 'feature.created', 'plan.deleted']);

    // the entities as the commands left them
    const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.payload);
    expect(of('feature.created')[0]).toMatchObject({ id: 'feature-cat-seats', name: 'Seats', unit: 'seat', units: 'seats', featureType: 'NUMBER', meterType: 'FLUCTUATING', status: 'ACTIVE' });
    expect(of('feature.updated').map((p) => [p.id, p.name, p.status])).toEqual([
      ['feature-cat-seats', 'Team seats', 'ACTIVE'],
      ['feature-cat-flag', 'Flag', 'SUSPENDED'],
      ['feature-cat-flag', 'Flag', 'ACTIVE'],
    ]);
    expect(of('product.updated')[0]).toMatchObject({ entityId: 'product-cat', id: 'product-cat', name: 'Cat', metadata: { tier: 'pro' } });
    expect(of('plan.created')[0]).toMatchObject({ id: 'plan-cat', productId: 'product-cat', status: 'DRAFT', version: 1, packageEntitlements: [], prices: [], metadata: { a: '1' } });
    expect(of('plan.updated')[0]).toMatchObject({
      id: 'plan-cat',
      status: 'PUBLISHED',
      version: 1,
      isLatest: true,
      packageEntitlements: [{ feature: { id: 'feature-cat-seats' }, usageLimit: 5, hasUnlimitedUsage: false }],
      prices: [{ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 30, currency: 'usd' }],
    });
    expect(of('plan.deleted')[0]).toMatchObject({ id: 'plan-cat', status: 'ARCHIVED' });
    expect(of('addon.created')[0]).toMatchObject({ id: 'addon-cat', name: 'Extra', status: 'DRAFT' });
    expect(of('addon.created')[0]).not.toHaveProperty('productId');
    expect(of('addon.deleted')[0]).toMatchObject({ id: 'addon-cat', status: 'ARCHIVED' });
    const [rest1, gql1] = of('coupon.created');
    expect(rest1).toMatchObject({ entityId: 'coupon-cat', name: 'Ten', couponType: 'PERCENTAGE', status: 'ACTIVE', discountValue: 10, createdAt: '2025-03-01T00:00:00.000Z' });
    // the page prints description without `| null`: a coupon without one leaves it out
    expect(rest1).not.toHaveProperty('description');
    expect(gql1).toMatchObject({ entityId: 'coupon-gql', couponType: 'FIXED', discountValue: 5 });
    expect(of('coupon.updated').map((p) => [p.name, p.description, p.status])).toEqual([
      ['Ten off', 'ten percent', 'ACTIVE'],
      ['Ten off', 'ten percent', 'ARCHIVED'],
    ]);
    // one command, one trace; the events of different commands do not share it
    expect(new Set(events.map((e) => e.payload.traceId)).size).toBe(events.length);
  });

  it('duplicating a product sends product.created, then plan.created and addon.created for each copy; removing a never-published draft sends plan.deleted', async () => {
    const env = newEnvironment('catalog-duplicate');
    await call(env, 'POST', '/api/v1/products', { id: 'product-src', displayName: 'Src' });
    await call(env, 'POST', '/api/v1/plans', { id: 'plan-src', displayName: 'Src plan', productId: 'product-src', status: 'PUBLISHED' });
    await call(env, 'POST', '/api/v1/addons', { id: 'addon-src', displayName: 'Src add-on', productId: 'product-src', status: 'PUBLISHED' });
    const before = (await log(env.id)).length;
    await call(env, 'POST', '/api/v1/products/product-src/duplicate', { targetId: 'product-copy' });
    const copies = (await log(env.id)).slice(before);
    expect(copies.map((e) => [e.type, e.payload.id])).toEqual([
      ['product.created', 'product-copy'],
      ['plan.created', 'plan-src-product-copy'],
      ['addon.created', 'addon-src-product-copy'],
    ]);
    expect(new Set(copies.map((e) => e.payload.traceId)).size).toBe(1);

    await call(env, 'POST', '/api/v1/plans', { id: 'plan-draft', displayName: 'Draft', productId: 'product-src' });
    await call(env, 'DELETE', '/api/v1/plans/plan-draft/draft');
    const [removed] = (await log(env.id)).slice(-1);
    expect(removed).toMatchObject({ type: 'plan.deleted', payload: { id: 'plan-draft', status: 'DRAFT' } });
    for (const e of await log(env.id)) expect(webhookProblems(e.payload), e.type).toEqual([]);
  });

  it('loading fixtures, a refused write and an unchanged archive send no catalog event', async () => {
    const env = newEnvironment('catalog-silent');
    // the environment's fixtures (loaded when it is first used) write a catalog without events
    await call(env, 'GET', '/api/v1/features');
    expect(await log(env.id)).toEqual([]);
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${env.id}/fixtures`, {
      features: [{ id: 'feature-fx', displayName: 'Fx' }],
      products: [{ id: 'product-fx', displayName: 'Fx' }],
      plans: [{ id: 'plan-fx', productId: 'product-fx', pricingType: 'FREE' }],
      addons: [{ id: 'addon-fx', productId: 'product-fx' }],
      coupons: [{ id: 'coupon-fx', type: 'PERCENTAGE', discountValue: 10 }],
    });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(await log(env.id)).toEqual([]);

    const duplicate = await rest(emu, 'POST', '/api/v1/features', { id: 'feature-fx', displayName: 'Again', featureType: 'BOOLEAN' }, { 'x-api-key': env.serverKey });
    expect(duplicate.status).toBe(409);
    await call(env, 'POST', '/api/v1/coupons/coupon-fx/archive');
    await call(env, 'POST', '/api/v1/coupons/coupon-fx/archive');
    expect((await log(env.id)).map((e) => e.type)).toEqual(['coupon.updated']);
  });
});
