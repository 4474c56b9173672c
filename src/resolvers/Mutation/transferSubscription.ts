import { transferSubscription as transfer, type TransferSubscriptionInput } from '../../subscriptions/transfer-service.js';
import type { Resolver } from '../context.js';

/** transferSubscription: the live subscriptions of a customer's resource move to another resource. */
export const transferSubscription: Resolver<unknown, { input: TransferSubscriptionInput }> = (_parent, { input }, ctx) => transfer(ctx.env, ctx.nowMs, input);
