/**
 * The SDK pages' custom-plan credit examples ("Provision subscriptions" with `entitlements: [{ credit:
 * { customCurrencyId: currency-api-credits, amount: 50000, cadence: MONTH } }]`) and the Python
 * page's "Granting promotional entitlements" / "Revoking promotional entitlements", sent with their
 * documented inputs through each client's own documents, against the built-in demo seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const NOW = '2025-03-10T12:00:00.000Z';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

async function environment() {
  const env = newEnvironment('docs-credits');
  const clock = (to: string) => rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to, frozen: true });
  expect((await clock(NOW)).status).toBe(200);
  const send = (client: Client, operation: string, variables: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation(client, operation), variables);
  return { ...env, clock, send };
}

describe('custom-plan credits of the SDK pages', () => {
  for (const client of ['go', 'python'] as Client[]) {
    it(`${client}: the documented subscription grants 50000 currency-api-credits now and again each month`, async () => {
      const w = await environment();
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
      const res = await w.send(client, 'ProvisionSubscription', { input: documented });
      expect(res.errors).toBeUndefined();
      const balanceOf = async () =>
        (await w.send(client, 'GetCreditBalance', { input: { customerId: 'customer-demo-01', resourceId: 'resource-01' } })).data!.creditBalanceSummary.balances;
      expect(await balanceOf()).toEqual([
        expect.objectContaining({ currency: expect.objectContaining({ currencyId: 'currency-api-credits' }), currentBalance: 50000, totalGranted: 50000, resourceId: 'resource-01' }),
      ]);
      await w.clock('2025-04-11T00:00:00Z');
      const grants = (await w.send(client, 'GetCreditGrants', { input: { customerId: 'customer-demo-01', resourceId: 'resource-01' } })).data!.creditGrants;
      expect(grants.edges.map((e: any) => [e.node.grantType, e.node.amount, e.node.effectiveAt, e.node.status])).toEqual([
        ['RECURRING', 50000, NOW, 'EXPIRED'],
        ['RECURRING', 50000, '2025-04-10T12:00:00.000Z', 'ACTIVE'],
      ]);
      expect((await balanceOf())[0]).toMatchObject({ currentBalance: 50000, validUntil: Date.parse('2025-05-10T12:00:00.000Z') });
    });
  }
});

describe('promotional entitlements of the Python page', () => {
  it('grant_promotional_entitlements and revoke: the documented inputs and result fields', async () => {
    const w = await environment();
    await gql(emu, w.serverKey, `mutation { provisionCustomer(input: { customerId: "customer-id" }) { customer { id } } }`);
    const granted = await w.send('python', 'GrantPromotionalEntitlements', {
      input: {
        customerId: 'customer-id',
        promotionalEntitlements: [
          { featureId: 'feature-04-analytics', period: 'ONE_MONTH', resetPeriod: 'MONTH', monthlyResetPeriodConfiguration: { accordingTo: 'StartOfTheMonth' } },
          // the documented customEndDate (2023-10-26) is in the past on the emulator's clock, where a CUSTOM
          // end must be in the future (BadUserInput): the same day two years on
          { featureId: 'feature-03-memory', period: 'CUSTOM', customEndDate: '2025-10-26T15:01:55.768Z', usageLimit: 100 },
        ],
      },
    });
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantPromotionalEntitlements).toEqual([
      expect.objectContaining({ featureId: 'feature-04-analytics', status: 'Active', resetPeriod: 'MONTH' }),
      expect.objectContaining({ usageLimit: 100, featureId: 'feature-03-memory', endDate: '2025-10-26T15:01:55.768Z' }),
    ]);
    // the monthly reset follows the configuration: usage windows start on the 1st of each month
    const window = await gql(emu, w.serverKey, `query { entitlement(query: { customerId: "customer-id", featureId: "feature-04-analytics" }) { isGranted resetPeriodConfiguration { ... on MonthlyResetPeriodConfig { monthlyAccordingTo } } } }`);
    expect(window.data!.entitlement).toEqual({ isGranted: true, resetPeriodConfiguration: { monthlyAccordingTo: 'StartOfTheMonth' } });
    const revoked = await w.send('python', 'RevokePromotionalEntitlement', { input: { customerId: 'customer-id', featureId: 'feature-04-analytics' } });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokePromotionalEntitlement.id).toEqual(expect.any(String));
  });
});
