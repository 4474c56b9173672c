import { delegateSubscriptionToCustomer as delegate, type DelegationInput } from '../../subscriptions/transfer-service.js';
import type { Resolver } from '../context.js';

/** delegateSubscriptionToCustomer: another customer gets the subscription's entitlements; the payer stays. */
export const delegateSubscriptionToCustomer: Resolver<unknown, { input: DelegationInput }> = (_parent, { input }, ctx) => delegate(ctx.env, ctx.nowMs, input);
