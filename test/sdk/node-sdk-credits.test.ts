/**
 * The official @stigg/node-server-sdk (3.95.0) over a real socket: credits (grantCredits,
 * getCreditBalance, getCreditGrants, voidCreditGrant), promotional entitlements one by one and by
 * feature group, checked through the SDK's own hasAccess decisions. The built-in demo seed.
 */
import { randomUUID } from 'node:crypto';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

let emu: Emulator;
let stigg: Stigg;

beforeAll(async () => {
  emu = testEmulator();
  const url = (await emu.listen()).url;
  stigg = Stigg.initialize({ apiKey: `server-sdk-credits-${randomUUID()}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  stigg?.close();
  await emu.close();
});

describe('@stigg/node-server-sdk credits and promotional groups', () => {
  it('grantCredits, getCreditBalance, getCreditGrants, voidCreditGrant (twice: CreditGrantAlreadyVoided)', async () => {
    const customerId = `sdk-credits-${randomUUID().slice(0, 8)}`;
    await stigg.provisionCustomer({ customerId, subscriptionParams: null });
    const paid = await stigg.grantCredits({ customerId, currencyId: 'currency-api-credits', amount: 500, displayName: 'Top-up', grantType: 'PAID' as never });
    expect(paid).toMatchObject({ amount: 500, consumedAmount: 0, grantType: 'PAID', currencyId: 'currency-api-credits' });
    const promo = await stigg.grantCredits({ customerId, currencyId: 'currency-api-credits', amount: 100, displayName: 'Welcome', grantType: 'PROMOTIONAL' as never, priority: 0 });
    const balance = await stigg.getCreditBalance({ customerId });
    expect(balance.balances).toEqual([
      expect.objectContaining({ currentBalance: 600, totalGranted: 600, totalConsumed: 0, currency: expect.objectContaining({ currencyId: 'currency-api-credits', displayName: 'API credits' }) }),
    ]);
    const grants = await stigg.getCreditGrants({ customerId });
    expect(grants.totalCount).toBe(2);
    expect(grants.data.map((g: any) => [g.displayName, g.amount])).toEqual([
      ['Top-up', 500],
      ['Welcome', 100],
    ]);
    await stigg.voidCreditGrant({ id: promo!.grantId });
    expect((await stigg.getCreditBalance({ customerId, currencyId: 'currency-api-credits' })).balances![0]!.currentBalance).toBe(500);
    await expect(stigg.voidCreditGrant({ id: promo!.grantId })).rejects.toMatchObject({ errorCode: 'CreditGrantAlreadyVoided' });
    await expect(
      stigg.grantCredits({ customerId, currencyId: 'currency-nope', amount: 1, displayName: 'x', grantType: 'PAID' as never }),
    ).rejects.toMatchObject({ errorCode: 'CustomCurrencyNotFound' });
  });

  it('grantPromotionalEntitlements grants (the SDK grants access, with its limit); revokePromotionalEntitlements takes it back; a second revoke is PromotionalEntitlementNotFoundError', async () => {
    const customerId = `sdk-promo-one-${randomUUID().slice(0, 8)}`;
    await stigg.provisionCustomer({ customerId, subscriptionParams: null });
    const before = await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-02-campaigns', options: { requestedUsage: 1 } });
    expect(before.hasAccess).toBe(false);
    const granted = await stigg.grantPromotionalEntitlements({
      customerId,
      promotionalEntitlements: [{ featureId: 'feature-02-campaigns', period: 'ONE_MONTH' as never, usageLimit: 25 }],
    });
    expect(granted).toEqual([expect.objectContaining({ status: 'Active', usageLimit: 25, feature: expect.objectContaining({ refId: 'feature-02-campaigns' }) })]);
    const within = await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-02-campaigns', options: { requestedUsage: 25 } });
    expect(within).toMatchObject({ hasAccess: true, usageLimit: 25, currentUsage: 0 });
    const over = await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-02-campaigns', options: { requestedUsage: 26 } });
    expect(over.hasAccess).toBe(false);
    await stigg.revokePromotionalEntitlements({ customerId, featureId: 'feature-02-campaigns' });
    const after = await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-02-campaigns', options: { requestedUsage: 1 } });
    expect(after.hasAccess).toBe(false);
    await expect(stigg.revokePromotionalEntitlements({ customerId, featureId: 'feature-02-campaigns' })).rejects.toMatchObject({
      errorCode: 'PromotionalEntitlementNotFoundError',
    });
  });

  it('grantPromotionalEntitlementsGroup grants (the SDK grants access); revokePromotionalEntitlementsGroup takes it back', async () => {
    const customerId = `sdk-promo-${randomUUID().slice(0, 8)}`;
    await stigg.provisionCustomer({ customerId, subscriptionParams: null });
    expect((await stigg.getBooleanEntitlement({ customerId, featureId: 'feature-04-analytics' })).hasAccess).toBe(false);
    const granted = await stigg.grantPromotionalEntitlementsGroup({
      customerId,
      featureGroupId: 'featuregroup-analytics',
      promotionalEntitlements: [
        { featureId: 'feature-04-analytics', period: 'ONE_MONTH' as never },
        { featureId: 'feature-03-memory', period: 'LIFETIME' as never, usageLimit: 64 },
      ],
    });
    expect(granted.map((g) => g.featureId)).toEqual(['feature-04-analytics', 'feature-03-memory']);
    expect((await stigg.getBooleanEntitlement({ customerId, featureId: 'feature-04-analytics' })).hasAccess).toBe(true);
    expect(await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-03-memory' })).toMatchObject({ hasAccess: true, usageLimit: 64 });
    const unlinked = await stigg.unlinkPromotionalEntitlementsGroup({ customerId, featureGroupId: 'featuregroup-analytics' });
    expect(unlinked).toHaveLength(2);
    await expect(stigg.revokePromotionalEntitlementsGroup({ customerId, featureGroupId: 'featuregroup-analytics' })).rejects.toMatchObject({
      errorCode: 'PromotionalEntitlementNotFoundError',
    });
    await stigg.grantPromotionalEntitlementsGroup({
      customerId,
      featureGroupId: 'featuregroup-analytics',
      promotionalEntitlements: [
        { featureId: 'feature-04-analytics', period: 'ONE_MONTH' as never },
        { featureId: 'feature-03-memory', period: 'ONE_MONTH' as never, usageLimit: 8 },
      ],
    });
    const revoked = await stigg.revokePromotionalEntitlementsGroup({ customerId, featureGroupId: 'featuregroup-analytics' });
    expect(revoked.map((g) => g.status)).toEqual(['Expired', 'Expired']);
    expect((await stigg.getBooleanEntitlement({ customerId, featureId: 'feature-04-analytics' })).hasAccess).toBe(false);
  });
});
