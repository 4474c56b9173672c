import type { PricePoint } from '../../catalog/catalog-rules.js';
import { catalog } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a PricePoint (catalog-rules) with the requested billingCountryCode. */
export const PaywallPricePoint: TypeResolvers = {
  feature: (point: PricePoint, _args, ctx) => (point.featureId ? (catalog.feature(ctx.env.db, point.featureId) ?? null) : null),
};
