/**
 * What v1.plans and v1.addons share: the answer schemas of a package's entitlements and charges,
 * their JSON, the `charges` input, and the entitlement routes (v1.plans.entitlements.* and
 * v1.addons.entitlements.* differ only in their path and names).
 */
import { z } from 'zod';
import { resetPeriodConfiguration } from '../../catalog/catalog-rules.js';
import { catalog, isPlanRow, type PackageRow } from '../../catalog/catalog-service.js';
import type { Db } from '../../db/open-database.js';
import * as t from '../../db/schema.js';
import {
  createPackageEntitlements,
  deletePackageEntitlement,
  packageEntitlements,
  updatePackageEntitlement,
  type EntitlementInput,
  type PackageEntitlementView,
} from '../../catalog-editing/package-entitlements.js';
import { workingVersion, type PackageKind } from '../../catalog-editing/package-rows.js';
import { listRoute, route, type RestMethodDeclaration } from '../route.js';
import { eq } from 'drizzle-orm';

export const packageStatus = z.enum(['DRAFT', 'PUBLISHED', 'ARCHIVED']);
export const pricingType = z.enum(['FREE', 'PAID', 'CUSTOM']);
export const metadataInput = z.record(z.string(), z.string());
export const entitlementRef = z.object({ id: z.string(), type: z.enum(['FEATURE', 'CREDIT']) });
const resetPeriod = z.enum(['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR']);
const widget = z.enum(['PAYWALL', 'CUSTOMER_PORTAL', 'CHECKOUT']);
const weekly = z.enum(['SubscriptionStart', 'EverySunday', 'EveryMonday', 'EveryTuesday', 'EveryWednesday', 'EveryThursday', 'EveryFriday', 'EverySaturday']);
const monthly = z.enum(['SubscriptionStart', 'StartOfTheMonth']);
const behavior = z.enum(['Increment', 'Override']);
/** ISO 4217 in lower case, as the REST API writes currencies */
const currency = z.string().regex(/^[a-zA-Z]{3}$/, 'must be a 3-letter ISO 4217 code');

// ------------------------------------------------------------------------------------ entitlements

const entitlementCommon = {
  id: z.string(),
  behavior,
  createdAt: z.string(),
  description: z.string().nullable(),
  displayNameOverride: z.string().nullable(),
  hiddenFromWidgets: z.array(widget),
  isCustom: z.boolean().nullable(),
  isGranted: z.boolean(),
  order: z.number().nullable(),
  updatedAt: z.string(),
};
/** PlanEntitlement / AddonPackageEntitlement: a feature's or a custom currency's entitlement. */
export const packageEntitlementData = z.union([
  z.object({
    ...entitlementCommon,
    type: z.literal('FEATURE'),
    enumValues: z.array(z.string()).nullable(),
    hasSoftLimit: z.boolean().nullable(),
    hasUnlimitedUsage: z.boolean().nullable(),
    resetPeriod: resetPeriod.nullable(),
    resetPeriodConfiguration: z.object({ accordingTo: z.string() }).nullable(),
    usageLimit: z.number().nullable(),
  }),
  z.object({
    ...entitlementCommon,
    type: z.literal('CREDIT'),
    amount: z.number().nullable(),
    cadence: z.enum(['MONTH', 'YEAR']).nullable(),
    hasSoftLimit: z.boolean().nullable(),
    dependencyFeatureId: z.string().nullable().optional(),
  }),
]);

export function entitlementJson(view: PackageEntitlementView): z.input<typeof packageEntitlementData> {
  const common = {
    createdAt: view.pkg.createdAt,
    updatedAt: view.pkg.updatedAt,
    description: null,
    isGranted: true,
    order: view.order,
  };
  if (view.type === 'CREDIT') {
    const c = view.credit;
    return {
      ...common,
      id: c.customCurrencyId,
      type: 'CREDIT',
      amount: c.amount,
      cadence: c.cadence as 'MONTH' | 'YEAR',
      hasSoftLimit: c.hasSoftLimit,
      behavior: 'Increment',
      displayNameOverride: null,
      hiddenFromWidgets: [],
      isCustom: false,
      dependencyFeatureId: null,
    };
  }
  const e = view.entitlement;
  const config = resetPeriodConfiguration(e.resetPeriod, e.resetPeriodConfiguration);
  const accordingTo = config ? Object.entries(config).find(([k]) => k !== '__typename')?.[1] : undefined;
  return {
    ...common,
    id: e.featureId,
    type: 'FEATURE',
    behavior: (e.behavior as 'Increment' | 'Override' | undefined) ?? 'Increment',
    displayNameOverride: e.displayNameOverride ?? null,
    hiddenFromWidgets: (e.hiddenFromWidgets ?? []) as ('PAYWALL' | 'CUSTOMER_PORTAL' | 'CHECKOUT')[],
    isCustom: e.isCustom ?? false,
    enumValues: e.enumValues ?? null,
    hasSoftLimit: e.hasSoftLimit ?? false,
    hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
    resetPeriod: (e.resetPeriod as z.infer<typeof resetPeriod> | null | undefined) ?? null,
    resetPeriodConfiguration: accordingTo ? { accordingTo } : null,
    usageLimit: e.usageLimit ?? null,
  };
}

