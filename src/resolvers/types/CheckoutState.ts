import type { CheckoutStateView } from '../../subscriptions/payment-session.js';
import { checkoutUrl, type TypeResolvers } from '../context.js';

/**
 * Parent: a CheckoutStateView. The emulator has no billing provider: the setup secret is the URL of
 * its checkout page that collects the payment method, and the integration names Stripe (the
 * provider Stigg's checkout widget supports) without credentials.
 */
export const CheckoutState: TypeResolvers = {
  setupSecret: (view: CheckoutStateView, _args, ctx) => checkoutUrl(ctx, view.checkoutId),
  billingIntegration: () => ({ billingIdentifier: 'STRIPE', credentials: { accountId: null, publicKey: null }, billingCredentials: null }),
  configuration: () => null,
};
