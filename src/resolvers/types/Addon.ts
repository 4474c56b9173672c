import { packageFields } from '../shared/package.js';
import { environmentObject } from '../shared/environment.js';
import { asPrices, packagePricingType } from '../../catalog/catalog-rules.js';
import { catalog, entitlementRefs, type AddonRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';
import { packageCreditRefs } from './Credits.js';

/** Parent: an addons row. */
export const Addon: TypeResolvers = {
  ...packageFields,
  environment: environmentObject,
  type: () => 'ADDON',
  overagePrices: () => [],
  pricingType: (row: AddonRow) => packagePricingType(asPrices(row.prices)),
  product: (row: AddonRow, _args, ctx) => catalog.product(ctx.env.db, row.productId) ?? null,
  hasSubscriptions: (row: AddonRow, _args, ctx) => catalog.addonHasSubscriptions(ctx.env.db, row.id),
  dependencies: (row: AddonRow, _args, ctx) => catalog.addonsByIds(ctx.env.db, row.dependencies),
  entitlements: (row: AddonRow) => entitlementRefs(row),
  packageEntitlements: (row: AddonRow, _args, ctx) => [...entitlementRefs(row), ...packageCreditRefs(ctx.env.db, 'ADDON', row, entitlementRefs(row).length)],
};
