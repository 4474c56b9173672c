/**
 * `v1.subscriptions.*` through Stigg's TypeScript REST SDK: every served method's answer and
 * errors, the methods the emulator does not serve (501), and agreement with GraphQL and the Node
 * server SDK (a subscription written through one reads the same through the others).
 */
import { BillingPeriod, Stigg as NodeStigg } from '@stigg/node-server-sdk';
import { describe, expect, it } from 'vitest';
import { Stigg, useEmulator, type RestEnv } from './harness.js';

const emulator = useEmulator();

const GROWTH_01 = 'subscription-plan-revvenu-growth-589879';
const ESSENTIALS_02 = 'subscription-plan-revvenu-essentials-dc847c';
const T0 = '2025-01-01T00:00:01.000Z';

/** A product allowing one subscription per resource, with a plan that later gets a version 2. */
const MULTI = `
products:
  - { id: product-rest, displayName: REST product, multipleSubscriptions: true }
plans:
  - { id: plan-rest-pro, productId: product-rest, displayName: Pro, pricingType: PAID,
      prices: [ { billingPeriod: MONTHLY, amount: 50 } ], entitlements: [ { featureId: feature-seats, usageLimit: 10 } ] }
`;
const MULTI_V2 = `
plans:
  - { id: plan-rest-pro, productId: product-rest, displayName: Pro, pricingType: PAID,
      prices: [ { billingPeriod: MONTHLY, amount: 50 } ], entitlements: [ { featureId: feature-seats, usageLimit: 10 } ],
      versions: [ { version: 2, prices: [ { billingPeriod: MONTHLY, amount: 60 } ], entitlements: [ { featureId: feature-seats, usageLimit: 20 } ] } ] }
`;

async function loadFixtures(env: RestEnv, yaml: string): Promise<void> {
  const res = await fetch(`${emulator.url()}/_emulator/environments/${env.name}/fixtures`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
  expect(res.status).toBe(200);
}

/** A new environment whose clock stands still one second after the suite's start (instants in answers are exact). */
async function frozenEnv(): Promise<RestEnv> {
  const env = emulator.env();
  expect(await env.moveClock({ to: T0, frozen: true } as never)).toMatchObject({ now: T0, frozen: true });
  return env;
}

async function newCustomer(env: RestEnv, customerId: string): Promise<void> {
  const res = await env.graphql('mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }', { input: { customerId, name: customerId } });
  expect(res.errors).toBeUndefined();
}

/** The error a call throws, with the REST body it carried. */
async function failure<T>(call: Promise<T>): Promise<{ error: unknown; code: string; message: string; status: number }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call should fail').toBeInstanceOf(Stigg.APIError);
  const api = error as InstanceType<typeof Stigg.APIError>;
  const body = api.error as { error: { code: string; message: string } };
  return { error, code: body.error.code, message: body.error.message, status: api.status as number };
}

describe('v1.subscriptions.retrieve', () => {
  it('answers a seeded subscription with its plan, add-ons and billing period', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.subscriptions.retrieve(GROWTH_01);
    expect(data).toMatchObject({
      id: GROWTH_01,
      customerId: 'customer-demo-01',
      planId: 'plan-revvenu-growth',
      pricingType: 'PAID',
      status: 'ACTIVE',
      paymentCollection: 'NOT_REQUIRED',
      billingId: null,
      addons: [{ id: 'addon-10-campaigns', quantity: 3 }],
      startDate: '2025-01-01T00:00:00.000Z',
      currentBillingPeriodStart: '2025-01-01T00:00:00.000Z',
      currentBillingPeriodEnd: '2025-02-01T00:00:00.000Z',
      cancelReason: null,
      futureUpdates: [],
      latestInvoice: null,
      trial: null,
    });
  });

  it('throws NotFoundError (SubscriptionNotFound) for an unknown id', async () => {
    const env = emulator.env();
    const f = await failure(env.stigg.v1.subscriptions.retrieve('nope'));
    expect(f.error).toBeInstanceOf(Stigg.NotFoundError);
    expect(f.code).toBe('SubscriptionNotFound');
  });
});

