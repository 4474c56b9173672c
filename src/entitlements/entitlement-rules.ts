/**
 * Entitlement rules: pure functions of stored facts (subscriptions, plan and add-on entitlements,
 * bought quantities, promotional grants, stored usage) and "now". No database access here;
 * entitlement-service.ts reads, these decide.
 *
 * RULES §3 and §4: sources of an entitlement (3.1), add-on behaviours (3.2), the per-subscription
 * algorithm and the generous merge across sources (3.3), deny reasons (3.5), the metered decision
 * (E61: requestedUsage defaults to 0) and usage windows (3.14, E82-E84).
 */
import { DateTime } from 'luxon';
import type { StoredEntitlement } from '../catalog/catalog-rules.js';
import { periodContaining } from '../time.js';

// ------------------------------------------------------------------------------------ grants

/** One source's entitlement to one feature (a subscription's package, or a promotional grant). */
export interface Grant {
  featureId: string;
  /** null: no numeric limit (boolean and enum features, or unlimited) */
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  enumValues: string[] | null;
  resetPeriod: string | null;
  resetPeriodConfiguration: { accordingTo: string } | null;
  /** where usage windows are anchored (the subscription's start); null for promotional grants */
  anchorMs: number | null;
  /** the last change of the source (entitlementUpdatedAt) */
  updatedAt: string;
  /** the end of the source, if it ends (subscription end date, promotional grant end) */
  endsAt: string | null;
  source: 'subscription' | 'promotion';
}

/** What a subscription's entitlements are computed from. */
export interface SubscriptionPackage {
  /** the plan's own plus inherited entitlements, each feature once (catalog effectiveEntitlements) */
  planEntitlements: StoredEntitlement[];
  /** the features the plan defines itself (not inherited) */
  ownFeatureIds: ReadonlySet<string>;
  /** bought quantities of the plan's per-unit prices (of the subscription's billing period), by feature */
  perUnit: { featureId: string; quantity: number }[];
  addons: { entitlements: StoredEntitlement[]; quantity: number }[];
  anchorMs: number;
  updatedAt: string;
  endsAt: string | null;
}

const limitOf = (e: StoredEntitlement): number | null => (e.hasUnlimitedUsage ? null : e.usageLimit ?? null);

function grantOf(e: StoredEntitlement, pkg: SubscriptionPackage): Grant {
  return {
    featureId: e.featureId,
    usageLimit: limitOf(e),
    hasUnlimitedUsage: !!e.hasUnlimitedUsage,
    hasSoftLimit: !!e.hasSoftLimit,
    enumValues: e.enumValues ?? null,
    resetPeriod: e.resetPeriod ?? null,
    resetPeriodConfiguration: e.resetPeriodConfiguration ?? null,
    anchorMs: pkg.anchorMs,
    updatedAt: pkg.updatedAt,
    endsAt: pkg.endsAt,
    source: 'subscription',
  };
}

const union = (a: string[] | null, b: string[] | null): string[] | null => (a === null && b === null ? null : [...new Set([...(a ?? []), ...(b ?? [])])]);

/**
 * A subscription's entitlements, one grant per feature (RULES 3.3):
 * base = the plan's entitlement (own, else inherited); a per-unit price's bought quantity is the
 * limit when the plan does not set one itself; Increment add-ons add limit × quantity; when any
 * Override add-on exists the largest override (limit × quantity) replaces the result.
 */
