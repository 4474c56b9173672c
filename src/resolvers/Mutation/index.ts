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
import { reportEntitlementCheckRequested } from './reportEntitlementCheckRequested.js';
import { reportEvent } from './reportEvent.js';
import { reportUsage } from './reportUsage.js';
import { revokePromotionalEntitlement } from './revokePromotionalEntitlement.js';
import { reportUsageBulk } from './reportUsageBulk.js';
import { transferSubscription } from './transferSubscription.js';
import { transferSubscriptionToResource } from './transferSubscriptionToResource.js';
import { unarchiveCustomer } from './unarchiveCustomer.js';
import { updateOneCustomer } from './updateOneCustomer.js';
import { updateOneSubscription } from './updateOneSubscription.js';
import { estimateSubscription } from './estimateSubscription.js';
import { estimateSubscriptionUpdate } from './estimateSubscriptionUpdate.js';
import { previewSubscription } from './previewSubscription.js';
import { previewNextInvoice } from './previewNextInvoice.js';
import { createOneCoupon } from './createOneCoupon.js';
import { createPaymentSession } from './createPaymentSession.js';
import { createCreditGrant } from './createCreditGrant.js';
import { voidCreditGrant } from './voidCreditGrant.js';
import { updateCreditGrant } from './updateCreditGrant.js';
import { consumeCredits } from './consumeCredits.js';
import { consumeCreditsAsync } from './consumeCreditsAsync.js';
import { saveAutoRechargeSettings } from './saveAutoRechargeSettings.js';
import { grantPromotionalEntitlementsGroup } from './grantPromotionalEntitlementsGroup.js';
import { revokePromotionalEntitlementsGroup } from './revokePromotionalEntitlementsGroup.js';
import { unlinkPromotionalEntitlementsGroup } from './unlinkPromotionalEntitlementsGroup.js';

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
  reportEntitlementCheckRequested,
  reportEvent,
  reportUsage,
  revokePromotionalEntitlement,
  reportUsageBulk,
  transferSubscription,
  transferSubscriptionToResource,
  unarchiveCustomer,
  updateOneCustomer,
  updateOneSubscription,
  estimateSubscription,
  estimateSubscriptionUpdate,
  previewSubscription,
  previewNextInvoice,
  createOneCoupon,
  createPaymentSession,
  createCreditGrant,
  voidCreditGrant,
  updateCreditGrant,
  consumeCredits,
  consumeCreditsAsync,
  saveAutoRechargeSettings,
  grantPromotionalEntitlementsGroup,
  revokePromotionalEntitlementsGroup,
  unlinkPromotionalEntitlementsGroup,
};
