import { environmentObject } from '../shared/environment.js';
import { asTrialConfig, currentBillingPeriod, effectiveTrialEndBehavior, metadataOrNull } from '../../catalog/catalog-rules.js';
import { catalog, type ResourceView, type SubscriptionAddonRef, type SubscriptionPriceRef, type SubscriptionRow } from '../../catalog/catalog-service.js';
import { matchesFilter, sortRows, type SortSpec } from '../../catalog/connection.js';
import type { GraphQLContext, TypeResolvers } from '../context.js';
import { scheduledUpdatesOfCustomer } from '../../subscriptions/updates.js';
import { perRequest } from '../shared/request-memo.js';
import { addMonths, iso } from '../../time.js';
import { subscriptionTotalPrice } from '../../pricing/estimate-service.js';
import { budgetOf, subscriptionBudget } from '../../entitlements/entitlement-service.js';

type ListArgs = { filter?: Record<string, unknown> | null; sorting?: SortSpec[] | null };

/**
 * Values derived from a subscription row, remembered on the row for the keys they were derived at
 * (an instant, the catalog, ...; up to three, compared by identity): rows are shared by the fields of
 * a request (and by requests until the next write) and never changed, so the fields that need the
 * same value derive it once. `derive` is given the row and the context (no closure per read).
 */
function derivedOnRow<V>(
  cache: WeakMap<SubscriptionRow, Derived<V>>,
  row: SubscriptionRow,
  ctx: GraphQLContext,
  a: unknown,
  b: unknown,
  c: unknown,
  derive: (row: SubscriptionRow, ctx: GraphQLContext) => V,
): V {
  const hit = cache.get(row);
  if (hit !== undefined && hit.a === a && hit.b === b && hit.c === c) return hit.value;
  const value = derive(row, ctx);
  cache.set(row, { a, b, c, value });
  return value;
}
interface Derived<V> {
  a: unknown;
  b: unknown;
  c: unknown;
  value: V;
}

const periods = new WeakMap<SubscriptionRow, Derived<ReturnType<typeof currentBillingPeriod>>>();
const derivePeriod = (row: SubscriptionRow, ctx: GraphQLContext) => currentBillingPeriod(row, ctx.nowMs);
const period = (row: SubscriptionRow, ctx: GraphQLContext) => derivedOnRow(periods, row, ctx, ctx.nowMs, undefined, undefined, derivePeriod);

/** The plan prices of the subscription, derived once per row and catalog. */
const planPrices = new WeakMap<SubscriptionRow, Derived<SubscriptionPriceRef[]>>();
const derivePrices = (row: SubscriptionRow, ctx: GraphQLContext) => catalog.subscriptionPrices(ctx.env.db, row);
const pricesOf = (row: SubscriptionRow, ctx: GraphQLContext) => derivedOnRow(planPrices, row, ctx, catalog.snapshotToken(ctx.env.db), undefined, undefined, derivePrices);

/** The subscription's totalPrice, derived once per row, instant, catalog and customer coupon. */
const totals = new WeakMap<SubscriptionRow, Derived<unknown>>();
function deriveTotalPrice(row: SubscriptionRow, ctx: GraphQLContext) {
  const total = subscriptionTotalPrice(ctx.env.db, ctx.nowMs, row, customerOf(row, ctx));
  if (!total.priced) return null;
  // one (never changed) view per amounts and currency: subscriptions with the same total share it, and
  // a request completes it once (src/graphql/shared-completion.ts)
  const key = `${total.currency}|${total.subTotal}|${total.total}|${total.addonsTotal}`;
  let view = totalViews.get(key);
  if (!view) {
    const money = (amount: number) => ({ amount, currency: total.currency });
    view = { subTotal: money(total.subTotal), total: money(total.total), addonsTotal: money(total.addonsTotal) };
    if (totalViews.size >= MAX_TOTAL_VIEWS) totalViews.clear();
    totalViews.set(key, view);
  }
  return view;
}
type TotalPriceView = { subTotal: Money; total: Money; addonsTotal: Money };
type Money = { amount: number; currency: string };
const totalViews = new Map<string, TotalPriceView>();
const MAX_TOTAL_VIEWS = 1_000;
const totalPriceOf = (row: SubscriptionRow, ctx: GraphQLContext) =>
  derivedOnRow(totals, row, ctx, ctx.nowMs, catalog.snapshotToken(ctx.env.db), customerOf(row, ctx)?.couponId ?? null, deriveTotalPrice);

/**
 * The prices a filter and sorting select (the schema's default ones unless the document gives its
 * own), remembered on the row for the prices and the arguments (as text) they were selected from.
 */
