import { metadataOrNull } from '../../catalog/catalog-rules.js';
import { priceRefs, type PackageRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/**
 * The fields every package type (Plan, Addon, PackageDTO) answers alike from a plans or addons row.
 * The row's own fields (id, displayName, description, status, productId, createdAt, updatedAt) are
 * read by the default resolver; draftDetails, draftSummary and offer are absent from it (null).
 */
export const packageFields: TypeResolvers = {
  refId: (row: PackageRow) => row.id,
  additionalMetaData: (row: PackageRow) => metadataOrNull(row.metadata),
  environmentId: (_row: PackageRow, _args, ctx) => ctx.env.id,
  billingId: () => null,
  billingLinkUrl: () => null,
  // plans carry their version (a subscription's plan may be an earlier one, E53); add-ons have one version
  versionNumber: (row: PackageRow) => ('versionNumber' in row ? row.versionNumber : 1),
  isLatest: (row: PackageRow) => (row as { isLatest?: boolean }).isLatest ?? true,
  hiddenFromWidgets: () => [],
  syncStates: () => [],
  prices: (row: PackageRow) => priceRefs(row),
};
