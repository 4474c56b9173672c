/** Where an entitlement comes from and how sources merge (RULES §3: E55-E60, E71-E73). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { check, entitlementsEmulator, list, moveClock, state, world } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = entitlementsEmulator();
});
afterAll(() => emu.close());

describe('entitlement sources', () => {
  it('E55: an Increment add-on adds its limit times its quantity to the plan limit', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-addons', 'f-seats')).toMatchObject({ isGranted: true, usageLimit: 20, hasUnlimitedUsage: false });
  });

  it('E56: an Override add-on replaces the plan limit', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-override', 'f-seats')).toMatchObject({ usageLimit: 3 });
  });

  it('E57: a child plan is granted the features of its base plan', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-pro', 'f-flag')).toMatchObject({ isGranted: true, accessDeniedReason: null, feature: { refId: 'f-flag', featureType: 'BOOLEAN' } });
    const features = (await list(emu, serverKey, 'c-pro')).map((e) => e.feature.refId);
    expect(features).toEqual(['f-days', 'f-events', 'f-flag', 'f-seats', 'f-support']);
  });

  it('E58: the larger of the subscription and a promotional limit wins', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-promo', 'f-seats')).toMatchObject({ usageLimit: 50 });
    expect(await check(emu, serverKey, 'c-promo-small', 'f-seats')).toMatchObject({ usageLimit: 10 });
  });

  it('E59: a trial of a higher plan gives its limit while it lasts, then the paid plan\'s', async () => {
    const { id, serverKey } = await world(emu, '2024-01-05T00:00:00Z');
    expect(await check(emu, serverKey, 'c-trial', 'f-api')).toMatchObject({ usageLimit: 10000 });
    await moveClock(emu, id, '2024-01-20T00:00:00Z');
    expect(await check(emu, serverKey, 'c-trial', 'f-api')).toMatchObject({ usageLimit: 1000 });
  });

  it('E60: unlimited on any source makes the entitlement unlimited with no limit', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-promo-unlimited', 'f-seats', { requestedUsage: 1e9 })).toMatchObject({ isGranted: true, hasUnlimitedUsage: true, usageLimit: null });
    expect(await check(emu, serverKey, 'c-unlimited', 'f-seats')).toMatchObject({ hasUnlimitedUsage: true, usageLimit: null });
  });

  it('a per-unit price: the bought quantity is the limit', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-per-unit', 'f-seats')).toMatchObject({ isGranted: true, usageLimit: 7 });
  });

  it('a configuration feature carries its value and is granted', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-pro', 'f-days')).toMatchObject({ isGranted: true, usageLimit: 30, currentUsage: null });
  });

  it('E71: with a resource, the resource\'s subscriptions plus the global ones; without, the global ones', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-resources', 'f-seats', undefined, 'r1')).toMatchObject({ isGranted: true, usageLimit: 8, resourceId: 'r1' });
    expect(await check(emu, serverKey, 'c-resources', 'f-extra', undefined, 'r1')).toMatchObject({ isGranted: true });
    expect(await check(emu, serverKey, 'c-resources', 'f-days', undefined, 'r1')).toMatchObject({ isGranted: true, usageLimit: 7 });
    expect(await check(emu, serverKey, 'c-resources', 'f-seats')).toMatchObject({ usageLimit: 5 });
    expect(await check(emu, serverKey, 'c-resources', 'f-extra')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoFeatureEntitlementInSubscription' });
  });

  it('E72: a subscription with a future end date grants until then', async () => {
    const { id, serverKey } = await world(emu, '2024-01-31T23:00:00Z');
    expect(await check(emu, serverKey, 'c-ending', 'f-flag')).toMatchObject({ isGranted: true });
    await moveClock(emu, id, '2024-02-01T00:00:00Z');
    expect(await check(emu, serverKey, 'c-ending', 'f-flag')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
  });

  it('E73: NOT_STARTED, PAYMENT_PENDING, CANCELED and EXPIRED subscriptions grant nothing', async () => {
    const { serverKey } = await world(emu);
    for (const customerId of ['c-not-started', 'c-pending', 'c-canceled', 'c-expired']) {
      expect(await check(emu, serverKey, customerId, 'f-flag')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
      expect(await state(emu, serverKey, customerId)).toMatchObject({ accessDeniedReason: 'NoActiveSubscription', entitlements: [] });
    }
  });

  it('a promotional grant alone grants its feature (E91)', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-promo-only', 'f-extra')).toMatchObject({ isGranted: true });
    expect(await state(emu, serverKey, 'c-promo-only')).toMatchObject({ accessDeniedReason: null, entitlements: [{ feature: { refId: 'f-extra' }, isGranted: true }] });
  });
});
