import { CustomerSubscription } from './CustomerSubscription.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a subscriptions row, as a node of the `subscriptions` connection (same fields as CustomerSubscription). */
export const SubscriptionQuery: TypeResolvers = CustomerSubscription;
