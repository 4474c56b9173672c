import { provisionCustomer as provision, type ProvisionCustomerInput } from '../../subscriptions/customer-provisioning.js';
import { customerEntitlements } from '../../entitlements/entitlement-service.js';
import { entitlementUnion } from '../../entitlements/entitlement-union.js';
import type { Resolver } from '../context.js';

export const provisionCustomer: Resolver<unknown, { input: ProvisionCustomerInput }> = (_parent, { input }, ctx) => {
  const result = provision(ctx.env, ctx.nowMs, input);
  const entitlements = customerEntitlements(ctx.env, ctx.nowMs, { customerId: result.customer.id });
  return {
    customer: result.customer,
    subscription: result.subscription,
    subscriptionDecisionStrategy: result.subscriptionDecisionStrategy,
    subscriptionStrategyDecision: result.subscriptionDecisionStrategy,
    entitlements,
    entitlementsV2: entitlementUnion(ctx.env.db, ctx.nowMs, result.customer.id, null, entitlements),
  };
};
