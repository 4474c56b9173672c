import type { Resolver } from '../context.js';
import { archiveCustomer } from './archiveCustomer.js';
import { cancelSchedule } from './cancelSchedule.js';
import { applySubscription } from './applySubscription.js';
import { cancelSubscription } from './cancelSubscription.js';
import { createSubscription } from './createSubscription.js';
import { detachCustomerPaymentMethod } from './detachCustomerPaymentMethod.js';
import { importSubscriptionsBulk } from './importSubscriptionsBulk.js';
import { provisionSubscriptionV2 } from './provisionSubscriptionV2.js';
import { grantPromotionalEntitlements } from './grantPromotionalEntitlements.js';
import { importCustomersBulk } from './importCustomersBulk.js';
import { importOneCustomer } from './importOneCustomer.js';
import { provisionCustomer } from './provisionCustomer.js';
import { reportEntitlementCheckRequested } from './reportEntitlementCheckRequested.js';
import { reportEvent } from './reportEvent.js';
import { reportUsage } from './reportUsage.js';
import { revokePromotionalEntitlement } from './revokePromotionalEntitlement.js';
import { reportUsageBulk } from './reportUsageBulk.js';
import { unarchiveCustomer } from './unarchiveCustomer.js';
import { updateOneCustomer } from './updateOneCustomer.js';
import { updateOneSubscription } from './updateOneSubscription.js';

export const mutationResolvers: Record<string, Resolver> = {
  cancelSchedule,
  applySubscription,
  cancelSubscription,
  createSubscription,
  detachCustomerPaymentMethod,
  importSubscriptionsBulk,
  provisionSubscriptionV2,
  archiveCustomer,
  grantPromotionalEntitlements,
  importCustomersBulk,
  importOneCustomer,
  provisionCustomer,
  reportEntitlementCheckRequested,
  reportEvent,
  reportUsage,
  revokePromotionalEntitlement,
  reportUsageBulk,
  unarchiveCustomer,
  updateOneCustomer,
  updateOneSubscription,
};