const resetConfigurations = {
  monthlyResetPeriodConfiguration: z.object({ accordingTo: monthly }).nullish(),
  weeklyResetPeriodConfiguration: z.object({ accordingTo: weekly }).nullish(),
  yearlyResetPeriodConfiguration: z.object({ accordingTo: z.literal('SubscriptionStart') }).nullish(),
};
const featureEntitlementFields = {
  behavior: behavior.optional(),
  description: z.string().optional(),
  displayNameOverride: z.string().optional(),
  enumValues: z.array(z.string()).optional(),
  hasSoftLimit: z.boolean().optional(),
  hasUnlimitedUsage: z.boolean().optional(),
  hiddenFromWidgets: z.array(widget).optional(),
  isCustom: z.boolean().optional(),
  isGranted: z.boolean().optional(),
  order: z.number().int().min(0).optional(),
  resetPeriod: resetPeriod.optional(),
  usageLimit: z.number().nullish(),
  ...resetConfigurations,
};
const creditEntitlementFields = {
  behavior: behavior.optional(),
  cadence: z.enum(['MONTH', 'YEAR']).optional(),
  dependencyFeatureId: z.string().nullish(),
  description: z.string().optional(),
  displayNameOverride: z.string().optional(),
  hasSoftLimit: z.boolean().optional(),
  hiddenFromWidgets: z.array(widget).optional(),
  isCustom: z.boolean().optional(),
  isGranted: z.boolean().optional(),
  order: z.number().int().min(0).optional(),
};
const createEntitlement = z.discriminatedUnion('type', [
  z.object({ type: z.literal('FEATURE'), id: z.string().min(1), ...featureEntitlementFields }),
  z.object({ type: z.literal('CREDIT'), id: z.string().min(1), ...creditEntitlementFields, amount: z.number().nullable(), cadence: z.enum(['MONTH', 'YEAR']) }),
]);
const updateEntitlement = z.discriminatedUnion('type', [
  z.object({ type: z.literal('FEATURE'), ...featureEntitlementFields }),
  z.object({ type: z.literal('CREDIT'), amount: z.number().optional(), ...creditEntitlementFields }),
]);

/** A REST entitlement as the service takes it: the reset configuration of its period folded in. */
function entitlementInput(body: Record<string, unknown> & { type: 'FEATURE' | 'CREDIT' }, id: string): EntitlementInput {
  const { monthlyResetPeriodConfiguration, weeklyResetPeriodConfiguration, yearlyResetPeriodConfiguration, description: _d, isGranted: _g, displayNameOverride, hiddenFromWidgets, isCustom, ...rest } = body as Record<string, unknown>;
  if (body.type === 'CREDIT') return { ...(rest as object), id } as EntitlementInput;
  const period = body.resetPeriod as string | undefined;
  const configured = (period === 'MONTH' ? monthlyResetPeriodConfiguration : period === 'WEEK' ? weeklyResetPeriodConfiguration : period === 'YEAR' ? yearlyResetPeriodConfiguration : undefined) as
    | { accordingTo: string }
    | null
    | undefined;
  return {
    ...(rest as object),
    id,
    ...(displayNameOverride !== undefined ? { displayNameOverride } : {}),
    ...(hiddenFromWidgets !== undefined ? { hiddenFromWidgets } : {}),
    ...(isCustom !== undefined ? { isCustom } : {}),
    ...(configured !== undefined ? { resetPeriodConfiguration: configured } : {}),
  } as EntitlementInput;
}

