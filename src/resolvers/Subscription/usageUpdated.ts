import type { SubscriptionResolver } from '../context.js';

/** A feature's usage after it was reported (reportUsage, reportUsageBulk) or loaded. */
export const usageUpdated: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('usageUpdated'),
};
