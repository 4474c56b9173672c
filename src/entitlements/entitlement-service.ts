/**
 * Entitlement reads: a customer's entitlements (cachedEntitlements, entitlementsState,
 * provisionCustomer) and one feature's check (entitlement). Each read sees one database state and
 * one "now"; the rules (entitlement-rules.ts) decide, this file only gathers the facts.
 */
import { and, eq } from 'drizzle-orm';
import { asPrices, asTrialConfig } from '../catalog/catalog-rules.js';
import { catalog, type CustomerRow, type FeatureRow, type SubscriptionRow } from '../catalog/catalog-service.js';
import { promotionalEntitlementStatus } from '../customers/customer-rules.js';
import type { Db } from '../db/open-database.js';
import { placeholder, prepared } from '../db/prepared.js';
import * as t from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput } from '../errors.js';
import { iso } from '../time.js';
import { budgetDenies, budgetExceeded, effectiveBudget, pricesForPeriod, usageBasedFeatureIds, usageSpend, type Budget, type StoredPrice } from '../catalog/pricing-rules.js';
import { meterOf, meterValue } from '../meters/meter-rules.js';
import { aggregateOf, meterStore, periodKey } from '../meters/meter-store.js';
import { changeResets, usageAnchorMs } from '../meters/reset-rules.js';
import { countUsage, isMetered, outOfResourceScope, whyNotGranting, usageWindow, type EffectiveEntitlement, type SourceTrace, type TracedEntitlement, type UsageWindow } from './entitlement-rules.js';
import { grantsOfSubscription, promotionsOf, tracedEntitlements, trialConvertsToPaid, usageRuleOf } from './entitlement-grants.js';
import { explainDecision, stateDeniedReason, type AccessDeniedReason, type RequestedKind } from './decision-rules.js';

/** An entitlement as GraphQL `Entitlement` / `FeatureEntitlement` answer it. */
export interface EntitlementView {
  customerId: string;
  resourceId: string | null;
  featureId: string;
  feature: FeatureRow | null;
  isGranted: boolean;
  accessDeniedReason: AccessDeniedReason | null;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  currentUsage: number | null;
  requestedUsage: number | null;
  requestedValues: string[] | null;
  enumValues: string[] | null;
  resetPeriod: string | null;
  resetPeriodConfiguration: { accordingTo: string } | null;
  usagePeriodAnchor: string | null;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
  entitlementUpdatedAt: string | null;
  usageUpdatedAt: string | null;
  /** epoch milliseconds when the granting source ends, null when it does not */
  validUntil: number | null;
}

export interface EntitlementsState {
  accessDeniedReason: 'CustomerNotFound' | 'CustomerIsArchived' | 'NoActiveSubscription' | null;
  entitlements: EntitlementView[];
  /** the customer and scope read (the V2 lists add its credit entitlements) */
  customerId?: string;
  resourceId?: string | null;
}

type UsageRow = typeof t.usage.$inferSelect;

/** Everything a customer's checks are decided from, at one instant and in one resource scope. */
interface CustomerFacts {
  customerId: string;
  resourceId: string | null;
  customer: { archived: boolean } | null;
  resourceMissing: boolean;
  hasLiveSubscription: boolean;
  hasPromotion: boolean;
  entitlements: Map<string, EffectiveEntitlement>;
  /** how each entitlement was derived (the same computation, kept for explain) */
  traces: Map<string, TracedEntitlement>;
  /** the customer's subscriptions that grant nothing in this check, and why */
  ignoredSubscriptions: IgnoredSubscription[];
  /** the steps that chose the sources: the scope, and the subscriptions left out */
  scopeSteps: string[];
  usage: Map<string, UsageRow>;
  /** the customer's subscriptions, as read for these facts */
  subscriptions: SubscriptionRow[];
  /** the subscriptions that grant now */
  live: SubscriptionRow[];
  /** the spend budgets of the live subscriptions (RULES 2.8.7, E70) */
  budgets: BudgetState[];
}

