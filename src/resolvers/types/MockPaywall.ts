/**
 * The mock paywall's types (PaywallPlan, PaywallAddon, PaywallPrice, PaywallProduct,
 * PaywallBasePlan): the catalog's plans, add-ons and prices as the paywall widget previews them.
 * Parents are plans / addons / products rows and PriceRefs; entitlements are package entitlements
 * shaped as Entitlement (granted, without usage).
 */
import { asPrices, metadataOrNull, packagePricingType } from '../../catalog/catalog-rules.js';
import { catalog, entitlementRefs, priceRefs, type AddonRow, type EntitlementRef, type PackageRow, type PlanRow, type ProductRow } from '../../catalog/catalog-service.js';
import type { GraphQLContext, TypeResolvers } from '../context.js';
import { Plan } from './Plan.js';
import { Price } from './Price.js';

/** A package entitlement as the Entitlement type's parent (an EntitlementView without a customer or usage). */
function asEntitlement(ref: EntitlementRef, ctx: GraphQLContext) {
  const e = ref.entitlement;
  return {
    customerId: null,
    resourceId: null,
    featureId: e.featureId,
    feature: catalog.feature(ctx.env.db, e.featureId) ?? null,
    isGranted: true,
    accessDeniedReason: null,
    usageLimit: e.hasUnlimitedUsage ? null : (e.usageLimit ?? null),
    hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
    hasSoftLimit: e.hasSoftLimit ?? false,
    currentUsage: null,
    requestedUsage: null,
    requestedValues: null,
    enumValues: e.enumValues ?? null,
    resetPeriod: e.resetPeriod ?? null,
    resetPeriodConfiguration: e.resetPeriodConfiguration ?? null,
    usagePeriodAnchor: null,
    usagePeriodStart: null,
    usagePeriodEnd: null,
    entitlementUpdatedAt: null,
    usageUpdatedAt: null,
    validUntil: null,
    displayNameOverride: e.displayNameOverride ?? null,
    hiddenFromWidgets: e.hiddenFromWidgets ?? [],
  };
}

const common: TypeResolvers = {
  refId: (row: PackageRow) => row.id,
  displayName: (row: PackageRow) => row.displayName,
  description: (row: PackageRow) => row.description,
  additionalMetaData: (row: PackageRow) => metadataOrNull(row.metadata),
  billingId: () => null,
  prices: (row: PackageRow) => priceRefs(row),
  entitlements: (row: PackageRow, _args, ctx) => entitlementRefs(row).map((ref) => asEntitlement(ref, ctx)),
  packageEntitlements: (row: PackageRow) => entitlementRefs(row),
};

export const PaywallPlan: TypeResolvers = {
  ...common,
  pricingType: (row: PlanRow) => row.pricingType,
  product: (row: PlanRow, _args, ctx) => catalog.requireProduct(ctx.env.db, row.productId),
  basePlan: (row: PlanRow, _args, ctx) => (row.basePlanId ? (catalog.plan(ctx.env.db, row.basePlanId) ?? null) : null),
  defaultTrialConfig: Plan.defaultTrialConfig!,
  inheritedEntitlements: (row: PlanRow, _args, ctx) => catalog.inheritedEntitlements(ctx.env.db, row).map((ref) => asEntitlement(ref, ctx)),
  inheritedPackageEntitlements: (row: PlanRow, _args, ctx) => catalog.inheritedEntitlements(ctx.env.db, row),
  compatibleAddons: (row: PlanRow, _args, ctx) => catalog.compatibleAddons(ctx.env.db, row),
  compatiblePackageGroups: () => [],
  minimumSpend: () => [],
};

export const PaywallAddon: TypeResolvers = {
  ...common,
  pricingType: (row: AddonRow) => packagePricingType(asPrices(row.prices)),
  maxQuantity: (row: AddonRow) => row.maxQuantity,
  dependencies: (row: AddonRow, _args, ctx) => catalog.addonsByIds(ctx.env.db, row.dependencies),
  hiddenFromWidgets: () => [],
};

const PAYWALL_PRICE_FIELDS = [
  'billingCadence', 'billingCountryCode', 'billingId', 'billingModel', 'billingPeriod', 'blockSize', 'creditRate', 'customCurrency',
  'feature', 'featureId', 'maxUnitQuantity', 'minUnitQuantity', 'price', 'tiers', 'tiersMode', 'topUpCustomCurrencyId',
];

/** Parent: a PriceRef, answered as Price answers it (a field Price leaves to the default resolver is left to it here too). */
export const PaywallPrice: TypeResolvers = Object.fromEntries(PAYWALL_PRICE_FIELDS.filter((f) => Price[f]).map((f) => [f, Price[f]!]));

export const PaywallProduct: TypeResolvers = {
  refId: (row: ProductRow) => row.id,
  displayName: (row: ProductRow) => row.displayName,
  description: (row: ProductRow) => row.description,
  additionalMetaData: (row: ProductRow) => metadataOrNull(row.metadata),
};

export const PaywallBasePlan: TypeResolvers = {
  refId: (row: PlanRow) => row.id,
  displayName: (row: PlanRow) => row.displayName,
};
