import { customerEntitlements } from '../../entitlements/entitlement-service.js';
import { applySubscription as apply } from '../../subscriptions/provisioning.js';
import type { SubscriptionParams } from '../../subscriptions/subscription-writes.js';
import { entitlementUnion } from '../../entitlements/entitlement-union.js';
import type { Resolver } from '../context.js';

/** applySubscription: the subscription and the customer's entitlements after it (V2: with its credit entitlements). */
export const applySubscription: Resolver<unknown, { input: SubscriptionParams }> = (_parent, { input }, ctx) => {
  const subscription = apply(ctx.env, ctx.nowMs, input);
  const entitlements = customerEntitlements(ctx.env, ctx.nowMs, { customerId: subscription.customerId, resourceId: subscription.resourceId });
  return { subscription, entitlements, entitlementsV2: entitlementUnion(ctx.env.db, ctx.nowMs, subscription.customerId, subscription.resourceId, entitlements) };
};