/** v1.plans.entitlements.* or v1.addons.entitlements.* over the package entitlement services. */
export function entitlementRoutes(kind: PackageKind): RestMethodDeclaration[] {
  const resource = kind === 'PLAN' ? 'plans' : 'addons';
  const param = kind === 'PLAN' ? 'planId' : 'addonId';
  const what = kind === 'PLAN' ? 'plan' : 'add-on';
  const base = `/api/v1/${resource}/{${param}}/entitlements` as const;
  const packageId = (params: Record<string, string>) => params[param]!;
  return [
    route(
      {
        sdk: `v1.${resource}.entitlements.create`,
        method: 'post',
        path: base,
        summary: `Create entitlements on a draft ${what}`,
        body: z.object({ entitlements: z.array(createEntitlement).min(1) }),
        data: z.array(packageEntitlementData),
        status: 201,
      },
      ({ env, nowMs, params, body }) =>
        createPackageEntitlements(env, nowMs, kind, packageId(params as Record<string, string>), body.entitlements.map((e) => entitlementInput(e, e.id))).map(entitlementJson),
    ),
    route(
      { sdk: `v1.${resource}.entitlements.update`, method: 'patch', path: `${base}/{id}`, summary: `Update an entitlement of a draft ${what}`, body: updateEntitlement, data: packageEntitlementData },
      ({ env, nowMs, params, body }) => {
        const p = params as Record<string, string>;
        return entitlementJson(updatePackageEntitlement(env, nowMs, kind, packageId(p), entitlementInput(body, p.id!)));
      },
    ),
    listRoute(
      { sdk: `v1.${resource}.entitlements.list`, method: 'get', path: base, summary: `List the entitlements of a ${what} (its draft's, when it has one)`, data: packageEntitlementData },
      ({ env, params }) => packageEntitlements(env.db, kind, packageId(params as Record<string, string>)).map(entitlementJson),
    ),
    route(
      { sdk: `v1.${resource}.entitlements.delete`, method: 'delete', path: `${base}/{id}`, summary: `Delete an entitlement of a draft ${what}`, data: packageEntitlementData },
      ({ env, nowMs, params }) => {
        const p = params as Record<string, string>;
        return entitlementJson(deletePackageEntitlement(env, nowMs, kind, packageId(p), p.id!));
      },
    ),
  ];
}

// ------------------------------------------------------------------------------------ charges

const money = z.object({ amount: z.number(), currency: currency.optional() });
const pricePeriod = z.object({
  billingPeriod: z.enum(['MONTHLY', 'ANNUALLY']),
  billingCountryCode: z.string().optional(),
  blockSize: z.number().int().positive().optional(),
  creditGrantCadence: z.enum(['BEGINNING_OF_BILLING_PERIOD', 'MONTHLY']).optional(),
  creditRate: z.object({ amount: z.number().positive(), currencyId: z.string().min(1), costFormula: z.string().optional() }).optional(),
  price: money.optional(),
  tiers: z.array(z.object({ flatPrice: money.optional(), unitPrice: money.optional(), upTo: z.number().positive().optional() })).optional(),
});
const billingModel = z.enum(['FLAT_FEE', 'MINIMUM_SPEND', 'PER_UNIT', 'USAGE_BASED', 'CREDIT_BASED']);
/** `charges` of v1.plans.update and v1.addons.update: the pricing of the draft. */
export const chargesInput = z.object({
  pricingType: pricingType,
  billingId: z.string().optional(),
  minimumSpend: z.array(z.unknown()).nullish(),
  overageBillingPeriod: z.enum(['ON_SUBSCRIPTION_RENEWAL', 'MONTHLY']).optional(),
  overagePricingModels: z.array(z.unknown()).optional(),
  pricingModels: z
    .array(
      z.object({
        billingModel,
        pricePeriods: z.array(pricePeriod).min(1),
        billingCadence: z.enum(['RECURRING', 'ONE_OFF']).optional(),
        featureId: z.string().min(1).optional(),
        maxUnitQuantity: z.number().int().positive().max(999999).optional(),
        minUnitQuantity: z.number().int().nonnegative().optional(),
        resetPeriod: resetPeriod.optional(),
        tiersMode: z.enum(['VOLUME', 'GRADUATED']).optional(),
        topUpCustomCurrencyId: z.string().optional(),
        ...resetConfigurations,
      }),
    )
    .optional(),
});

