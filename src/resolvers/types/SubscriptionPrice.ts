import type { SubscriptionPriceRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/**
 * Parent: a SubscriptionPriceRef (one plan price of a subscription, with the bought quantity). Its
 * own fields (id, subscriptionId, subscription, createdAt, billingModel, featureId, usageLimit) are
 * read by the default resolver; the credit fields are absent from it and answer null.
 */
export const SubscriptionPrice: TypeResolvers = {
  environmentId: (_ref: SubscriptionPriceRef, _args, ctx) => ctx.env.id,
  price: (ref: SubscriptionPriceRef) => ref.ref,
};
