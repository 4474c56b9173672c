/** The pure entitlement rules, without a database (E55, E56, E58, E60, E61, E69, E82-E84). */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/entitlements/decision-rules.js';
import { mergeGrants, promotionalGrant, subscriptionGrants, subscriptionGrantsAt, usageInWindow, usageWindow, type SubscriptionPackage } from '../../src/entitlements/entitlement-rules.js';

const ms = (s: string) => Date.parse(s);
const iso = (n: number) => new Date(n).toISOString();
const pkg = (over: Partial<SubscriptionPackage>): SubscriptionPackage => ({
  planEntitlements: [],
  ownFeatureIds: new Set(),
  perUnit: [],
  addons: [],
  anchorMs: ms('2024-01-01T00:00:00Z'),
  updatedAt: '2024-01-01T00:00:00.000Z',
  endsAt: null,
  ...over,
});
const customer = { archived: false };
const seats = { featureType: 'NUMBER', meterType: 'Fluctuating' };

describe('subscription grants', () => {
  it('E55/E56: Increment adds limit x quantity; the largest Override replaces', () => {
    const plan = [{ featureId: 'seats', usageLimit: 10 }];
    const inc = subscriptionGrants(pkg({ planEntitlements: plan, addons: [{ entitlements: [{ featureId: 'seats', usageLimit: 5 }], quantity: 2 }] }));
    expect(inc[0]!.usageLimit).toBe(20);
    const ovr = subscriptionGrants(
      pkg({
        planEntitlements: plan,
        addons: [
          { entitlements: [{ featureId: 'seats', usageLimit: 3, behavior: 'Override' }], quantity: 1 },
          { entitlements: [{ featureId: 'seats', usageLimit: 2, behavior: 'Override' }], quantity: 2 },
          { entitlements: [{ featureId: 'seats', usageLimit: 100 }], quantity: 1 },
        ],
      }),
    );
    expect(ovr[0]!.usageLimit).toBe(4);
  });

  it('per-unit quantity is the limit unless the plan sets one itself', () => {
    const inherited = subscriptionGrants(pkg({ planEntitlements: [{ featureId: 'seats', usageLimit: 10 }], perUnit: [{ featureId: 'seats', quantity: 2 }] }));
    expect(inherited[0]!.usageLimit).toBe(2);
    const own = subscriptionGrants(pkg({ planEntitlements: [{ featureId: 'seats', usageLimit: 10 }], ownFeatureIds: new Set(['seats']), perUnit: [{ featureId: 'seats', quantity: 2 }] }));
    expect(own[0]!.usageLimit).toBe(10);
  });

  it('E58/E60: the generous merge', () => {
    const sub = subscriptionGrants(pkg({ planEntitlements: [{ featureId: 'seats', usageLimit: 10 }] }))[0]!;
    const promo = (usageLimit: number | null, hasUnlimitedUsage = false) =>
      promotionalGrant({ featureId: 'seats', usageLimit, hasUnlimitedUsage, hasSoftLimit: false, enumValues: null, endDate: null, updatedAt: '2024-01-02T00:00:00.000Z' });
    expect(mergeGrants([sub, promo(50)])!.usageLimit).toBe(50);
    expect(mergeGrants([sub, promo(5)])!.usageLimit).toBe(10);
    expect(mergeGrants([sub, promo(null, true)])).toMatchObject({ usageLimit: null, hasUnlimitedUsage: true, resetPeriod: null });
  });

  it('a trial past its end grants only when it converts to paid', () => {
    const trial = { status: 'IN_TRIAL', startDate: '2024-01-01T00:00:00Z', endDate: null, trialEndDate: '2024-01-15T00:00:00Z', resourceId: null };
    expect(subscriptionGrantsAt(trial, ms('2024-01-10T00:00:00Z'), false)).toBe(true);
    expect(subscriptionGrantsAt(trial, ms('2024-01-16T00:00:00Z'), false)).toBe(false);
    expect(subscriptionGrantsAt(trial, ms('2024-01-16T00:00:00Z'), true)).toBe(true);
  });
});