const moneyOut = z.object({ amount: z.number(), currency: z.string() });
/** PlanListChargesResponse / AddonListChargesResponse: one price of the package's working version. */
export const chargeData = z.object({
  id: z.string(),
  billingCadence: z.enum(['RECURRING', 'ONE_OFF']),
  billingModel,
  billingPeriod: z.enum(['MONTHLY', 'ANNUALLY']),
  createdAt: z.string(),
  billingCountryCode: z.string().nullable().optional(),
  billingId: z.string().nullable().optional(),
  blockSize: z.number().nullable().optional(),
  creditGrantCadence: z.enum(['BEGINNING_OF_BILLING_PERIOD', 'MONTHLY']).nullable().optional(),
  creditRate: z.object({ amount: z.number(), currencyId: z.string(), costFormula: z.string().nullable().optional() }).nullable().optional(),
  crmId: z.string().nullable().optional(),
  crmLinkUrl: z.string().nullable().optional(),
  featureId: z.string().nullable().optional(),
  maxUnitQuantity: z.number().nullable().optional(),
  minUnitQuantity: z.number().nullable().optional(),
  price: moneyOut.nullable().optional(),
  tiers: z.array(z.object({ flatPrice: moneyOut.nullable().optional(), unitPrice: moneyOut.nullable().optional(), upTo: z.number().nullable().optional() })).nullable().optional(),
  tiersMode: z.enum(['VOLUME', 'GRADUATED']).nullable().optional(),
  topUpCustomCurrencyId: z.string().nullable().optional(),
  usedInSubscriptions: z.boolean().nullable().optional(),
});

/** Whether a subscription stands on this version of the package. */
function usedInSubscriptions(db: Db, pkg: PackageRow, versionNumber: number, isDraft: boolean): boolean {
  if (isDraft) return false;
  if (!isPlanRow(pkg)) return catalog.addonHasSubscriptions(db, pkg.id);
  return db
    .select({ v: t.subscriptions.planVersion })
    .from(t.subscriptions)
    .where(eq(t.subscriptions.planId, pkg.id))
    .all()
    .some((s) => s.v === versionNumber);
}

/** The charges of the package's working version (its draft's when it has one). */
export function chargesOf(db: Db, pkg: PackageRow): z.input<typeof chargeData>[] {
  const version = workingVersion(db, pkg);
  const used = usedInSubscriptions(db, pkg, version.versionNumber, version.editable);
  return version.prices.map((p, i) => {
    const cur = p.currency.toLowerCase();
    const tiered = !!p.tiers?.length;
    const m = (amount: number | null | undefined) => (amount === null || amount === undefined ? null : { amount, currency: cur });
    const currencyId = (p as { customCurrencyId?: string | null }).customCurrencyId;
    return {
      id: `${pkg.id}:price:${i + 1}`,
      billingCadence: 'RECURRING',
      billingModel: p.billingModel as z.infer<typeof billingModel>,
      billingPeriod: p.billingPeriod as 'MONTHLY' | 'ANNUALLY',
      createdAt: pkg.createdAt,
      billingCountryCode: null,
      billingId: null,
      blockSize: p.blockSize ?? null,
      creditGrantCadence: null,
      creditRate: p.creditRate != null && currencyId ? { amount: p.creditRate, currencyId, costFormula: null } : null,
      crmId: null,
      crmLinkUrl: null,
      featureId: p.featureId ?? null,
      maxUnitQuantity: p.maxUnitQuantity ?? null,
      minUnitQuantity: p.minUnitQuantity ?? null,
      price: tiered ? null : { amount: p.amount, currency: cur },
      tiers: tiered ? p.tiers!.map((tier) => ({ upTo: tier.upTo ?? null, unitPrice: m(tier.unitPrice), flatPrice: m(tier.flatPrice) })) : null,
      tiersMode: tiered ? (p.tiersMode ?? 'GRADUATED') : null,
      topUpCustomCurrencyId: null,
      usedInSubscriptions: used,
    };
  });
}

/** The entitlement references of a package's answer (`entitlements: [{ id, type }]`). */
export function entitlementRefsOf(db: Db, pkg: PackageRow): { id: string; type: 'FEATURE' | 'CREDIT' }[] {
  const version = workingVersion(db, pkg);
  return [...version.entitlements.map((e) => ({ id: e.featureId, type: 'FEATURE' as const })), ...version.credits.map((c) => ({ id: c.customCurrencyId, type: 'CREDIT' as const }))];
}

