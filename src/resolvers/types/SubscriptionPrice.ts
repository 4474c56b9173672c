import type { SubscriptionPriceRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a SubscriptionPriceRef (one plan price of a subscription, with the bought quantity). */
export const SubscriptionPrice: TypeResolvers = {
  id: (ref: SubscriptionPriceRef) => `${ref.subscription.id}:price:${ref.ref.index + 1}`,
  subscriptionId: (ref: SubscriptionPriceRef) => ref.subscription.id,
  subscription: (ref: SubscriptionPriceRef) => ref.subscription,
  environmentId: (_ref: SubscriptionPriceRef, _args, ctx) => ctx.env.id,
  createdAt: (ref: SubscriptionPriceRef) => ref.subscription.createdAt,
  updatedAt: (ref: SubscriptionPriceRef) => ref.subscription.updatedAt,
  price: (ref: SubscriptionPriceRef) => ref.ref,
  billingModel: (ref: SubscriptionPriceRef) => ref.ref.price.billingModel,
  featureId: (ref: SubscriptionPriceRef) => ref.ref.price.featureId ?? null,
  usageLimit: (ref: SubscriptionPriceRef) => ref.usageLimit,
  hasSoftLimit: () => null,
  creditGrantCadence: () => null,
  creditRate: () => null,
  creditsQuantity: () => null,
  nextGrantDate: () => null,
  topUpCustomCurrencyId: () => null,
};