/** A subscription's budget at now: its limit, the spend of the period, and the features its usage-based prices charge for. */
export interface BudgetState {
  subscriptionId: string;
  budget: Budget;
  spend: number;
  currency: string;
  exceeded: boolean;
  /** hard and exceeded: the usage-based features are denied (E70) */
  denies: boolean;
  featureIds: string[];
}

export interface IgnoredSubscription {
  subscriptionId: string;
  status: string;
  reason: string;
}

export { usageRuleOf };

const resourceKey = (resourceId: string | null | undefined): string => resourceId ?? '';

/**
 * What a caller read already or does not need: the customer's row (a usage report reads it first),
 * and `entitlementsOnly` for facts read for the entitlements and subscriptions alone (no usage rows,
 * no explanation steps).
 */
export interface FactsOptions {
  customer?: CustomerRow;
  /** the customer's subscriptions, as catalog.customerSubscriptions reads them */
  subscriptions?: SubscriptionRow[];
  /** the customer's promotional grants, as promotionsOf reads them */
  promotions?: PromotionRow[];
  /** with subscriptions and promotions the caller remembered: an object that stands for them (the same while they are) */
  sources?: object;
  entitlementsOnly?: boolean;
}

type PromotionRow = typeof t.promotionalEntitlements.$inferSelect;

function customerFacts(db: Db, nowMs: number, customerId: string, resourceId: string | null | undefined, withBudgets = true, options: FactsOptions = {}): CustomerFacts {
  const row = options.customer ?? catalog.customer(db, customerId);
  const scope = resourceId ?? null;
  const empty = {
    customerId,
    resourceId: scope,
    resourceMissing: false,
    hasLiveSubscription: false,
    hasPromotion: false,
    entitlements: new Map(),
    traces: new Map(),
    ignoredSubscriptions: [],
    scopeSteps: [],
    usage: new Map(),
    subscriptions: [],
    live: [],
    budgets: [],
  };
  if (!row) return { ...empty, customer: null };
  if (row.archivedAt) return { ...empty, customer: { archived: true } };

  const subscriptions = options.subscriptions ?? catalog.customerSubscriptions(db, customerId);
  const resourceMissing = scope !== null && !subscriptions.some((s) => s.resourceId === scope);
  const ignoredSubscriptions: IgnoredSubscription[] = [];
  const live = subscriptions.filter((s) => {
    const reason =
      outOfResourceScope(s, scope) ?? whyNotGranting(s, nowMs, s.status === 'IN_TRIAL' && trialConvertsToPaid(db, s, row.hasPaymentMethod));
    if (reason !== null) ignoredSubscriptions.push({ subscriptionId: s.id, status: s.status, reason });
    return reason === null;
  });
  const scopeSteps = options.entitlementsOnly
    ? []
    : [
        scope ? `scope: subscriptions on resource ${scope} plus the global ones` : 'scope: the global subscriptions (no resource)',
        ...ignoredSubscriptions.map((i) => `subscription ${i.subscriptionId} (${i.status}) ignored: ${i.reason}`),
        live.length > 0 ? `granting now: ${live.map((s) => `subscription ${s.id} (${s.planId})`).join(', ')}` : 'no subscription in scope grants now',
      ];
  const promotions = (options.promotions ?? promotionsOf(db, customerId)).filter((p) => promotionalEntitlementStatus(p, nowMs) === 'Active' && Date.parse(p.startDate) <= nowMs);
  const sources = options.subscriptions && options.promotions ? options.sources : undefined;
  const traces = tracedEntitlements(db, customerId, scope, subscriptions, live, promotions, sources);
  const usage = options.entitlementsOnly
    ? []
    : prepared(db, 'entitlements.usage', (d) =>
        d.select().from(t.usage).where(and(eq(t.usage.customerId, placeholder('customer')), eq(t.usage.resourceId, placeholder('resource')))).prepare(),
      ).all({ customer: customerId, resource: resourceKey(scope) });
  const facts: CustomerFacts = {
    customerId,
    resourceId: scope,
    customer: { archived: false },
    resourceMissing,
    hasLiveSubscription: live.length > 0,
    hasPromotion: promotions.length > 0,
    entitlements: new Map([...traces].map(([featureId, traced]) => [featureId, traced.entitlement])),
    traces,
    ignoredSubscriptions,
    scopeSteps,
    usage: new Map(usage.map((u) => [u.featureId, u])),
    subscriptions,
    live,
    budgets: [],
  };
  if (withBudgets) facts.budgets = live.flatMap((s) => budgetStateOf(db, nowMs, s, facts) ?? []);
  return facts;
}

