import { createSubscription as create, type SubscriptionParams } from '../../subscriptions/subscription-service.js';
import type { Resolver } from '../context.js';

export const createSubscription: Resolver<unknown, { subscription: SubscriptionParams }> = (_parent, { subscription }, ctx) =>
  create(ctx.env, ctx.nowMs, subscription);
