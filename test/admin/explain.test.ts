/** The control plane's explain endpoint: how one entitlement check was derived, from the same rules as `entitlement`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { entitlementsEmulator, moveClock, report, world } from '../entitlements/support.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const ENTITLEMENT = `query Check($query: FetchEntitlementQuery!) {
  entitlement(query: $query) {
    isGranted accessDeniedReason requestedUsage
    usageLimit hasUnlimitedUsage hasSoftLimit enumValues currentUsage usagePeriodStart usagePeriodEnd resetPeriod
  }
}`;

interface Check {
  customerId?: string;
  featureId?: string;
  resourceId?: string;
  requestedUsage?: number | string;
}

function explain(emu: Emulator, envId: string, check: Check) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(check)) if (value !== undefined) params.set(name, String(value));
  return rest(emu, 'GET', `/_emulator/environments/${envId}/explain?${params}`);
}

/** explain's decision and effective entitlement must be exactly what GraphQL `entitlement` answers. */
async function expectSameAsEntitlement(emu: Emulator, env: { id: string; serverKey: string }, check: Required<Pick<Check, 'customerId' | 'featureId'>> & Check) {
  const explained = await explain(emu, env.id, check);
  expect(explained.status).toBe(200);
  const options = check.requestedUsage === undefined ? undefined : { requestedUsage: Number(check.requestedUsage) };
  const answer = await gql(emu, env.serverKey, ENTITLEMENT, { query: { customerId: check.customerId, featureId: check.featureId, resourceId: check.resourceId, options } });
  expect(answer.errors).toBeUndefined();
  const e = answer.data!.entitlement;
  const label = JSON.stringify(check);
  expect({ label, decision: explained.body.decision }).toEqual({
    label,
    decision: { isGranted: e.isGranted, accessDeniedReason: e.accessDeniedReason, requestedUsage: e.requestedUsage },
  });
  expect({ label, effective: explained.body.effective }).toEqual({
    label,
    effective: {
      usageLimit: e.usageLimit,
      hasUnlimitedUsage: e.hasUnlimitedUsage,
      hasSoftLimit: e.hasSoftLimit,
      enumValues: e.enumValues,
      currentUsage: e.currentUsage,
      usagePeriodStart: e.usagePeriodStart,
      usagePeriodEnd: e.usagePeriodEnd,
      resetPeriod: e.resetPeriod,
    },
  });
}

