import { checkoutState as state, type CheckoutStateInput } from '../../subscriptions/payment-session.js';
import type { Resolver } from '../context.js';

/** checkoutState: the checkout widget's state (customer, plan, current subscription, setup secret). */
export const checkoutState: Resolver<unknown, { input: CheckoutStateInput }> = (_parent, { input }, ctx) => state(ctx.env, ctx.nowMs, input);
