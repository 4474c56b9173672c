import { metadataOrNull } from '../../catalog/catalog-rules.js';
import { priceRefs, type PackageRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** The fields every package type (Plan, Addon, PackageDTO) answers alike from a plans or addons row. */
export const packageFields: TypeResolvers = {
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
  status: (row: PackageRow) => row.status,
  // plans carry their version (a subscription's plan may be an earlier one, E53); add-ons have one version
  versionNumber: (row: PackageRow) => ('versionNumber' in row ? row.versionNumber : 1),
  isLatest: (row: PackageRow) => (row as { isLatest?: boolean }).isLatest ?? true,
  hiddenFromWidgets: () => [],
  draftDetails: () => null,
  draftSummary: () => null,
  offer: () => null,
  syncStates: () => [],
  productId: (row: PackageRow) => row.productId,
  prices: (row: PackageRow) => priceRefs(row),
};
