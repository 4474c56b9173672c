import { catalog, type PriceRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';
import type { StoredPrice } from '../../catalog/pricing-rules.js';

/** A tiered price's tiers as GraphQL PriceTier (amounts as Money in the price's currency); null when not tiered. */
export function priceTiers(price: StoredPrice) {
  if (!price.tiers?.length) return null;
  const money = (amount: number | null | undefined) => (amount === null || amount === undefined ? null : { amount, currency: price.currency });
  return price.tiers.map((t) => ({ upTo: t.upTo ?? null, unitPrice: money(t.unitPrice), flatPrice: money(t.flatPrice) }));
}

/**
 * Parent: a PriceRef (one price of a plan or an add-on). Its own fields (id, billingModel, featureId,
 * tiersMode, ...) are read by the default resolver; fields the emulator does not model (billingId,
 * creditRate, customCurrency, ...) are absent from it and answer null.
 */
export const Price: TypeResolvers = {
  environmentId: (_ref: PriceRef, _args, ctx) => ctx.env.id,
  price: (ref: PriceRef) => ({ amount: ref.price.amount, currency: ref.price.currency }),
  feature: (ref: PriceRef, _args, ctx) => (ref.price.featureId ? (catalog.feature(ctx.env.db, ref.price.featureId) ?? null) : null),
  tiers: (ref: PriceRef) => priceTiers(ref.price),
};
