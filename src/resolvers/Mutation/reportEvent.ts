import { reportEvents, type UsageEventInput } from '../../usage/event-service.js';
import type { Resolver } from '../context.js';

/**
 * Raw events, one or a batch (E78-E81). The result (a String in Stigg's schema) carries nothing the
 * clients read: null once the batch is stored.
 */
export const reportEvent: Resolver<unknown, { events: { usageEvents: UsageEventInput[] } }> = (_parent, { events }, ctx) => {
  reportEvents(ctx.env, ctx.nowMs, events.usageEvents);
  return null;
};
