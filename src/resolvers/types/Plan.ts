import { packageFields } from '../shared/package.js';
import { environmentObject } from '../shared/environment.js';
import { asTrialConfig } from '../../catalog/catalog-rules.js';
import { catalog, entitlementRefs, type PlanRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';
import { packageCreditRefs } from './Credits.js';

/** Parent: a plans row. */
export const Plan: TypeResolvers = {
  ...packageFields,
  environment: environmentObject,
  type: () => 'PLAN',
  isParent: (row: PlanRow, _args, ctx) => catalog.planIsParent(ctx.env.db, row.id),
  minimumSpend: () => [],
  overagePrices: () => [],
  compatiblePackageGroups: () => [],
  product: (row: PlanRow, _args, ctx) => catalog.requireProduct(ctx.env.db, row.productId),
  basePlan: (row: PlanRow, _args, ctx) => (row.basePlanId ? (catalog.plan(ctx.env.db, row.basePlanId) ?? null) : null),
  defaultTrialConfig: (row: PlanRow) => {
    const trial = asTrialConfig(row.defaultTrialConfig);
    return trial ? { duration: trial.duration, units: trial.units, trialEndBehavior: trial.trialEndBehavior, budget: trial.budget ?? null } : null;
  },
  entitlements: (row: PlanRow) => entitlementRefs(row),
  packageEntitlements: (row: PlanRow, _args, ctx) => [...entitlementRefs(row), ...packageCreditRefs(ctx.env.db, 'PLAN', row, entitlementRefs(row).length)],
  inheritedEntitlements: (row: PlanRow, _args, ctx) => catalog.inheritedEntitlements(ctx.env.db, row),
  inheritedPackageEntitlements: (row: PlanRow, _args, ctx) => catalog.inheritedEntitlements(ctx.env.db, row),
  compatibleAddons: (row: PlanRow, _args, ctx) => catalog.compatibleAddons(ctx.env.db, row),
};