const selections = new WeakMap<SubscriptionRow, { prices: SubscriptionPriceRef[]; args: ListArgs; value: SubscriptionPriceRef[] }>();
function selectedPrices(row: SubscriptionRow, args: ListArgs, ctx: GraphQLContext): SubscriptionPriceRef[] {
  const prices = pricesOf(row, ctx);
  const hit = selections.get(row);
  if (hit !== undefined && hit.prices === prices && sameArgument(hit.args, args)) return hit.value;
  const value = sortRows(
    prices.filter((ref) => matchesFilter(ref, args?.filter, priceField)),
    args?.sorting,
    priceField,
  );
  selections.set(row, { prices, args, value });
  return value;
}

/** Whether two argument values (JSON values, as coerced: objects, lists, scalars) are the same. */
function sameArgument(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameArgument(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(y, key) || !sameArgument(x[key], y[key])) return false;
    count++;
  }
  for (const _key in y) count--;
  return count === 0;
}

/** The plan as of the subscription's version (E53: versionNumber, isLatest). */
const plan = (row: SubscriptionRow, ctx: GraphQLContext) => catalog.subscriptionPlan(ctx.env.db, row) ?? catalog.requirePlan(ctx.env.db, row.planId);

function priceField(ref: SubscriptionPriceRef, field: string): unknown {
  switch (field) {
    case 'billingModel':
      return ref.ref.price.billingModel;
    case 'featureId':
      return ref.ref.price.featureId ?? null;
    case 'usageLimit':
      return ref.usageLimit;
    case 'createdAt':
      return ref.subscription.createdAt;
    default:
      return undefined;
  }
}

function addonField(ref: SubscriptionAddonRef, field: string): unknown {
  switch (field) {
    case 'addonId':
      return ref.addonId;
    case 'quantity':
      return ref.quantity;
    case 'createdAt':
      return ref.subscription.createdAt;
    case 'updatedAt':
      return ref.subscription.updatedAt;
    default:
      return undefined;
  }
}

/**
 * Parent: a subscriptions row (read-only view; the subscription services write it). The row's own
 * fields (id, status, startDate, customerId, resourceId, ...) are read by the default resolver, which
 * compiled execution inlines instead of calling a resolver per field; fields the emulator does not
 * model (billingId, crmId, latestInvoice, experiment, ...) are absent from the row and answer null.
 */
