import { catalog, type SubscriptionAddonRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a SubscriptionAddonRef (one add-on line of a subscription). */
export const SubscriptionAddon: TypeResolvers = {
  id: (ref: SubscriptionAddonRef) => `${ref.subscription.id}:${ref.addonId}`,
  addonId: (ref: SubscriptionAddonRef) => ref.addonId,
  addon: (ref: SubscriptionAddonRef, _args, ctx) => catalog.requireAddon(ctx.env.db, ref.addonId),
  quantity: (ref: SubscriptionAddonRef) => ref.quantity,
  price: (ref: SubscriptionAddonRef, _args, ctx) => catalog.subscriptionAddonPrice(ctx.env.db, ref),
  subscription: (ref: SubscriptionAddonRef) => ref.subscription,
  createdAt: (ref: SubscriptionAddonRef) => ref.subscription.createdAt,
  updatedAt: (ref: SubscriptionAddonRef) => ref.subscription.updatedAt,
};
