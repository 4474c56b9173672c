/**
 * The subscription examples of Stigg's Python and Go SDK pages ("Provisioning customers" with
 * subscriptionParams, "Listing customers active subscriptions" / "Getting customer active
 * subscriptions", "Getting a subscription", "Provision subscriptions", "Cancel subscription"), sent
 * with their documented inputs through each client's own operation document, against the built-in
 * demo seed, with the environment clock frozen at one instant.
 *
 * The demo seed's subscriptions start when the clock starts (2025-01-01T00:00:00Z), so on NOW
 * (2025-03-10T12:00:00Z) their current billing period ends on 2025-04-01T00:00:00Z; a subscription
 * provisioned at NOW is in its first period, which ends one calendar month later.
 *
 * Where a documented result cannot hold in the emulator (placeholder ids, a billing integration
 * the emulator does not have, a result taken from another catalog), the test checks what the
 * emulator answers and says why next to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const NOW = '2025-03-10T12:00:00.000Z';
/** NOW + P1M: the end of the first billing period of a subscription provisioned at NOW */
const NOW_PLUS_MONTH = '2025-04-10T12:00:00.000Z';
/** the seeded subscriptions started 2025-01-01; their current period on NOW ends here */
const SEEDED_PERIOD_END = '2025-04-01T00:00:00.000Z';

const subscriptionIdOf = (planId: string) => new RegExp(`^subscription-${planId}-[0-9a-f]{6}$`);

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

/** A fresh environment of the demo seed with its clock frozen at NOW. */
async function environment() {
  const env = newEnvironment('docs-subs');
  const moved = await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({ now: NOW, frozen: true });
  return env;
}

const send = (key: string, client: Client, operation: string, variables: Record<string, unknown>) =>
  gql(emu, key, clientOperation(client, operation), variables);

const address = {
  country: 'US',
  city: 'New York',
  state: 'NY',
  addressLine1: '123 Main Street',
  addressLine2: 'Apt. 1',
  phoneNumber: '+1 212-499-5321',
  postalCode: '10164',
};

/** The documented result's entitlement rows of plan-revvenu-basic (templates 3, campaigns monthly). */
function expectBasicPlanEntitlements(entitlements: any[]) {
  const byFeature = new Map(entitlements.map((e) => [e.feature.refId, e]));
  expect(byFeature.get('feature-01-templates')).toMatchObject({
    usageLimit: 3,
    resetPeriod: null,
    feature: { featureType: 'NUMBER', meterType: 'Fluctuating', featureUnits: 'template', featureUnitsPlural: 'templates', displayName: 'Templates', description: null },
  });
  // the Go page shows 6 campaigns a month (the seed's value); the Python page's result shows 4,
  // an older state of the same catalog
  expect(byFeature.get('feature-02-campaigns')).toMatchObject({
    usageLimit: 6,
    resetPeriod: 'MONTH',
    feature: { featureType: 'NUMBER', meterType: 'Incremental', featureUnits: 'campaign', featureUnitsPlural: 'campaigns', displayName: 'Campaigns' },
  });
  // Stigg's featureId is an internal uuid; the emulator answers the feature's id (README, ids)
  expect(byFeature.get('feature-01-templates').featureId).toBe('feature-01-templates');
}