// ------------------------------------------------------------------------------------ spend budgets

/** The budget in force on a subscription: its own, else its plan's trial budget while it is in trial. */
export function budgetOf(db: Db, sub: SubscriptionRow): Budget | null {
  if (!sub.budget && sub.status !== 'IN_TRIAL') return null;
  return effectiveBudget(sub.budget ?? null, sub.status, asTrialConfig(catalog.subscriptionPlan(db, sub)?.defaultTrialConfig)?.budget);
}

/** The usage-based prices of a subscription's billing period (its plan at its version, and its add-ons) and the currency they count in. */
function usagePricesOf(db: Db, sub: SubscriptionRow): { prices: StoredPrice[]; currency: string } {
  const plan = pricesForPeriod(asPrices(catalog.subscriptionPlan(db, sub)?.prices), sub.billingPeriod);
  const addons = sub.addons.flatMap((a) => pricesForPeriod(asPrices(catalog.addon(db, a.addonId)?.prices), sub.billingPeriod));
  const currency = plan[0]?.currency ?? addons[0]?.currency ?? 'USD';
  return { prices: [...plan, ...addons].filter((p) => p.billingModel === 'USAGE_BASED' && p.featureId), currency };
}

/** A feature's usage in its current usage window, as a check in the facts' scope counts it. */
function usageNow(db: Db, facts: CustomerFacts, featureId: string, nowMs: number, fresh = false): number {
  const feature = catalog.feature(db, featureId);
  if (!feature) return 0;
  const window = windowOf(facts.entitlements.get(featureId), nowMs);
  const meter = meterOf(feature);
  const stored = meter
    ? meteredUsage(db, facts, feature.id, meter.aggregation.function, window)
    : fresh
      ? db
          .select()
          .from(t.usage)
          .where(and(eq(t.usage.customerId, facts.customerId), eq(t.usage.featureId, featureId), eq(t.usage.resourceId, resourceKey(facts.resourceId))))
          .get()
      : facts.usage.get(featureId);
  return countUsage(stored, window).value;
}

/**
 * A subscription's budget at now (null without one): the spend is the sum of its usage-based
 * charges, each price's unit amount times its feature's usage in the current usage window, in the
 * subscription's own scope (its resource, or the global scope).
 */
function budgetStateOf(db: Db, nowMs: number, sub: SubscriptionRow, facts?: CustomerFacts): BudgetState | null {
  const budget = budgetOf(db, sub);
  if (!budget) return null;
  const { prices, currency } = usagePricesOf(db, sub);
  const own = facts && facts.resourceId === (sub.resourceId ?? null) ? facts : customerFacts(db, nowMs, sub.customerId, sub.resourceId, false);
  const spend = usageSpend(prices.map((price) => ({ price, usage: usageNow(db, own, price.featureId!, nowMs) })), currency);
  return {
    subscriptionId: sub.id,
    budget,
    spend,
    currency,
    exceeded: budgetExceeded(budget, spend),
    denies: budgetDenies(budget, spend),
    featureIds: usageBasedFeatureIds(prices),
  };
}

/** A subscription's budget, spend and whether it is exceeded at now (CustomerSubscription.budgetExceeded, webhooks). */
export function subscriptionBudget(db: Db, nowMs: number, sub: SubscriptionRow): BudgetState | null {
  return budgetStateOf(db, nowMs, sub);
}

/**
 * A reader of a subscription's budget state for a command that only changes usage (reports,
 * events): its entitlements and usage windows are gathered once, each read re-reads only the
 * usage of the priced features. Null without a budget.
 */
