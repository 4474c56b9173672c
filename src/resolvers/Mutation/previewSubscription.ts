import { estimateNewSubscription } from '../../pricing/estimate-service.js';
import type { SubscriptionParams } from '../../subscriptions/subscription-writes.js';
import type { Resolver } from '../context.js';
import { subscriptionPreviewV2 } from '../shared/preview.js';

/** previewSubscription: the immediate and the recurring invoice of a new subscription (nothing is written). */
export const previewSubscription: Resolver<unknown, { input: SubscriptionParams }> = (_parent, { input }, ctx) =>
  subscriptionPreviewV2(estimateNewSubscription(ctx.env, ctx.nowMs, input, { creditReplaced: true }));
