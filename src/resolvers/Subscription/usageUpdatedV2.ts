import type { SubscriptionResolver } from '../context.js';

/** An entitlement's usage after it changed (reportUsage, reportUsageBulk, reportEvent, fixtures), by entitlement reference. */
export const usageUpdatedV2: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('usageUpdatedV2'),
};
