/**
 * Catalog reads over GraphQL, sent as the official clients send them (their own GetProducts,
 * GetCoupons, GetSdkConfiguration and GetPaywall documents), against the built-in demo seed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { DEMO_FIXTURES_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, START, testEmulator } from '../support/emulator.js';

const doc = (client: Client, name: 'GetProducts' | 'GetCoupons' | 'GetSdkConfiguration' | 'GetPaywall'): string => clientOperation(client, name);

const CLIENTS: Client[] = ['node', 'node-4', 'go', 'python', 'browser'];
/** the browser SDK does not list products */
const WITH_PRODUCTS: Client[] = ['node', 'node-4', 'go', 'python'];

let emu: Emulator;
/** the demo seed plus the example scenarios (a second product, with a customer in trial) */
let withExamples: Emulator;
beforeAll(() => {
  emu = testEmulator();
  withExamples = testEmulator({ fixtures: [DEMO_FIXTURES_DIR, join(PACKAGE_ROOT, 'fixtures', 'examples')] });
});
afterAll(async () => {
  await emu.close();
  await withExamples.close();
});

const templates = { refId: 'feature-01-templates', displayName: 'Templates', featureUnits: 'template', featureUnitsPlural: 'templates' };

describe.each(CLIENTS)('GetSdkConfiguration (%s client)', (client) => {
  it('answers no Sentry DSN and no watermark', async () => {
    const res = await gql(emu, newEnvironment().serverKey, doc(client, 'GetSdkConfiguration'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.sdkConfiguration).toMatchObject({ sentryDsn: null, isWidgetWatermarkEnabled: false });
  });

  it('is allowed with a client key', async () => {
    const res = await gql(emu, newEnvironment().clientKey, doc(client, 'GetSdkConfiguration'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.sdkConfiguration.sentryDsn).toBeNull();
  });
});

describe.each(WITH_PRODUCTS)('GetProducts (%s client)', (client) => {
  it('lists product-revvenu with its downgrade plan', async () => {
    const res = await gql(emu, newEnvironment().serverKey, doc(client, 'GetProducts'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.products.edges).toEqual([
      {
        node: expect.objectContaining({
          refId: 'product-revvenu',
          displayName: 'Revvenu',
          description: 'Email campaigns for growing teams',
          additionalMetaData: null,
          productSettings: { downgradePlan: { refId: 'plan-revvenu-basic', displayName: 'Basic' } },
        }),
      },
    ]);
  });
});

describe.each(CLIENTS)('GetCoupons (%s client)', (client) => {
  it('lists the active coupons, not the archived one', async () => {
    const res = await gql(emu, newEnvironment().serverKey, doc(client, 'GetCoupons'));
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.coupons.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.refId)).toEqual(['coupon-vip', 'coupon-id', 'coupon-10-usd-off']);
    expect(nodes[0]).toMatchObject({
      id: 'coupon-vip',
      refId: 'coupon-vip',
      name: 'VIP',
      description: null,
      type: 'PERCENTAGE',
      discountValue: 20,
      percentOff: 20,
      amountsOff: null,
      additionalMetaData: null,
      billingId: null,
      billingLinkUrl: null,
      status: 'ACTIVE',
    });
    expect(Date.parse(nodes[0].createdAt)).toBe(START.getTime());
    expect(nodes[2]).toMatchObject({ type: 'FIXED', discountValue: 10, percentOff: null, amountsOff: [{ amount: 10, currency: 'USD' }] });
  });

  it('is allowed with a client key', async () => {
    const res = await gql(emu, newEnvironment().clientKey, doc(client, 'GetCoupons'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.coupons.edges).toHaveLength(3);
  });
});

describe.each(CLIENTS)('GetPaywall (%s client)', (client) => {
  const paywall = async (input: Record<string, unknown>, key = newEnvironment().serverKey) => gql(emu, key, doc(client, 'GetPaywall'), { input });

  it('answers the plans of the product in catalog order with prices, entitlements and add-ons', async () => {
    const res = await paywall({ productId: 'product-revvenu' });
    expect(res.errors).toBeUndefined();
    const p = res.data!.paywall;
    expect(p.plans.map((x: any) => x.refId)).toEqual(['plan-revvenu-basic', 'plan-revvenu-essentials', 'plan-revvenu-growth']);
    expect(p.customer).toBeNull();
    expect(p.activeSubscriptions).toBeNull();
    expect(p.resource).toBeNull();
    expect(p.currency).toEqual({ code: 'USD', symbol: '$' });

    const [basic, essentials, growth] = p.plans;
    expect(basic).toMatchObject({
      id: 'plan-revvenu-basic',
      displayName: 'Basic',
      pricingType: 'FREE',
      versionNumber: 1,
      basePlan: null,
      prices: [],
      inheritedEntitlements: [],
      defaultTrialConfig: null,
      product: { refId: 'product-revvenu', productSettings: { downgradePlan: { refId: 'plan-revvenu-basic' } } },
    });
    expect(basic.entitlements.map((e: any) => [e.feature.refId, e.usageLimit])).toEqual([
      ['feature-01-templates', 3],
      ['feature-02-campaigns', 6],
      ['feature-06-active-users', 100],
      ['feature-05-support', null],
      ['feature-07-max-file-size', 10],
    ]);
    expect(basic.entitlements[4]).toMatchObject({ feature: { featureType: 'NUMBER', meterType: 'None' } });
    expect(basic.entitlements[0]).toMatchObject({ featureId: 'feature-01-templates', hasUnlimitedUsage: false, hasSoftLimit: false, feature: { featureType: 'NUMBER', meterType: 'Fluctuating', ...templates } });
    if (client !== 'browser') expect(basic.entitlements[0].isGranted).toBe(true);
    expect(basic.entitlements[1]).toMatchObject({ resetPeriod: 'MONTH', feature: { meterType: 'Incremental' } });
    expect(basic.entitlements[3]).toMatchObject({ feature: { featureType: 'ENUM' } });
    if (client !== 'browser') expect(basic.entitlements[3].enumValues).toEqual(['email']);

    expect(essentials).toMatchObject({ pricingType: 'PAID', basePlan: { refId: 'plan-revvenu-basic', displayName: 'Basic' } });
    expect(essentials.prices.map((x: any) => [x.billingModel, x.billingPeriod, x.billingCadence, x.price.amount, x.price.currency, x.feature])).toEqual([
      ['FLAT_FEE', 'MONTHLY', 'RECURRING', 20, 'USD', null],
      ['FLAT_FEE', 'ANNUALLY', 'RECURRING', 200, 'USD', null],
    ]);
    // inherited: basic's entitlements that essentials does not define itself
    expect(essentials.inheritedEntitlements.map((e: any) => [e.feature.refId, e.usageLimit])).toEqual([
      ['feature-06-active-users', 100],
      ['feature-05-support', null],
    ]);
    expect(essentials.entitlements.map((e: any) => [e.feature.refId, e.usageLimit])).toEqual([
      ['feature-03-custom-domain', null],
      ['feature-01-templates', 10],
      ['feature-02-campaigns', 20],
      ['feature-seats', 5],
      ['feature-07-max-file-size', 100],
    ]);

    expect(growth).toMatchObject({
      pricingType: 'PAID',
      basePlan: { refId: 'plan-revvenu-essentials' },
      defaultTrialConfig: { duration: 14, units: 'DAY', trialEndBehavior: 'CONVERT_TO_PAID' },
    });
    expect(growth.prices[0]).toMatchObject({ billingModel: 'PER_UNIT', billingPeriod: 'MONTHLY', minUnitQuantity: 1, price: { amount: 1, currency: 'USD' }, feature: templates });
    // the whole chain, nearer plans winning: essentials' custom domain and templates, basic's nothing left
    expect(growth.inheritedEntitlements.map((e: any) => [e.feature.refId, e.usageLimit])).toEqual([
      ['feature-03-custom-domain', null],
      ['feature-01-templates', 10],
    ]);
    expect(growth.entitlements.find((e: any) => e.feature.refId === 'feature-06-active-users')).toMatchObject({ hasUnlimitedUsage: true, usageLimit: null });
    expect(growth.compatibleAddons.map((a: any) => a.refId)).toEqual(['addon-10-campaigns', 'addon-revvenu-extra-campaigns', 'addon-extra-stuff']);
    expect(growth.compatibleAddons[0]).toMatchObject({
      id: 'addon-10-campaigns',
      displayName: '10 campaigns',
      pricingType: 'PAID',
      maxQuantity: 10,
      dependencies: [],
      prices: [expect.objectContaining({ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', price: { amount: 5, currency: 'USD' } }), expect.objectContaining({ billingPeriod: 'ANNUALLY' })],
      entitlements: [expect.objectContaining({ featureId: 'feature-02-campaigns', usageLimit: 10 })],
    });

    expect(p.paywallCalculatedPricePoints.map((x: any) => [x.planId, x.billingPeriod, x.amount, x.currency, x.feature?.refId ?? null])).toEqual([
      ['plan-revvenu-essentials', 'MONTHLY', 20, 'USD', null],
      ['plan-revvenu-essentials', 'ANNUALLY', 200, 'USD', null],
      ['plan-revvenu-growth', 'MONTHLY', 1, 'USD', 'feature-01-templates'],
      ['plan-revvenu-growth', 'ANNUALLY', 10, 'USD', 'feature-01-templates'],
    ]);
  });

  // 3 templates bought ($1 each) + 3 x addon-10-campaigns ($5 each): 18; the docs' update example
  // (quantity 2) then gives their total of 17
  it('with a customer: the customer and its active subscription, priced as in the docs', async () => {
    const res = await paywall({ productId: 'product-revvenu', customerId: 'customer-demo-01' });
    expect(res.errors).toBeUndefined();
    const p = res.data!.paywall;
    expect(p.customer).toMatchObject({ id: 'customer-demo-01', refId: 'customer-demo-01', email: 'user@example.com' });
    expect(p.activeSubscriptions).toHaveLength(1);
    const sub = p.activeSubscriptions[0];
    expect(sub).toMatchObject({
      id: 'subscription-plan-revvenu-growth-589879',
      subscriptionId: 'subscription-plan-revvenu-growth-589879',
      refId: 'subscription-plan-revvenu-growth-589879',
      status: 'ACTIVE',
      pricingType: 'PAID',
      startDate: START.toISOString(),
      endDate: null,
      trialEndDate: null,
      cancellationDate: null,
      effectiveEndDate: null,
      currentBillingPeriodEnd: '2025-02-01T00:00:00.000Z',
      paymentCollection: 'NOT_REQUIRED',
      payingCustomer: null,
      resource: null,
      latestInvoice: null,
      scheduledUpdates: [],
      futureUpdates: [],
      trialConfiguration: null,
      plan: { refId: 'plan-revvenu-growth' },
      totalPrice: { subTotal: { amount: 18, currency: 'USD' }, total: { amount: 18, currency: 'USD' } },
    });
    expect(sub.prices).toEqual([
      { usageLimit: 3, price: expect.objectContaining({ billingModel: 'PER_UNIT', billingPeriod: 'MONTHLY', price: { amount: 1, currency: 'USD' } }) },
    ]);
    expect(sub.addons).toEqual([expect.objectContaining({ quantity: 3, addon: expect.objectContaining({ refId: 'addon-10-campaigns' }) })]);
  });

  it('with a client key', async () => {
    const res = await paywall({ productId: 'product-revvenu', customerId: 'customer-id' }, newEnvironment().clientKey);
    expect(res.errors).toBeUndefined();
    expect(res.data!.paywall.activeSubscriptions.map((s: any) => [s.refId, s.pricingType, s.totalPrice])).toEqual([
      ['subscription-plan-revvenu-basic-169747', 'FREE', null],
    ]);
  });

  it('an unknown customer answers CustomerNotFound, an unknown product ProductNotFoundError', async () => {
    expect(codeOf(await paywall({ productId: 'product-revvenu', customerId: 'customer-nobody' }))).toBe('CustomerNotFound');
    expect(codeOf(await paywall({ productId: 'product-nope' }))).toBe('ProductNotFoundError');
  });
});

describe('paywall without a product', () => {
  it('answers the plans of every product in catalog order', async () => {
    const res = await gql(withExamples, newEnvironment().serverKey, clientOperation('node', 'GetPaywall'), { input: {} });
    expect(res.errors).toBeUndefined();
    expect(res.data!.paywall.plans.map((p: any) => p.refId)).toEqual([
      'plan-revvenu-basic',
      'plan-revvenu-essentials',
      'plan-revvenu-growth',
      'plan-notes-free',
      'plan-notes-pro',
    ]);
  });
});

describe('CustomerSubscription', () => {
  const SUB = `query($input: GetPaywallInput!) { paywall(input: $input) { activeSubscriptions {
    refId status startDate trialEndDate billingPeriod currentBillingPeriodStart currentBillingPeriodEnd
    trialConfiguration { trialEndBehavior } totalPrice { subTotal { amount currency } addonsTotal { amount } }
    customer { refId } plan { refId } pricingType isCustomPriceSubscription wasInTrial
  } } }`;

  it('a trial: in trial until the trial end, which ends the current period; its trial-end behaviour', async () => {
    const res = await gql(withExamples, newEnvironment().serverKey, SUB, { input: { productId: 'product-notes', customerId: 'customer-notes-trialist' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.paywall.activeSubscriptions).toEqual([
      {
        refId: 'subscription-customer-notes-trialist-1',
        status: 'IN_TRIAL',
        startDate: START.toISOString(),
        trialEndDate: '2025-01-08T00:00:00.000Z',
        billingPeriod: 'MONTHLY',
        currentBillingPeriodStart: START.toISOString(),
        currentBillingPeriodEnd: '2025-01-08T00:00:00.000Z',
        trialConfiguration: { trialEndBehavior: 'CANCEL_SUBSCRIPTION' },
        totalPrice: { subTotal: { amount: 8, currency: 'USD' }, addonsTotal: { amount: 0 } },
        customer: { refId: 'customer-notes-trialist' },
        plan: { refId: 'plan-notes-pro' },
        pricingType: 'PAID',
        isCustomPriceSubscription: false,
        wasInTrial: true,
      },
    ]);
  });

  it('per-unit quantity and add-ons make the total (customer-id2: 5 templates, one add-on)', async () => {
    const res = await gql(emu, newEnvironment().serverKey, SUB, { input: { productId: 'product-revvenu', customerId: 'customer-id2' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.paywall.activeSubscriptions[0]).toMatchObject({
      refId: 'subscription-plan-revvenu-growth-dfe598',
      totalPrice: { subTotal: { amount: 10, currency: 'USD' }, addonsTotal: { amount: 5 } },
    });
  });
});

describe('products and coupons: filter, paging, sorting', () => {
  const PRODUCTS = `query($filter: ProductFilter, $paging: CursorPaging, $sorting: [ProductSort!]) {
    products(filter: $filter, paging: $paging, sorting: $sorting) {
      totalCount pageInfo { startCursor endCursor hasNextPage hasPreviousPage } edges { cursor node { refId } }
    } }`;
  const COUPONS = `query($filter: CouponFilter, $paging: CursorPaging, $sorting: [CouponSort!]) {
    coupons(filter: $filter, paging: $paging, sorting: $sorting) { totalCount pageInfo { hasNextPage } edges { node { refId status } } } }`;
  const refIds = (res: any, field: string) => res.data[field].edges.map((e: any) => e.node.refId);

  it('products: by refId or id, eq and in', async () => {
    const key = newEnvironment().serverKey;
    expect(refIds(await gql(withExamples, key, PRODUCTS, { filter: { refId: { eq: 'product-notes' } } }), 'products')).toEqual(['product-notes']);
    expect(refIds(await gql(withExamples, key, PRODUCTS, { filter: { id: { in: ['product-revvenu', 'product-x'] } } }), 'products')).toEqual(['product-revvenu']);
    const none = await gql(withExamples, key, PRODUCTS, { filter: { refId: { eq: 'product-x' } } });
    expect(none.data!.products).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, startCursor: null } });
  });

  it('products: pages with cursors and sorts', async () => {
    const key = newEnvironment().serverKey;
    const sorting = [{ field: 'refId', direction: 'ASC' }];
    const first = await gql(withExamples, key, PRODUCTS, { paging: { first: 1 }, sorting });
    expect(first.errors).toBeUndefined();
    expect(first.data!.products).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect(refIds(first, 'products')).toEqual(['product-notes']);
    const next = await gql(withExamples, key, PRODUCTS, { paging: { first: 1, after: first.data!.products.pageInfo.endCursor }, sorting });
    expect(refIds(next, 'products')).toEqual(['product-revvenu']);
    expect(next.data!.products.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const desc = await gql(withExamples, key, PRODUCTS, { sorting: [{ field: 'refId', direction: 'DESC' }] });
    expect(refIds(desc, 'products')).toEqual(['product-revvenu', 'product-notes']);
    expect(codeOf(await gql(withExamples, key, PRODUCTS, { paging: { after: 'garbage' } }))).toBe('BadUserInput');
  });

  it('coupons: every status by default, filter by status and refId, page', async () => {
    const key = newEnvironment().serverKey;
    const all = await gql(emu, key, COUPONS, {});
    expect(all.errors).toBeUndefined();
    expect(all.data!.coupons.totalCount).toBe(4);
    expect(refIds(await gql(emu, key, COUPONS, { filter: { status: { eq: 'ARCHIVED' } } }), 'coupons')).toEqual(['coupon-summer-archived']);
    expect(refIds(await gql(emu, key, COUPONS, { filter: { status: { in: ['ACTIVE'] }, refId: { in: ['coupon-vip', 'coupon-summer-archived'] } } }), 'coupons')).toEqual(['coupon-vip']);
    const page = await gql(emu, key, COUPONS, { paging: { first: 2 } });
    expect(page.data!.coupons).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(page.data!.coupons.edges).toHaveLength(2);
  });
});

describe.each(['node', 'go', 'python'] as Client[])('catalog types seen through a customer (%s client GetCustomerById)', (client) => {
  it('subscriptions in full, and promotional entitlements with their feature', async () => {
    const { id, serverKey } = newEnvironment();
    const loaded = await rest(
      emu,
      'POST',
      `/_emulator/environments/${id}/fixtures`,
      [
        'customers:',
        '  - id: customer-promo',
        '    subscriptions: [ { planId: plan-revvenu-essentials, billingPeriod: ANNUALLY, addons: [ { addonId: addon-revvenu-extra-campaigns, quantity: 2 } ] } ]',
        '    promotionalEntitlements:',
        '      - { featureId: feature-04-analytics, period: ONE_MONTH }',
        '      - { featureId: feature-03-memory, period: LIFETIME, usageLimit: 100 }',
      ].join('\n'),
      { 'content-type': 'application/yaml' },
    );
    expect(loaded.status).toBe(200);
    const res = await gql(emu, serverKey, clientOperation(client, 'GetCustomerById'), { input: { customerId: 'customer-promo' } });
    expect(res.errors).toBeUndefined();
    const customer = res.data!.getCustomerByRefId;
    const promos = Object.fromEntries(customer.promotionalEntitlements.map((p: any) => [p.featureId, p]));
    expect(promos['feature-04-analytics']).toMatchObject({ status: 'Active', hasUnlimitedUsage: false, isVisible: true, feature: { refId: 'feature-04-analytics', featureType: 'BOOLEAN', displayName: 'Analytics' } });
    expect(promos['feature-04-analytics'].endDate).toMatch(/^2025-02-01T/);
    expect(promos['feature-03-memory']).toMatchObject({ status: 'Active', usageLimit: 100, endDate: null, feature: { refId: 'feature-03-memory', featureUnits: 'GB' } });

    expect(customer.subscriptions).toHaveLength(1);
    expect(customer.subscriptions[0]).toMatchObject({
      status: 'ACTIVE',
      pricingType: 'PAID',
      currentBillingPeriodEnd: expect.stringMatching(/^2026-01-01T/),
      plan: { refId: 'plan-revvenu-essentials', inheritedEntitlements: expect.any(Array) },
      // $200 a year, plus 2 x $40 a year
      totalPrice: { subTotal: { amount: 280, currency: 'USD' }, total: { amount: 280, currency: 'USD' } },
      prices: [{ usageLimit: null, price: expect.objectContaining({ billingModel: 'FLAT_FEE', billingPeriod: 'ANNUALLY', price: { amount: 200, currency: 'USD' } }) }],
      addons: [expect.objectContaining({ quantity: 2, addon: expect.objectContaining({ refId: 'addon-revvenu-extra-campaigns' }) })],
    });
  });
});
