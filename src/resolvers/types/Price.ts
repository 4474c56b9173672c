import { catalog, type PriceRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';
import type { StoredPrice } from '../../catalog/pricing-rules.js';

/** A tiered price's tiers as GraphQL PriceTier (amounts as Money in the price's currency); null when not tiered. */
export function priceTiers(price: StoredPrice) {
  if (!price.tiers?.length) return null;
  const money = (amount: number | null | undefined) => (amount === null || amount === undefined ? null : { amount, currency: price.currency });
  return price.tiers.map((t) => ({ upTo: t.upTo ?? null, unitPrice: money(t.unitPrice), flatPrice: money(t.flatPrice) }));
}

/** Parent: a PriceRef (one price of a plan or an add-on). */
export const Price: TypeResolvers = {
  id: (ref: PriceRef) => `${ref.package.id}:price:${ref.index + 1}`,
  packageId: (ref: PriceRef) => ref.package.id,
  package: (ref: PriceRef) => ref.package,
  environmentId: (_ref: PriceRef, _args, ctx) => ctx.env.id,
  createdAt: (ref: PriceRef) => ref.package.createdAt,
  billingModel: (ref: PriceRef) => ref.price.billingModel,
  billingPeriod: (ref: PriceRef) => ref.price.billingPeriod,
  billingCadence: () => 'RECURRING',
  billingId: () => null,
  billingCountryCode: () => null,
  crmId: () => null,
  crmLinkUrl: () => null,
  price: (ref: PriceRef) => ({ amount: ref.price.amount, currency: ref.price.currency }),
  featureId: (ref: PriceRef) => ref.price.featureId ?? null,
  feature: (ref: PriceRef, _args, ctx) => (ref.price.featureId ? (catalog.feature(ctx.env.db, ref.price.featureId) ?? null) : null),
  minUnitQuantity: (ref: PriceRef) => ref.price.minUnitQuantity ?? null,
  maxUnitQuantity: (ref: PriceRef) => ref.price.maxUnitQuantity ?? null,
  blockSize: (ref: PriceRef) => ref.price.blockSize ?? null,
  // a credit rate needs a custom currency, which the fixture format does not describe
  creditRate: () => null,
  creditGrantCadence: () => null,
  customCurrency: () => null,
  topUpCustomCurrencyId: () => null,
  tiers: (ref: PriceRef) => priceTiers(ref.price),
  tiersMode: (ref: PriceRef) => (ref.price.tiers?.length ? (ref.price.tiersMode ?? 'GRADUATED') : null),
  isOverridePrice: () => false,
  resetPeriod: () => null,
  resetPeriodConfiguration: () => null,
  usedInSubscriptions: () => null,
};