describe('v1.subscriptions.list', () => {
  it('lists subscriptions newest first, filtered, paged by id cursor', async () => {
    const env = emulator.env();
    const all = await env.stigg.v1.subscriptions.list({ limit: 100 });
    expect(all.data.length).toBeGreaterThanOrEqual(5);
    const byCustomer = await env.stigg.v1.subscriptions.list({ customerId: 'customer-demo-02' });
    expect(byCustomer.data.map((s) => s.id)).toEqual([ESSENTIALS_02]);
    const growth = await env.stigg.v1.subscriptions.list({ planId: 'plan-revvenu-growth', status: ['ACTIVE'] });
    expect(growth.data.map((s) => s.id).sort()).toEqual([GROWTH_01, 'subscription-plan-revvenu-growth-dfe598']);
    const free = await env.stigg.v1.subscriptions.list({ pricingType: ['FREE'] });
    expect(free.data.every((s) => s.pricingType === 'FREE')).toBe(true);
    expect(await env.stigg.v1.subscriptions.list({ createdAt: { gt: '2030-01-01T00:00:00Z' } }).then((p) => p.data)).toEqual([]);

    // paging: every subscription once, across pages of 2
    const seen: string[] = [];
    for await (const sub of env.stigg.v1.subscriptions.list({ limit: 2 })) seen.push(sub.id);
    expect(seen.sort()).toEqual(all.data.map((s) => s.id).sort());
  });

  it('throws BadRequestError for an unknown status', async () => {
    const env = emulator.env();
    const f = await failure(env.stigg.v1.subscriptions.list({ status: ['SLEEPING' as 'ACTIVE'] }));
    expect(f.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(f.message).toContain('query.status');
  });
});

describe('v1.subscriptions.provision', () => {
  it('provisions a paid plan with add-ons and metadata: SUCCESS, the subscription and the entitlements', async () => {
    const env = await frozenEnv();
    await newCustomer(env, 'cus-prov');
    const { data } = await env.stigg.v1.subscriptions.provision({
      customerId: 'cus-prov',
      planId: 'plan-revvenu-essentials',
      id: 'sub-rest-1',
      billingPeriod: 'ANNUALLY',
      addons: [{ id: 'addon-10-campaigns', quantity: 2 }],
      metadata: { source: 'rest' },
      appliedCoupon: { couponId: 'coupon-vip' },
    });
    expect(data).toMatchObject({ id: 'sub-rest-1', status: 'SUCCESS', isScheduled: false });
    expect(data.subscription).toMatchObject({
      id: 'sub-rest-1',
      customerId: 'cus-prov',
      planId: 'plan-revvenu-essentials',
      status: 'ACTIVE',
      addons: [{ id: 'addon-10-campaigns', quantity: 2 }],
      metadata: { source: 'rest' },
      coupons: [{ id: 'coupon-vip', name: 'VIP', status: 'ACTIVE', percentOff: 20 }],
      currentBillingPeriodEnd: '2026-01-01T00:00:01.000Z',
    });
    const campaigns = data.entitlements!.find((e) => e.type === 'FEATURE' && e.feature?.id === 'feature-02-campaigns');
    expect(campaigns).toMatchObject({ isGranted: true, usageLimit: 40, resetPeriod: 'MONTH', accessDeniedReason: null });
  });

  it('a plan with a trial starts IN_TRIAL and converts when the clock passes the trial end', async () => {
    const env = emulator.env();
    await newCustomer(env, 'cus-trial');
    const { data } = await env.stigg.v1.subscriptions.provision({ customerId: 'cus-trial', planId: 'plan-revvenu-growth', charges: [{ id: 'feature-01-templates', quantity: 4, type: 'FEATURE' }] });
    expect(data.subscription).toMatchObject({ status: 'IN_TRIAL', trial: { trialEndBehavior: 'CONVERT_TO_PAID' } });
    expect(data.subscription!.trialEndDate).toBe(data.subscription!.currentBillingPeriodEnd);
    const templates = data.entitlements!.find((e) => e.type === 'FEATURE' && e.feature?.id === 'feature-01-templates');
    expect(templates).toMatchObject({ usageLimit: 4 });
    await env.moveClock({ advance: 'P15D' });
    const after = await env.stigg.v1.subscriptions.retrieve(data.id);
    expect(after.data.status).toBe('ACTIVE');
  });

  it('answers PAYMENT_REQUIRED with a checkout when the environment requires a payment method', async () => {
    const env = emulator.env();
    await loadFixtures(env, 'billing: { requirePaymentMethod: true }\n');
    await newCustomer(env, 'cus-pay');
    const { data } = await env.stigg.v1.subscriptions.provision({ customerId: 'cus-pay', planId: 'plan-revvenu-essentials', billingPeriod: 'MONTHLY' });
    expect(data).toMatchObject({ status: 'PAYMENT_REQUIRED', subscription: null, entitlements: null });
    expect(data.checkoutUrl).toContain(`/_emulator/environments/${env.name}/checkouts/`);
    expect(data.checkoutBillingId).toBe(data.id);
    expect((await env.stigg.v1.subscriptions.list({ customerId: 'cus-pay' })).data).toEqual([]);
  });

  it('throws BadRequestError listing every invalid field', async () => {
    const env = emulator.env();
    const f = await failure(env.stigg.v1.subscriptions.provision({ planId: 7, billingPeriod: 'WEEKLY', addons: [{ id: 'x' }] } as never));
    expect(f.error).toBeInstanceOf(Stigg.BadRequestError);
    for (const field of ['body.customerId', 'body.planId', 'body.billingPeriod', 'body.addons.0.quantity']) expect(f.message).toContain(field);
  });

  it('throws NotFoundError for an unknown customer or plan', async () => {
    const env = emulator.env();
    const customer = await failure(env.stigg.v1.subscriptions.provision({ customerId: 'nobody', planId: 'plan-revvenu-basic' }));
    expect(customer.error).toBeInstanceOf(Stigg.NotFoundError);
    expect(customer.code).toBe('CustomerNotFound');
    const plan = await failure(env.stigg.v1.subscriptions.provision({ customerId: 'customer-test-id', planId: 'plan-nope' }));
    expect(plan.error).toBeInstanceOf(Stigg.NotFoundError);
    expect(plan.code).toBe('PlanNotFound');
  });

  it('throws UnprocessableEntityError for what the emulator does not model, and ConflictError for a taken id', async () => {
    const env = emulator.env();
    const overrides = await failure(env.stigg.v1.subscriptions.provision({ customerId: 'customer-test-id', planId: 'plan-revvenu-essentials', priceOverrides: [{ amount: 5, currency: 'usd' }] }));
    expect(overrides.error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(overrides.code).toBe('UnsupportedParameter');
    const credit = await failure(env.stigg.v1.subscriptions.provision({ customerId: 'customer-test-id', planId: 'plan-revvenu-basic', charges: [{ id: 'currency-api-credits', quantity: 5, type: 'CREDIT' }] }));
    expect(credit.code).toBe('UnsupportedParameter');
    const taken = await failure(env.stigg.v1.subscriptions.provision({ customerId: 'customer-test-id', planId: 'plan-revvenu-basic', id: GROWTH_01 }));
    expect(taken.error).toBeInstanceOf(Stigg.ConflictError);
    expect(taken.code).toBe('DuplicatedEntityNotAllowed');
  });
});

describe('v1.subscriptions.preview', () => {
  it("previews a new subscription's invoices without writing it", async () => {
    const env = await frozenEnv();
    await newCustomer(env, 'cus-preview');
    const { data } = await env.stigg.v1.subscriptions.preview({
      customerId: 'cus-preview',
      planId: 'plan-revvenu-essentials',
      billingPeriod: 'MONTHLY',
      addons: [{ id: 'addon-10-campaigns', quantity: 2 }],
      appliedCoupon: { couponId: 'coupon-vip' },
    });
    expect(data.immediateInvoice).toMatchObject({ subTotal: 30, discount: 6, total: 24, tax: 0, currency: 'USD', discountDetails: { percentage: 20 } });
    expect(data.immediateInvoice.discounts).toEqual([{ amount: 6, currency: 'USD', description: 'VIP' }]);
    expect(data.recurringInvoice).toMatchObject({ subTotal: 30, total: 24 });
    expect(data).toMatchObject({ isPlanDowngrade: false, hasScheduledUpdates: false, billingPeriodRange: { start: T0, end: '2025-02-01T00:00:01.000Z' } });
    expect((await env.stigg.v1.subscriptions.list({ customerId: 'cus-preview' })).data).toEqual([]);
  });

  it('throws BadRequestError for a missing plan, NotFoundError for an unknown add-on', async () => {
    const env = emulator.env();
    const bad = await failure(env.stigg.v1.subscriptions.preview({ customerId: 'customer-test-id' } as never));
    expect(bad.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(bad.message).toContain('body.planId');
    const addon = await failure(env.stigg.v1.subscriptions.preview({ customerId: 'customer-test-id', planId: 'plan-revvenu-essentials', addons: [{ id: 'addon-nope', quantity: 1 }] }));
    expect(addon.error).toBeInstanceOf(Stigg.NotFoundError);
    expect(addon.code).toBe('AddonNotFound');
  });
});

describe('v1.subscriptions.update', () => {
  it('changes add-ons and metadata at once', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.subscriptions.update(ESSENTIALS_02, { addons: [{ id: 'addon-revvenu-extra-campaigns', quantity: 3 }], metadata: { tier: 'gold' } });
    expect(data).toMatchObject({ id: ESSENTIALS_02, addons: [{ id: 'addon-revvenu-extra-campaigns', quantity: 3 }], metadata: { tier: 'gold' }, futureUpdates: [] });
  });

  it('schedules a change for the end of the billing period, applied when the clock gets there', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.subscriptions.update(ESSENTIALS_02, { billingPeriod: 'ANNUALLY', scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect(data.futureUpdates).toEqual([
      { scheduledExecutionTime: '2025-02-01T00:00:00.000Z', scheduleStatus: 'SCHEDULED', subscriptionScheduleType: 'BILLING_PERIOD', targetPackage: null },
    ]);
    await env.moveClock({ advance: 'P32D' });
    const after = await env.stigg.v1.subscriptions.retrieve(ESSENTIALS_02);
    // now billed annually: the period counts from the subscription's start
    expect(after.data).toMatchObject({ futureUpdates: [], currentBillingPeriodStart: '2025-01-01T00:00:00.000Z', currentBillingPeriodEnd: '2026-01-01T00:00:00.000Z' });
  });

  it('throws NotFoundError, BadRequestError and UnprocessableEntityError', async () => {
    const env = emulator.env();
    expect((await failure(env.stigg.v1.subscriptions.update('nope', { metadata: {} }))).error).toBeInstanceOf(Stigg.NotFoundError);
    const bad = await failure(env.stigg.v1.subscriptions.update(ESSENTIALS_02, { addons: [{ id: 'a', quantity: 0 }], trialEndDate: 'tomorrow' }));
    expect(bad.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(bad.message).toContain('body.addons.0.quantity');
    expect(bad.message).toContain('body.trialEndDate');
    await env.stigg.v1.subscriptions.cancel(ESSENTIALS_02, { cancellationTime: 'IMMEDIATE' });
    const ended = await failure(env.stigg.v1.subscriptions.update(ESSENTIALS_02, { metadata: { a: 'b' } }));
    expect(ended.error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(ended.code).toBe('InvalidSubscriptionStatus');
  });
});

describe('v1.subscriptions.cancel', () => {
  it('cancels at the end of the billing period, or now', async () => {
    const env = emulator.env();
    const later = await env.stigg.v1.subscriptions.cancel(ESSENTIALS_02, { cancellationTime: 'END_OF_BILLING_PERIOD' });
    expect(later.data).toMatchObject({ status: 'ACTIVE', endDate: '2025-02-01T00:00:00.000Z', cancellationDate: expect.any(String) });
    const now = await env.stigg.v1.subscriptions.cancel(GROWTH_01, { cancellationTime: 'IMMEDIATE' });
    expect(now.data).toMatchObject({ status: 'CANCELED', cancelReason: 'Immediate' });
  });

  it('throws NotFoundError for an unknown id and BadRequestError for an unknown time', async () => {
    const env = emulator.env();
    expect((await failure(env.stigg.v1.subscriptions.cancel('nope', {}))).code).toBe('SubscriptionNotFound');
    const bad = await failure(env.stigg.v1.subscriptions.cancel(GROWTH_01, { cancellationTime: 'TOMORROW' as 'IMMEDIATE' }));
    expect(bad.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(bad.message).toContain('body.cancellationTime');
  });
});

describe('v1.subscriptions.delegate', () => {
  it('moves the subscription to another customer; the payer stays', async () => {
    const env = emulator.env();
    await newCustomer(env, 'cus-delegate');
    const { data } = await env.stigg.v1.subscriptions.delegate(ESSENTIALS_02, { targetCustomerId: 'cus-delegate' });
    expect(data).toMatchObject({ id: ESSENTIALS_02, customerId: 'cus-delegate', payingCustomerId: 'customer-demo-02' });
  });

  it('throws NotFoundError for an unknown customer, BadRequestError without one', async () => {
    const env = emulator.env();
    const unknown = await failure(env.stigg.v1.subscriptions.delegate(ESSENTIALS_02, { targetCustomerId: 'nobody' }));
    expect(unknown.error).toBeInstanceOf(Stigg.NotFoundError);
    expect(unknown.code).toBe('CustomerNotFound');
    const missing = await failure(env.stigg.v1.subscriptions.delegate(ESSENTIALS_02, {} as never));
    expect(missing.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(missing.message).toContain('body.targetCustomerId');
  });
});

describe('v1.subscriptions.migrate', () => {
  it("migrates to the plan's latest version now, or schedules it", async () => {
    const env = await frozenEnv();
    await loadFixtures(env, MULTI);
    await newCustomer(env, 'cus-mig');
    const a = await env.stigg.v1.subscriptions.provision({ customerId: 'cus-mig', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY', resourceId: 'site-1', id: 'sub-mig-a' });
    const b = await env.stigg.v1.subscriptions.provision({ customerId: 'cus-mig', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY', resourceId: 'site-2', id: 'sub-mig-b' });
    expect([a.data.status, b.data.status]).toEqual(['SUCCESS', 'SUCCESS']);
    await loadFixtures(env, MULTI_V2);
    const now = await env.stigg.v1.subscriptions.migrate('sub-mig-a', { subscriptionMigrationTime: 'IMMEDIATE' });
    expect(now.data).toMatchObject({ id: 'sub-mig-a', futureUpdates: [] });
    const later = await env.stigg.v1.subscriptions.migrate('sub-mig-b', { subscriptionMigrationTime: 'END_OF_BILLING_PERIOD' });
    expect(later.data.futureUpdates).toEqual([
      { scheduledExecutionTime: '2025-02-01T00:00:01.000Z', scheduleStatus: 'SCHEDULED', subscriptionScheduleType: 'MIGRATE_TO_LATEST', targetPackage: { id: 'plan-rest-pro' } },
    ]);
    const again = await failure(env.stigg.v1.subscriptions.migrate('sub-mig-a', {}));
    expect(again.error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(again.code).toBe('SubscriptionAlreadyOnLatestPlanError');
  });

  it('throws NotFoundError for an unknown id and BadRequestError for an unknown time', async () => {
    const env = emulator.env();
    expect((await failure(env.stigg.v1.subscriptions.migrate('nope', {}))).error).toBeInstanceOf(Stigg.NotFoundError);
    const bad = await failure(env.stigg.v1.subscriptions.migrate(GROWTH_01, { subscriptionMigrationTime: 'SOON' as 'IMMEDIATE' }));
    expect(bad.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(bad.message).toContain('body.subscriptionMigrationTime');
  });
});

describe('v1.subscriptions.transfer', () => {
  it('moves a subscription to another resource of its customer', async () => {
    const env = await frozenEnv();
    await loadFixtures(env, MULTI);
    await newCustomer(env, 'cus-transfer');
    await env.stigg.v1.subscriptions.provision({ customerId: 'cus-transfer', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY', resourceId: 'site-1', id: 'sub-tr' });
    const { data } = await env.stigg.v1.subscriptions.transfer('sub-tr', { destinationResourceId: 'site-2' });
    expect(data).toMatchObject({ id: 'sub-tr', resourceId: 'site-2', status: 'ACTIVE' });
    expect((await env.stigg.v1.subscriptions.list({ resourceId: 'site-2' })).data.map((s) => s.id)).toEqual(['sub-tr']);
  });

  it('throws NotFoundError, BadRequestError, and UnprocessableEntityError onto an occupied resource', async () => {
    const env = await frozenEnv();
    await loadFixtures(env, MULTI);
    await newCustomer(env, 'cus-transfer');
    await env.stigg.v1.subscriptions.provision({ customerId: 'cus-transfer', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY', resourceId: 'site-1', id: 'sub-1' });
    await env.stigg.v1.subscriptions.provision({ customerId: 'cus-transfer', planId: 'plan-rest-pro', billingPeriod: 'MONTHLY', resourceId: 'site-2', id: 'sub-2' });
    expect((await failure(env.stigg.v1.subscriptions.transfer('nope', { destinationResourceId: 'x' }))).error).toBeInstanceOf(Stigg.NotFoundError);
    const bad = await failure(env.stigg.v1.subscriptions.transfer('sub-1', { destinationResourceId: '' }));
    expect(bad.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(bad.message).toContain('body.destinationResourceId');
    const occupied = await failure(env.stigg.v1.subscriptions.transfer('sub-1', { destinationResourceId: 'site-2' }));
    expect(occupied.error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(occupied.code).toBe('TooManySubscriptionsPerCustomer');
  });
});

describe('v1.subscriptions.import', () => {
  it('imports subscriptions at once and answers a task id', async () => {
    const env = await frozenEnv();
    await newCustomer(env, 'cus-imp-1');
    await newCustomer(env, 'cus-imp-2');
    const { data } = await env.stigg.v1.subscriptions.import({
      subscriptions: [
        { id: 'sub-imp-1', customerId: 'cus-imp-1', planId: 'plan-revvenu-essentials', billingPeriod: 'MONTHLY', startDate: '2024-12-01T00:00:00Z', metadata: { from: 'legacy' } },
        { id: 'sub-imp-2', customerId: 'cus-imp-2', planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY', charges: [{ id: 'feature-01-templates', quantity: 7, type: 'FEATURE' }] },
      ],
    });
    expect(data.taskId).toMatch(/^task-/);
    const one = await env.stigg.v1.subscriptions.retrieve('sub-imp-1');
    expect(one.data).toMatchObject({ customerId: 'cus-imp-1', status: 'ACTIVE', startDate: '2024-12-01T00:00:00.000Z', metadata: { from: 'legacy' } });
    // an import starts no trial
    expect((await env.stigg.v1.subscriptions.retrieve('sub-imp-2')).data).toMatchObject({ status: 'ACTIVE', trialEndDate: null });
  });

  it('is all or nothing: BadRequestError for an empty list, NotFoundError for an unknown customer', async () => {
    const env = emulator.env();
    const empty = await failure(env.stigg.v1.subscriptions.import({ subscriptions: [] }));
    expect(empty.error).toBeInstanceOf(Stigg.BadRequestError);
    expect(empty.message).toContain('body.subscriptions');
    await newCustomer(env, 'cus-imp-3');
    const unknown = await failure(
      env.stigg.v1.subscriptions.import({
        subscriptions: [
          { id: 'sub-imp-3', customerId: 'cus-imp-3', planId: 'plan-revvenu-basic' },
          { id: 'sub-imp-4', customerId: 'nobody', planId: 'plan-revvenu-basic' },
        ],
      }),
    );
    expect(unknown.error).toBeInstanceOf(Stigg.NotFoundError);
    expect((await failure(env.stigg.v1.subscriptions.retrieve('sub-imp-3'))).code).toBe('SubscriptionNotFound');
  });
});

describe('v1.subscriptions.futureUpdate.cancelSchedule', () => {
  it("cancels a subscription's scheduled change", async () => {
    const env = emulator.env();
    await env.stigg.v1.subscriptions.update(GROWTH_01, { addons: [{ id: 'addon-10-campaigns', quantity: 1 }], scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    expect((await env.stigg.v1.subscriptions.retrieve(GROWTH_01)).data.futureUpdates).toHaveLength(1);
    const { data } = await env.stigg.v1.subscriptions.futureUpdate.cancelSchedule(GROWTH_01);
    expect(data).toEqual({ id: GROWTH_01 });
    expect((await env.stigg.v1.subscriptions.retrieve(GROWTH_01)).data.futureUpdates).toEqual([]);
    await env.moveClock({ advance: 'P32D' });
    expect((await env.stigg.v1.subscriptions.retrieve(GROWTH_01)).data.addons).toEqual([{ id: 'addon-10-campaigns', quantity: 3 }]);
  });

  it('throws UnprocessableEntityError (FutureUpdateNotFound) without one, NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    const none = await failure(env.stigg.v1.subscriptions.futureUpdate.cancelSchedule(GROWTH_01));
    expect(none.error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(none.code).toBe('FutureUpdateNotFound');
    expect((await failure(env.stigg.v1.subscriptions.futureUpdate.cancelSchedule('nope'))).error).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.subscriptions.futureUpdate.cancelPendingPayment', () => {
  it('throws UnprocessableEntityError (FutureUpdateNotFound): no update of the emulator awaits payment', async () => {
    const env = emulator.env();
    await env.stigg.v1.subscriptions.update(GROWTH_01, { addons: [{ id: 'addon-10-campaigns', quantity: 1 }], scheduleStrategy: 'END_OF_BILLING_PERIOD' });
    const f = await failure(env.stigg.v1.subscriptions.futureUpdate.cancelPendingPayment(GROWTH_01));
    expect(f.error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(f.code).toBe('FutureUpdateNotFound');
    // the scheduled (not pending-payment) change is left alone
    expect((await env.stigg.v1.subscriptions.retrieve(GROWTH_01)).data.futureUpdates).toHaveLength(1);
    expect((await failure(env.stigg.v1.subscriptions.futureUpdate.cancelPendingPayment('nope'))).error).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.subscriptions methods the emulator does not serve', () => {
  it('answer 501 NotSupportedByEmulator naming the operation', async () => {
    const env = emulator.env();
    const calls: [string, string, string][] = [
      ['v1.subscriptions.usage.chargeUsage', 'POST', `/api/v1/subscriptions/${GROWTH_01}/usage/charge`],
      ['v1.subscriptions.usage.sync', 'POST', `/api/v1/subscriptions/${GROWTH_01}/usage/sync`],
      ['v1.subscriptions.invoice.markAsPaid', 'POST', `/api/v1/subscriptions/${GROWTH_01}/invoice/paid`],
    ];
    for (const [operation, method, path] of calls) {
      const res = await env.fetch(method, path, {});
      expect(res.status).toBe(501);
      expect(res.body.error.code).toBe('NotSupportedByEmulator');
      expect(res.body.error.message).toContain(operation);
    }
    const viaSdk = await failure(env.stigg.v1.subscriptions.usage.sync(GROWTH_01));
    expect(viaSdk.status).toBe(501);
  });
});

describe('subscriptions agree across REST, GraphQL and the Node server SDK', () => {
  const GET = `query($input: GetSubscriptionInput!) { getSubscription(input: $input) {
    subscriptionId status customerId billingPeriod resourceId additionalMetaData plan { refId } addons { addon { refId } quantity } } }`;

  it('a subscription provisioned and updated through REST reads the same through GraphQL and the Node SDK', async () => {
    const env = emulator.env();
    await newCustomer(env, 'cus-agree');
    await env.stigg.v1.subscriptions.provision({ customerId: 'cus-agree', planId: 'plan-revvenu-essentials', id: 'sub-agree', billingPeriod: 'MONTHLY', metadata: { k: 'v' } });
    await env.stigg.v1.subscriptions.update('sub-agree', { addons: [{ id: 'addon-10-campaigns', quantity: 2 }] });
    const gql = await env.graphql(GET, { input: { subscriptionId: 'sub-agree' } });
    expect(gql.errors).toBeUndefined();
    expect(gql.data.getSubscription).toEqual({
      subscriptionId: 'sub-agree',
      status: 'ACTIVE',
      customerId: 'cus-agree',
      billingPeriod: 'MONTHLY',
      resourceId: null,
      additionalMetaData: { k: 'v' },
      plan: { refId: 'plan-revvenu-essentials' },
      addons: [{ addon: { refId: 'addon-10-campaigns' }, quantity: 2 }],
    });
    const node = NodeStigg.initialize({ apiKey: env.key, baseUri: emulator.url(), realtimeUpdatesEnabled: false, enableEdge: false });
    try {
      await node.waitForInitialization();
      const sub = await node.getSubscription({ subscriptionId: 'sub-agree' });
      expect(sub).toMatchObject({ id: 'sub-agree', status: 'ACTIVE', plan: { id: 'plan-revvenu-essentials' }, metadata: { k: 'v' } });
      expect(sub.addons.map((a) => [a.addon.id, a.quantity])).toEqual([['addon-10-campaigns', 2]]);
      const active = await node.getActiveSubscriptions({ customerId: 'cus-agree' });
      expect(active.map((s) => s.id)).toEqual(['sub-agree']);
    } finally {
      await node.close();
    }
  });

  it('a subscription provisioned through the Node SDK and cancelled through GraphQL reads the same through REST', async () => {
    const env = await frozenEnv();
    await newCustomer(env, 'cus-agree-2');
    const node = NodeStigg.initialize({ apiKey: env.key, baseUri: emulator.url(), realtimeUpdatesEnabled: false, enableEdge: false });
    let id = '';
    try {
      await node.waitForInitialization();
      const provisioned = await node.provisionSubscription({
        customerId: 'cus-agree-2',
        planId: 'plan-revvenu-essentials',
        billingPeriod: BillingPeriod.Monthly,
        addons: [{ addonId: 'addon-revvenu-extra-campaigns', quantity: 2 }],
      });
      expect(provisioned.provisionStatus).toBe('SUCCESS');
      id = provisioned.subscription!.id;
    } finally {
      await node.close();
    }
    const cancelled = await env.graphql('mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { subscriptionId status } }', {
      input: { subscriptionRefId: id, subscriptionCancellationTime: 'END_OF_BILLING_PERIOD' },
    });
    expect(cancelled.errors).toBeUndefined();
    const { data } = await env.stigg.v1.subscriptions.retrieve(id);
    expect(data).toMatchObject({
      id,
      customerId: 'cus-agree-2',
      planId: 'plan-revvenu-essentials',
      status: 'ACTIVE',
      addons: [{ id: 'addon-revvenu-extra-campaigns', quantity: 2 }],
      endDate: '2025-02-01T00:00:01.000Z',
    });
    expect((await env.stigg.v1.subscriptions.list({ customerId: 'cus-agree-2' })).data.map((s) => s.id)).toEqual([id]);
  });
});
