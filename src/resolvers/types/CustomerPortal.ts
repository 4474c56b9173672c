/** The customer portal's types. Parents: a CustomerPortalView, subscriptions rows, features rows. */
import { asPrices, currentBillingPeriod, pricesForPeriod } from '../../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../../catalog/catalog-service.js';
import type { CustomerPortalView } from '../../views/customer-portal.js';
import { entitlementsState } from '../../entitlements/entitlement-service.js';
import { entitlementUnion } from '../../entitlements/entitlement-union.js';
import { nextInvoiceOf, subscriptionTotalPrice } from '../../pricing/estimate-service.js';
import { unitQuantity } from '../../catalog/pricing-rules.js';
import type { GraphQLContext, TypeResolvers } from '../context.js';
import { invoicePreview } from '../shared/preview.js';
import { CustomerSubscription } from './CustomerSubscription.js';
import { featureFields } from './Feature.js';

const DAY_MS = 86_400_000;

const entitlements = (view: CustomerPortalView, ctx: GraphQLContext) =>
  entitlementsState(ctx.env, ctx.nowMs, { customerId: view.customer.id, resourceId: view.resourceId }).entitlements;

export const CustomerPortal: TypeResolvers = {
  subscriptions: (view: CustomerPortalView) => view.subscriptions,
  entitlements: (view: CustomerPortalView, _args, ctx) => entitlements(view, ctx),
  entitlementsV2: (view: CustomerPortalView, _args, ctx) => entitlementUnion(ctx.env.db, ctx.nowMs, view.customer.id, view.resourceId, entitlements(view, ctx)),
  promotionalEntitlements: (view: CustomerPortalView, _args, ctx) =>
    view.promotionalEntitlements.map((p) => {
      const feature = catalog.feature(ctx.env.db, p.featureId);
      return {
        displayName: feature?.displayName ?? p.featureId,
        description: feature?.description ?? null,
        period: p.period,
        startDate: p.startDate,
        endDate: p.endDate,
        usageLimit: p.hasUnlimitedUsage ? null : p.usageLimit,
        hasUnlimitedUsage: p.hasUnlimitedUsage,
        hasSoftLimit: p.hasSoftLimit,
      };
    }),
  billingInformation: (view: CustomerPortalView) => {
    const info = (view.customer.billingInformation ?? {}) as Record<string, unknown>;
    return {
      name: view.customer.name,
      email: view.customer.email,
      defaultPaymentMethodId: typeof info.paymentMethodId === 'string' ? info.paymentMethodId : null,
      // the emulator keeps no card details
      defaultPaymentMethodLast4Digits: null,
      defaultPaymentMethodType: null,
      defaultPaymentExpirationMonth: null,
      defaultPaymentExpirationYear: null,
    };
  },
  showWatermark: () => false,
  billingPortalUrl: () => null,
  canUpgradeSubscription: (view: CustomerPortalView) => view.canUpgradeSubscription,
  configuration: () => null,
  resource: (view: CustomerPortalView) => view.resource,
};

const plan = (row: SubscriptionRow, ctx: GraphQLContext) => catalog.requirePlan(ctx.env.db, row.planId);

/** The plan prices of the subscription's billing period. */
const periodPrices = (row: SubscriptionRow, ctx: GraphQLContext) => pricesForPeriod(asPrices(plan(row, ctx).prices), row.billingPeriod);

const feature = (featureId: string | null | undefined, ctx: GraphQLContext) => (featureId ? (catalog.feature(ctx.env.db, featureId) ?? null) : null);

export const CustomerPortalSubscription: TypeResolvers = {
  subscriptionId: (row: SubscriptionRow) => row.id,
  planId: (row: SubscriptionRow) => row.planId,
  planName: (row: SubscriptionRow, _args, ctx) => plan(row, ctx).displayName,
  pricingType: (row: SubscriptionRow, _args, ctx) => plan(row, ctx).pricingType,
  status: (row: SubscriptionRow) => row.status,
  trialRemainingDays: (row: SubscriptionRow, _args, ctx) =>
    row.status === 'IN_TRIAL' && row.trialEndDate ? Math.max(0, Math.ceil((Date.parse(row.trialEndDate) - ctx.nowMs) / DAY_MS)) : null,
  billingPeriodRange: (row: SubscriptionRow, _args, ctx) => {
    const p = currentBillingPeriod(row, ctx.nowMs);
    return { start: p.start, end: p.end };
  },
  totalPrice: (row: SubscriptionRow, _args, ctx) => CustomerSubscription.totalPrice!(row, {}, ctx),
  prices: (row: SubscriptionRow, _args, ctx) =>
    periodPrices(row, ctx).map((p) => ({
      billingModel: p.billingModel,
      billingPeriod: p.billingPeriod,
      blockSize: p.blockSize ?? null,
      price: { amount: p.amount, currency: p.currency },
      creditRate: null,
      feature: feature(p.featureId, ctx),
    })),
  pricing: (row: SubscriptionRow, _args, ctx) => {
    const prices = periodPrices(row, ctx);
    const main = prices.find((p) => p.billingModel === 'FLAT_FEE') ?? prices[0];
    const perUnit = prices.find((p) => p.billingModel === 'PER_UNIT');
    const quantity = perUnit ? unitQuantity(perUnit, row.billableFeatures) : null;
    const total = subscriptionTotalPrice(ctx.env.db, ctx.nowMs, row);
    return {
      pricingType: plan(row, ctx).pricingType,
      billingPeriod: row.billingPeriod,
      billingModel: main?.billingModel ?? null,
      // the period's in-advance charge of the plan (add-ons are listed apart)
      price: main ? { amount: total.subTotal - total.addonsTotal, currency: total.currency } : null,
      unitQuantity: quantity !== null && Number.isInteger(quantity) ? quantity : null,
      usageBasedEstimatedBill: null,
      creditRate: null,
      feature: feature(perUnit?.featureId, ctx),
      billingCountryCode: row.billingCountryCode,
    };
  },
  addons: (row: SubscriptionRow, _args, ctx) =>
    row.addons.map((a) => {
      const addon = catalog.addon(ctx.env.db, a.addonId);
      return { addonId: a.addonId, displayName: addon?.displayName ?? a.addonId, description: addon?.description ?? null, quantity: a.quantity };
    }),
  scheduledUpdates: (row: SubscriptionRow, _args, ctx) => CustomerSubscription.scheduledUpdates!(row, {}, ctx),
  previewNextInvoice: (row: SubscriptionRow, _args, ctx) => invoicePreview(nextInvoiceOf(ctx.env.db, ctx.nowMs, row)),
};

/** The portal's feature: a subset of Feature's fields, resolved the same way (the row's own fields by the default resolver). */
const PORTAL_FEATURE_FIELDS = ['id', 'refId', 'displayName', 'description', 'featureType', 'meterType', 'featureUnits', 'featureUnitsPlural'];
export const CustomerPortalPricingFeature: TypeResolvers = Object.fromEntries(
  PORTAL_FEATURE_FIELDS.filter((field) => featureFields[field]).map((field) => [field, featureFields[field]!]),
);