describe('explain with the demo seed', () => {
  let emu: Emulator;
  const env = newEnvironment('explain');
  beforeAll(async () => {
    emu = testEmulator();
    await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { frozen: true });
  });
  afterAll(() => emu.close());

  it('customer-demo-01 templates: inherited limit, replaced by the bought quantity, usage at the limit', async () => {
    const res = await explain(emu, env.id, { customerId: 'customer-demo-01', featureId: 'feature-01-templates' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      customerId: 'customer-demo-01',
      featureId: 'feature-01-templates',
      resourceId: null,
      decision: { isGranted: true, accessDeniedReason: null, requestedUsage: 0 },
      effective: { usageLimit: 3, hasUnlimitedUsage: false, currentUsage: 3, resetPeriod: null },
      ignoredSubscriptions: [],
    });
    expect(Date.parse(res.body.now)).not.toBeNaN();
    expect(res.body.sources).toMatchObject([
      { kind: 'inheritedPlan', subscriptionId: 'subscription-plan-revvenu-growth-589879', planId: 'plan-revvenu-essentials', usageLimit: 10, applied: false },
      { kind: 'perUnit', subscriptionId: 'subscription-plan-revvenu-growth-589879', planId: 'plan-revvenu-growth', quantity: 3, usageLimit: 3, applied: true },
    ]);
    expect(res.body.steps).toEqual([
      'scope: the global subscriptions (no resource)',
      'granting now: subscription subscription-plan-revvenu-growth-589879 (plan-revvenu-growth)',
      'plan-revvenu-growth inherits feature-01-templates (limit 10) from plan-revvenu-essentials',
      'per-unit price: 3 bought replaces the limit',
      'effective: limit 3',
      'currentUsage 3: no reset period, usage never resets',
      'granted: 3 + 0 <= 3',
    ]);
  });

  it('a requested usage past the limit is denied, with the arithmetic', async () => {
    const res = await explain(emu, env.id, { customerId: 'customer-demo-01', featureId: 'feature-01-templates', requestedUsage: 1 });
    expect(res.body.decision).toEqual({ isGranted: false, accessDeniedReason: 'RequestedUsageExceedingLimit', requestedUsage: 1 });
    expect(res.body.steps.at(-1)).toBe('denied (RequestedUsageExceedingLimit): 3 + 1 > 3');
  });

  it('Increment add-ons add their limit times their quantity, in a monthly window', async () => {
    const res = await explain(emu, env.id, { customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
    expect(res.body.effective).toMatchObject({ usageLimit: 80, resetPeriod: 'MONTH', currentUsage: 0 });
    expect(res.body.sources).toMatchObject([
      { kind: 'plan', planId: 'plan-revvenu-growth', usageLimit: 50, applied: true },
      { kind: 'addon', addonId: 'addon-10-campaigns', quantity: 3, behavior: 'Increment', usageLimit: 10, applied: true },
    ]);
    expect(res.body.steps).toContain('Increment add-on addon-10-campaigns × 3 adds 30');
    expect(res.body.steps).toContain('50 + 30 = 80');
  });

  it('agrees with the GraphQL entitlement for every demo customer and feature', async () => {
    const customers = ['customer-demo-01', 'customer-demo-02', 'customer-id', 'customer-id2', 'customer-f9942a', 'customer-test-id', 'customer-ghost'];
    const features = [
      'feature-01-templates',
      'feature-02-campaigns',
      'feature-03-custom-domain',
      'feature-03-memory',
      'feature-04-analytics',
      'feature-05-support',
      'feature-06-active-users',
      'feature-seats',
      'feature-ghost',
    ];
    for (const customerId of customers) {
      for (const featureId of features) {
        await expectSameAsEntitlement(emu, env, { customerId, featureId });
        await expectSameAsEntitlement(emu, env, { customerId, featureId, requestedUsage: 5 });
      }
    }
  });
});

describe('explain with the entitlement fixtures', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = entitlementsEmulator();
  });
  afterAll(() => emu.close());

  it('a larger promotional grant wins over the plan limit', async () => {
    const env = await world(emu);
    const res = await explain(emu, env.id, { customerId: 'c-promo', featureId: 'f-seats' });
    expect(res.body.effective.usageLimit).toBe(50);
    expect(res.body.sources).toMatchObject([
      { kind: 'plan', planId: 'plan-pro', usageLimit: 10, applied: false },
      { kind: 'promotional', usageLimit: 50, applied: true },
    ]);
    expect(res.body.sources[1].subscriptionId).toBeUndefined();
    expect(res.body.steps).toContain('promotional grant limit 50 wins over 10');
  });

  it('an Override add-on replaces the plan limit; Increment ones add to it', async () => {
    const env = await world(emu);
    const override = await explain(emu, env.id, { customerId: 'c-override', featureId: 'f-seats' });
    expect(override.body.sources).toMatchObject([
      { kind: 'plan', usageLimit: 10, applied: false },
      { kind: 'addon', addonId: 'addon-override', behavior: 'Override', usageLimit: 3, quantity: 1, applied: true },
    ]);
    expect(override.body.steps).toContain('Override add-on addon-override × 1: limit 3 replaces the result');
    const increment = await explain(emu, env.id, { customerId: 'c-addons', featureId: 'f-seats' });
    expect(increment.body.effective.usageLimit).toBe(20);
    expect(increment.body.steps).toContain('10 + 10 = 20');
  });

  it('an ended trial is listed among the ignored subscriptions, with its reason', async () => {
    const env = await world(emu, '2024-01-20T00:00:00Z');
    const res = await explain(emu, env.id, { customerId: 'c-trial', featureId: 'f-api' });
    expect(res.body.effective.usageLimit).toBe(1000);
    expect(res.body.ignoredSubscriptions).toEqual([
      { subscriptionId: 's-enterprise', status: 'EXPIRED', reason: 'status EXPIRED grants nothing' },
    ]);
    expect(res.body.sources).toMatchObject([{ kind: 'plan', subscriptionId: 's-starter', planId: 'plan-starter', applied: true }]);
  });

  it('resource scoping: subscriptions on a resource are ignored by a check without it', async () => {
    const env = await world(emu);
    const res = await explain(emu, env.id, { customerId: 'c-resources', featureId: 'f-extra' });
    expect(res.body.decision).toMatchObject({ isGranted: false, accessDeniedReason: 'NoFeatureEntitlementInSubscription' });
    expect(res.body.sources).toEqual([]);
    expect(res.body.ignoredSubscriptions).toMatchObject([{ status: 'ACTIVE', reason: 'on resource r1; the check names no resource' }]);
    const scoped = await explain(emu, env.id, { customerId: 'c-resources', featureId: 'f-seats', resourceId: 'r1' });
    expect(scoped.body).toMatchObject({ resourceId: 'r1', effective: { usageLimit: 8 }, ignoredSubscriptions: [] });
    expect(scoped.body.steps[0]).toBe('scope: subscriptions on resource r1 plus the global ones');
  });

  it('usage is counted in the current window, and not once the window has passed', async () => {
    const env = await world(emu);
    expect((await report(emu, env.serverKey, { customerId: 'c-month-start', featureId: 'f-api', value: 3 })).errors).toBeUndefined();
    const inside = await explain(emu, env.id, { customerId: 'c-month-start', featureId: 'f-api' });
    expect(inside.body.effective).toMatchObject({ currentUsage: 3, usagePeriodStart: '2024-01-01T00:00:00.000Z', usagePeriodEnd: '2024-02-01T00:00:00.000Z' });
    expect(inside.body.steps).toContain('currentUsage 3 counted in window [2024-01-01T00:00:00.000Z, 2024-02-01T00:00:00.000Z)');
    expect(inside.body.steps.at(-1)).toBe('granted: 3 + 0 <= 100');
    await moveClock(emu, env.id, '2024-02-02T00:00:00Z');
    const after = await explain(emu, env.id, { customerId: 'c-month-start', featureId: 'f-api' });
    expect(after.body.effective.currentUsage).toBe(0);
    expect(after.body.steps).toContain(
      'currentUsage 0: usage 3 was reported at 2024-01-01T12:00:00.000Z, before the window [2024-02-01T00:00:00.000Z, 2024-03-01T00:00:00.000Z)',
    );
  });

  it('unknown customers and features, and archived customers: the entitlement\'s reason and no sources', async () => {
    const env = await world(emu);
    for (const [customerId, featureId, reason] of [
      ['c-ghost', 'f-seats', 'CustomerNotFound'],
      ['c-pro', 'f-ghost', 'FeatureNotFound'],
      ['c-archived', 'f-seats', 'CustomerIsArchived'],
    ] as const) {
      const res = await explain(emu, env.id, { customerId, featureId });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ customerId, featureId, decision: { isGranted: false, accessDeniedReason: reason }, sources: [], ignoredSubscriptions: [] });
      expect(res.body.steps).toHaveLength(1);
      expect(res.body.steps[0]).toContain(reason);
    }
  });

  it('agrees with the GraphQL entitlement for every fixture customer and feature, over time', async () => {
    const customers = [
      'c-addons', 'c-override', 'c-pro', 'c-promo', 'c-promo-small', 'c-promo-unlimited', 'c-promo-only', 'c-trial', 'c-soft',
      'c-unlimited', 'c-none', 'c-archived', 'c-not-started', 'c-pending', 'c-canceled', 'c-expired', 'c-ending', 'c-resources',
      'c-window', 'c-month-start', 'c-weekly', 'c-per-unit', 'c-ghost',
    ];
    const features = ['f-seats', 'f-api', 'f-flag', 'f-extra', 'f-days', 'f-support', 'f-events', 'f-ghost'];
    const env = await world(emu);
    await report(emu, env.serverKey, { customerId: 'c-trial', featureId: 'f-api', value: 900 });
    await report(emu, env.serverKey, { customerId: 'c-weekly', featureId: 'f-api', value: 100 });
    for (const at of ['2024-01-01T12:00:00Z', '2024-01-20T00:00:00Z', '2024-02-10T00:00:00Z']) {
      await moveClock(emu, env.id, at);
      for (const customerId of customers) {
        for (const featureId of features) {
          await expectSameAsEntitlement(emu, env, { customerId, featureId });
          await expectSameAsEntitlement(emu, env, { customerId, featureId, requestedUsage: 1 });
        }
      }
      for (const resourceId of ['r1', 'r-ghost']) {
        for (const featureId of features) await expectSameAsEntitlement(emu, env, { customerId: 'c-resources', featureId, resourceId });
      }
    }
  });
});