export const CustomerSubscription: TypeResolvers = {
  subscriptionId: (row: SubscriptionRow) => row.id,
  refId: (row: SubscriptionRow) => row.id,
  environmentId: (_row: SubscriptionRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  effectiveEndDate: (row: SubscriptionRow) => row.endDate,
  billingCycleAnchor: (row: SubscriptionRow, _args, ctx) => period(row, ctx).anchor,
  currentBillingPeriodStart: (row: SubscriptionRow, _args, ctx) => period(row, ctx).start,
  currentBillingPeriodEnd: (row: SubscriptionRow, _args, ctx) => period(row, ctx).end,
  additionalMetaData: (row: SubscriptionRow) => metadataOrNull(row.metadata),
  plan: (row: SubscriptionRow, _args, ctx) => plan(row, ctx),
  pricingType: (row: SubscriptionRow, _args, ctx) => plan(row, ctx).pricingType,
  customer: (row: SubscriptionRow, _args, ctx) => catalog.requireCustomer(ctx.env.db, row.customerId),
  payingCustomer: (row: SubscriptionRow, _args, ctx) => (row.payingCustomerId ? (catalog.customer(ctx.env.db, row.payingCustomerId) ?? null) : null),
  resource: (row: SubscriptionRow, _args, ctx) => resourceOf(row, ctx),
  addons: (row: SubscriptionRow, args: ListArgs) =>
    sortRows(
      catalog.subscriptionAddons(row).filter((ref) => matchesFilter(ref, args?.filter, addonField)),
      args?.sorting,
      addonField,
    ),
  prices: (row: SubscriptionRow, args: ListArgs, ctx) => (!args?.filter && !args?.sorting?.length ? pricesOf(row, ctx) : selectedPrices(row, args, ctx)),
  totalPrice: (row: SubscriptionRow, _args, ctx) => totalPriceOf(row, ctx),
  trialConfiguration: (row: SubscriptionRow, _args, ctx) => {
    if (!row.trialEndDate) return null;
    if (row.trialEndBehavior) return { trialEndBehavior: row.trialEndBehavior };
    const p = plan(row, ctx);
    const customer = customerOf(row, ctx);
    return { trialEndBehavior: effectiveTrialEndBehavior(asTrialConfig(p.defaultTrialConfig), p.pricingType, customer?.hasPaymentMethod ?? false) };
  },
  wasInTrial: (row: SubscriptionRow) => row.trialEndDate !== null,
  paymentCollection: () => 'NOT_REQUIRED',
  isCustomPriceSubscription: () => false,
  scheduledUpdates: (row: SubscriptionRow, _args, ctx) => scheduledUpdatesOf(row, ctx),
  futureUpdates: (row: SubscriptionRow, _args, ctx) => scheduledUpdatesOf(row, ctx),
  /** the budget in force: the subscription's own, else its plan's trial budget while in trial */
  budget: (row: SubscriptionRow, _args, ctx) => budgetOf(ctx.env.db, row),
  /** null without a budget; true once the period's spend reached the limit (RULES 2.8.7) */
  budgetExceeded: (row: SubscriptionRow, _args, ctx) => subscriptionBudget(ctx.env.db, ctx.nowMs, row)?.exceeded ?? null,
  coupon: (row: SubscriptionRow, _args, ctx) => subscriptionCoupon(row, ctx),
  coupons: (row: SubscriptionRow, _args, ctx) => {
    const coupon = subscriptionCoupon(row, ctx);
    return coupon ? [coupon] : [];
  },
  entitlements: (row: SubscriptionRow, _args, ctx) => customEntitlements(row, ctx),
  subscriptionEntitlements: () => [],
  outdatedPricePackages: () => [],
  syncStates: () => [],
};

/**
 * Pending scheduled changes as SubscriptionScheduledUpdate / SubscriptionFutureUpdate: a plan change
 * or downgrade is one update; an in-place change is one update per add-on or feature quantity it
 * changes (as Stigg lists them), or one for a billing period.
 */
interface ScheduledUpdateView {
  scheduleVariables: Record<string, unknown> | null;
  targetPackage: unknown;
  [field: string]: unknown;
}

/** A subscription's customer, read once per request for all of its subscriptions. */
const readCustomer = (ctx: GraphQLContext, customerId: string) => catalog.customer(ctx.env.db, customerId);
const customerOf = (row: SubscriptionRow, ctx: GraphQLContext) => perRequest(ctx, 'customer', row.customerId, readCustomer);

/** A subscription's pending schedules: those of all of its customer's subscriptions read once per request. */
const NO_SCHEDULES: readonly PendingSchedule[] = [];
const readSchedules = (ctx: GraphQLContext, customerId: string) => scheduledUpdatesOfCustomer(ctx.env.db, customerId);
const pendingSchedulesOf = (row: SubscriptionRow, ctx: GraphQLContext): readonly PendingSchedule[] =>
  perRequest(ctx, 'customer.schedules', row.customerId, readSchedules).get(row.id) ?? NO_SCHEDULES;
type PendingSchedule = ReturnType<typeof scheduledUpdatesOfCustomer> extends Map<string, (infer S)[]> ? S : never;

/** The views of a subscription's pending schedules, derived once per row, schedules read and catalog (scheduledUpdates and futureUpdates alike). */
const scheduleViews = new WeakMap<SubscriptionRow, Derived<ScheduledUpdateView[]>>();
const deriveScheduledUpdates = (row: SubscriptionRow, ctx: GraphQLContext) => scheduledUpdates(row, pendingSchedulesOf(row, ctx), ctx);
const scheduledUpdatesOf = (row: SubscriptionRow, ctx: GraphQLContext): ScheduledUpdateView[] =>
  derivedOnRow(scheduleViews, row, ctx, pendingSchedulesOf(row, ctx), catalog.snapshotToken(ctx.env.db), undefined, deriveScheduledUpdates);

/** A subscription's resource (its facts read when a field needs them), one view per row. */
const resources = new WeakMap<SubscriptionRow, Derived<ResourceView | null>>();
const deriveResource = (row: SubscriptionRow, ctx: GraphQLContext) => (row.resourceId ? catalog.resource(ctx.env.db, ctx.env.id, row.customerId, row.resourceId) : null);
const resourceOf = (row: SubscriptionRow, ctx: GraphQLContext) => derivedOnRow(resources, row, ctx, ctx.env.id, undefined, undefined, deriveResource);

function scheduledUpdates(row: SubscriptionRow, pending: readonly PendingSchedule[], ctx: GraphQLContext): ScheduledUpdateView[] {
  return pending.flatMap((s): ScheduledUpdateView[] => {
    const base = { billingId: null, createdAt: s.createdAt, scheduleStatus: s.status, scheduledExecutionTime: s.scheduledAt, subscriptionScheduleType: s.type };
    const v = s.variables as {
      planId: string;
      billingPeriod: string | null;
      addons?: { addonId: string; quantity: number }[];
      billableFeatures?: { featureId: string; quantity: number }[];
      changeType?: string;
    };
    const addons = (v.addons ?? []).map((a) => ({ addonRefId: a.addonId, quantity: a.quantity }));
    if (s.type === 'Downgrade' || s.type === 'Plan') {
      const common = { addons, billableFeatures: v.billableFeatures ?? [], billingPeriod: v.billingPeriod, priceOverrides: null, recurringCredits: null };
      const scheduleVariables =
        s.type === 'Downgrade'
          ? { __typename: 'DowngradeChangeVariables', downgradePlanRefId: v.planId, addonRefIds: addons.map((a) => a.addonRefId).join(',') || null, ...common }
          : { __typename: 'PlanChangeVariables', planRefId: v.planId, changeType: v.changeType ?? 'NONE', ...common };
      return [{ ...base, scheduleVariables, targetPackage: catalog.plan(ctx.env.db, v.planId) ?? null }];
    }
    if (s.type === 'MigrateToLatest') return [{ ...base, scheduleVariables: null, targetPackage: catalog.plan(ctx.env.db, row.planId) ?? null }];
    if (s.type === 'BillingPeriod') return [{ ...base, scheduleVariables: { __typename: 'BillingPeriodChangeVariables', billingPeriod: v.billingPeriod }, targetPackage: null }];
    if (s.type === 'UnitAmount') {
      return (v.billableFeatures ?? [])
        .filter((b) => row.billableFeatures.find((c) => c.featureId === b.featureId)?.quantity !== b.quantity)
        .map((b) => ({ ...base, scheduleVariables: { __typename: 'UnitAmountChangeVariables', featureId: b.featureId, newUnitAmount: b.quantity }, targetPackage: null }));
    }
    const next = new Map((v.addons ?? []).map((a) => [a.addonId, a.quantity]));
    const ids = [...new Set([...row.addons.map((a) => a.addonId), ...next.keys()])];
    return ids
      .filter((id) => (row.addons.find((a) => a.addonId === id)?.quantity ?? 0) !== (next.get(id) ?? 0))
      .map((id) => ({
        ...base,
        scheduleVariables: { __typename: 'AddonChangeVariables', addonRefId: id, newQuantity: next.get(id) ?? 0 },
        targetPackage: catalog.addon(ctx.env.db, id) ?? null,
      }));
  });
}

/** The subscription's coupon (applied at provisioning) as SubscriptionCoupon. */
function subscriptionCoupon(row: SubscriptionRow, ctx: GraphQLContext) {
  if (!row.couponId) return null;
  const coupon = catalog.coupon(ctx.env.db, row.couponId);
  if (!coupon) return null;
  const percent = coupon.type === 'PERCENTAGE';
  return {
    id: coupon.id,
    refId: coupon.id,
    name: coupon.name,
    type: coupon.type,
    discountValue: coupon.discountValue,
    percentOff: percent ? coupon.discountValue : null,
    amountsOff: percent ? null : [{ amount: coupon.discountValue, currency: coupon.currency ?? 'USD' }],
    durationInMonths: coupon.durationInMonths,
    environmentId: ctx.env.id,
    startDate: row.startDate,
    expirationDate: coupon.durationInMonths ? iso(addMonths(Date.parse(row.startDate), coupon.durationInMonths)) : null,
    status: 'ACTIVE',
  };
}

/** Custom-plan entitlements given at provisioning (SubscriptionEntitlementUnion). */
function customEntitlements(row: SubscriptionRow, ctx: GraphQLContext) {
  return (row.entitlements ?? []).map((e, i) => {
    const common = { id: `${row.id}-${i + 1}`, subscriptionId: row.id, environmentId: ctx.env.id, createdAt: row.createdAt, updatedAt: row.updatedAt, description: null };
    if (e.kind === 'credit') {
      const currencyId = String(e.customCurrencyId);
      return {
        __typename: 'SubscriptionCreditEntitlement',
        ...common,
        amount: e.amount,
        cadence: e.cadence,
        hasSoftLimit: e.hasSoftLimit ?? false,
        customCurrencyId: currencyId,
        customCurrency: { id: currencyId, currencyId, displayName: currencyId, createdAt: row.createdAt, updatedAt: row.updatedAt, additionalMetaData: null, archivedAt: null, description: null, symbol: null, units: null },
      };
    }
    const featureId = String(e.featureId);
    return {
      __typename: 'SubscriptionFeatureEntitlement',
      ...common,
      featureId,
      feature: catalog.requireFeature(ctx.env.db, featureId),
      usageLimit: e.usageLimit ?? null,
      hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
      hasSoftLimit: e.hasSoftLimit ?? false,
      enumValues: e.enumValues ?? null,
      resetPeriod: e.resetPeriod ?? null,
      resetPeriodConfiguration: null,
      featureGroupIds: null,
      featureGroups: null,
      meter: null,
    };
  });
}
