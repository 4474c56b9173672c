/**
 * The customer-facing reads the widgets send, through every client's own document over HTTP:
 * customerPortal, checkoutState, mockPaywall, and createPaymentSession with the checkout page it
 * links to. Browser documents are sent with the client (publishable) key.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'pricing.yaml');
const CLIENTS: Client[] = ['python', 'python-6', 'go', 'node', 'browser'];
const usd = (amount: number) => ({ amount, currency: 'USD' });

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

async function world() {
  const env = newEnvironment('widgets');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-04-01T00:00:00.000Z', frozen: true });
  const send = (client: Client, operation: string, variables: Record<string, unknown>) =>
    gql(emu, client === 'browser' ? env.clientKey : env.serverKey, clientOperation(client, operation), variables);
  const ok = async (client: Client, operation: string, variables: Record<string, unknown>) => {
    const res = await send(client, operation, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data!)[0] as any;
  };
  const provision = async (input: Record<string, unknown>) =>
    (await ok('python', 'ProvisionSubscription', { input: { skipTrial: true, ...input } })).subscription.id as string;
  return { ...env, send, ok, provision };
}

describe('customerPortal', () => {
  it.each(CLIENTS)('subscriptions with prices, totals, add-ons and the next invoice; entitlements; promotions; billing information (%s)', async (client) => {
    const w = await world();
    const id = await w.provision({
      customerId: 'c-vip',
      planId: 'plan-team', billingPeriod: 'MONTHLY',
      billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }],
      addons: [{ addonId: 'addon-storage', quantity: 2 }],
    });
    await w.ok('python', 'GrantPromotionalEntitlements', {
      input: { customerId: 'c-vip', promotionalEntitlements: [{ featureId: 'feature-sso', period: 'ONE_MONTH' }] },
    });
    const portal = await w.ok(client, 'GetCustomerPortalByRefId', { input: { customerId: 'c-vip' } });
    expect(portal.subscriptions).toHaveLength(1);
    const sub = portal.subscriptions[0];
    expect(sub).toMatchObject({
      subscriptionId: id,
      planId: 'plan-team',
      planName: 'Team',
      pricingType: 'PAID',
      status: 'ACTIVE',
      trialRemainingDays: null,
      billingPeriodRange: { start: '2025-04-01T00:00:00.000Z', end: '2025-05-01T00:00:00.000Z' },
      // $20 + 3 x $10 + 2 x $5 = $60, less the customer's 20% coupon
      totalPrice: { subTotal: usd(60), total: usd(48), addonsTotal: usd(10) },
      addons: [{ addonId: 'addon-storage', displayName: 'Storage', quantity: 2 }],
    });
    expect(sub.prices.map((p: any) => [p.billingModel, p.price.amount, p.feature?.refId ?? null])).toEqual([
      ['FLAT_FEE', 20, null],
      ['PER_UNIT', 10, 'feature-seats'],
    ]);
    expect(sub.pricing).toMatchObject({ pricingType: 'PAID', billingPeriod: 'MONTHLY', billingModel: 'FLAT_FEE', unitQuantity: 3, price: usd(50) });
    if (sub.previewNextInvoice) expect(sub.previewNextInvoice.total).toEqual(usd(48));
    const granted = new Map(portal.entitlements.map((e: any) => [e.feature.refId, e]));
    expect(granted.get('feature-seats')).toMatchObject({ isGranted: true, usageLimit: 3 });
    expect(granted.get('feature-sso')).toMatchObject({ isGranted: true });
    expect(portal.promotionalEntitlements).toEqual([expect.objectContaining({ displayName: 'SSO', period: 'ONE_MONTH', startDate: '2025-04-01T00:00:00.000Z' })]);
    expect(portal.billingInformation).toMatchObject({ name: 'VIP', email: null });
    expect(portal).toMatchObject({ showWatermark: false, billingPortalUrl: null, canUpgradeSubscription: true });
  });

  it('unknown customer or product: Stigg codes', async () => {
    const w = await world();
    expect(codeOf(await w.send('python', 'GetCustomerPortalByRefId', { input: { customerId: 'nobody' } }))).toBe('CustomerNotFound');
    expect(codeOf(await w.send('python', 'GetCustomerPortalByRefId', { input: { customerId: 'c-plain', productId: 'nope' } }))).toBe('ProductNotFoundError');
    const empty = await w.ok('python', 'GetCustomerPortalByRefId', { input: { customerId: 'c-plain' } });
    expect(empty).toMatchObject({ subscriptions: [], canUpgradeSubscription: true });
  });
});

describe('checkoutState and createPaymentSession', () => {
  it.each(CLIENTS)('the plan, the customer, the subscription it replaces and a setup secret that is the checkout page (%s)', async (client) => {
    const w = await world();
    const current = await w.provision({ customerId: 'c-plain', planId: 'plan-starter', billingPeriod: 'MONTHLY' });
    const state = await w.ok(client, 'GetCheckoutState', { input: { customerId: 'c-plain', planId: 'plan-team' } });
    expect(state.plan.refId).toBe('plan-team');
    expect(state.customer.refId ?? state.customer.customerId).toBe('c-plain');
    expect(state.customer.hasPaymentMethod).toBe(false);
    expect(state.activeSubscription.subscriptionId ?? state.activeSubscription.id).toBe(current);
    expect(state.billingIntegration).toMatchObject({ billingIdentifier: 'STRIPE', credentials: { accountId: null, publicKey: null } });
    expect(state.setupSecret).toMatch(new RegExp(`/_emulator/environments/${w.id}/checkouts/checkout-`));
    // asked again: the same open checkout
    const again = await w.ok(client, 'GetCheckoutState', { input: { customerId: 'c-plain', planId: 'plan-team' } });
    expect(again.setupSecret).toBe(state.setupSecret);
  });

  it.each<Client>(['python', 'go', 'node'])('createPaymentSession answers the checkout page; paying it gives a payment method and provisions nothing (%s)', async (client) => {
    const w = await world();
    const session = await w.ok(client, 'CreatePaymentSession', { input: { customerId: 'c-plain', planId: 'plan-starter' } });
    const path = new URL(session.token).pathname;
    expect(path).toMatch(new RegExp(`^/_emulator/environments/${w.id}/checkouts/checkout-`));
    const page = await rest(emu, 'GET', path, undefined, { accept: 'application/json' });
    expect(page.body).toMatchObject({ customerId: 'c-plain', planId: 'plan-starter', status: 'OPEN' });
    const paid = await rest(emu, 'POST', `${path}/pay`);
    expect(paid.body).toMatchObject({ status: 'COMPLETED', subscriptionId: null });
    const customer = await w.ok('python', 'GetCustomerById', { input: { customerId: 'c-plain' } });
    expect(customer.hasPaymentMethod).toBe(true);
    expect(await w.ok('python', 'GetActiveSubscriptions', { input: { customerId: 'c-plain' } })).toEqual([]);
  });

  it('unknown customer or plan: Stigg codes, no checkout opened', async () => {
    const w = await world();
    expect(codeOf(await w.send('python', 'CreatePaymentSession', { input: { customerId: 'nobody', planId: 'plan-starter' } }))).toBe('CustomerNotFound');
    expect(codeOf(await w.send('python', 'CreatePaymentSession', { input: { customerId: 'c-plain', planId: 'nope' } }))).toBe('PlanNotFound');
    expect(codeOf(await w.send('python', 'GetCheckoutState', { input: { customerId: 'c-plain', planId: 'nope' } }))).toBe('PlanNotFound');
  });
});

describe('mockPaywall', () => {
  it.each(CLIENTS)('the catalog as the paywall widget previews it (%s)', async (client) => {
    const w = await world();
    const paywall = await w.ok(client, 'GetMockPaywall', { input: { productId: 'product-app' } });
    expect(paywall.configuration).toBeNull();
    expect(paywall.plans.map((p: any) => p.refId)).toEqual(['plan-free', 'plan-starter', 'plan-team', 'plan-tiered', 'plan-trial']);
    const byId = new Map(paywall.plans.map((p: any) => [p.refId, p]));
    const team: any = byId.get('plan-team');
    expect(team).toMatchObject({ pricingType: 'PAID', product: { refId: 'product-app' }, basePlan: { refId: 'plan-starter' } });
    expect(team.prices.map((p: any) => [p.billingModel, p.price.amount, p.feature?.refId ?? null])).toEqual([
      ['FLAT_FEE', 20, null],
      ['PER_UNIT', 10, 'feature-seats'],
    ]);
    expect(team.compatibleAddons).toEqual([expect.objectContaining({ refId: 'addon-storage', maxQuantity: 5, pricingType: 'PAID' })]);
    expect(team.inheritedEntitlements).toEqual([expect.objectContaining({ usageLimit: 3, feature: expect.objectContaining({ refId: 'feature-seats' }) })]);
    const tiered: any = byId.get('plan-tiered');
    expect(tiered.prices[0]).toMatchObject({ tiersMode: 'GRADUATED', tiers: [{ upTo: 5, unitPrice: usd(20) }, { upTo: 10, unitPrice: usd(15) }, { upTo: null, unitPrice: usd(10) }] });
    expect((byId.get('plan-trial') as any).defaultTrialConfig).toMatchObject({ duration: 14, units: 'DAY' });
    expect(codeOf(await w.send(client, 'GetMockPaywall', { input: { productId: 'nope' } }))).toBe('ProductNotFoundError');
  });
});
