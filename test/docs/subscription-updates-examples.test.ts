/**
 * The "Updating subscriptions" examples of Stigg's Python and Go SDK pages, sent with their
 * documented inputs through each client's own UpdateSubscription document, against the built-in
 * demo seed, with the clock frozen at one instant. The seeded subscriptions started when the clock
 * started (2025-01-01), so their current period on NOW ends on 2025-04-01.
 *
 * Where a documented result cannot hold in the emulator (Stripe ids, a result taken from another
 * state of the catalog), the test checks what the emulator answers and says why next to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const NOW = '2025-03-10T12:00:00.000Z';
const SEEDED_PERIOD_END = '2025-04-01T00:00:00.000Z';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

async function environment() {
  const env = newEnvironment('docs-upd');
  expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true })).status).toBe(200);
  return env;
}

const send = (key: string, client: Client, operation: string, variables: Record<string, unknown>) => gql(emu, key, clientOperation(client, operation), variables);
const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { usageLimit isGranted } }`;

describe('Python SDK page: Updating subscriptions', () => {
  it('update_subscription by refId: 2 templates bought; the per-unit price and the total follow', async () => {
    const { serverKey } = await environment();
    const res = await send(serverKey, 'python', 'UpdateSubscription', {
      input: { refId: 'subscription-plan-revvenu-growth-589879', billableFeatures: [{ featureId: 'feature-01-templates', quantity: 2 }] },
    });
    expect(res.errors).toBeUndefined();
    const sub = res.data!.updateSubscription;
    expect(sub).toMatchObject({
      id: 'subscription-plan-revvenu-growth-589879',
      status: 'ACTIVE',
      additionalMetaData: null,
      billingId: null, // Stripe's ids in the documented result; no billing integration here
      billingLinkUrl: null,
      effectiveEndDate: null,
      currentBillingPeriodEnd: SEEDED_PERIOD_END,
      pricingType: 'PAID',
      plan: { id: 'plan-revvenu-growth' },
      addons: [{ quantity: 3, addon: { id: 'addon-10-campaigns' } }],
      customer: { id: 'customer-demo-01' },
      paymentCollection: 'NOT_REQUIRED',
      latestInvoice: null, // no billing integration: no invoices
    });
    expect(sub.prices).toEqual([
      {
        usageLimit: 2,
        price: expect.objectContaining({
          billingModel: 'PER_UNIT',
          billingPeriod: 'MONTHLY',
          price: { amount: 1, currency: 'USD' },
          // the Python client's price fragment selects the feature's refId, units and names
          feature: expect.objectContaining({ refId: 'feature-01-templates', featureUnits: 'template', featureUnitsPlural: 'templates', displayName: 'Templates', description: null }),
        }),
      },
    ]);
    // 2 templates x $1 + 3 x addon-10-campaigns at $5: the documented $17
    expect(sub.totalPrice).toEqual({ subTotal: { amount: 17, currency: 'USD' }, total: { amount: 17, currency: 'USD' } });
    const templates = await gql(emu, serverKey, ENTITLEMENT, { query: { customerId: 'customer-demo-01', featureId: 'feature-01-templates' } });
    expect(templates.data!.entitlement.usageLimit).toBe(2);
  });
});

describe('Go SDK page: Updating subscriptions', () => {
  it('UpdateSubscription of subscription-plan-revvenu-essentials-dc847c: monthly, 6 templates, 2 x addon-revvenu-extra-campaigns', async () => {
    const { serverKey } = await environment();
    const res = await send(serverKey, 'go', 'UpdateSubscription', {
      input: {
        subscriptionId: 'subscription-plan-revvenu-essentials-dc847c',
        billingPeriod: 'MONTHLY',
        billableFeatures: [{ featureId: 'feature-01-templates', quantity: 6 }],
        addons: [{ addonId: 'addon-revvenu-extra-campaigns', quantity: 2 }],
      },
    });
    expect(res.errors).toBeUndefined();
    const sub = res.data!.updateSubscription;
    expect(sub).toMatchObject({
      id: 'subscription-plan-revvenu-essentials-dc847c',
      status: 'ACTIVE',
      additionalMetaData: null,
      billingId: null,
      billingLinkUrl: null,
      effectiveEndDate: null,
      currentBillingPeriodEnd: SEEDED_PERIOD_END,
      pricingType: 'PAID',
      plan: { id: 'plan-revvenu-essentials' },
      // the documented result lists no add-ons and a $20 total: it was taken before the add-ons were
      // added; the emulator answers the subscription as the update left it
      addons: [{ quantity: 2, addon: { id: 'addon-revvenu-extra-campaigns' } }],
      // the documented result names customer-demo-01; in the seed this subscription is customer-demo-02's
      customer: { id: 'customer-demo-02' },
      paymentCollection: 'NOT_REQUIRED',
    });
    // Essentials prices no templates per unit: its flat fee is its only price, as documented
    expect(sub.prices).toEqual([
      { usageLimit: null, price: expect.objectContaining({ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', price: { amount: 20, currency: 'USD' }, feature: null }) },
    ]);
    // $20 + 2 x $4
    expect(sub.totalPrice).toEqual({ subTotal: { amount: 28, currency: 'USD' }, total: { amount: 28, currency: 'USD' } });
    // the add-ons' campaigns (5 each) add to Essentials' 20 at once
    const campaigns = await gql(emu, serverKey, ENTITLEMENT, { query: { customerId: 'customer-demo-02', featureId: 'feature-02-campaigns' } });
    expect(campaigns.data!.entitlement).toMatchObject({ isGranted: true, usageLimit: 30 });
  });
});
