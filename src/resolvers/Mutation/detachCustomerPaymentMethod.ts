import { detachPaymentMethod } from '../../subscriptions/checkout.js';
import type { Resolver } from '../context.js';

export const detachCustomerPaymentMethod: Resolver<unknown, { input: { customerId: string } }> = (_parent, { input }, ctx) =>
  detachPaymentMethod(ctx.env, ctx.nowMs, input.customerId);
