import { cancelSubscription as cancel, type CancellationInput } from '../../subscriptions/cancellation.js';
import type { Resolver } from '../context.js';

export const cancelSubscription: Resolver<unknown, { input: CancellationInput }> = (_parent, { input }, ctx) => cancel(ctx.env, ctx.nowMs, input);