export function budgetReader(db: Db, nowMs: number, sub: SubscriptionRow): (() => BudgetState) | null {
  const budget = budgetOf(db, sub);
  if (!budget) return null;
  const { prices, currency } = usagePricesOf(db, sub);
  const facts = customerFacts(db, nowMs, sub.customerId, sub.resourceId, false);
  const featureIds = usageBasedFeatureIds(prices);
  return () => {
    const spend = usageSpend(prices.map((price) => ({ price, usage: usageNow(db, facts, price.featureId!, nowMs, true) })), currency);
    return { subscriptionId: sub.id, budget, spend, currency, exceeded: budgetExceeded(budget, spend), denies: budgetDenies(budget, spend), featureIds };
  };
}

/**
 * The usage of an event-metered feature in the window: its running aggregate of the period (one
 * primary-key read; E80, E81). The events are never read here.
 */
function meteredUsage(
  db: Db,
  facts: CustomerFacts,
  featureId: string,
  fn: Parameters<typeof meterValue>[0],
  window: UsageWindow | null,
): { value: number; updatedAt: string } | undefined {
  const row = meterStore.get(db, { customerId: facts.customerId, featureId, resourceId: resourceKey(facts.resourceId), periodStart: periodKey(window) });
  if (!row) return undefined;
  // events timestamped ahead of the period may have been aggregated before it began
  const updatedAt = window && Date.parse(row.updatedAt) < window.startMs ? iso(window.startMs) : row.updatedAt;
  return { value: meterValue(fn, aggregateOf(row)), updatedAt };
}

/**
 * A subscription's own usage periods for a feature (its grant's reset period and configuration,
 * anchored where its chain's usage rolls from, E85); null when it does not grant the feature.
 * The history reads it for subscriptions that no longer grant (a plan change replaced them).
 */
export function subscriptionUsagePeriodOf(
  db: Db,
  sub: SubscriptionRow,
  featureId: string,
  all: SubscriptionRow[],
): { resetPeriod: string | null; resetPeriodConfiguration: { accordingTo: string } | null; anchorMs: number } | null {
  const anchorMs = usageAnchorMs(sub, all, (productId) => usageRuleOf(db, productId));
  const grant = grantsOfSubscription(db, sub, anchorMs).find((g) => g.grant.featureId === featureId)?.grant;
  return grant ? { resetPeriod: grant.resetPeriod, resetPeriodConfiguration: grant.resetPeriodConfiguration, anchorMs } : null;
}

/** The instants at which a plan change restarted a customer's usage in a resource scope (E85 markers). */
export function usageResetOnChange(db: Db, customerId: string, resourceId: string | null | undefined): number[] {
  const subs = catalog.customerSubscriptions(db, customerId).filter((s) => outOfResourceScope(s, resourceId ?? null) === null);
  return changeResets(subs, (productId) => usageRuleOf(db, productId));
}

/** The usage window of an effective entitlement at now (null when its usage never resets). */
const windowOf = (e: EffectiveEntitlement | undefined, nowMs: number): UsageWindow | null =>
  e ? usageWindow(e.resetPeriod, e.resetPeriodConfiguration, e.anchorMs, nowMs) : null;

interface CheckOptions {
  requestedUsage?: number | null;
  requestedValues?: string[] | null;
  requestedKind?: RequestedKind | null;
  /** lists leave usage-only denials without a reason (see docs/entitlements.md) */
  inList?: boolean;
}

