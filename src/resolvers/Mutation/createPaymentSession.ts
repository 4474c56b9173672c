import { createPaymentSession as create, type PaymentSessionInput } from '../../subscriptions/payment-session.js';
import { checkoutUrl, type Resolver } from '../context.js';

/** createPaymentSession: the token is the URL of the emulator's checkout page that collects the payment method. */
export const createPaymentSession: Resolver<unknown, { input: PaymentSessionInput }> = (_parent, { input }, ctx) => ({
  token: checkoutUrl(ctx, create(ctx.env, ctx.nowMs, input)),
});
