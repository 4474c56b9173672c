import { CustomerSubscription } from './CustomerSubscription.js';
import type { TypeResolvers } from '../context.js';

/** CustomerSubscription fields that SubscriptionQuery does not have. */
const NOT_ON_SUBSCRIPTION_QUERY = new Set(['futureUpdates', 'isCustomPriceSubscription', 'outdatedPricePackages']);

/** Parent: a subscriptions row, as a node of the `subscriptions` connection (CustomerSubscription's fields it has). */
export const SubscriptionQuery: TypeResolvers = Object.fromEntries(
  Object.entries(CustomerSubscription).filter(([field]) => !NOT_ON_SUBSCRIPTION_QUERY.has(field)),
);
