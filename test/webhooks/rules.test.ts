/** The pure webhook rules: type strings, endpoint filters, the retry schedule. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_DELAYS_MS, endpointWants, isDelivered, nextRetryDelay, subscriptionCreatedTypes, webhookTypeOf } from '../../src/webhooks/webhook-rules.js';

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
});