describe('explain validation', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = testEmulator();
  });
  afterAll(() => emu.close());

  it('missing customerId or featureId, or a requestedUsage that is not a number: 400 BadUserInput', async () => {
    const env = newEnvironment();
    await gql(emu, env.serverKey, '{ __typename }');
    for (const check of [
      { featureId: 'feature-01-templates' },
      { customerId: 'customer-demo-01' },
      { customerId: '', featureId: 'feature-01-templates' },
      { customerId: 'customer-demo-01', featureId: 'feature-01-templates', requestedUsage: 'many' },
    ]) {
      const res = await explain(emu, env.id, check);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadUserInput');
    }
  });

  it('a negative requestedUsage: 400 BadUserInput, as the entitlement check answers it', async () => {
    const env = newEnvironment();
    await gql(emu, env.serverKey, '{ __typename }');
    const res = await explain(emu, env.id, { customerId: 'customer-demo-01', featureId: 'feature-01-templates', requestedUsage: '-1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadUserInput');
  });

  it('an environment never used: 404', async () => {
    const res = await explain(emu, 'never-used-explain', { customerId: 'customer-demo-01', featureId: 'feature-01-templates' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NotFound');
    expect((await rest(emu, 'GET', '/_emulator/environments/never-used-explain')).status).toBe(404);
  });
});
