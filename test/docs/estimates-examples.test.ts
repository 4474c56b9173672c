/**
 * The "Estimate subscription cost" examples of Stigg's Python and Go SDK pages (estimateSubscription
 * and the estimate of an update), sent with their documented inputs through each client's own
 * operation document, against the built-in demo seed, clock frozen. The documented results:
 * estimate 30 USD (plan-revvenu-essentials $20 + 2 x addon-10-campaigns $5), no proration; the
 * update of subscription-plan-revvenu-growth-dfe598 (5 templates x $1 + 1 campaign add-on $5 = $10)
 * to 7 templates and 2 add-ons ($17) a minute into its period: credit -10, debit 17, total 7.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const CLIENTS: Client[] = ['python', 'go', 'node', 'node-4', 'browser'];
const usd = (amount: number) => ({ amount, currency: 'USD' });

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

async function environment(now: string) {
  const env = newEnvironment('docs-est');
  expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: now, frozen: true })).status).toBe(200);
  return env;
}

describe('Estimate subscription cost', () => {
  it.each(CLIENTS)('estimateSubscription answers the documented shape (%s)', async (client) => {
    const now = '2025-03-10T12:00:00.000Z';
    const env = await environment(now);
    const res = await gql(emu, env.serverKey, clientOperation(client, 'EstimateSubscription'), {
      input: {
        customerId: 'customer-demo-01',
        billingPeriod: 'MONTHLY',
        planId: 'plan-revvenu-essentials',
        billableFeatures: [{ featureId: 'feature-01-templates', quantity: 2 }],
        addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }],
        billingCountryCode: 'DK',
        resourceId: 'resource-01',
      },
    });
    expect(res.errors).toBeUndefined();
    const estimate = res.data!.estimateSubscription;
    expect(estimate).toMatchObject({ subTotal: usd(30), total: usd(30), proration: null });
    expect(estimate.billingPeriodRange).toEqual({ start: now, end: '2025-04-10T12:00:00.000Z' });
    if (client !== 'browser') expect(estimate).toMatchObject({ tax: usd(0), totalExcludingTax: usd(30) });
    // an estimate writes nothing
    const subs = await gql(emu, env.serverKey, clientOperation('python', 'GetActiveSubscriptions'), { input: { customerId: 'customer-demo-01' } });
    expect(subs.data!.getActiveSubscriptions.map((s: any) => s.subscriptionId)).toEqual(['subscription-plan-revvenu-growth-589879']);
  });

  it.each(CLIENTS)('estimateSubscriptionUpdate answers the documented proration (%s)', async (client) => {
    // the seeded subscription's period started 2025-03-01T00:00:00Z; the documented estimate was made 66 seconds in
    const now = '2025-03-01T00:01:06.000Z';
    const env = await environment(now);
    const res = await gql(emu, env.serverKey, clientOperation(client, 'EstimateSubscriptionUpdate'), {
      input: {
        subscriptionId: 'subscription-plan-revvenu-growth-dfe598',
        billableFeatures: [{ featureId: 'feature-01-templates', quantity: 7 }],
        addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }],
      },
    });
    expect(res.errors).toBeUndefined();
    const estimate = res.data!.estimateSubscriptionUpdate;
    expect(estimate).toMatchObject({ subTotal: usd(7), total: usd(7) });
    expect(estimate.billingPeriodRange).toEqual({ start: '2025-03-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' });
    expect(estimate.proration).toMatchObject({ prorationDate: now, credit: usd(-10), debit: usd(17) });
    // mid-period: 22 of March's 31 days left on 2025-03-10T12:00Z (the day of the change counts)
    await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-03-10T12:00:00.000Z', frozen: true });
    const mid = await gql(emu, env.serverKey, clientOperation(client, 'EstimateSubscriptionUpdate'), {
      input: { subscriptionId: 'subscription-plan-revvenu-growth-dfe598', billableFeatures: [{ featureId: 'feature-01-templates', quantity: 7 }], addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }] },
    });
    expect(mid.data!.estimateSubscriptionUpdate.proration).toMatchObject({ credit: usd(-7.1), debit: usd(12.06) });
    expect(mid.data!.estimateSubscriptionUpdate.total).toEqual(usd(4.96));
    // the subscription is unchanged
    const sub = await gql(emu, env.serverKey, clientOperation('python', 'GetSubscription'), { input: { subscriptionId: 'subscription-plan-revvenu-growth-dfe598' } });
    expect(sub.data!.getSubscription.addons.map((a: any) => a.quantity)).toEqual([1]);
  });

  it("the Go page's examples: 45 USD for essentials with 5 campaign add-ons; nothing now for a free plan's subscription", async () => {
    const env = await environment('2025-03-10T12:00:00.000Z');
    const estimate = await gql(emu, env.serverKey, clientOperation('go', 'EstimateSubscription'), {
      input: {
        customerId: 'customer-demo-01',
        planId: 'plan-revvenu-essentials',
        billingPeriod: 'MONTHLY',
        priceUnitAmount: 4,
        addons: [{ addonId: 'addon-10-campaigns', quantity: 5 }],
        billingCountryCode: 'DK',
        resourceId: 'resource-01',
        billingInformation: { taxRateIds: ['tax-rate-1'] },
      },
    });
    expect(estimate.errors).toBeUndefined();
    expect(estimate.data!.estimateSubscription).toMatchObject({ subTotal: usd(45), total: usd(45), proration: null });
    const update = await gql(emu, env.serverKey, clientOperation('go', 'EstimateSubscriptionUpdate'), {
      input: { subscriptionId: 'subscription-plan-revvenu-basic-558071', unitQuantity: 4, addons: [{ addonId: 'addon-10-campaigns', quantity: 5 }] },
    });
    expect(update.errors).toBeUndefined();
    expect(update.data!.estimateSubscriptionUpdate).toMatchObject({ subTotal: usd(0), total: usd(0), proration: null });
    expect(update.data!.estimateSubscriptionUpdate.billingPeriodRange).toEqual({ start: '2025-03-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' });
  });
});
