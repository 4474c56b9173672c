import { getActiveSubscriptions as read } from '../../subscriptions/subscription-queries.js';
import type { Resolver } from '../context.js';

interface GetActiveSubscriptionsInput {
  customerId: string;
  resourceId?: string | null;
  resourceIds?: string[] | null;
}

/** The customer's ACTIVE and IN_TRIAL subscriptions: global ones without a resource, else the resources'. */
export const getActiveSubscriptions: Resolver<unknown, { input: GetActiveSubscriptionsInput }> = (_parent, { input }, ctx) =>
  read(ctx.env.db, ctx.nowMs, input.customerId, input.resourceId, input.resourceIds);