describe('decisions', () => {
  const e = { usageLimit: 10, hasUnlimitedUsage: false, hasSoftLimit: false, enumValues: null };
  const base = { customer, feature: seats, resourceMissing: false, hasLiveSubscription: true, entitlement: e };

  it('E61: requestedUsage defaults to 0', () => {
    expect(decide({ ...base, currentUsage: 10 })).toEqual({ isGranted: true, accessDeniedReason: null });
    expect(decide({ ...base, currentUsage: 10, requestedUsage: 1 })).toEqual({ isGranted: false, accessDeniedReason: 'RequestedUsageExceedingLimit' });
  });

  it('E69: a typed check on a feature of another type: FeatureTypeMismatch', () => {
    expect(decide({ ...base, currentUsage: 0, requestedKind: 'BOOLEAN' })).toEqual({ isGranted: false, accessDeniedReason: 'FeatureTypeMismatch' });
    expect(decide({ ...base, currentUsage: 0, requestedKind: 'METERED' }).isGranted).toBe(true);
    expect(decide({ ...base, feature: { featureType: 'NUMBER', meterType: 'None' }, currentUsage: 0, requestedKind: 'NUMERIC' }).isGranted).toBe(true);
  });
});

describe('usage windows', () => {
  const window = (period: string, according: string | null, anchor: string, now: string) => {
    const w = usageWindow(period, according ? { accordingTo: according } : null, ms(anchor), ms(now))!;
    return [iso(w.startMs), iso(w.endMs)];
  };

  it('E82: MONTH from the subscription start, month ends clamped', () => {
    expect(window('MONTH', 'SubscriptionStart', '2024-01-06T00:00:00Z', '2024-03-20T00:00:00Z')).toEqual(['2024-03-06T00:00:00.000Z', '2024-04-06T00:00:00.000Z']);
    expect(window('MONTH', null, '2024-01-31T10:00:00Z', '2024-02-15T00:00:00Z')).toEqual(['2024-01-31T10:00:00.000Z', '2024-02-29T10:00:00.000Z']);
    expect(window('MONTH', null, '2024-01-31T10:00:00Z', '2024-03-30T00:00:00Z')).toEqual(['2024-02-29T10:00:00.000Z', '2024-03-31T10:00:00.000Z']);
  });

  it('E83/E84: calendar months and weekdays; YEAR, WEEK, DAY, HOUR from the anchor', () => {
    expect(window('MONTH', 'StartOfTheMonth', '2024-01-06T00:00:00Z', '2024-03-20T10:00:00Z')).toEqual(['2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z']);
    expect(window('WEEK', 'EveryMonday', '2024-01-06T00:00:00Z', '2024-03-20T10:00:00Z')).toEqual(['2024-03-18T00:00:00.000Z', '2024-03-25T00:00:00.000Z']);
    expect(window('WEEK', 'EverySunday', '2024-01-06T00:00:00Z', '2024-03-17T00:00:00Z')).toEqual(['2024-03-17T00:00:00.000Z', '2024-03-24T00:00:00.000Z']);
    expect(window('WEEK', 'SubscriptionStart', '2024-01-06T00:00:00Z', '2024-01-20T00:00:00Z')).toEqual(['2024-01-20T00:00:00.000Z', '2024-01-27T00:00:00.000Z']);
    expect(window('YEAR', null, '2023-06-10T11:22:33Z', '2024-10-15T00:00:00Z')).toEqual(['2024-06-10T11:22:33.000Z', '2025-06-10T11:22:33.000Z']);
    expect(window('DAY', null, '2024-01-06T08:00:00Z', '2024-01-10T07:00:00Z')).toEqual(['2024-01-09T08:00:00.000Z', '2024-01-10T08:00:00.000Z']);
    expect(window('HOUR', null, '2024-01-06T08:30:00Z', '2024-01-06T10:00:00Z')).toEqual(['2024-01-06T09:30:00.000Z', '2024-01-06T10:30:00.000Z']);
    expect(usageWindow(null, null, 0, 0)).toBeNull();
  });

  it('usage reported before the window starts does not count', () => {
    const w = usageWindow('MONTH', null, ms('2024-01-01T00:00:00Z'), ms('2024-02-10T00:00:00Z'));
    expect(usageInWindow({ value: 5, updatedAt: '2024-01-31T00:00:00.000Z' }, w)).toBe(0);
    expect(usageInWindow({ value: 5, updatedAt: '2024-02-01T00:00:00.000Z' }, w)).toBe(5);
    expect(usageInWindow({ value: 5, updatedAt: '2020-01-01T00:00:00.000Z' }, null)).toBe(5);
  });
});
