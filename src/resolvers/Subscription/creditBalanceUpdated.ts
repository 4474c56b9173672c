import type { SubscriptionResolver } from '../context.js';

/** A wallet's balance after its grants changed (a grant, a consumption, a void, a recurring grant, a recharge). */
export const creditBalanceUpdated: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('creditBalanceUpdated'),
};