export function subscriptionGrants(pkg: SubscriptionPackage): Grant[] {
  const byFeature = new Map<string, Grant>();
  for (const e of pkg.planEntitlements) byFeature.set(e.featureId, grantOf(e, pkg));

  for (const { featureId, quantity } of pkg.perUnit) {
    const base = byFeature.get(featureId);
    const explicit = pkg.ownFeatureIds.has(featureId) && base !== undefined && (base.usageLimit !== null || base.hasUnlimitedUsage);
    if (explicit) continue;
    byFeature.set(featureId, {
      ...(base ?? grantOf({ featureId }, pkg)),
      usageLimit: quantity,
      hasUnlimitedUsage: false,
    });
  }

  const features = new Set(pkg.addons.flatMap((a) => a.entitlements.map((e) => e.featureId)));
  for (const featureId of features) {
    const base = byFeature.get(featureId);
    const parts = pkg.addons.flatMap((a) => a.entitlements.filter((e) => e.featureId === featureId).map((e) => ({ e, quantity: a.quantity })));
    const overrides = parts.filter((p) => p.e.behavior === 'Override');
    const increments = parts.filter((p) => p.e.behavior !== 'Override');
    const first = parts[0]!.e;
    let result: Grant = base ?? { ...grantOf(first, pkg), usageLimit: null, hasUnlimitedUsage: false };
    if (overrides.length > 0) {
      const unlimited = overrides.find((p) => p.e.hasUnlimitedUsage);
      const best = unlimited ?? overrides.reduce((a, b) => ((b.e.usageLimit ?? 0) * b.quantity > (a.e.usageLimit ?? 0) * a.quantity ? b : a));
      result = {
        ...result,
        usageLimit: unlimited ? null : (best.e.usageLimit ?? 0) * best.quantity,
        hasUnlimitedUsage: !!unlimited,
        hasSoftLimit: !!best.e.hasSoftLimit,
      };
    } else if (!result.hasUnlimitedUsage) {
      const unlimited = increments.some((p) => p.e.hasUnlimitedUsage);
      const added = increments.reduce((sum, p) => sum + (p.e.usageLimit ?? 0) * p.quantity, 0);
      const limited = result.usageLimit !== null || increments.some((p) => p.e.usageLimit != null);
      result = {
        ...result,
        usageLimit: unlimited ? null : limited ? (result.usageLimit ?? 0) + added : null,
        hasUnlimitedUsage: unlimited,
      };
    }
    result.enumValues = parts.reduce((values, p) => union(values, p.e.enumValues ?? null), result.enumValues);
    if (!result.resetPeriod) {
      const withReset = parts.find((p) => p.e.resetPeriod);
      if (withReset) {
        result.resetPeriod = withReset.e.resetPeriod ?? null;
        result.resetPeriodConfiguration = withReset.e.resetPeriodConfiguration ?? null;
      }
    }
    byFeature.set(featureId, result);
  }
  return [...byFeature.values()];
}

/** A promotional grant as a source: no reset period (the emulator stores none), generous like any source. */
export function promotionalGrant(row: {
  featureId: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  enumValues: string[] | null;
  endDate: string | null;
  updatedAt: string;
}): Grant {
  return {
    featureId: row.featureId,
    usageLimit: row.hasUnlimitedUsage ? null : row.usageLimit,
    hasUnlimitedUsage: row.hasUnlimitedUsage,
    hasSoftLimit: row.hasSoftLimit,
    enumValues: row.enumValues,
    resetPeriod: null,
    resetPeriodConfiguration: null,
    anchorMs: null,
    updatedAt: row.updatedAt,
    endsAt: row.endDate,
    source: 'promotion',
  };
}

/** The effective entitlement of one feature, merged from every source that grants it. */
export interface EffectiveEntitlement extends Grant {
  /** every source that contributed */
  sources: number;
}

/**
 * The generous merge (RULES 3.1/3.3, E58-E60): unlimited beats any number, a larger limit beats a
 * smaller one, enum values are the union of all sources; the soft-limit flag is the winning
 * source's; the reset period is the winning source's, else the first source's that has one.
 */
export function mergeGrants(grants: Grant[]): EffectiveEntitlement | null {
  if (grants.length === 0) return null;
  const winner =
    grants.find((g) => g.hasUnlimitedUsage) ??
    grants.reduce((best, g) => ((g.usageLimit ?? -Infinity) > (best.usageLimit ?? -Infinity) ? g : best));
  const withReset = winner.resetPeriod ? winner : grants.find((g) => g.resetPeriod) ?? winner;
  const updatedAt = grants.map((g) => g.updatedAt).sort().at(-1)!;
  return {
    ...winner,
    usageLimit: winner.hasUnlimitedUsage ? null : winner.usageLimit,
    enumValues: grants.reduce<string[] | null>((values, g) => union(values, g.enumValues), null),
    resetPeriod: withReset.resetPeriod,
    resetPeriodConfiguration: withReset.resetPeriodConfiguration,
    anchorMs: withReset.anchorMs,
    updatedAt,
    sources: grants.length,
  };
}

/** Merge grants per feature. */
export function effectiveEntitlements(grants: Grant[]): Map<string, EffectiveEntitlement> {
  const byFeature = new Map<string, Grant[]>();
  for (const g of grants) byFeature.set(g.featureId, [...(byFeature.get(g.featureId) ?? []), g]);
  const out = new Map<string, EffectiveEntitlement>();
  for (const [featureId, list] of byFeature) out.set(featureId, mergeGrants(list)!);
  return out;
}

