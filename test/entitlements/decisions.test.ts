/** isGranted and accessDeniedReason (RULES 3.5: E61-E68, E73; E69 in rules.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql } from '../support/emulator.js';
import { check, entitlementsEmulator, GET_ENTITLEMENT, list, report, state, world } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = entitlementsEmulator();
});
afterAll(() => emu.close());

describe('entitlement decisions', () => {
  it('E61: at the limit without requestedUsage access is granted (default 0); past it, RequestedUsageExceedingLimit', async () => {
    const { serverKey } = await world(emu);
    await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 10 });
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ isGranted: true, currentUsage: 10, usageLimit: 10, requestedUsage: 0 });
    await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 11, updateBehavior: 'SET' });
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ isGranted: false, accessDeniedReason: 'RequestedUsageExceedingLimit', currentUsage: 11 });
    // lists keep usage-only denials without a reason (the SDKs cache lists and decide usage themselves)
    const listed = (await list(emu, serverKey, 'c-pro')).find((e) => e.feature.refId === 'f-seats');
    expect(listed).toMatchObject({ isGranted: false, accessDeniedReason: null, currentUsage: 11 });
  });

  it('E62: requestedUsage is checked against what is left, and echoed', async () => {
    const { serverKey } = await world(emu);
    await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 7 });
    expect(await check(emu, serverKey, 'c-pro', 'f-seats', { requestedUsage: 3 })).toMatchObject({ isGranted: true, requestedUsage: 3 });
    expect(await check(emu, serverKey, 'c-pro', 'f-seats', { requestedUsage: 4 })).toMatchObject({
      isGranted: false,
      accessDeniedReason: 'RequestedUsageExceedingLimit',
      requestedUsage: 4,
    });
  });

  it('a negative requestedUsage is refused (BadUserInput), not taken off the usage', async () => {
    const { serverKey } = await world(emu);
    await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 11 });
    const answer = await gql(emu, serverKey, GET_ENTITLEMENT, { query: { customerId: 'c-pro', featureId: 'f-seats', options: { requestedUsage: -5 } } });
    expect(codeOf(answer)).toBe('BadUserInput');
    expect(await check(emu, serverKey, 'c-pro', 'f-seats', { requestedUsage: 0 })).toMatchObject({ isGranted: false, accessDeniedReason: 'RequestedUsageExceedingLimit' });
  });

  it('E63: a soft limit grants past the limit', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-soft', 'f-seats')).toMatchObject({ isGranted: true, hasSoftLimit: true, currentUsage: 15, usageLimit: 10 });
  });

  it('E64: subscriptions without the feature: NoFeatureEntitlementInSubscription', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-pro', 'f-api')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoFeatureEntitlementInSubscription' });
  });

  it('E65: no live subscription and no promotion: NoActiveSubscription, for the state and every feature', async () => {
    const { serverKey } = await world(emu);
    expect(await state(emu, serverKey, 'c-none')).toMatchObject({ accessDeniedReason: 'NoActiveSubscription', entitlements: [], entitlementsV2: [] });
    expect(await check(emu, serverKey, 'c-none', 'f-flag')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
  });

  it('E66: an unknown feature: FeatureNotFound', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-pro', 'f-nope')).toMatchObject({ isGranted: false, accessDeniedReason: 'FeatureNotFound', feature: null });
  });

  it('E67: a resource the customer does not have: CustomerResourceNotFound', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-resources', 'f-seats', undefined, 'r-unknown')).toMatchObject({ isGranted: false, accessDeniedReason: 'CustomerResourceNotFound' });
  });

  it('E68: enum values must all be granted', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-pro', 'f-support', { requestedValues: ['a', 'c'] })).toMatchObject({
      isGranted: false,
      accessDeniedReason: 'RequestedValuesMismatch',
      requestedValues: ['a', 'c'],
      enumValues: ['a', 'b'],
    });
    expect(await check(emu, serverKey, 'c-pro', 'f-support', { requestedValues: ['a'] })).toMatchObject({ isGranted: true, accessDeniedReason: null });
  });

  it('unknown and archived customers: CustomerNotFound and CustomerIsArchived; lists are empty', async () => {
    const { serverKey } = await world(emu);
    expect(await check(emu, serverKey, 'c-ghost', 'f-flag')).toMatchObject({ isGranted: false, accessDeniedReason: 'CustomerNotFound', customerId: 'c-ghost' });
    expect(await state(emu, serverKey, 'c-ghost')).toMatchObject({ accessDeniedReason: 'CustomerNotFound', entitlements: [] });
    expect(await list(emu, serverKey, 'c-ghost')).toEqual([]);
    expect(await check(emu, serverKey, 'c-archived', 'f-flag')).toMatchObject({ isGranted: false, accessDeniedReason: 'CustomerIsArchived' });
    expect(await state(emu, serverKey, 'c-archived')).toMatchObject({ accessDeniedReason: 'CustomerIsArchived', entitlements: [] });
  });

  it('entitlementsState answers both lists with every field the clients select', async () => {
    const { serverKey } = await world(emu);
    const s = await state(emu, serverKey, 'c-pro');
    expect(s.accessDeniedReason).toBeNull();
    expect(s.entitlementsV2).toHaveLength(s.entitlements.length);
    expect(s.entitlementsV2[0]).toMatchObject({ __typename: 'FeatureEntitlement', isGranted: true });
    const events = s.entitlements.find((e: any) => e.feature.refId === 'f-events');
    expect(events).toMatchObject({
      __typename: 'Entitlement',
      resetPeriod: 'MONTH',
      resetPeriodConfiguration: { __typename: 'MonthlyResetPeriodConfig', monthlyAccordingTo: 'SubscriptionStart' },
      usagePeriodStart: '2024-01-01T00:00:00.000Z',
      usagePeriodEnd: '2024-02-01T00:00:00.000Z',
      nextResetDate: '2024-02-01T00:00:00.000Z',
      currentUsage: 0,
      feature: { __typename: 'EntitlementFeature', featureType: 'NUMBER', meterType: 'Incremental', unitTransformation: null },
    });
  });
});

describe('provisionCustomer', () => {
  it('answers the new customer\'s entitlements', async () => {
    const { serverKey } = await world(emu);
    const answer = await gql(
      emu,
      serverKey,
      `mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { entitlements { isGranted feature { refId } } } }`,
      { input: { customerId: 'c-new', subscriptionParams: { planId: 'plan-pro', billingPeriod: 'MONTHLY' } } },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.provisionCustomer.entitlements.map((e: any) => e.feature.refId)).toEqual(['f-days', 'f-events', 'f-flag', 'f-seats', 'f-support']);
  });
});
