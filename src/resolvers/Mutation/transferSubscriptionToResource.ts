import { transferSubscriptionToResource as transfer, type TransferToResourceInput } from '../../subscriptions/transfer-service.js';
import type { Resolver } from '../context.js';

/** transferSubscriptionToResource: one subscription moves to another resource of its customer. */
export const transferSubscriptionToResource: Resolver<unknown, { input: TransferToResourceInput }> = (_parent, { input }, ctx) => transfer(ctx.env, ctx.nowMs, input);
