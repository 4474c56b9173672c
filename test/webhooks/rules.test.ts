/** The pure webhook rules: type strings, endpoint filters, the retry schedule, thresholds and notices. */
import { describe, expect, it } from 'vitest';
import { promotionNoticeAt } from '../../src/customers/customer-rules.js';
import {
  crossedSpendThreshold,
  DEFAULT_RETRY_DELAYS_MS,
  endpointWants,
  entitlementsChanged,
  entitlementsDigest,
  entitlementsTrigger,
  isDelivered,
  nextRetryDelay,
  spendLimitFields,
  subscriptionCreatedTypes,
  webhookTypeOf,
} from '../../src/webhooks/webhook-rules.js';

describe('webhook rules', () => {
  it('type strings are the lower-case dotted form of the event name; dotted names stay as written', () => {
    expect(webhookTypeOf('SUBSCRIPTION_CREATED')).toBe('subscription.created');
    expect(webhookTypeOf('SUBSCRIPTION_TRIAL_STARTED')).toBe('subscription.trial_started');
    expect(webhookTypeOf('CUSTOMER_DELETED')).toBe('customer.deleted');
    expect(webhookTypeOf('subscription.trial.ends_soon')).toBe('subscription.trial.ends_soon');
  });

  it('an endpoint without a filter (null or empty) receives everything; a filter matches either spelling', () => {
    expect(endpointWants(null, 'customer.created')).toBe(true);
    expect(endpointWants([], 'customer.created')).toBe(true);
    expect(endpointWants(['CUSTOMER_CREATED'], 'customer.created')).toBe(true);
    expect(endpointWants(['subscription.created'], 'customer.created')).toBe(false);
  });

  it('RULES 9.2: 3 immediate retries then 3 every 30 s, 7 attempts in all', () => {
    expect(DEFAULT_RETRY_DELAYS_MS).toEqual([0, 0, 0, 30_000, 30_000, 30_000]);
    const delays = [1, 2, 3];
    expect([1, 2, 3, 4].map((attempts) => nextRetryDelay(delays, attempts))).toEqual([1, 2, 3, null]);
    expect([199, 200, 204, 299, 300, 0, null].map(isDelivered)).toEqual([false, true, true, true, false, false, false]);
  });

  it('a subscription starting in a trial also emits trial_started', () => {
    expect(subscriptionCreatedTypes({ status: 'IN_TRIAL' })).toEqual(['subscription.created', 'subscription.trial_started']);
    expect(subscriptionCreatedTypes({ status: 'ACTIVE' })).toEqual(['subscription.created']);
  });

  it('spend limit: the highest of 80 % and 100 % a change of spend crossed, or none', () => {
    expect(crossedSpendThreshold(10, 0, 7)).toBeNull();
    expect(crossedSpendThreshold(10, 7, 8)).toBe(80);
    expect(crossedSpendThreshold(10, 8, 9.99)).toBeNull();
    expect(crossedSpendThreshold(10, 9, 10)).toBe(100);
    expect(crossedSpendThreshold(10, 0, 12)).toBe(100);
    expect(crossedSpendThreshold(0, 0, 5)).toBeNull();
    expect(spendLimitFields({ limit: 8, hasSoftLimit: true }, 6.5, 80)).toEqual({ spendLimit: 8, currentSpend: 6.5, currentSpendPercentage: 81.25, thresholdPercentage: 80, isSoftLimit: true });
  });

  it('entitlements.updated: due when the features or limits differ from those last announced, not for usage', () => {
    const item = { feature: null, featureId: 'f', usageLimit: 10, hasUnlimitedUsage: false, hasSoftLimit: false, currentUsage: 3, enumValues: null, resetPeriod: 'MONTH', resetPeriodConfiguration: null, usagePeriodAnchor: null, usagePeriodStart: null, usagePeriodEnd: null };
    const digest = entitlementsDigest([item]);
    expect(entitlementsDigest([{ ...item, currentUsage: 9 }])).toBe(digest);
    expect(entitlementsDigest([{ ...item, usageLimit: 20 }])).not.toBe(digest);
    expect(entitlementsChanged(null, entitlementsDigest([]), 0)).toBe(false);
    expect(entitlementsChanged(null, digest, 1)).toBe(true);
    expect(entitlementsChanged(digest, digest, 1)).toBe(false);
    expect(entitlementsChanged(digest, entitlementsDigest([]), 0)).toBe(true);
    expect(entitlementsTrigger('subscription.created')).toBe('subscription_created');
    expect(entitlementsTrigger('promotionalEntitlement.granted')).toBe('promotional_entitlement_granted');
  });

  it('promotionalEntitlement.ends_soon is due 7 days before the end, when that is after the grant', () => {
    expect(promotionNoticeAt('2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z')).toBe('2025-01-25T00:00:00.000Z');
    expect(promotionNoticeAt('2025-01-01T00:00:00.000Z', '2025-01-06T00:00:00.000Z')).toBeNull();
    expect(promotionNoticeAt('2025-01-01T00:00:00.000Z', null)).toBeNull();
  });
});
