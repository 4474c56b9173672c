import type { SubscriptionResolver } from '../context.js';

/** A customer's entitlements (in one resource scope) after a command changed them. */
export const entitlementsUpdated: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('entitlementsUpdated'),
};