describe('Python SDK page', () => {
  it('provision_customer with subscriptionParams: REQUESTED_PLAN and an ACTIVE free subscription', async () => {
    const { serverKey } = await environment();
    const res = await send(serverKey, 'python', 'ProvisionCustomer', {
      input: {
        refId: 'customer-demo-123',
        name: 'Acme',
        email: 'john@example.com',
        couponRefId: 'coupon-id',
        subscriptionParams: { planId: 'plan-revvenu-basic', billingCountryCode: 'DK' },
        billingInformation: { language: 'en', timezone: 'America/New_York', billingAddress: address, shippingAddress: address },
        additionalMetaData: { key: 'value' },
      },
    });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionCustomer;
    expect(p.customer).toMatchObject({ id: 'customer-demo-123', name: 'Acme', email: 'john@example.com', createdAt: NOW, updatedAt: NOW, billingId: null, additionalMetaData: { key: 'value' } });
    expect(p.subscriptionDecisionStrategy).toBe('REQUESTED_PLAN');
    expect(p.subscription).toMatchObject({
      status: 'ACTIVE',
      additionalMetaData: null,
      billingId: null,
      billingLinkUrl: null,
      effectiveEndDate: null,
      currentBillingPeriodEnd: NOW_PLUS_MONTH,
      pricingType: 'FREE',
      prices: [],
      totalPrice: null,
      plan: { id: 'plan-revvenu-basic' },
      addons: [],
      // the documented result shows "customer-id" here, a slip of the page: the subscription
      // belongs to the customer just provisioned
      customer: { id: 'customer-demo-123' },
    });
    expect(p.subscription.id).toMatch(subscriptionIdOf('plan-revvenu-basic'));
    // the Python client's document also asks for the customer's entitlements
    expect(p.entitlements.find((e: any) => e.feature.refId === 'feature-01-templates')).toMatchObject({ isGranted: true, usageLimit: 3, customerId: 'customer-demo-123' });
  });

  it('get_active_subscriptions_list: the slim list of the documented customer, global and per resource', async () => {
    const { serverKey } = await environment();
    // "CUSTOMER-ID" is a placeholder: sent as written, it names no customer
    const placeholder = await send(serverKey, 'python', 'GetActiveSubscriptionsList', { input: { customerId: 'CUSTOMER-ID', resourceId: 'RESOURCE-ID' } });
    expect(codeOf(placeholder)).toBe('CustomerNotFound');

    // the documented result is customer-demo-01's (user@example.com, an add-on of quantity 3); its
    // plan there (plan-stigg-pro, $99 flat) is from another catalog: in the demo seed it is Growth,
    // priced $1 per template
    const global = await send(serverKey, 'python', 'GetActiveSubscriptionsList', { input: { customerId: 'customer-demo-01' } });
    expect(global.errors).toBeUndefined();
    const list = global.data!.getActiveSubscriptions;
    expect(list).toHaveLength(1);
    expect(list[0]).toEqual({
      subscriptionId: 'subscription-plan-revvenu-growth-589879',
      status: 'ACTIVE',
      pricingType: 'PAID',
      startDate: '2025-01-01T00:00:00.000Z',
      endDate: null,
      cancellationDate: null,
      // the documented result has an effective end date; nothing ends this subscription here
      effectiveEndDate: null,
      currentBillingPeriodEnd: SEEDED_PERIOD_END,
      additionalMetaData: null,
      customer: { customerId: 'customer-demo-01', email: 'user@example.com' },
      // the documented result repeats the customer as paying customer; the emulator answers null
      // when no other customer pays (payingCustomerId unset)
      payingCustomer: null,
      resource: null,
      plan: { planId: 'plan-revvenu-growth', displayName: 'Growth' },
      addons: [{ quantity: 3, addon: { addonId: 'addon-10-campaigns' } }],
      prices: [{ billingModel: 'PER_UNIT', price: { billingPeriod: 'MONTHLY', price: { amount: 1, currency: 'USD' } } }],
      trialConfiguration: null,
      trialEndDate: null,
    });

    // with a resource id: only that resource's subscriptions; customer-demo-01 has none
    const resource = await send(serverKey, 'python', 'GetActiveSubscriptionsList', { input: { customerId: 'customer-demo-01', resourceId: 'RESOURCE-ID' } });
    expect(resource.errors).toBeUndefined();
    expect(resource.data!.getActiveSubscriptions).toEqual([]);
  });

  it('get_subscription: the extended data of the documented subscription', async () => {
    const { serverKey } = await environment();
    // "SUBSCRIPTION-ID" is a placeholder
    const placeholder = await send(serverKey, 'python', 'GetSubscription', { input: { subscriptionId: 'SUBSCRIPTION-ID' } });
    expect(codeOf(placeholder)).toBe('SubscriptionNotFound');

    // the documented result's id is seeded (customer-id's Basic subscription)
    const res = await send(serverKey, 'python', 'GetSubscription', { input: { subscriptionId: 'subscription-plan-revvenu-basic-169747' } });
    expect(res.errors).toBeUndefined();
    const sub = res.data!.getSubscription;
    expect(sub).toMatchObject({
      id: 'subscription-plan-revvenu-basic-169747',
      status: 'ACTIVE',
      startDate: '2025-01-01T00:00:00.000Z',
      endDate: null,
      trialEndDate: null,
      cancellationDate: null,
      effectiveEndDate: null,
      currentBillingPeriodEnd: SEEDED_PERIOD_END,
      additionalMetaData: null,
      billingId: null,
      billingLinkUrl: null,
      prices: [],
      totalPrice: null,
      pricingType: 'FREE',
      addons: [],
      paymentCollection: 'NOT_REQUIRED',
      // the documented latest_invoice comes from a billing provider; the emulator has no billing
      // integration, so there is no invoice
      latestInvoice: null,
      plan: {
        id: 'plan-revvenu-basic',
        displayName: 'Basic',
        description: null,
        additionalMetaData: null,
        // the seed gives the product a description (the documented one is null)
        product: { refId: 'product-revvenu', displayName: 'Revvenu' },
        basePlan: null,
        inheritedEntitlements: [],
        prices: [],
        pricingType: 'FREE',
        defaultTrialConfig: null,
      },
    });
    expectBasicPlanEntitlements(sub.plan.entitlements);
    // the documented compatible_addons is empty; the seed attaches add-ons to Basic because other
    // examples of the same pages buy them on it (see fixtures/demo/10-catalog.yaml)
    expect(sub.plan.compatibleAddons.map((a: any) => a.refId)).toEqual(['addon-10-campaigns', 'addon-extra-stuff']);
  });

  it('provision_subscription: the documented input succeeds', async () => {
    const { serverKey } = await environment();
    const documented = {
      customerId: 'customer-id',
      planId: 'plan-revvenu-basic',
      resourceId: 'resource-01',
      billingPeriod: 'MONTHLY',
      billableFeatures: [{ featureId: 'feature-01-templates', quantity: 2 }],
      addons: [{ addonId: 'addon-extra-stuff', quantity: 2 }],
      entitlements: [
        { feature: { featureId: 'feature-seats', usageLimit: 50 } },
        { credit: { customCurrencyId: 'currency-api-credits', amount: 50000, cadence: 'MONTH' } },
      ],
      billingCountryCode: 'DK',
      checkoutOptions: {
        successUrl: 'https://your-success-url.com',
        cancelUrl: 'https://your-cancel-url.com',
        allowPromoCodes: true,
        collectBillingAddress: true,
        collectPhoneNumber: true,
      },
      awaitPaymentConfirmation: true,
      billingInformation: { couponId: 'your coupon id' },
      additionalMetaData: { key: 'value' },
    };
    // plan-revvenu-basic is free: it has no per-unit price for feature-01-templates, so the
    // billable quantity is kept and changes no limit (the page marks billableFeatures "required
    // for plans with per-unit pricing", which Basic is not)
    const res = await send(serverKey, 'python', 'ProvisionSubscription', { input: documented });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionSubscription;
    // the documented success result shows a checkout URL and PAYMENT_PENDING (a billing provider
    // awaiting payment confirmation); the emulator has no billing and the seed requires no payment
    // method, so the subscription is created ACTIVE at once and there is no checkout
    expect(p).toMatchObject({ status: 'SUCCESS', checkoutUrl: null, checkoutBillingId: null });
    expect(p.subscription).toMatchObject({
      status: 'ACTIVE',
      additionalMetaData: { key: 'value' },
      billingId: null,
      billingLinkUrl: null,
      effectiveEndDate: null,
      cancellationDate: null,
      currentBillingPeriodEnd: NOW_PLUS_MONTH,
      pricingType: 'FREE',
      prices: [],
      paymentCollection: 'NOT_REQUIRED',
      latestInvoice: null,
      resource: { resourceId: 'resource-01' },
      plan: { id: 'plan-revvenu-basic', refId: 'plan-revvenu-basic' },
      addons: [{ quantity: 2, addon: { id: 'addon-extra-stuff', refId: 'addon-extra-stuff' } }],
      customer: { id: 'customer-id', refId: 'customer-id' },
    });
    expect(p.subscription.id).toMatch(subscriptionIdOf('plan-revvenu-basic'));
    expect(p.subscription.refId).toBe(p.subscription.id);
    // the free plan is not billed, the add-on is: 2 x $2
    expect(p.subscription.totalPrice).toEqual({ subTotal: { amount: 4, currency: 'USD' }, total: { amount: 4, currency: 'USD' } });

    // the entitlements the new subscription gives, for that resource
    const byFeature = new Map<string, any>(p.entitlements.map((e: any) => [e.feature.refId, e]));
    expect([...byFeature.values()].every((e) => e.resourceId === 'resource-01' && e.customerId === 'customer-id')).toBe(true);
    expect(byFeature.get('feature-01-templates')).toMatchObject({ isGranted: true, usageLimit: 3 });
    expect(byFeature.get('feature-03-memory')).toMatchObject({ isGranted: true, usageLimit: 10 }); // 2 x addon-extra-stuff (+5 GB)
    expect(byFeature.get('feature-seats')).toMatchObject({ isGranted: true, usageLimit: 50 }); // the custom entitlement
    expect(p.entitlementsV2.length).toBeGreaterThan(0);

    // listed under its resource; product-revvenu allows one active subscription, so it replaced
    // the customer's global Basic subscription
    const onResource = await send(serverKey, 'python', 'GetActiveSubscriptionsList', { input: { customerId: 'customer-id', resourceId: 'resource-01' } });
    expect(onResource.data!.getActiveSubscriptions.map((s: any) => [s.subscriptionId, s.resource])).toEqual([[p.subscription.id, { resourceId: 'resource-01' }]]);
    const global = await send(serverKey, 'python', 'GetActiveSubscriptionsList', { input: { customerId: 'customer-id' } });
    expect(global.data!.getActiveSubscriptions).toEqual([]);
  });

  it('cancel_subscription IMMEDIATE: CANCELED now; the product journey then drops the customer to Basic', async () => {
    const { serverKey } = await environment();
    const res = await send(serverKey, 'python', 'CancelSubscription', {
      input: { subscriptionRefId: 'subscription-plan-revvenu-growth-589879', subscriptionCancellationTime: 'IMMEDIATE' },
    });
    expect(res.errors).toBeUndefined();
    const sub = res.data!.cancelSubscription;
    expect(sub).toMatchObject({
      id: 'subscription-plan-revvenu-growth-589879',
      status: 'CANCELED',
      additionalMetaData: null,
      // the documented billing ids are Stripe's; no billing integration here
      billingId: null,
      billingLinkUrl: null,
      effectiveEndDate: NOW,
      cancellationDate: NOW,
      currentBillingPeriodEnd: SEEDED_PERIOD_END,
      pricingType: 'PAID',
      plan: { id: 'plan-revvenu-growth' },
      addons: [{ quantity: 3, addon: { id: 'addon-10-campaigns' } }],
      customer: { id: 'customer-demo-01' },
    });
    // the documented result follows the "update subscription" example (2 templates, $2 + 3 x $5 =
    // $17); without it customer-demo-01 still has the 3 templates the seed gives: $3 + $15 = $18
    expect(sub.prices).toEqual([
      {
        usageLimit: 3,
        price: expect.objectContaining({
          billingModel: 'PER_UNIT',
          billingPeriod: 'MONTHLY',
          price: { amount: 1, currency: 'USD' },
          feature: { refId: 'feature-01-templates', featureUnits: 'template', featureUnitsPlural: 'templates', displayName: 'Templates', description: null },
        }),
      },
    ]);
    expect(sub.totalPrice).toEqual({ subTotal: { amount: 18, currency: 'USD' }, total: { amount: 18, currency: 'USD' } });

    // "cancellation will take place according to the defined product behavior": Revvenu's journey
    // downgrades to plan-revvenu-basic when a subscription ends
    const active = await send(serverKey, 'python', 'GetActiveSubscriptionsList', { input: { customerId: 'customer-demo-01' } });
    expect(active.data!.getActiveSubscriptions).toEqual([
      expect.objectContaining({ status: 'ACTIVE', startDate: NOW, plan: { planId: 'plan-revvenu-basic', displayName: 'Basic' }, pricingType: 'FREE' }),
    ]);
    // a second cancellation of the same subscription is refused
    const again = await send(serverKey, 'python', 'CancelSubscription', {
      input: { subscriptionRefId: 'subscription-plan-revvenu-growth-589879', subscriptionCancellationTime: 'IMMEDIATE' },
    });
    expect(codeOf(again)).toBe('SubscriptionAlreadyCanceledOrExpired');
  });
});

