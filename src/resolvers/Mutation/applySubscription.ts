import { customerEntitlements } from '../../entitlements/entitlement-service.js';
import { EmulatorError } from '../../errors.js';
import { provisionSubscription, type SubscriptionParams } from '../../subscriptions/subscription-service.js';
import { checkoutUrl, type Resolver } from '../context.js';

/** applySubscription: provisioning with the customer's payment method (paymentMethodId), answering the subscription and entitlements. */
export const applySubscription: Resolver<unknown, { input: SubscriptionParams }> = (_parent, { input }, ctx) => {
  const outcome = provisionSubscription(ctx.env, ctx.nowMs, input);
  if (outcome.status === 'PAYMENT_REQUIRED') {
    throw new EmulatorError('PaymentMethodNotFoundError', `customer ${input.customerId} has no payment method: pass paymentMethodId or pay at ${checkoutUrl(ctx, outcome.checkoutId!)}`);
  }
  const entitlements = customerEntitlements(ctx.env, ctx.nowMs, { customerId: outcome.subscription!.customerId, resourceId: outcome.subscription!.resourceId });
  return { subscription: outcome.subscription, entitlements, entitlementsV2: entitlements };
};
