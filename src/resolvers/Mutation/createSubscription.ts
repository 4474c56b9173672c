import { createSubscription as create } from '../../subscriptions/provisioning.js';
import type { SubscriptionParams } from '../../subscriptions/subscription-writes.js';
import type { Resolver } from '../context.js';

export const createSubscription: Resolver<unknown, { subscription: SubscriptionParams }> = (_parent, { subscription }, ctx) =>
  create(ctx.env, ctx.nowMs, subscription);
