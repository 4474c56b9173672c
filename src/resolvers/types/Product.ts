import { environmentObject } from '../shared/environment.js';
import { catalog, type ProductRow } from '../../catalog/catalog-service.js';
import { metadataOrNull } from '../../catalog/catalog-rules.js';
import type { GraphQLContext, TypeResolvers } from '../context.js';

interface Journey {
  subscriptionStartSetup?: string;
  subscriptionStartPlanId?: string | null;
  subscriptionEndSetup?: string;
  downgradePlanId?: string | null;
  subscriptionCancellationTime?: string;
  downgradeAtEndOfBillingPeriod?: boolean;
  usageResetCutoffRule?: string;
  prorateAtEndOfBillingPeriod?: boolean | null;
}

const journey = (row: ProductRow) => row.customerJourney as Journey;
const planOrNull = (id: string | null | undefined, ctx: GraphQLContext) => (id ? (catalog.plan(ctx.env.db, id) ?? null) : null);

/** Parent: a products row; its own fields (id, displayName, status, multipleSubscriptions, ...) are read by the default resolver. */
export const Product: TypeResolvers = {
  refId: (row: ProductRow) => row.id,
  additionalMetaData: (row: ProductRow) => metadataOrNull(row.metadata),
  environmentId: (_row: ProductRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  isDefaultProduct: () => false,
  hasSubscriptions: (row: ProductRow, _args, ctx) => catalog.productHasSubscriptions(ctx.env.db, row.id),
  autoCancellationRules: () => [],
  plans: (row: ProductRow, _args, ctx) => catalog.plans(ctx.env.db, row.id),
  addons: (row: ProductRow, _args, ctx) => catalog.addons(ctx.env.db, row.id),
  downgradePlan: (row: ProductRow, _args, ctx) => planOrNull(journey(row).downgradePlanId, ctx),
  subscriptionStartPlan: (row: ProductRow, _args, ctx) => planOrNull(journey(row).subscriptionStartPlanId, ctx),
  subscriptionUpdateUsageResetCutoffRule: (row: ProductRow) => ({ behavior: journey(row).usageResetCutoffRule ?? 'ALWAYS_RESET' }),
  /** the customer journey, as Stigg's ProductSettings */
  productSettings: (row: ProductRow, _args, ctx) => {
    const j = journey(row);
    return {
      subscriptionStartSetup: j.subscriptionStartSetup ?? 'PLAN_SELECTION',
      subscriptionStartPlanId: j.subscriptionStartPlanId ?? null,
      subscriptionStartPlan: planOrNull(j.subscriptionStartPlanId, ctx),
      subscriptionEndSetup: j.subscriptionEndSetup ?? 'CANCEL_SUBSCRIPTION',
      downgradePlanId: j.downgradePlanId ?? null,
      downgradePlan: planOrNull(j.downgradePlanId, ctx),
      subscriptionCancellationTime: j.subscriptionCancellationTime ?? 'END_OF_BILLING_PERIOD',
      prorateAtEndOfBillingPeriod: j.prorateAtEndOfBillingPeriod ?? null,
    };
  },
};
