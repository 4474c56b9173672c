import { getSubscription as read } from '../../subscriptions/subscription-queries.js';
import type { Resolver } from '../context.js';

export const getSubscription: Resolver<unknown, { input: { subscriptionId: string } }> = (_parent, { input }, ctx) =>
  read(ctx.env.db, ctx.nowMs, input.subscriptionId);