// ------------------------------------------------------------------------------------ sources at now

export interface SubscriptionFacts {
  status: string;
  startDate: string;
  endDate: string | null;
  trialEndDate: string | null;
  resourceId: string | null;
}

/**
 * Whether a subscription grants its entitlements at now (E59, E72, E73): ACTIVE or IN_TRIAL, started,
 * and not past its end date (a cancellation scheduled for a future end date still grants until
 * then); a trial past its end grants only when it converts to paid. NOT_STARTED, PAYMENT_PENDING,
 * CANCELED and EXPIRED grant nothing.
 */
export function subscriptionGrantsAt(sub: SubscriptionFacts, nowMs: number, trialConvertsToPaid: boolean): boolean {
  if (sub.status !== 'ACTIVE' && sub.status !== 'IN_TRIAL') return false;
  if (Date.parse(sub.startDate) > nowMs) return false;
  if (sub.endDate !== null && Date.parse(sub.endDate) <= nowMs) return false;
  if (sub.status === 'IN_TRIAL' && sub.trialEndDate !== null && Date.parse(sub.trialEndDate) <= nowMs && !trialConvertsToPaid) return false;
  return true;
}

/**
 * Resource scoping (E71): a check for resource r sees the subscriptions of r plus the customer's
 * global ones (no resource); a check without a resource sees the global ones only.
 */
export const inResourceScope = (sub: { resourceId: string | null }, resourceId: string | null | undefined): boolean =>
  sub.resourceId === null || (!!resourceId && sub.resourceId === resourceId);

// ------------------------------------------------------------------------------------ usage windows

export interface UsageWindow {
  anchorMs: number;
  startMs: number;
  endMs: number;
}

const WEEKDAYS: Record<string, number> = {
  EveryMonday: 1, EveryTuesday: 2, EveryWednesday: 3, EveryThursday: 4, EveryFriday: 5, EverySaturday: 6, EverySunday: 7,
};

const STEPS: Record<string, string> = { YEAR: 'P1Y', MONTH: 'P1M', WEEK: 'P1W', DAY: 'P1D', HOUR: 'PT1H' };

/**
 * The usage window containing now (RULES 3.14, E82-E84). SubscriptionStart (the default): windows
 * roll every period from the anchor, month ends clamped (Jan 31 -> Feb 29 -> Mar 31).
 * StartOfTheMonth: the UTC calendar month. EveryMonday..EverySunday: the week from the most recent
 * such weekday 00:00 UTC. DAY and HOUR roll from the anchor. No reset period: no window.
 */
export function usageWindow(
  resetPeriod: string | null,
  configuration: { accordingTo: string } | null,
  anchorMs: number | null,
  nowMs: number,
): UsageWindow | null {
  const step = resetPeriod ? STEPS[resetPeriod] : undefined;
  if (!step) return null;
  const according = configuration?.accordingTo ?? 'SubscriptionStart';
  const now = DateTime.fromMillis(nowMs, { zone: 'utc' });
  if (resetPeriod === 'MONTH' && according === 'StartOfTheMonth') {
    const start = now.startOf('month');
    return { anchorMs: start.toMillis(), startMs: start.toMillis(), endMs: start.plus({ months: 1 }).toMillis() };
  }
  const weekday = WEEKDAYS[according];
  if (resetPeriod === 'WEEK' && weekday !== undefined) {
    const start = now.startOf('day').minus({ days: (now.weekday - weekday + 7) % 7 });
    return { anchorMs: start.toMillis(), startMs: start.toMillis(), endMs: start.plus({ days: 7 }).toMillis() };
  }
  const anchor = anchorMs ?? now.startOf('month').toMillis();
  const period = periodContaining(anchor, step, nowMs);
  return { anchorMs: anchor, startMs: period.start, endMs: period.end };
}

/** The usage counted in the window: the stored value if it was reported (or reset) inside it, else 0. */
export function usageInWindow(stored: { value: number; updatedAt: string } | undefined, window: UsageWindow | null): number {
  if (!stored) return 0;
  if (window && Date.parse(stored.updatedAt) < window.startMs) return 0;
  return stored.value;
}

/** The stored value after a report: DELTA adds to the window's usage, SET replaces it (E74, E75). */
export function applyReport(current: number, value: number, behavior: string | null | undefined): number {
  return behavior === 'SET' ? value : current + value;
}

