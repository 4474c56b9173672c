import { environmentObject } from '../shared/environment.js';
import { asTrialConfig, currentBillingPeriod, effectiveTrialEndBehavior, metadataOrNull } from '../../catalog/catalog-rules.js';
import { catalog, type SubscriptionAddonRef, type SubscriptionPriceRef, type SubscriptionRow } from '../../catalog/catalog-service.js';
import { matchesFilter, sortRows, type SortSpec } from '../../catalog/connection.js';
import type { GraphQLContext, TypeResolvers } from '../context.js';

type ListArgs = { filter?: Record<string, unknown> | null; sorting?: SortSpec[] | null };

const period = (row: SubscriptionRow, ctx: GraphQLContext) => currentBillingPeriod(row, ctx.nowMs);

const plan = (row: SubscriptionRow, ctx: GraphQLContext) => catalog.requirePlan(ctx.env.db, row.planId);

const priceField = (ref: SubscriptionPriceRef, field: string): unknown =>
  ({ billingModel: ref.ref.price.billingModel, featureId: ref.ref.price.featureId ?? null, usageLimit: ref.usageLimit, createdAt: ref.subscription.createdAt })[field];

const addonField = (ref: SubscriptionAddonRef, field: string): unknown =>
  ({ addonId: ref.addonId, quantity: ref.quantity, createdAt: ref.subscription.createdAt, updatedAt: ref.subscription.updatedAt })[field];

/** Parent: a subscriptions row (read-only view; the subscription services write it). */
export const CustomerSubscription: TypeResolvers = {
  id: (row: SubscriptionRow) => row.id,
  subscriptionId: (row: SubscriptionRow) => row.id,
  refId: (row: SubscriptionRow) => row.id,
  environmentId: (_row: SubscriptionRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  status: (row: SubscriptionRow) => row.status,
  cancelReason: (row: SubscriptionRow) => row.cancelReason,
  startDate: (row: SubscriptionRow) => row.startDate,
  endDate: (row: SubscriptionRow) => row.endDate,
  trialEndDate: (row: SubscriptionRow) => row.trialEndDate,
  cancellationDate: (row: SubscriptionRow) => row.cancellationDate,
  effectiveEndDate: (row: SubscriptionRow) => row.endDate,
  createdAt: (row: SubscriptionRow) => row.createdAt,
  billingPeriod: (row: SubscriptionRow) => row.billingPeriod,
  billingCycleAnchor: (row: SubscriptionRow, _args, ctx) => period(row, ctx).anchor,
  currentBillingPeriodStart: (row: SubscriptionRow, _args, ctx) => period(row, ctx).start,
  currentBillingPeriodEnd: (row: SubscriptionRow, _args, ctx) => period(row, ctx).end,
  additionalMetaData: (row: SubscriptionRow) => metadataOrNull(row.metadata),
  plan: (row: SubscriptionRow, _args, ctx) => plan(row, ctx),
  pricingType: (row: SubscriptionRow, _args, ctx) => plan(row, ctx).pricingType,
  customerId: (row: SubscriptionRow) => row.customerId,
  customer: (row: SubscriptionRow, _args, ctx) => catalog.requireCustomer(ctx.env.db, row.customerId),
  payingCustomer: () => null,
  payingCustomerId: () => null,
  resourceId: (row: SubscriptionRow) => row.resourceId,
  resource: (row: SubscriptionRow, _args, ctx) => (row.resourceId ? catalog.resource(ctx.env.db, ctx.env.id, row.customerId, row.resourceId) : null),
  addons: (row: SubscriptionRow, args: ListArgs) =>
    sortRows(
      catalog.subscriptionAddons(row).filter((ref) => matchesFilter(ref, args?.filter, addonField)),
      args?.sorting,
      addonField,
    ),
  prices: (row: SubscriptionRow, args: ListArgs, ctx) =>
    sortRows(
      catalog.subscriptionPrices(ctx.env.db, row).filter((ref) => matchesFilter(ref, args?.filter, priceField)),
      args?.sorting,
      priceField,
    ),
  totalPrice: (row: SubscriptionRow, _args, ctx) => {
    const total = catalog.subscriptionTotal(ctx.env.db, row);
    if (!total.priced) return null;
    const money = (amount: number) => ({ amount, currency: total.currency });
    return { subTotal: money(total.subTotal), total: money(total.subTotal), addonsTotal: money(total.addonsTotal) };
  },
  trialConfiguration: (row: SubscriptionRow, _args, ctx) => {
    if (!row.trialEndDate) return null;
    const p = plan(row, ctx);
    const customer = catalog.customer(ctx.env.db, row.customerId);
    return { trialEndBehavior: effectiveTrialEndBehavior(asTrialConfig(p.defaultTrialConfig), p.pricingType, customer?.hasPaymentMethod ?? false) };
  },
  wasInTrial: (row: SubscriptionRow) => row.trialEndDate !== null,
  paymentCollection: () => 'NOT_REQUIRED',
  paymentCollectionMethod: () => null,
  isCustomPriceSubscription: () => false,
  scheduledUpdates: () => [],
  futureUpdates: () => [],
  latestInvoice: () => null,
  lastUsageInvoice: () => null,
  billingId: () => null,
  billingLinkUrl: () => null,
  billingSyncError: () => null,
  oldBillingId: () => null,
  crmId: () => null,
  crmLinkUrl: () => null,
  salesforceId: () => null,
  budget: () => null,
  budgetExceeded: () => null,
  coupon: () => null,
  coupons: () => [],
  entitlements: () => [],
  subscriptionEntitlements: () => [],
  experiment: () => null,
  experimentInfo: () => null,
  freeItems: () => null,
  minimumSpend: () => null,
  outdatedPricePackages: () => [],
  syncStates: () => [],
};
