import { packageFields } from '../shared/package.js';
import { asPrices, packagePricingType } from '../../catalog/catalog-rules.js';
import { isPlanRow, type PackageRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a plans or an addons row (a price's or an entitlement's package, a scheduled update's target). */
export const PackageDTO: TypeResolvers = {
  ...packageFields,
  type: (row: PackageRow) => (isPlanRow(row) ? 'PLAN' : 'ADDON'),
  overagePrices: () => [],
  pricingType: (row: PackageRow) => (isPlanRow(row) ? row.pricingType : packagePricingType(asPrices(row.prices))),
};
