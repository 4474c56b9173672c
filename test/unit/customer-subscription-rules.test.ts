import { describe, expect, it } from 'vitest';
import { promotionalEntitlementStatus } from '../../src/customers/customer-rules.js';
import { initialStatus, startsInTrial, trialEnd, trialedProductIds } from '../../src/subscriptions/subscription-rules.js';

const T = Date.parse('2025-01-31T00:00:00.000Z');

describe('promotional entitlements', () => {
  it('an Active grant reads as Expired from its end date on', () => {
    const grant = { status: 'Active', endDate: '2025-02-01T00:00:00.000Z' };
    expect(promotionalEntitlementStatus(grant, Date.parse(grant.endDate) - 1)).toBe('Active');
    expect(promotionalEntitlementStatus(grant, Date.parse(grant.endDate))).toBe('Expired');
    expect(promotionalEntitlementStatus({ status: 'Active', endDate: null }, T)).toBe('Active');
    expect(promotionalEntitlementStatus({ status: 'Revoked', endDate: '2000-01-01T00:00:00.000Z' }, T)).toBe('Revoked');
  });
});

describe('subscription start', () => {
  it('trial ends: days, clamped months, 14 days without a configuration', () => {
    expect(new Date(trialEnd(T, { duration: 7, units: 'DAY' })).toISOString()).toBe('2025-02-07T00:00:00.000Z');
    expect(new Date(trialEnd(T, { duration: 1, units: 'MONTH' })).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(new Date(trialEnd(T, null)).toISOString()).toBe('2025-02-14T00:00:00.000Z');
  });

  it('a trial: overridden, forced by the journey, or a paid plan with a trial not yet used', () => {
    const base = { override: undefined, forceTrial: false, trial: { duration: 14, units: 'DAY' }, pricingType: 'PAID', trialedProduct: false, skipTrial: false };
    expect(startsInTrial(base)).toBe(true);
    expect(startsInTrial({ ...base, trialedProduct: true })).toBe(false);
    expect(startsInTrial({ ...base, skipTrial: true })).toBe(false);
    expect(startsInTrial({ ...base, pricingType: 'FREE' })).toBe(false);
    expect(startsInTrial({ ...base, trial: null })).toBe(false);
    expect(startsInTrial({ ...base, trial: null, forceTrial: true })).toBe(true);
    expect(startsInTrial({ ...base, override: false, forceTrial: true })).toBe(false);
    expect(trialedProductIds([{ productId: 'p1', trialEndDate: null }, { productId: 'p2', trialEndDate: '2025-01-01' }])).toEqual(new Set(['p2']));
  });

  it('starts in trial, not started (a future start) or active', () => {
    expect(initialStatus(true, T + 1, T)).toBe('NOT_STARTED');
    expect(initialStatus(true, T, T)).toBe('IN_TRIAL');
    expect(initialStatus(false, T + 1, T)).toBe('NOT_STARTED');
    expect(initialStatus(false, T, T)).toBe('ACTIVE');
  });
});
