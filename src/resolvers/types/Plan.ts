import { environmentObject } from '../shared/environment.js';
import { asTrialConfig, metadataOrNull } from '../../catalog/catalog-rules.js';
import { catalog, entitlementRefs, priceRefs, type PlanRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a plans row. */
export const Plan: TypeResolvers = {
  id: (row: PlanRow) => row.id,
  refId: (row: PlanRow) => row.id,
  displayName: (row: PlanRow) => row.displayName,
  description: (row: PlanRow) => row.description,
  additionalMetaData: (row: PlanRow) => metadataOrNull(row.metadata),
  createdAt: (row: PlanRow) => row.createdAt,
  updatedAt: (row: PlanRow) => row.updatedAt,
  environmentId: (_row: PlanRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  billingId: () => null,
  billingLinkUrl: () => null,
  awsMarketplacePlanDimension: () => null,
  status: () => 'PUBLISHED',
  type: () => 'PLAN',
  versionNumber: () => 1,
  isLatest: () => true,
  isParent: (row: PlanRow, _args, ctx) => catalog.planIsParent(ctx.env.db, row.id),
  hiddenFromWidgets: () => [],
  draftDetails: () => null,
  draftSummary: () => null,
  offer: () => null,
  syncStates: () => [],
  minimumSpend: () => [],
  overageBillingPeriod: () => null,
  overagePrices: () => [],
  compatiblePackageGroups: () => [],
  pricingType: (row: PlanRow) => row.pricingType,
  productId: (row: PlanRow) => row.productId,
  product: (row: PlanRow, _args, ctx) => catalog.requireProduct(ctx.env.db, row.productId),
  basePlan: (row: PlanRow, _args, ctx) => (row.basePlanId ? (catalog.plan(ctx.env.db, row.basePlanId) ?? null) : null),
  defaultTrialConfig: (row: PlanRow) => {
    const trial = asTrialConfig(row.defaultTrialConfig);
    return trial ? { duration: trial.duration, units: trial.units, trialEndBehavior: trial.trialEndBehavior, budget: null } : null;
  },
  prices: (row: PlanRow) => priceRefs(row),
  entitlements: (row: PlanRow) => entitlementRefs(row),
  packageEntitlements: (row: PlanRow) => entitlementRefs(row),
  inheritedEntitlements: (row: PlanRow, _args, ctx) => catalog.inheritedEntitlements(ctx.env.db, row),
  inheritedPackageEntitlements: (row: PlanRow, _args, ctx) => catalog.inheritedEntitlements(ctx.env.db, row),
  compatibleAddons: (row: PlanRow, _args, ctx) => catalog.compatibleAddons(ctx.env.db, row),
};
