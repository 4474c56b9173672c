/**
 * The traced entitlements remembered per connection (entitlement-service.ts) are reused only for
 * the same inputs: checks in one environment see a promotional grant, its revocation, a usage
 * report's count and the end of a subscription as soon as they happen.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { clientOperation } from '../support/documents.js';
import { gql } from '../support/emulator.js';
import { check, entitlementsEmulator, moveClock, report, world } from './support.js';

const emu = entitlementsEmulator();
afterAll(() => emu.close());

describe('traced entitlements remembered between checks', () => {
  it('a check after a change answers the change', async () => {
    const { id, serverKey } = await world(emu, '2024-01-31T23:00:00Z');
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ usageLimit: 10, currentUsage: 0 });
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ usageLimit: 10, currentUsage: 0 });
    expect((await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 3 })).errors).toBeUndefined();
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ usageLimit: 10, currentUsage: 3 });

    const grant = await gql(emu, serverKey, clientOperation('go', 'GrantPromotionalEntitlements'), {
      input: { customerId: 'c-pro', promotionalEntitlements: [{ featureId: 'f-seats', period: 'LIFETIME', usageLimit: 50 }] },
    });
    expect(grant.errors).toBeUndefined();
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ usageLimit: 50, currentUsage: 3 });
    const revoke = await gql(emu, serverKey, clientOperation('go', 'RevokePromotionalEntitlement'), { input: { customerId: 'c-pro', featureId: 'f-seats' } });
    expect(revoke.errors).toBeUndefined();
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ usageLimit: 10, currentUsage: 3 });

    expect(await check(emu, serverKey, 'c-ending', 'f-flag')).toMatchObject({ isGranted: true });
    await moveClock(emu, id, '2024-02-01T00:00:00Z');
    expect(await check(emu, serverKey, 'c-ending', 'f-flag')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
  });
});
