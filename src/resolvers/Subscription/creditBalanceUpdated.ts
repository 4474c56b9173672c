import type { SubscriptionResolver } from '../context.js';

/** Accepted so that clients can subscribe; never emitted: the emulator has no credits. */
export const creditBalanceUpdated: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('creditBalanceUpdated'),
};