describe('Go SDK page', () => {
  it('ProvisionCustomer with SubscriptionParams: REQUESTED_PLAN; the seeded customer-id gets a new Basic subscription', async () => {
    const { serverKey } = await environment();
    const res = await send(serverKey, 'go', 'ProvisionCustomer', {
      input: {
        customerId: 'customer-id',
        name: 'Acme',
        email: 'john@example.com',
        couponRefId: 'coupon-id',
        subscriptionParams: { planId: 'plan-revvenu-basic', billingCountryCode: 'DK' },
        billingInformation: { language: 'en', timezone: 'America/New_York', billingAddress: address, shippingAddress: address },
        additionalMetaData: { Key: 'Value' },
      },
    });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionCustomer;
    // customer-id is seeded, so the provisioning is an upsert: createdAt stays the seed's time
    expect(p.customer).toMatchObject({ refId: 'customer-id', name: 'Acme', email: 'john@example.com', billingId: null, additionalMetaData: { Key: 'Value' } });
    expect(p.subscriptionDecisionStrategy).toBe('REQUESTED_PLAN');
    expect(p.subscription).toMatchObject({ status: 'ACTIVE', plan: { refId: 'plan-revvenu-basic' }, currentBillingPeriodEnd: NOW_PLUS_MONTH });
    expect(p.subscription.refId).toMatch(subscriptionIdOf('plan-revvenu-basic'));
    expect(p.entitlements.length).toBeGreaterThan(0);

    // a single-subscription product: the new subscription replaced the seeded one
    const old = await send(serverKey, 'go', 'GetSubscription', { input: { subscriptionId: 'subscription-plan-revvenu-basic-169747' } });
    expect(old.data!.getSubscription).toMatchObject({ status: 'CANCELED', effectiveEndDate: NOW });
  });

  it.each(['GetActiveSubscriptionsList', 'GetActiveSubscriptions'])('%s for customer-f9942a: the resource, then the global subscriptions', async (operation) => {
    const { serverKey } = await environment();
    // the documented input passes ResourceID "resource-01": customer-f9942a has nothing on that
    // resource, and "with ResourceID" answers only that resource's subscriptions
    const resource = await send(serverKey, 'go', operation, { input: { customerId: 'customer-f9942a', resourceId: 'resource-01' } });
    expect(resource.errors).toBeUndefined();
    expect(resource.data!.getActiveSubscriptions).toEqual([]);

    // the documented result (a Basic subscription) is the global one ("omit for global subscriptions")
    const global = await send(serverKey, 'go', operation, { input: { customerId: 'customer-f9942a' } });
    expect(global.errors).toBeUndefined();
    const subs = global.data!.getActiveSubscriptions;
    expect(subs).toHaveLength(1);
    const sub = subs[0];
    if (operation === 'GetActiveSubscriptionsList') {
      expect(sub).toMatchObject({
        subscriptionId: 'subscription-plan-revvenu-basic-558071',
        status: 'ACTIVE',
        pricingType: 'FREE',
        endDate: null,
        effectiveEndDate: null,
        currentBillingPeriodEnd: SEEDED_PERIOD_END,
        resource: null,
        plan: { planId: 'plan-revvenu-basic', displayName: 'Basic' },
        addons: [],
        prices: [],
      });
      return;
    }
    expect(sub).toMatchObject({
      id: 'subscription-plan-revvenu-basic-558071',
      status: 'ACTIVE',
      startDate: '2025-01-01T00:00:00.000Z',
      endDate: null,
      trialEndDate: null,
      cancellationDate: null,
      effectiveEndDate: null,
      currentBillingPeriodEnd: SEEDED_PERIOD_END,
      additionalMetaData: null,
      billingId: null,
      billingLinkUrl: null,
      prices: [],
      totalPrice: null,
      pricingType: 'FREE',
      addons: [],
      paymentCollection: 'NOT_REQUIRED',
      latestInvoice: null, // no billing integration, no invoice
      plan: {
        id: 'plan-revvenu-basic',
        displayName: 'Basic',
        description: null,
        additionalMetaData: null,
        product: { refId: 'product-revvenu', displayName: 'Revvenu' },
        basePlan: null,
        inheritedEntitlements: [],
        prices: [],
        pricingType: 'FREE',
        defaultTrialConfig: null,
      },
    });
    expectBasicPlanEntitlements(sub.plan.entitlements);

    // once the customer has a subscription on resource-01 (provisioned as the Python page does),
    // the documented input answers it
    const provisioned = await send(serverKey, 'go', 'ProvisionSubscription', { input: { customerId: 'customer-f9942a', planId: 'plan-revvenu-basic', resourceId: 'resource-01' } });
    expect(provisioned.errors).toBeUndefined();
    const again = await send(serverKey, 'go', operation, { input: { customerId: 'customer-f9942a', resourceId: 'resource-01' } });
    expect(again.data!.getActiveSubscriptions.map((s: any) => [s.id, s.resource])).toEqual([[provisioned.data!.provisionSubscription.subscription.id, { resourceId: 'resource-01' }]]);
  });

  it('GetSubscriptions: ACTIVE only, first 20, newest created first', async () => {
    const { serverKey } = await environment();
    // one subscription created at NOW, after the seed's
    const created = await send(serverKey, 'go', 'ProvisionCustomer', { input: { customerId: 'customer-go-list', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    const newest = created.data!.provisionCustomer.subscription.refId;
    await send(serverKey, 'go', 'CancelSubscription', { input: { subscriptionRefId: 'subscription-plan-revvenu-essentials-dc847c', subscriptionCancellationTime: 'IMMEDIATE' } });

    const res = await send(serverKey, 'go', 'GetSubscriptions', {
      filter: { status: { in: ['ACTIVE'] } },
      paging: { first: 20 },
      sorting: [{ field: 'createdAt', direction: 'DESC' }],
    });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.subscriptions.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.length).toBeLessThanOrEqual(20);
    expect(nodes.every((n: any) => n.status === 'ACTIVE')).toBe(true);
    // created at NOW: the new customer's subscription and customer-demo-02's downgrade to Basic
    // come before every seeded one
    const createdNow = nodes.slice(0, 2).map((n: any) => n.subscriptionId);
    expect(createdNow).toContain(newest);
    expect(nodes.slice(0, 2).every((n: any) => n.startDate === NOW)).toBe(true);
    expect(nodes.slice(2).every((n: any) => n.startDate === '2025-01-01T00:00:00.000Z')).toBe(true);
    // the cancelled one is not listed
    expect(nodes.map((n: any) => n.subscriptionId)).not.toContain('subscription-plan-revvenu-essentials-dc847c');
    expect(res.data!.subscriptions.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('ProvisionSubscription: the documented input succeeds', async () => {
    const { serverKey } = await environment();
    const documented = {
      customerId: 'customer-demo-01',
      planId: 'plan-revvenu-essentials',
      billingPeriod: 'MONTHLY',
      resourceId: 'resource-01',
      billableFeatures: [{ featureId: 'feature-01-templates', quantity: 20 }],
      addons: [{ addonId: 'addon-revvenu-extra-campaigns', quantity: 3 }],
      entitlements: [
        { feature: { featureId: 'feature-seats', usageLimit: 50 } },
        { credit: { customCurrencyId: 'currency-api-credits', amount: 50000, cadence: 'MONTH' } },
      ],
      billingCountryCode: 'DK',
      checkoutOptions: { successUrl: 'https://your-success-url.com', cancelUrl: 'https://your-cancel-url.com' },
    };
    // Essentials is priced flat ($20/month): it has no per-unit price for templates, so the
    // billable quantity is kept and changes no limit
    const res = await send(serverKey, 'go', 'ProvisionSubscription', { input: documented });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionSubscription;
    // no billing integration: ACTIVE at once (the documented PAYMENT_PENDING awaits a provider)
    expect(p).toMatchObject({ status: 'SUCCESS', checkoutUrl: null });
    expect(p.subscription).toMatchObject({
      status: 'ACTIVE',
      additionalMetaData: null,
      billingId: null,
      billingLinkUrl: null,
      effectiveEndDate: null,
      currentBillingPeriodEnd: NOW_PLUS_MONTH,
      pricingType: 'PAID',
      plan: { id: 'plan-revvenu-essentials' },
      customer: { id: 'customer-demo-01' },
      resource: { resourceId: 'resource-01' },
      paymentCollection: 'NOT_REQUIRED',
      latestInvoice: null,
      // the documented result lists no add-ons although the input asks for three
      addons: [{ quantity: 3, addon: { id: 'addon-revvenu-extra-campaigns', refId: 'addon-revvenu-extra-campaigns' } }],
    });
    // the id is generated; the documented one (…-dc847c) is customer-demo-02's seeded subscription
    expect(p.subscription.id).toMatch(subscriptionIdOf('plan-revvenu-essentials'));
    expect(p.subscription.prices).toEqual([
      { usageLimit: null, price: expect.objectContaining({ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', price: { amount: 20, currency: 'USD' }, feature: null }) },
    ]);
    // $20 + 3 x $4 for the add-ons the input asks for (the documented $20 leaves them out)
    expect(p.subscription.totalPrice).toEqual({ subTotal: { amount: 32, currency: 'USD' }, total: { amount: 32, currency: 'USD' } });
    const byFeature = new Map<string, any>(p.entitlements.map((e: any) => [e.feature.refId, e]));
    expect(byFeature.get('feature-03-custom-domain')).toMatchObject({ isGranted: true, resourceId: 'resource-01' });
    expect(byFeature.get('feature-seats')).toMatchObject({ isGranted: true, usageLimit: 50 });

    // product-revvenu allows one active subscription: customer-demo-01's global Growth subscription
    // is replaced, whatever resource the new one names
    const growth = await send(serverKey, 'go', 'GetSubscription', { input: { subscriptionId: 'subscription-plan-revvenu-growth-589879' } });
    expect(growth.data!.getSubscription.status).toBe('CANCELED');
  });

  it('ProvisionSubscription without a resource: Essentials replaces Growth at once (a downgrade; Revvenu downgrades immediately)', async () => {
    const { serverKey } = await environment();
    const res = await send(serverKey, 'go', 'ProvisionSubscription', { input: { customerId: 'customer-demo-01', planId: 'plan-revvenu-essentials', billingPeriod: 'MONTHLY' } });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionSubscription;
    expect(p).toMatchObject({ status: 'SUCCESS', subscription: { status: 'ACTIVE', resource: null, plan: { id: 'plan-revvenu-essentials' } } });
    const growth = await send(serverKey, 'go', 'GetSubscription', { input: { subscriptionId: 'subscription-plan-revvenu-growth-589879' } });
    expect(growth.data!.getSubscription).toMatchObject({ status: 'CANCELED', effectiveEndDate: NOW, scheduledUpdates: [] });
  });

  it('CancelSubscription IMMEDIATE of subscription-plan-revvenu-essentials-dc847c', async () => {
    const { serverKey } = await environment();
    const res = await send(serverKey, 'go', 'CancelSubscription', {
      input: { subscriptionRefId: 'subscription-plan-revvenu-essentials-dc847c', subscriptionCancellationTime: 'IMMEDIATE' },
    });
    expect(res.errors).toBeUndefined();
    const sub = res.data!.cancelSubscription;
    expect(sub).toMatchObject({
      id: 'subscription-plan-revvenu-essentials-dc847c',
      status: 'CANCELED',
      additionalMetaData: null,
      billingId: null, // Stripe's ids in the documented result; no billing integration here
      billingLinkUrl: null,
      effectiveEndDate: NOW,
      currentBillingPeriodEnd: SEEDED_PERIOD_END,
      pricingType: 'PAID',
      plan: { id: 'plan-revvenu-essentials' },
      addons: [],
      // the documented result names customer-demo-01; in the seed this subscription is
      // customer-demo-02's
      customer: { id: 'customer-demo-02' },
    });
    expect(sub.prices).toEqual([
      { usageLimit: null, price: expect.objectContaining({ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', price: { amount: 20, currency: 'USD' }, feature: null }) },
    ]);
    expect(sub.totalPrice).toEqual({ subTotal: { amount: 20, currency: 'USD' }, total: { amount: 20, currency: 'USD' } });
  });
});
