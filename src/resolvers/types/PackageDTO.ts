import { asPrices, metadataOrNull, packagePricingType } from '../../catalog/catalog-rules.js';
import { isPlanRow, priceRefs, type PackageRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a plans or an addons row (a price's or an entitlement's package, a scheduled update's target). */
export const PackageDTO: TypeResolvers = {
  id: (row: PackageRow) => row.id,
  refId: (row: PackageRow) => row.id,
  displayName: (row: PackageRow) => row.displayName,
  description: (row: PackageRow) => row.description,
  additionalMetaData: (row: PackageRow) => metadataOrNull(row.metadata),
  createdAt: (row: PackageRow) => row.createdAt,
  updatedAt: (row: PackageRow) => row.updatedAt,
  environmentId: (_row: PackageRow, _args, ctx) => ctx.env.id,
  billingId: () => null,
  billingLinkUrl: () => null,
  status: () => 'PUBLISHED',
  type: (row: PackageRow) => (isPlanRow(row) ? 'PLAN' : 'ADDON'),
  versionNumber: () => 1,
  isLatest: () => true,
  hiddenFromWidgets: () => [],
  draftDetails: () => null,
  draftSummary: () => null,
  offer: () => null,
  syncStates: () => [],
  overageBillingPeriod: () => null,
  overagePrices: () => [],
  pricingType: (row: PackageRow) => (isPlanRow(row) ? row.pricingType : packagePricingType(asPrices(row.prices))),
  productId: (row: PackageRow) => row.productId,
  prices: (row: PackageRow) => priceRefs(row),
};
