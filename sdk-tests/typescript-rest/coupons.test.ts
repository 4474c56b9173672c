import { describe, expect, it } from 'vitest';
import { Stigg, useEmulator } from './harness.js';

const emulator = useEmulator();

async function failure<T>(call: Promise<unknown>, type: new (...args: never[]) => T): Promise<T & { status: number; error: any; message: string }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T & { status: number; error: any; message: string };
}

const percent = { id: 'coupon-rest-20', name: 'Twenty', description: '20% off', durationInMonths: 3, metadata: { campaign: 'spring' }, percentOff: 20, amountsOff: null };

describe('v1.coupons.create', () => {
  it('creates a percentage coupon and a fixed one', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.coupons.create(percent);
    expect(data).toMatchObject({
      id: 'coupon-rest-20',
      name: 'Twenty',
      description: '20% off',
      type: 'PERCENTAGE',
      percentOff: 20,
      amountsOff: null,
      durationInMonths: 3,
      metadata: { campaign: 'spring' },
      status: 'ACTIVE',
      source: 'STIGG',
      billingId: null,
    });
    const fixed = await env.stigg.v1.coupons.create({ id: 'coupon-rest-5-eur', name: 'Five', description: null, durationInMonths: null, metadata: null, percentOff: null, amountsOff: [{ amount: 5, currency: 'eur' }] });
    expect(fixed.data).toMatchObject({ type: 'FIXED', percentOff: null, amountsOff: [{ amount: 5, currency: 'eur' }], durationInMonths: null, metadata: {} });
    // the same coupon through GraphQL
    const gql = await env.graphql('query { coupons(filter: { refId: { eq: "coupon-rest-5-eur" } }) { edges { node { refId type amountsOff { amount currency } } } } }');
    expect(gql.data.coupons.edges[0].node).toEqual({ refId: 'coupon-rest-5-eur', type: 'FIXED', amountsOff: [{ amount: 5, currency: 'EUR' }] });
  });

  it('throws BadRequestError listing the invalid fields, and for both discounts at once', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.coupons.create({ ...percent, name: '', percentOff: 120, durationInMonths: 0 }), Stigg.BadRequestError);
    for (const field of ['body.name', 'body.percentOff', 'body.durationInMonths']) expect(error.message).toContain(field);
    const both = await failure(env.stigg.v1.coupons.create({ ...percent, amountsOff: [{ amount: 1, currency: 'usd' }] }), Stigg.BadRequestError);
    expect(both.message).toContain('exactly one of percentOff and amountsOff');
  });

  it('throws ConflictError for a taken id', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.coupons.create({ ...percent, id: 'coupon-vip' }), Stigg.ConflictError);
    expect(error.error.error.code).toBe('DuplicatedEntityNotAllowed');
  });
});

describe('v1.coupons.retrieve', () => {
  it('answers a seeded coupon', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.coupons.retrieve('coupon-10-usd-off');
    expect(data).toMatchObject({ id: 'coupon-10-usd-off', name: '$10 off', type: 'FIXED', amountsOff: [{ amount: 10, currency: 'usd' }], durationInMonths: 1, status: 'ACTIVE' });
  });

  it('throws NotFoundError for an unknown coupon', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.coupons.retrieve('nope'), Stigg.NotFoundError);
    expect(error.error.error.code).toBe('CouponNotFound');
  });
});

describe('v1.coupons.list', () => {
  it('lists every coupon, filtered by status, type, id and creation date, paged', async () => {
    const env = emulator.env();
    const all = await env.stigg.v1.coupons.list();
    expect(all.data.map((c) => c.id).sort()).toEqual(['coupon-10-usd-off', 'coupon-id', 'coupon-summer-archived', 'coupon-vip']);
    const archived = await env.stigg.v1.coupons.list({ status: ['ARCHIVED'] });
    expect(archived.data.map((c) => c.id)).toEqual(['coupon-summer-archived']);
    const fixed = await env.stigg.v1.coupons.list({ type: 'FIXED' });
    expect(fixed.data.map((c) => c.id)).toEqual(['coupon-10-usd-off']);
    expect((await env.stigg.v1.coupons.list({ id: 'coupon-vip' })).data.map((c) => c.id)).toEqual(['coupon-vip']);
    await env.moveClock({ advance: 'P1D' });
    const created = (await env.stigg.v1.coupons.create(percent)).data;
    const recent = await env.stigg.v1.coupons.list({ createdAt: { gte: created.createdAt } });
    expect(recent.data.map((c) => c.id)).toEqual(['coupon-rest-20']);
    const ids: string[] = [];
    for await (const c of env.stigg.v1.coupons.list({ limit: 2 })) ids.push(c.id);
    expect(ids).toHaveLength(5);
    expect(ids[0]).toBe('coupon-rest-20');
  });

  it('throws BadRequestError for an unknown type', async () => {
    const env = emulator.env();
    expect((await failure(env.stigg.v1.coupons.list({ type: 'FREE' as never }), Stigg.BadRequestError)).message).toContain('query.type');
  });
});

describe('v1.coupons.updateCoupon', () => {
  it("changes a coupon's name, description and metadata", async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.coupons.updateCoupon('coupon-vip', { name: 'VIP+', description: 'for friends', metadata: { tier: 'gold' } });
    expect(data).toMatchObject({ id: 'coupon-vip', name: 'VIP+', description: 'for friends', metadata: { tier: 'gold' }, percentOff: 20 });
    expect((await env.stigg.v1.coupons.retrieve('coupon-vip')).data.name).toBe('VIP+');
  });

  it('throws NotFoundError for an unknown coupon and BadRequestError for an empty name', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.coupons.updateCoupon('nope', { name: 'x' }), Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.coupons.updateCoupon('coupon-vip', { name: '' }), Stigg.BadRequestError)).message).toContain('body.name');
  });
});

describe('v1.coupons.archiveCoupon', () => {
  it('archives a coupon: it can no longer be applied', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.coupons.archiveCoupon('coupon-vip');
    expect(data).toMatchObject({ id: 'coupon-vip', status: 'ARCHIVED' });
    const applied = await env.graphql('mutation { updateOneCustomer(input: { customerId: "customer-demo-01", couponRefId: "coupon-vip" }) { customerId } }');
    expect(applied.errors?.[0]?.extensions?.code).toBe('ArchivedCouponCantBeApplied');
  });

  it('throws NotFoundError for an unknown coupon', async () => {
    const env = emulator.env();
    await failure(env.stigg.v1.coupons.archiveCoupon('nope'), Stigg.NotFoundError);
  });
});
