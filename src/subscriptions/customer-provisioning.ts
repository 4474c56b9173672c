/**
 * provisionCustomer (E1-E5): the customer created or updated (customers/customer-service.ts) and,
 * with subscriptionParams, a subscription provisioned by the product's customer journey, in one
 * transaction.
 */
import type { Environment } from '../environments/environment.js';
import { customerIdOf, upsertCustomer, type CustomerInput } from '../customers/customer-service.js';
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import { provisionForCustomer, withDueApplied } from './provisioning.js';
import type { ProvisionOutcome, SubscriptionParams } from './subscription-writes.js';

export interface ProvisionCustomerInput extends CustomerInput {
  subscriptionParams?: SubscriptionParams | null;
}

export interface ProvisionCustomerResult {
  customer: CustomerRow;
  subscription: ProvisionOutcome['subscription'];
  subscriptionDecisionStrategy: string;
}

/** E1-E5: create or update the customer; with subscriptionParams, provision by the product's customer journey. */
export function provisionCustomer(env: Environment, nowMs: number, input: ProvisionCustomerInput): ProvisionCustomerResult {
  const id = customerIdOf(input);
  return withDueApplied(env, nowMs, () =>
    env.transaction((db) => {
      upsertCustomer(db, nowMs, id, input);
      let subscription: ProvisionOutcome['subscription'] = null;
      let strategy = 'SKIPPED_SUBSCRIPTION_CREATION';
      if (input.subscriptionParams) {
        const provisioned = provisionForCustomer(db, nowMs, id, input.subscriptionParams);
        subscription = provisioned.subscription;
        strategy = provisioned.decisionStrategy;
      }
      return { customer: customerRepo.get(db, id)!, subscription, subscriptionDecisionStrategy: strategy };
    }),
  );
}
