import { customerEntitlements } from '../../entitlements/entitlement-service.js';
import { provisionSubscription } from '../../subscriptions/provisioning.js';
import type { SubscriptionParams } from '../../subscriptions/subscription-writes.js';
import { entitlementUnion } from '../../entitlements/entitlement-union.js';
import { checkoutUrl, type Resolver } from '../context.js';

/** provisionSubscriptionV2 (the SDKs' provisionSubscription): SUCCESS with the subscription, or PAYMENT_REQUIRED with a checkout. */
export const provisionSubscriptionV2: Resolver<unknown, { input: SubscriptionParams }> = (_parent, { input }, ctx) => {
  const outcome = provisionSubscription(ctx.env, ctx.nowMs, input);
  const entitlements = outcome.subscription ? customerEntitlements(ctx.env, ctx.nowMs, { customerId: outcome.subscription.customerId, resourceId: outcome.subscription.resourceId }) : null;
  return {
    id: outcome.subscription?.id ?? outcome.checkoutId,
    status: outcome.status,
    subscription: outcome.subscription,
    isScheduled: outcome.isScheduled,
    checkoutUrl: outcome.checkoutId ? checkoutUrl(ctx, outcome.checkoutId) : null,
    checkoutBillingId: outcome.checkoutId,
    entitlements,
    entitlementsV2: entitlements && outcome.subscription ? entitlementUnion(ctx.env.db, ctx.nowMs, outcome.subscription.customerId, outcome.subscription.resourceId, entitlements) : null,
  };
};
