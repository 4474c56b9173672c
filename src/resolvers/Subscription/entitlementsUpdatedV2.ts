import type { SubscriptionResolver } from '../context.js';

/** entitlementsUpdated with the entitlements as the EntitlementUnion (what @stigg/node-server-sdk 4.x opens). */
export const entitlementsUpdatedV2: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('entitlementsUpdatedV2'),
};
