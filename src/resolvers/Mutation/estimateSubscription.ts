import { estimateNewSubscription } from '../../pricing/estimate-service.js';
import type { SubscriptionParams } from '../../subscriptions/subscription-writes.js';
import type { Resolver } from '../context.js';
import { subscriptionPreview } from '../shared/preview.js';

/** estimateSubscription: what a new subscription costs now (nothing is written). */
export const estimateSubscription: Resolver<unknown, { input: SubscriptionParams }> = (_parent, { input }, ctx) =>
  subscriptionPreview(estimateNewSubscription(ctx.env, ctx.nowMs, input, { creditReplaced: false }));
