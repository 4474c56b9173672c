/**
 * Every implemented resolver, by type and field. One file per root field under Query/, Mutation/
 * and Subscription/, one file per object type under types/.
 */
import type { TypeResolvers } from './context.js';
import { queryResolvers } from './Query/index.js';
import { mutationResolvers } from './Mutation/index.js';
import { subscriptionResolvers } from './Subscription/index.js';
import { typeResolvers } from './types/index.js';

export const resolvers: Record<string, TypeResolvers | unknown> = {
  ...typeResolvers,
  Query: queryResolvers,
  Mutation: mutationResolvers,
  Subscription: subscriptionResolvers,
};

/**
 * Root fields a client (publishable) key may call: what Stigg allows a publishable key
 * (entitlements, paywall, customer portal, checkout, usage history, coupons, SDK configuration),
 * which is what the browser SDK sends.
 */
export const CLIENT_KEY_ROOT_FIELDS = new Set<string>([
  '__typename',
  'applySubscription',
  'cachedEntitlements',
  'checkoutState',
  'coupons',
  'customerPortal',
  'entitlement',
  'entitlements',
  'entitlementsState',
  'estimateSubscription',
  'estimateSubscriptionUpdate',
  'getActiveSubscriptions',
  'getCustomerByRefId',
  'getSubscription',
  'mockPaywall',
  'paywall',
  'previewSubscription',
  'reportEntitlementCheckRequested',
  'sdkConfiguration',
  'usageHistory',
  'usageHistoryV2',
]);
