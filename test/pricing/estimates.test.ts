/**
 * Money through GraphQL over HTTP with the official clients' own documents: estimateSubscription,
 * estimateSubscriptionUpdate, previewSubscription (E99, E100), previewNextInvoice, coupons on
 * invoices (E97, E98), createOneCoupon, a subscription's prices and totalPrice. Clock frozen.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'pricing.yaml');
const usd = (amount: number) => ({ amount, currency: 'USD' });

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

async function world(now: string) {
  const env = newEnvironment('money');
  const clock = async (to: string) => expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to, frozen: true })).status).toBe(200);
  await clock(now);
  const send = (client: Client, operation: string, variables: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation(client, operation), variables);
  const ok = async (client: Client, operation: string, variables: Record<string, unknown>) => {
    const res = await send(client, operation, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data!)[0] as any;
  };
  const provision = async (input: Record<string, unknown>) =>
    (await ok('python', 'ProvisionSubscription', { input: { skipTrial: true, ...input } })).subscription.id as string;
  const subscription = async (id: string) => (await ok('python', 'GetSubscription', { input: { subscriptionId: id } }));
  const customerSubscriptions = async (customerId: string) =>
    (await ok('python', 'GetActiveSubscriptions', { input: { customerId } })).map((s: any) => `${s.subscriptionId}:${s.plan.refId}`).sort();
  return { ...env, clock, send, ok, provision, subscription, customerSubscriptions };
}

const PREVIEW_CLIENTS: Client[] = ['python', 'go', 'node', 'node-4', 'browser'];

describe('previewSubscription', () => {
  it.each(PREVIEW_CLIENTS)('E99: a new $49/month plan: immediate and recurring invoice 49 (%s)', async (client) => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const preview = await w.ok(client, 'PreviewSubscription', { input: { customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY' } });
    expect(preview.immediateInvoice).toMatchObject({ total: usd(49), subTotal: usd(49), tax: usd(0), totalExcludingTax: usd(49), discount: null, proration: null });
    expect(preview.recurringInvoice).toMatchObject({ total: usd(49), subTotal: usd(49), tax: usd(0) });
    expect(preview.billingPeriodRange).toEqual({ start: '2025-03-10T12:00:00.000Z', end: '2025-04-10T12:00:00.000Z' });
    expect(preview).toMatchObject({ isPlanDowngrade: false, hasScheduledUpdates: false });
    // nothing was written
    expect(await w.customerSubscriptions('c-plain')).toEqual([]);
  });

  it('E100: an upgrade mid-period credits the unused share of the old plan (day-based)', async () => {
    const w = await world('2025-04-01T00:00:00.000Z');
    const id = await w.provision({ customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY' });
    await w.clock('2025-04-16T00:00:00.000Z'); // 15 of April's 30 days left
    const preview = await w.ok('python', 'PreviewSubscription', {
      input: { customerId: 'c-plain', planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }] },
    });
    // plan-team: $20 + 3 seats x $10 = $50 for a period that starts now; credit 49 x 15/30 = 24.50
    expect(preview.immediateInvoice.proration).toMatchObject({ prorationDate: '2025-04-16T00:00:00.000Z', credit: usd(-24.5), debit: usd(50), netAmount: usd(25.5), hasProrations: true });
    expect(preview.immediateInvoice).toMatchObject({ subTotal: usd(25.5), total: usd(25.5) });
    expect(preview.recurringInvoice).toMatchObject({ total: usd(50) });
    expect(preview.billingPeriodRange).toEqual({ start: '2025-04-16T00:00:00.000Z', end: '2025-05-16T00:00:00.000Z' });
    expect(await w.customerSubscriptions('c-plain')).toEqual([`${id}:plan-starter`]);
  });

  it('a downgrade the journey defers: nothing now, the new price from the end of the period, nothing scheduled', async () => {
    const w = await world('2025-04-01T00:00:00.000Z');
    const id = await w.provision({ customerId: 'c-plain', planId: 'plan-later-pro', billingPeriod: 'MONTHLY' });
    await w.clock('2025-04-10T00:00:00.000Z');
    const preview = await w.ok('go', 'PreviewSubscription', { input: { customerId: 'c-plain', planId: 'plan-later-basic', billingPeriod: 'MONTHLY' } });
    expect(preview).toMatchObject({ isPlanDowngrade: true, hasScheduledUpdates: true });
    expect(preview.immediateInvoice).toMatchObject({ total: usd(0) });
    expect(preview.recurringInvoice).toMatchObject({ total: usd(10) });
    expect(preview.billingPeriodRange).toEqual({ start: '2025-05-01T00:00:00.000Z', end: '2025-06-01T00:00:00.000Z' });
    expect((await w.subscription(id)).plan.refId).toBe('plan-later-pro');
    const scheduled = await w.ok('python', 'PreviewNextInvoice', { input: { subscriptionId: id } });
    expect(scheduled.total).toEqual(usd(30));
  });

  it('a trial: nothing now, the plan price when it converts; a tiered plan; another currency', async () => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const trial = await w.ok('python', 'PreviewSubscription', { input: { customerId: 'c-plain', planId: 'plan-trial', billingPeriod: 'MONTHLY' } });
    expect(trial.immediateInvoice.total).toEqual(usd(0));
    expect(trial.recurringInvoice.total).toEqual(usd(300));
    expect(trial.billingPeriodRange).toEqual({ start: '2025-03-10T12:00:00.000Z', end: '2025-03-24T12:00:00.000Z' });
    const tiered = await w.ok('python', 'EstimateSubscription', {
      input: { customerId: 'c-plain', planId: 'plan-tiered', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 12 }] },
    });
    // graduated: 5 x 20 + 5 x 15 + 2 x 10
    expect(tiered.total).toEqual(usd(195));
    const eur = await w.ok('python', 'EstimateSubscription', { input: { customerId: 'c-plain', planId: 'plan-eur', billingPeriod: 'MONTHLY' } });
    expect(eur.total).toEqual({ amount: 19.99, currency: 'EUR' });
  });
});

describe('coupons on invoices', () => {
  it('a customer coupon, a subscription coupon (which wins), its duration in months', async () => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const vip = await w.ok('python', 'PreviewSubscription', { input: { customerId: 'c-vip', planId: 'plan-starter', billingPeriod: 'MONTHLY' } });
    expect(vip.immediateInvoice).toMatchObject({ subTotal: usd(49), discount: usd(9.8), total: usd(39.2) });
    expect(vip.immediateInvoice.discountDetails).toMatchObject({ type: 'PERCENTAGE', value: 20, durationType: 'FOREVER', durationInMonths: null });
    const fixed = await w.ok('python', 'PreviewSubscription', { input: { customerId: 'c-vip', planId: 'plan-starter', billingPeriod: 'MONTHLY', appliedCoupon: { couponId: 'coupon-10-off-2m' } } });
    expect(fixed.immediateInvoice).toMatchObject({ discount: usd(10), total: usd(39) });
    expect(fixed.immediateInvoice.discountDetails).toMatchObject({ type: 'FIXED', value: 10, durationType: 'REPEATING', durationInMonths: 2 });
    expect(fixed.recurringInvoice).toMatchObject({ discount: usd(10), total: usd(39) });

    const id = await w.provision({ customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY', appliedCoupon: { couponId: 'coupon-10-off-2m' } });
    // the next invoice (2025-04-10) is in the coupon's second month; the one after (2025-05-10) is past it
    expect(await w.ok('python', 'PreviewNextInvoice', { input: { subscriptionId: id } })).toMatchObject({ total: usd(39), discount: usd(10), amountDue: usd(39) });
    await w.clock('2025-04-20T00:00:00.000Z');
    expect(await w.ok('python', 'PreviewNextInvoice', { input: { subscriptionId: id } })).toMatchObject({ total: usd(49), discount: null, subTotal: usd(49) });
  });

  it('a FIXED coupon discounts invoices in its own currency only', async () => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const eur = await w.ok('python', 'EstimateSubscription', { input: { customerId: 'c-plain', planId: 'plan-eur', billingPeriod: 'MONTHLY', appliedCoupon: { couponId: 'coupon-eur-5' } } });
    expect(eur).toMatchObject({ subTotal: { amount: 19.99, currency: 'EUR' }, discountAmount: { amount: 5, currency: 'EUR' }, total: { amount: 14.99, currency: 'EUR' } });
    const usdPlan = await w.ok('python', 'EstimateSubscription', { input: { customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY', appliedCoupon: { couponId: 'coupon-eur-5' } } });
    expect(usdPlan.total).toEqual(usd(49));
  });

  it('E98: an archived coupon cannot be applied (estimate, preview, provisioning); nothing is written', async () => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const input = { customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY', appliedCoupon: { couponId: 'coupon-old' } };
    expect(codeOf(await w.send('python', 'EstimateSubscription', { input }))).toBe('ArchivedCouponCantBeApplied');
    expect(codeOf(await w.send('python', 'PreviewSubscription', { input }))).toBe('ArchivedCouponCantBeApplied');
    expect(codeOf(await w.send('python', 'ProvisionSubscription', { input }))).toBe('ArchivedCouponCantBeApplied');
    expect(codeOf(await w.send('python', 'EstimateSubscription', { input: { ...input, appliedCoupon: { couponId: 'coupon-nope' } } }))).toBe('CouponNotFound');
    expect(await w.customerSubscriptions('c-plain')).toEqual([]);
  });

  it('E97: a customer with a coupon cannot get another one (the same one again changes nothing); nothing is written', async () => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const res = await w.send('python', 'UpdateCustomer', { input: { customerId: 'c-vip', couponRefId: 'coupon-10-off-2m' } });
    expect(codeOf(res)).toBe('CustomerAlreadyHaveCustomerCoupon');
    const provision = await w.send('python', 'ProvisionCustomer', { input: { customerId: 'c-vip', couponRefId: 'coupon-10-off-2m' } });
    expect(codeOf(provision)).toBe('CustomerAlreadyHaveCustomerCoupon');
    expect((await w.send('python', 'UpdateCustomer', { input: { customerId: 'c-vip', couponRefId: 'coupon-20' } })).errors).toBeUndefined();
    expect((await w.ok('python', 'GetCustomerById', { input: { customerId: 'c-vip' } })).coupon.id).toBe('coupon-20');
  });
});

describe('createOneCoupon', () => {
  it.each<Client>(['python', 'go'])('creates PERCENTAGE and FIXED coupons that invoices then use (%s)', async (client) => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const pct = await w.ok(client, 'CreateCoupon', { input: { refId: 'coupon-new', name: 'New', percentOff: 25, durationInMonths: 3, additionalMetaData: { a: 'b' } } });
    expect(pct).toMatchObject({ id: 'coupon-new', refId: 'coupon-new', name: 'New', type: 'PERCENTAGE', percentOff: 25, discountValue: 25, amountsOff: null, status: 'ACTIVE', additionalMetaData: { a: 'b' } });
    const fixed = await w.ok(client, 'CreateCoupon', { input: { refId: 'coupon-eur', name: 'EUR', type: 'FIXED', amountsOff: [{ amount: 3, currency: 'EUR' }] } });
    expect(fixed).toMatchObject({ type: 'FIXED', percentOff: null, amountsOff: [{ amount: 3, currency: 'EUR' }] });
    const preview = await w.ok('python', 'PreviewSubscription', { input: { customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY', appliedCoupon: { couponId: 'coupon-new' } } });
    expect(preview.immediateInvoice).toMatchObject({ discount: usd(12.25), total: usd(36.75) });
    const listed = await w.ok('python', 'GetCoupons', {});
    expect(listed.edges.map((e: any) => e.node.refId)).toEqual(expect.arrayContaining(['coupon-new', 'coupon-eur']));
  });

  it('refuses a duplicate id and malformed discounts, writing nothing', async () => {
    const w = await world('2025-03-10T12:00:00.000Z');
    const create = (input: Record<string, unknown>) => w.send('python', 'CreateCoupon', { input: { name: 'X', ...input } });
    expect(codeOf(await create({ refId: 'coupon-20', percentOff: 5 }))).toBe('DuplicatedEntityNotAllowed');
    expect(codeOf(await create({ refId: 'c-a', percentOff: 0 }))).toBe('BadUserInput');
    expect(codeOf(await create({ refId: 'c-b', percentOff: 101 }))).toBe('BadUserInput');
    expect(codeOf(await create({ refId: 'c-c', type: 'FIXED' }))).toBe('BadUserInput');
    expect(codeOf(await create({ refId: 'c-d', type: 'FIXED', amountsOff: [{ amount: 1, currency: 'USD' }, { amount: 1, currency: 'EUR' }] }))).toBe('BadUserInput');
    expect(codeOf(await create({ refId: 'c-e', percentOff: 5, durationInMonths: 1.5 }))).toBe('BadUserInput');
    expect(codeOf(await create({ refId: 'bad id', percentOff: 5 }))).toBe('BadUserInput');
    const listed = await w.ok('python', 'GetCoupons', {});
    expect(listed.edges.map((e: any) => e.node.refId).sort()).toEqual(['coupon-10-off-2m', 'coupon-20', 'coupon-eur-5']);
  });
});

describe('estimateSubscriptionUpdate', () => {
  it('prorates a quantity and add-on change by the day; bad input answers Stigg codes and writes nothing', async () => {
    const w = await world('2025-04-01T00:00:00.000Z');
    const id = await w.provision({ customerId: 'c-plain', planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 2 }] });
    await w.clock('2025-04-16T00:00:00.000Z');
    const input = { subscriptionId: id, billableFeatures: [{ featureId: 'feature-seats', quantity: 5 }], addons: [{ addonId: 'addon-storage', quantity: 2 }] };
    const estimate = await w.ok('node', 'EstimateSubscriptionUpdate', { input });
    // $40 -> $80 with 15 of 30 days left: credit -20, debit 40
    expect(estimate.proration).toMatchObject({ credit: usd(-20), debit: usd(40), netAmount: usd(20) });
    expect(estimate).toMatchObject({ subTotal: usd(20), total: usd(20), tax: usd(0) });
    expect(estimate.subscription).toMatchObject({ subTotal: usd(80), total: usd(80) });
    expect(estimate.billingPeriodRange).toEqual({ start: '2025-04-01T00:00:00.000Z', end: '2025-05-01T00:00:00.000Z' });

    const code = async (patch: Record<string, unknown>) => codeOf(await w.send('python', 'EstimateSubscriptionUpdate', { input: { ...input, ...patch } }));
    expect(await code({ billableFeatures: [{ featureId: 'feature-seats', quantity: 101 }] })).toBe('InvalidQuantity');
    expect(await code({ addons: [{ addonId: 'addon-storage', quantity: 6 }] })).toBe('AddonQuantityExceedsLimitError');
    expect(await code({ subscriptionId: 'nope' })).toBe('SubscriptionNotFound');
    expect(await code({ appliedCoupon: { couponId: 'coupon-old' } })).toBe('ArchivedCouponCantBeApplied');
    const sub = await w.subscription(id);
    expect(sub.addons).toEqual([]);
    expect(sub.prices.map((p: any) => p.usageLimit)).toEqual([null, 2]);
    expect(sub.totalPrice).toMatchObject({ subTotal: usd(40), total: usd(40) });

    await w.ok('python', 'CancelSubscription', { input: { subscriptionRefId: id, subscriptionCancellationTime: 'IMMEDIATE' } });
    expect(await code({})).toBe('InvalidSubscriptionStatus');
  });
});

describe('previewNextInvoice', () => {
  it('lines of the next period: base charge, per-unit commitment, add-ons; nothing when the subscription ends first', async () => {
    const w = await world('2025-04-01T00:00:00.000Z');
    const id = await w.provision({
      customerId: 'c-plain',
      planId: 'plan-team', billingPeriod: 'MONTHLY',
      billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }],
      addons: [{ addonId: 'addon-storage', quantity: 2 }],
    });
    for (const client of ['python', 'go', 'node', 'node-4'] as Client[]) {
      const invoice = await w.ok(client, 'PreviewNextInvoice', { input: { subscriptionId: id } });
      expect(invoice).toMatchObject({ subTotal: usd(60), total: usd(60), amountDue: usd(60), tax: usd(0), minimumSpendAdjustment: usd(0), lastUpdatedAt: '2025-04-01T00:00:00.000Z' });
      expect(invoice.lines.map((l: any) => [l.type, l.quantity, l.unitPrice.amount, l.amount.amount, l.costDescription])).toEqual([
        ['BaseCharge', 1, 20, 20, '$20.00'],
        ['InAdvanceCommitmentCharge', 3, 10, 30, '3 x $10.00'],
        ['AddonCharge', 2, 5, 10, '2 x $5.00'],
      ]);
      expect(invoice.lines[0].period).toEqual({ start: '2025-05-01T00:00:00.000Z', end: '2025-06-01T00:00:00.000Z' });
      expect(invoice.lines[1].price).toMatchObject({ billingModel: 'PER_UNIT', price: usd(10), feature: { refId: 'feature-seats' } });
    }
    await w.ok('python', 'CancelSubscription', { input: { subscriptionRefId: id, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' } });
    const none = await w.ok('python', 'PreviewNextInvoice', { input: { subscriptionId: id } });
    expect(none).toMatchObject({ total: usd(0), lines: [] });
    expect(codeOf(await w.send('python', 'PreviewNextInvoice', { input: { subscriptionId: 'nope' } }))).toBe('SubscriptionNotFound');
  });
});

describe('export and import', () => {
  it("round-trips tiered prices, a FIXED coupon's currency and a created coupon", async () => {
    const w = await world('2025-03-10T12:00:00.000Z');
    await w.ok('python', 'CreateCoupon', { input: { refId: 'coupon-gbp', name: 'GBP', type: 'FIXED', amountsOff: [{ amount: 4, currency: 'GBP' }], durationInMonths: 6 } });
    const first = await rest(emu, 'GET', `/_emulator/environments/${w.id}/export`);
    expect(first.body.coupons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'coupon-eur-5', type: 'FIXED', discountValue: 5, currency: 'EUR' }),
        expect.objectContaining({ id: 'coupon-gbp', type: 'FIXED', discountValue: 4, currency: 'GBP', durationInMonths: 6 }),
      ]),
    );
    expect(first.body.plans.find((p: any) => p.id === 'plan-tiered').prices[0]).toMatchObject({ tiersMode: 'GRADUATED', tiers: [{ upTo: 5, unitPrice: 20 }, { upTo: 10, unitPrice: 15 }, { unitPrice: 10 }] });
    const b = newEnvironment('money-imp');
    await rest(emu, 'POST', `/_emulator/environments/${b.id}/clock`, { to: '2025-03-10T12:00:00.000Z', frozen: true });
    expect((await rest(emu, 'POST', `/_emulator/environments/${b.id}/import`, first.body)).status).toBe(200);
    expect((await rest(emu, 'GET', `/_emulator/environments/${b.id}/export`)).body).toEqual(first.body);
  });
});
