import type { SubscriptionResolver } from '../context.js';

/** A plan or add-on written into a running environment (fixtures loaded through the control plane). */
export const packagePublished: SubscriptionResolver = {
  subscribe: (_parent, _args, ctx) => ctx.env.realtime.subscribe('packagePublished'),
};
