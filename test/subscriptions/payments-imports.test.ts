/**
 * Payment (billing.requirePaymentMethod, the checkout page, detachCustomerPaymentMethod),
 * createSubscription, applySubscription and importSubscriptionsBulk, through GraphQL over HTTP with
 * the clients' own documents where they send one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { planDirection } from '../../src/subscriptions/subscription-rules.js';
import { clientOperation } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'subscriptions.yaml');
const NOW = '2025-01-10T00:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'stigg-emulator-billing-'));
const BILLING = join(dir, 'billing.yaml');
writeFileSync(BILLING, 'billing: { requirePaymentMethod: true }\n');

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES, BILLING] });
});
afterAll(() => {
  emu.close();
  rmSync(dir, { recursive: true, force: true });
});

async function world() {
  const env = newEnvironment('pay');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  await gql(emu, env.serverKey, `mutation { provisionCustomer(input: { customerId: "c1" }) { customer { id } } }`);
  return env;
}

const ACTIVE = `query($input: GetActiveSubscriptionsInput!) { getActiveSubscriptions(input: $input) { id status plan { refId } } }`;
const HAS_PM = `query($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { hasPaymentMethod } }`;

describe('billing.requirePaymentMethod', () => {
  it('a paid plan for a customer without a payment method answers PAYMENT_REQUIRED with a checkout, and creates nothing', async () => {
    const { id, serverKey } = await world();
    const res = await gql(emu, serverKey, clientOperation('node', 'ProvisionSubscription'), {
      input: { customerId: 'c1', planId: 'plan-basic', billingPeriod: 'MONTHLY' },
    });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionSubscription;
    expect(p).toMatchObject({ status: 'PAYMENT_REQUIRED', subscription: null });
    expect(p.checkoutUrl).toMatch(new RegExp(`^http://localhost/_emulator/environments/${id}/checkouts/checkout-`));
    expect((await gql(emu, serverKey, ACTIVE, { input: { customerId: 'c1' } })).data!.getActiveSubscriptions).toEqual([]);

    const path = new URL(p.checkoutUrl).pathname;
    const page = await emu.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button id="pay"');
    const paid = await rest(emu, 'POST', `${path}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'COMPLETED', customerId: 'c1', planId: 'plan-basic' });
    const active = (await gql(emu, serverKey, ACTIVE, { input: { customerId: 'c1' } })).data!.getActiveSubscriptions;
    expect(active).toEqual([{ id: paid.body.subscriptionId, status: 'ACTIVE', plan: { refId: 'plan-basic' } }]);
    expect((await gql(emu, serverKey, HAS_PM, { input: { customerId: 'c1' } })).data!.getCustomerByRefId.hasPaymentMethod).toBe(true);
    expect((await rest(emu, 'POST', `${path}/pay`)).status).toBe(409);

    // with a payment method the next paid plan starts at once
    const next = await gql(emu, serverKey, clientOperation('node', 'ProvisionSubscription'), { input: { customerId: 'c1', planId: 'plan-cheap', billingPeriod: 'MONTHLY' } });
    expect(next.data!.provisionSubscription).toMatchObject({ status: 'SUCCESS', subscription: { status: 'ACTIVE' } });
  });

  it('a free plan and a trial need no payment method', async () => {
    const { serverKey } = await world();
    const free = await gql(emu, serverKey, clientOperation('node', 'ProvisionSubscription'), { input: { customerId: 'c1', planId: 'plan-free' } });
    expect(free.data!.provisionSubscription.status).toBe('SUCCESS');
    const trial = await gql(emu, serverKey, clientOperation('node', 'ProvisionSubscription'), { input: { customerId: 'c1', planId: 'plan-pro', billingPeriod: 'MONTHLY' } });
    expect(trial.data!.provisionSubscription).toMatchObject({ status: 'SUCCESS', subscription: { status: 'IN_TRIAL' } });
  });

  it('a customer seeded with a payment method, then detachCustomerPaymentMethod', async () => {
    const { serverKey } = await world();
    const provision = (customerId: string) =>
      gql(emu, serverKey, clientOperation('node', 'ProvisionSubscription'), { input: { customerId, planId: 'plan-cheap', billingPeriod: 'MONTHLY' } });
    expect((await provision('customer-paying')).data!.provisionSubscription.status).toBe('SUCCESS');
    const detached = await gql(emu, serverKey, clientOperation('go', 'DetachCustomerPaymentMethod'), { input: { customerId: 'customer-paying' } });
    expect(detached.errors).toBeUndefined();
    expect((await gql(emu, serverKey, HAS_PM, { input: { customerId: 'customer-paying' } })).data!.getCustomerByRefId.hasPaymentMethod).toBe(false);
    expect((await provision('customer-paying')).data!.provisionSubscription.status).toBe('PAYMENT_REQUIRED');
    expect(codeOf(await gql(emu, serverKey, clientOperation('go', 'DetachCustomerPaymentMethod'), { input: { customerId: 'nobody' } }))).toBe('CustomerNotFound');
  });

  it('applySubscription with a paymentMethodId gives the customer a payment method and provisions', async () => {
    const { serverKey } = await world();
    const doc = `mutation ApplySubscription($input: ApplySubscriptionInput!) { applySubscription(input: $input) { subscription { id status plan { refId } } entitlements { feature { refId } usageLimit } } }`;
    const without = await gql(emu, serverKey, doc, { input: { customerId: 'c1', planId: 'plan-basic', billingPeriod: 'MONTHLY' } });
    expect(codeOf(without)).toBe('PaymentMethodNotFoundError');
    const res = await gql(emu, serverKey, doc, { input: { customerId: 'c1', planId: 'plan-basic', billingPeriod: 'MONTHLY', paymentMethodId: 'pm_card_visa' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.applySubscription).toMatchObject({ subscription: { status: 'ACTIVE', plan: { refId: 'plan-basic' } }, entitlements: [{ feature: { refId: 'feature-seats' }, usageLimit: 5 }] });
  });
});

describe('createSubscription', () => {
  it('creates without a payment gate, honours isTrial, trialEndBehavior and endDate', async () => {
    const { serverKey } = await world();
    const doc = `mutation CreateSubscription($subscription: SubscriptionInput!) { createSubscription(subscription: $subscription) {
      id status trialEndDate endDate trialConfiguration { trialEndBehavior } } }`;
    const paid = await gql(emu, serverKey, doc, { subscription: { customerId: 'c1', planId: 'plan-basic', billingPeriod: 'MONTHLY', endDate: '2025-03-01T00:00:00Z' } });
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.createSubscription).toMatchObject({ status: 'ACTIVE', endDate: '2025-03-01T00:00:00.000Z' });
    const trial = await gql(emu, serverKey, doc, {
      subscription: { customerId: 'c1', planId: 'plan-sched-pro', billingPeriod: 'MONTHLY', isTrial: true, trialEndBehavior: 'CONVERT_TO_PAID', subscriptionId: 'sub-created' },
    });
    expect(trial.data!.createSubscription).toMatchObject({ id: 'sub-created', status: 'IN_TRIAL', trialConfiguration: { trialEndBehavior: 'CONVERT_TO_PAID' } });
    const duplicate = await gql(emu, serverKey, doc, { subscription: { customerId: 'c1', planId: 'plan-sched-pro', billingPeriod: 'MONTHLY', subscriptionId: 'sub-created' } });
    expect(codeOf(duplicate)).toBe('DuplicatedEntityNotAllowed');
  });

  it('an end date makes it EXPIRED when the clock passes it', async () => {
    const { id, serverKey } = await world();
    const doc = `mutation($subscription: SubscriptionInput!) { createSubscription(subscription: $subscription) { id } }`;
    const created = await gql(emu, serverKey, doc, { subscription: { customerId: 'c1', planId: 'plan-free', endDate: '2025-02-01T00:00:00Z' } });
    const moved = await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { to: '2025-02-02T00:00:00Z' });
    expect(moved.body.applied).toEqual([expect.objectContaining({ type: 'subscription.expired', to: 'EXPIRED', subscriptionId: created.data!.createSubscription.id })]);
  });
});

describe('importSubscriptionsBulk', () => {
  const doc = () => clientOperation('go', 'ImportSubscriptionsBulk');

  it('imports through the same rules, all or nothing, skipping entries older than the stored subscription', async () => {
    const { serverKey } = await world();
    const res = await gql(emu, serverKey, doc(), {
      input: {
        subscriptions: [
          { customerId: 'c1', planId: 'plan-free', subscriptionId: 'imp-1', startDate: '2024-06-01T00:00:00Z' },
          { customerId: 'c1', planId: 'plan-site', resourceId: 'site-1', subscriptionId: 'imp-2', billingPeriod: 'MONTHLY' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.importSubscriptionsBulk).toBe('imported 2 subscription(s), skipped 0');
    const sub = await gql(emu, serverKey, `query { getSubscription(input: { subscriptionId: "imp-1" }) { status startDate } }`);
    expect(sub.data!.getSubscription).toEqual({ status: 'ACTIVE', startDate: '2024-06-01T00:00:00.000Z' });

    const again = await gql(emu, serverKey, doc(), { input: { subscriptions: [{ customerId: 'c1', planId: 'plan-free', subscriptionId: 'imp-1', updatedAt: '2024-01-01T00:00:00Z' }] } });
    expect(again.data!.importSubscriptionsBulk).toBe('imported 0 subscription(s), skipped 1');

    const bad = await gql(emu, serverKey, doc(), {
      input: { subscriptions: [{ customerId: 'c1', planId: 'plan-cheap', billingPeriod: 'MONTHLY', subscriptionId: 'imp-3' }, { customerId: 'c1', planId: 'plan-nope', subscriptionId: 'imp-4' }] },
    });
    expect(codeOf(bad)).toBe('PlanNotFound');
    expect(codeOf(await gql(emu, serverKey, `query { getSubscription(input: { subscriptionId: "imp-3" }) { id } }`))).toBe('SubscriptionNotFound');
  });

  it('an imported paid plan with a default trial starts without the trial', async () => {
    const { serverKey } = await world();
    await gql(emu, serverKey, doc(), { input: { subscriptions: [{ customerId: 'c1', planId: 'plan-pro', billingPeriod: 'MONTHLY', subscriptionId: 'imp-pro' }] } });
    const sub = await gql(emu, serverKey, `query { getSubscription(input: { subscriptionId: "imp-pro" }) { status trialEndDate } }`);
    expect(sub.data!.getSubscription).toEqual({ status: 'ACTIVE', trialEndDate: null });
  });
});

describe('plan direction rules (E23, pure)', () => {
  const plan = (id: string, pricingType: string, amount: number, basePlanId: string | null = null, position = 0) => ({
    id,
    basePlanId,
    pricingType,
    entitlements: [],
    prices: amount ? [{ billingPeriod: 'MONTHLY', amount }] : [],
    position,
  });
  const base = plan('base', 'PAID', 100);
  const child = plan('child', 'PAID', 10, 'base');
  const pricey = plan('pricey', 'PAID', 200);
  const annual = { ...plan('annual', 'PAID', 0), prices: [{ billingPeriod: 'ANNUALLY', amount: 1800 }] };
  const free = plan('free', 'FREE', 0);
  const free2 = plan('free2', 'FREE', 0);
  const c1 = plan('c1', 'CUSTOM', 0, null, 1);
  const c2 = plan('c2', 'CUSTOM', 0, null, 2);
  const all = new Map([base, child, pricey, annual, free, free2, c1, c2].map((p) => [p.id, p]));

  it('inheritance wins over price', () => {
    expect(planDirection(base, child, all)).toBe('UPGRADE');
    expect(planDirection(child, base, all)).toBe('DOWNGRADE');
  });
  it('by starting price (monthly equivalent) between paid plans', () => {
    expect(planDirection(base, pricey, all)).toBe('UPGRADE');
    expect(planDirection(pricey, base, all)).toBe('DOWNGRADE');
    expect(planDirection(base, annual, all)).toBe('UPGRADE'); // 1800/12 = 150
  });
  it('free < paid < custom; two free plans are neither; custom by pricing-table order', () => {
    expect(planDirection(free, base, all)).toBe('UPGRADE');
    expect(planDirection(base, free, all)).toBe('DOWNGRADE');
    expect(planDirection(free, free2, all)).toBe('NONE');
    expect(planDirection(c1, c2, all)).toBe('UPGRADE');
    expect(planDirection(c2, c1, all)).toBe('DOWNGRADE');
  });
});
