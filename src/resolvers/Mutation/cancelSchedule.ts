import { cancelSchedules } from '../../subscriptions/cancellation.js';
import type { Resolver } from '../context.js';

/** cancelSchedule (the SDKs' cancelSubscriptionUpdates, E21): the subscription's pending scheduled changes are cancelled. */
export const cancelSchedule: Resolver<unknown, { input: { subscriptionId: string; status?: string | null } }> = (_parent, { input }, ctx) =>
  cancelSchedules(ctx.env, ctx.nowMs, input.subscriptionId, input.status ?? 'Scheduled');