/** One feature's check, and the steps of its usage count and decision (for explain). */
function evaluate(db: Db, facts: CustomerFacts, featureId: string, nowMs: number, options: CheckOptions): { view: EntitlementView; steps: string[] } {
  const feature = catalog.feature(db, featureId) ?? null;
  const e = facts.entitlements.get(featureId);
  const window = windowOf(e, nowMs);
  const meter = feature ? meterOf(feature) : null;
  const stored = meter && feature ? meteredUsage(db, facts, feature.id, meter.aggregation.function, window) : facts.usage.get(featureId);
  const metered = feature ? isMetered(feature) : false;
  const usage = countUsage(stored, window);
  const currentUsage = usage.value;
  const denying = facts.budgets.find((b) => b.denies && b.featureIds.includes(featureId));
  const { decision, step } = explainDecision({
    customer: facts.customer,
    feature,
    resourceMissing: facts.resourceMissing,
    hasLiveSubscription: facts.hasLiveSubscription,
    entitlement: e ?? null,
    currentUsage,
    requestedUsage: options.requestedUsage,
    requestedValues: options.requestedValues,
    requestedKind: options.requestedKind,
    budgetExceeded: denying ? { subscriptionId: denying.subscriptionId, spend: denying.spend, limit: denying.budget.limit } : null,
  });
  const reason = options.inList && decision.accessDeniedReason === 'RequestedUsageExceedingLimit' ? null : decision.accessDeniedReason;
  const view: EntitlementView = {
    customerId: facts.customerId,
    resourceId: facts.resourceId,
    featureId,
    feature,
    isGranted: decision.isGranted,
    accessDeniedReason: reason,
    usageLimit: e?.usageLimit ?? null,
    hasUnlimitedUsage: e?.hasUnlimitedUsage ?? false,
    hasSoftLimit: e?.hasSoftLimit ?? false,
    currentUsage: metered ? currentUsage : null,
    requestedUsage: options.inList ? null : options.requestedUsage ?? 0,
    requestedValues: options.inList ? null : options.requestedValues ?? null,
    enumValues: e?.enumValues ?? null,
    resetPeriod: e?.resetPeriod ?? null,
    resetPeriodConfiguration: e?.resetPeriod ? e.resetPeriodConfiguration ?? { accordingTo: 'SubscriptionStart' } : null,
    usagePeriodAnchor: window ? iso(window.anchorMs) : null,
    usagePeriodStart: window ? iso(window.startMs) : null,
    usagePeriodEnd: window ? iso(window.endMs) : null,
    entitlementUpdatedAt: e?.updatedAt ?? null,
    usageUpdatedAt: metered && stored ? stored.updatedAt : null,
    validUntil: e?.endsAt ? Date.parse(e.endsAt) : null,
  };
  return { view, steps: [...(metered && e ? [usage.step] : []), step] };
}

const viewOf = (db: Db, facts: CustomerFacts, featureId: string, nowMs: number, options: CheckOptions): EntitlementView =>
  evaluate(db, facts, featureId, nowMs, options).view;

export interface EntitlementsQuery {
  customerId: string;
  resourceId?: string | null;
}

export interface EntitlementQuery extends EntitlementsQuery {
  featureId: string;
  requestedUsage?: number | null;
  requestedValues?: string[] | null;
  requestedKind?: RequestedKind | null;
}

function listFrom(db: Db, facts: CustomerFacts, nowMs: number): EntitlementView[] {
  return [...facts.entitlements.keys()].sort().map((featureId) => viewOf(db, facts, featureId, nowMs, { inList: true }));
}

/** One feature's check inside a command's transaction (the usage report's threshold check). */
export function featureEntitlementIn(db: Db, nowMs: number, customerId: string, featureId: string, resourceId: string | null | undefined): EntitlementView {
  return viewOf(db, customerFacts(db, nowMs, customerId, resourceId), featureId, nowMs, {});
}

/** A customer's entitlements in a scope inside a command's transaction (none for an unknown or archived customer): what entitlements.updated announces. */
export function entitlementListIn(db: Db, nowMs: number, customerId: string, resourceId: string | null): EntitlementView[] {
  const facts = customerFacts(db, nowMs, customerId, resourceId);
  return facts.customer && !facts.customer.archived && !facts.resourceMissing ? listFrom(db, facts, nowMs) : [];
}

/**
 * entitlementsState: the global reason (CustomerNotFound, CustomerIsArchived, NoActiveSubscription)
 * and every feature the customer is entitled to in the scope (none for an unknown or archived customer).
 */
