import { describe, expect, it } from 'vitest';
import { defaultPaymentMethodOf, mergeBillingInformation, promotionalEntitlementStatus } from '../../src/customers/customer-rules.js';
import { defaultBillingPeriod, initialStatus, requestedUnitQuantity, resolveBillingPeriod, startsInTrial, trialEnd, trialedProductIds } from '../../src/subscriptions/subscription-rules.js';

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

describe('billing information and the default payment method', () => {
  it('merges by key: a null value removes its key, nothing left is null', () => {
    expect(mergeBillingInformation({ currency: 'USD', language: 'en' }, { currency: null, timezone: 'UTC', language: undefined })).toEqual({ language: 'en', timezone: 'UTC' });
    expect(mergeBillingInformation(null, { paymentMethodId: 'pm_1' })).toEqual({ paymentMethodId: 'pm_1' });
    expect(mergeBillingInformation({ paymentMethodId: 'pm_1' }, { paymentMethodId: null })).toBeNull();
  });

  it('the details given, else a card known by its id, else none', () => {
    const details = { billingId: 'pm_1', type: 'BANK', cardLast4Digits: null, cardExpiryMonth: null, cardExpiryYear: null };
    expect(defaultPaymentMethodOf({ hasPaymentMethod: true, billingInformation: { paymentMethodId: 'pm_1', defaultPaymentMethod: details } })).toEqual(details);
    expect(defaultPaymentMethodOf({ hasPaymentMethod: true, billingInformation: { paymentMethodId: 'pm_2' } })).toEqual({
      billingId: 'pm_2',
      type: 'CARD',
      cardLast4Digits: null,
      cardExpiryMonth: null,
      cardExpiryYear: null,
    });
    expect(defaultPaymentMethodOf({ hasPaymentMethod: true, billingInformation: null })).toMatchObject({ billingId: null, type: 'CARD' });
    expect(defaultPaymentMethodOf({ hasPaymentMethod: false, billingInformation: { paymentMethodId: 'pm_3' } })).toBeNull();
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

describe('billing period and unit quantity of a new subscription', () => {
  const monthly = [{ billingPeriod: 'MONTHLY' }];
  const both = [{ billingPeriod: 'ANNUALLY' }, { billingPeriod: 'MONTHLY' }];
  const period = (pricingType: string, prices: unknown, requested: string | null, inTrial = false) => resolveBillingPeriod({ pricingType, prices, requested, inTrial, planId: 'plan-x' });
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return null;
  };

  it('E13: a paid subscription without a trial names its billing period, whatever the plan prices', () => {
    expect(code(() => period('PAID', monthly, null))).toBe('BillingPeriodMissingError');
    expect(code(() => period('PAID', both, null))).toBe('BillingPeriodMissingError');
    expect(code(() => period('PAID', [], null))).toBe('BillingPeriodMissingError');
    expect(period('PAID', monthly, 'ANNUALLY')).toBe('ANNUALLY');
  });

  it('a trial, a free or a custom plan needs none: MONTHLY when priced, else the first period priced, else none', () => {
    expect(period('PAID', both, null, true)).toBe('MONTHLY');
    expect(period('PAID', [{ billingPeriod: 'ANNUALLY' }], null, true)).toBe('ANNUALLY');
    expect(period('FREE', [], null)).toBeNull();
    expect(period('CUSTOM', monthly, null)).toBe('MONTHLY');
    expect(defaultBillingPeriod(undefined)).toBeNull();
  });

  it('priceUnitAmount is the unit quantity when unitQuantity is not given; two different values are BadUserInput', () => {
    expect(requestedUnitQuantity(undefined, 4)).toBe(4);
    expect(requestedUnitQuantity(3, null)).toBe(3);
    expect(requestedUnitQuantity(5, 5)).toBe(5);
    expect(requestedUnitQuantity(null, undefined)).toBeNull();
    expect(code(() => requestedUnitQuantity(2, 3))).toBe('BadUserInput');
  });
});
