import type { Resolver } from '../context.js';
import { getCustomerByRefId } from './getCustomerByRefId.js';
import { cachedEntitlements } from './cachedEntitlements.js';
import { entitlement } from './entitlement.js';
import { entitlementV2 } from './entitlementV2.js';
import { entitlementsState } from './entitlementsState.js';
import { coupons } from './coupons.js';
import { paywall } from './paywall.js';
import { mockPaywall } from './mockPaywall.js';
import { checkoutState } from './checkoutState.js';
import { customerPortal } from './customerPortal.js';
import { customers } from './customers.js';
import { products } from './products.js';
import { sdkConfiguration } from './sdkConfiguration.js';
import { getActiveSubscriptions } from './getActiveSubscriptions.js';
import { getSubscription } from './getSubscription.js';
import { subscriptions } from './subscriptions.js';
import { usageHistory } from './usageHistory.js';
import { usageHistoryV2 } from './usageHistoryV2.js';
import { creditBalanceSummary } from './creditBalanceSummary.js';
import { creditGrants } from './creditGrants.js';
import { creditsLedger } from './creditsLedger.js';
import { creditUsage } from './creditUsage.js';
import { estimateUsageCost } from './estimateUsageCost.js';
import { estimateEventCost } from './estimateEventCost.js';
import { getAutoRechargeSettings } from './getAutoRechargeSettings.js';

export const queryResolvers: Record<string, Resolver> = {
  coupons,
  paywall,
  mockPaywall,
  checkoutState,
  customerPortal,
  customers,
  products,
  sdkConfiguration,
  getCustomerByRefId,
  cachedEntitlements,
  entitlement,
  entitlementV2,
  entitlementsState,
  getActiveSubscriptions,
  getSubscription,
  subscriptions,
  usageHistory,
  usageHistoryV2,
  creditBalanceSummary,
  creditGrants,
  creditsLedger,
  creditUsage,
  estimateUsageCost,
  estimateEventCost,
  getAutoRechargeSettings,
};
