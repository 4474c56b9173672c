import { catalog, type PriceRef } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

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
  tiers: () => null,
  tiersMode: () => null,
  isOverridePrice: () => false,
  resetPeriod: () => null,
  resetPeriodConfiguration: () => null,
  usedInSubscriptions: () => null,
};