/** A feature has usage when it is numeric and metered (meterType Fluctuating or Incremental). */
export const isMetered = (feature: { featureType: string; meterType: string }): boolean =>
  feature.featureType === 'NUMBER' && feature.meterType !== 'None';

// ------------------------------------------------------------------------------------ decisions

export type AccessDeniedReason =
  | 'CustomerNotFound'
  | 'CustomerIsArchived'
  | 'CustomerResourceNotFound'
  | 'FeatureNotFound'
  | 'FeatureTypeMismatch'
  | 'NoActiveSubscription'
  | 'NoFeatureEntitlementInSubscription'
  | 'RequestedUsageExceedingLimit'
  | 'RequestedValuesMismatch';

/** The kind of entitlement an SDK's typed check asks for (getBooleanEntitlement, ...). */
export type RequestedKind = 'BOOLEAN' | 'NUMERIC' | 'METERED' | 'ENUM';

export interface DecisionInput {
  customer: { archived: boolean } | null;
  feature: { featureType: string; meterType: string } | null;
  /** a resource was asked for and the customer has no subscription on it */
  resourceMissing: boolean;
  /** some subscription in scope grants at now */
  hasLiveSubscription: boolean;
  entitlement: Pick<EffectiveEntitlement, 'usageLimit' | 'hasUnlimitedUsage' | 'hasSoftLimit' | 'enumValues'> | null;
  currentUsage: number;
  requestedUsage?: number | null;
  requestedValues?: string[] | null;
  requestedKind?: RequestedKind | null;
}

export interface Decision {
  isGranted: boolean;
  accessDeniedReason: AccessDeniedReason | null;
}

const kindMatches = (kind: RequestedKind, feature: { featureType: string; meterType: string }): boolean => {
  switch (kind) {
    case 'BOOLEAN':
      return feature.featureType === 'BOOLEAN';
    case 'ENUM':
      return feature.featureType === 'ENUM';
    case 'NUMERIC':
      return feature.featureType === 'NUMBER' && feature.meterType === 'None';
    case 'METERED':
      return isMetered(feature);
  }
};

const deny = (accessDeniedReason: AccessDeniedReason): Decision => ({ isGranted: false, accessDeniedReason });

/**
 * Whether the customer may use the feature now (E61-E69, E73), reasons in this order: unknown or
 * archived customer, unknown feature, unknown resource, a typed check on another type, no live
 * subscription (and no promotional grant), no source granting the feature, enum values not all
 * granted, metered usage over a hard limit: granted iff currentUsage + requestedUsage <= usageLimit
 * with requestedUsage 0 when not given (the official SDKs' own decision code).
 */
export function decide(input: DecisionInput): Decision {
  if (!input.customer) return deny('CustomerNotFound');
  if (input.customer.archived) return deny('CustomerIsArchived');
  const feature = input.feature;
  if (!feature) return deny('FeatureNotFound');
  if (input.resourceMissing) return deny('CustomerResourceNotFound');
  if (input.requestedKind && !kindMatches(input.requestedKind, feature)) return deny('FeatureTypeMismatch');
  const e = input.entitlement;
  if (!e) return deny(input.hasLiveSubscription ? 'NoFeatureEntitlementInSubscription' : 'NoActiveSubscription');
  if (feature.featureType === 'ENUM') {
    const granted = new Set(e.enumValues ?? []);
    const missing = (input.requestedValues ?? []).filter((v) => !granted.has(v));
    return missing.length > 0 ? deny('RequestedValuesMismatch') : { isGranted: true, accessDeniedReason: null };
  }
  if (!isMetered(feature) || e.hasUnlimitedUsage || e.hasSoftLimit) return { isGranted: true, accessDeniedReason: null };
  const requested = input.requestedUsage ?? 0;
  return input.currentUsage + requested <= (e.usageLimit ?? 0) ? { isGranted: true, accessDeniedReason: null } : deny('RequestedUsageExceedingLimit');
}

/**
 * entitlementsState.accessDeniedReason: CustomerNotFound, CustomerIsArchived, or NoActiveSubscription
 * when no subscription in scope grants at now and no promotional grant is active (E65).
 */
export function stateDeniedReason(
  customer: { archived: boolean } | null,
  hasLiveSubscription: boolean,
  hasPromotion: boolean,
): 'CustomerNotFound' | 'CustomerIsArchived' | 'NoActiveSubscription' | null {
  if (!customer) return 'CustomerNotFound';
  if (customer.archived) return 'CustomerIsArchived';
  return hasLiveSubscription || hasPromotion ? null : 'NoActiveSubscription';
}
