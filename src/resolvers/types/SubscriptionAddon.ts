import { catalog, type SubscriptionAddonRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a SubscriptionAddonRef (one add-on line of a subscription); its own fields (id, addonId, quantity, subscription, createdAt, updatedAt) are read by the default resolver. */
export const SubscriptionAddon: TypeResolvers = {
  addon: (ref: SubscriptionAddonRef, _args, ctx) => catalog.requireAddon(ctx.env.db, ref.addonId),
  price: (ref: SubscriptionAddonRef, _args, ctx) => catalog.subscriptionAddonPrice(ctx.env.db, ref),
};
