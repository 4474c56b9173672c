import { subscriptionConnection, type SubscriptionConnectionArgs } from '../../subscriptions/subscription-queries.js';
import type { Resolver } from '../context.js';

export const subscriptions: Resolver<unknown, SubscriptionConnectionArgs> = (_parent, args, ctx) =>
  subscriptionConnection(ctx.env.db, ctx.nowMs, args, ctx.env.id);
