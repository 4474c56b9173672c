import { estimateSubscriptionUpdate as estimate, type EstimateUpdateInput } from '../../pricing/estimate-service.js';
import type { Resolver } from '../context.js';
import { subscriptionPreview } from '../shared/preview.js';

/** estimateSubscriptionUpdate: what an update costs now, with its proration (nothing is written). */
export const estimateSubscriptionUpdate: Resolver<unknown, { input: EstimateUpdateInput }> = (_parent, { input }, ctx) =>
  subscriptionPreview(estimate(ctx.env, ctx.nowMs, input));
