import { environmentObject } from '../shared/environment.js';
import { asPrices, metadataOrNull, packagePricingType } from '../../catalog/catalog-rules.js';
import { catalog, entitlementRefs, priceRefs, type AddonRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: an addons row. */
export const Addon: TypeResolvers = {
  id: (row: AddonRow) => row.id,
  refId: (row: AddonRow) => row.id,
  displayName: (row: AddonRow) => row.displayName,
  description: (row: AddonRow) => row.description,
  additionalMetaData: (row: AddonRow) => metadataOrNull(row.metadata),
  createdAt: (row: AddonRow) => row.createdAt,
  updatedAt: (row: AddonRow) => row.updatedAt,
  environmentId: (_row: AddonRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  billingId: () => null,
  billingLinkUrl: () => null,
  status: () => 'PUBLISHED',
  type: () => 'ADDON',
  versionNumber: () => 1,
  isLatest: () => true,
  hiddenFromWidgets: () => [],
  draftDetails: () => null,
  draftSummary: () => null,
  offer: () => null,
  syncStates: () => [],
  overageBillingPeriod: () => null,
  overagePrices: () => [],
  maxQuantity: (row: AddonRow) => row.maxQuantity,
  pricingType: (row: AddonRow) => packagePricingType(asPrices(row.prices)),
  productId: (row: AddonRow) => row.productId,
  product: (row: AddonRow, _args, ctx) => catalog.product(ctx.env.db, row.productId) ?? null,
  hasSubscriptions: (row: AddonRow, _args, ctx) => catalog.addonHasSubscriptions(ctx.env.db, row.id),
  dependencies: (row: AddonRow, _args, ctx) => catalog.addonsByIds(ctx.env.db, row.dependencies),
  prices: (row: AddonRow) => priceRefs(row),
  entitlements: (row: AddonRow) => entitlementRefs(row),
  packageEntitlements: (row: AddonRow) => entitlementRefs(row),
};
