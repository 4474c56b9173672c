import { updateSubscription, type UpdateSubscriptionInput } from '../../subscriptions/updates.js';
import type { Resolver } from '../context.js';

/** updateOneSubscription (the SDKs' updateSubscription). */
export const updateOneSubscription: Resolver<unknown, { input: UpdateSubscriptionInput }> = (_parent, { input }, ctx) =>
  updateSubscription(ctx.env, ctx.nowMs, input);
