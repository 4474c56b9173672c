import type { Resolver } from '../context.js';
import { archiveCustomer } from './archiveCustomer.js';
import { cancelSchedule } from './cancelSchedule.js';
import { applySubscription } from './applySubscription.js';
import { cancelSubscription } from './cancelSubscription.js';
import { createSubscription } from './createSubscription.js';
import { delegateSubscriptionToCustomer } from './delegateSubscriptionToCustomer.js';
import { detachCustomerPaymentMethod } from './detachCustomerPaymentMethod.js';
import { importSubscriptionsBulk } from './importSubscriptionsBulk.js';
import { provisionSubscriptionV2 } from './provisionSubscriptionV2.js';
import { grantPromotionalEntitlements } from './grantPromotionalEntitlements.js';
import { importCustomersBulk } from './importCustomersBulk.js';
import { importOneCustomer } from './importOneCustomer.js';
import { migrateSubscriptionToLatest } from './migrateSubscriptionToLatest.js';
import { provisionCustomer } from './provisionCustomer.js';
import { reportUsage } from './reportUsage.js';
import { revokePromotionalEntitlement } from './revokePromotionalEntitlement.js';
import { reportUsageBulk } from './reportUsageBulk.js';
import { transferSubscription } from './transferSubscription.js';
import { transferSubscriptionToResource } from './transferSubscriptionToResource.js';
import { unarchiveCustomer } from './unarchiveCustomer.js';
import { updateOneCustomer } from './updateOneCustomer.js';
import { updateOneSubscription } from './updateOneSubscription.js';

export const mutationResolvers: Record<string, Resolver> = {
  cancelSchedule,
  applySubscription,
  cancelSubscription,
  createSubscription,
  delegateSubscriptionToCustomer,
  detachCustomerPaymentMethod,
  importSubscriptionsBulk,
  provisionSubscriptionV2,
  archiveCustomer,
  grantPromotionalEntitlements,
  importCustomersBulk,
  importOneCustomer,
  migrateSubscriptionToLatest,
  provisionCustomer,
  reportUsage,
  revokePromotionalEntitlement,
  reportUsageBulk,
  transferSubscription,
  transferSubscriptionToResource,
  unarchiveCustomer,
  updateOneCustomer,
  updateOneSubscription,
};
