import type { SubscriptionResolver } from '../context.js';

/** A feature's usage after it was reported (reportUsage, reportUsageBulk, reportEvent) or loaded. */
export const usageUpdated: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('usageUpdated'),
};