export function entitlementsState(env: Environment, nowMs: number, query: EntitlementsQuery): EntitlementsState {
  const db = env.db;
  const facts = customerFacts(db, nowMs, query.customerId, query.resourceId);
  return {
    accessDeniedReason: stateDeniedReason(facts.customer, facts.hasLiveSubscription, facts.hasPromotion),
    entitlements: facts.customer && !facts.customer.archived && !facts.resourceMissing ? listFrom(db, facts, nowMs) : [],
    customerId: query.customerId,
    resourceId: query.resourceId ?? null,
  };
}

/** cachedEntitlements: the entitlements list of entitlementsState (empty for an unknown customer, as Stigg answers). */
export function customerEntitlements(env: Environment, nowMs: number, query: EntitlementsQuery): EntitlementView[] {
  return entitlementsState(env, nowMs, query).entitlements;
}

/**
 * Until when (epoch ms, exclusive) a customer's entitlements list in a scope stays what it is at
 * now while nothing is written: the first instant after now at which one of the customer's
 * subscriptions starts, ends or ends its trial, a promotional grant starts or ends, or the usage
 * window of an entitlement rolls over. A spend budget in force makes it now + 1 ms (its spend counts
 * usage in the windows of its own scope). Infinity when nothing ahead changes the list (an unknown
 * or archived customer, a resource without subscriptions, nothing dated).
 */
export function entitlementsStableUntil(db: Db, nowMs: number, query: EntitlementsQuery): number {
  const facts = customerFacts(db, nowMs, query.customerId, query.resourceId);
  if (!facts.customer || facts.customer.archived || facts.resourceMissing) return Infinity;
  if (facts.budgets.length > 0) return nowMs + 1;
  let until = Infinity;
  const ahead = (ms: number) => {
    if (ms > nowMs && ms < until) until = ms;
  };
  const aheadAt = (instant: string | null) => instant !== null && ahead(Date.parse(instant));
  for (const s of catalog.customerSubscriptions(db, query.customerId)) {
    aheadAt(s.startDate);
    aheadAt(s.endDate);
    aheadAt(s.trialEndDate);
  }
  for (const p of promotionsOf(db, query.customerId)) {
    aheadAt(p.startDate);
    aheadAt(p.endDate);
  }
  for (const e of facts.entitlements.values()) {
    const window = windowOf(e, nowMs);
    if (!window) continue;
    // a window that does not contain now (not expected): only this instant is known
    if (window.endMs <= nowMs || window.startMs > nowMs) return nowMs + 1;
    ahead(window.endMs);
  }
  return until;
}

/** RULES 3.8: requestedUsage, when given, is a finite number >= 0 (a negative one would take usage off the check). */
function checkRequestedUsage(requestedUsage: number | null | undefined): void {
  if (requestedUsage == null) return;
  if (!Number.isFinite(requestedUsage) || requestedUsage < 0) throw badInput(`requestedUsage must be a number >= 0 (got ${requestedUsage})`);
}

/** entitlement: one feature's check, with requestedUsage (default 0) and requestedValues. */
export function featureEntitlement(env: Environment, nowMs: number, query: EntitlementQuery): EntitlementView {
  checkRequestedUsage(query.requestedUsage);
  const db = env.db;
  const facts = customerFacts(db, nowMs, query.customerId, query.resourceId);
  return viewOf(db, facts, query.featureId, nowMs, query);
}

/**
 * What a usage report reads of its feature's entitlement, gathered once per report (its window
 * before the write, its limit and period for the measurement's webhooks after it): the fields of
 * the `entitlement` view that do not depend on usage or budgets, and the usage windows.
 */
export interface UsageEntitlement {
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  resetPeriod: string | null;
  resetPeriodConfiguration: { accordingTo: string } | null;
  usagePeriodAnchor: string | null;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
  /** the usage window at now */
  window: UsageWindow | null;
  /** the usage window at an instant */
  windowAt(atMs: number): UsageWindow | null;
  /** the customer's subscriptions as read for it */
  subscriptions: readonly SubscriptionRow[];
}

/** A customer's feature's entitlement as a usage report reads it (the same facts and fields as featureEntitlementIn). */
export function usageEntitlementOf(
  db: Db,
  nowMs: number,
  customerId: string,
  featureId: string,
  resourceId: string | null | undefined,
  read: Omit<FactsOptions, 'entitlementsOnly'> = {},
): UsageEntitlement {
  const facts = customerFacts(db, nowMs, customerId, resourceId, false, { ...read, entitlementsOnly: true });
  const e = facts.entitlements.get(featureId);
  const window = windowOf(e, nowMs);
  return {
    usageLimit: e?.usageLimit ?? null,
    hasUnlimitedUsage: e?.hasUnlimitedUsage ?? false,
    hasSoftLimit: e?.hasSoftLimit ?? false,
    resetPeriod: e?.resetPeriod ?? null,
    resetPeriodConfiguration: e?.resetPeriod ? e.resetPeriodConfiguration ?? { accordingTo: 'SubscriptionStart' } : null,
    usagePeriodAnchor: window ? iso(window.anchorMs) : null,
    usagePeriodStart: window ? iso(window.startMs) : null,
    usagePeriodEnd: window ? iso(window.endMs) : null,
    window,
    windowAt: (atMs) => (atMs === nowMs ? window : windowOf(e, atMs)),
    subscriptions: facts.subscriptions,
  };
}

/** The effective entitlements of a customer in a resource scope at now (inside the caller's transaction). */
export function effectiveEntitlementsOf(db: Db, nowMs: number, customerId: string, resourceId: string | null | undefined): Map<string, EffectiveEntitlement> {
  return customerFacts(db, nowMs, customerId, resourceId).entitlements;
}

/** How one check was derived: the decision and effective entitlement `entitlement` answers, its sources and the rule steps. */
export interface Explanation {
  customerId: string;
  featureId: string;
  resourceId: string | null;
  now: string;
  decision: { isGranted: boolean; accessDeniedReason: AccessDeniedReason | null; requestedUsage: number };
  effective: {
    usageLimit: number | null;
    hasUnlimitedUsage: boolean;
    hasSoftLimit: boolean;
    enumValues: string[] | null;
    currentUsage: number | null;
    usagePeriodStart: string | null;
    usagePeriodEnd: string | null;
    resetPeriod: string | null;
  };
  sources: SourceTrace[];
  ignoredSubscriptions: IgnoredSubscription[];
  steps: string[];
}

/**
 * explain: the `entitlement` check of one feature (the same facts, rules and view), with how it was
 * derived. Unknown or archived customers and unknown features answer their reason with no sources.
 */
export function explainEntitlement(env: Environment, nowMs: number, query: EntitlementQuery): Explanation {
  checkRequestedUsage(query.requestedUsage);
  const db = env.db;
  const facts = customerFacts(db, nowMs, query.customerId, query.resourceId);
  const { view, steps } = evaluate(db, facts, query.featureId, nowMs, query);
  const known = facts.customer !== null && !facts.customer.archived && catalog.feature(db, query.featureId) !== undefined;
  const trace = known ? facts.traces.get(query.featureId) : undefined;
  return {
    customerId: view.customerId,
    featureId: view.featureId,
    resourceId: view.resourceId,
    now: iso(nowMs),
    decision: { isGranted: view.isGranted, accessDeniedReason: view.accessDeniedReason, requestedUsage: view.requestedUsage ?? 0 },
    effective: {
      usageLimit: view.usageLimit,
      hasUnlimitedUsage: view.hasUnlimitedUsage,
      hasSoftLimit: view.hasSoftLimit,
      enumValues: view.enumValues,
      currentUsage: view.currentUsage,
      usagePeriodStart: view.usagePeriodStart,
      usagePeriodEnd: view.usagePeriodEnd,
      resetPeriod: view.resetPeriod,
    },
    sources: trace?.sources ?? [],
    ignoredSubscriptions: known ? facts.ignoredSubscriptions : [],
    steps: [...(known ? [...facts.scopeSteps, ...(trace?.steps ?? [])] : []), ...steps],
  };
}
