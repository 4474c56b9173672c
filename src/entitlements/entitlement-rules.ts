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
  addons: { entitlements: StoredEntitlement[]; quantity: number; addonId?: string }[];
  anchorMs: number;
  updatedAt: string;
  endsAt: string | null;
  /** labels for the trace only (they decide nothing): the subscription, its plan, and the base plan each inherited feature comes from */
  subscriptionId?: string;
  planId?: string;
  inheritedFrom?: ReadonlyMap<string, string>;
}

// ------------------------------------------------------------------------------------ traces

export type SourceKind = 'plan' | 'inheritedPlan' | 'addon' | 'perUnit' | 'promotional';

/** One stored fact that took part in an entitlement, and whether its limit counts in the result. */
export interface SourceTrace {
  kind: SourceKind;
  subscriptionId?: string;
  planId?: string;
  addonId?: string;
  quantity?: number;
  behavior?: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  enumValues: string[] | null;
  resetPeriod: string | null;
  applied: boolean;
  note: string;
}

/** A grant with how it was derived: the sources it was computed from and the rule steps, in order. */
export interface TracedGrant {
  grant: Grant;
  /** who grants it, for the merge's steps ("subscription s-1 (plan-pro)", "promotional grant") */
  label: string;
  sources: SourceTrace[];
  steps: string[];
}

type Limits = { usageLimit?: number | null; hasUnlimitedUsage?: boolean; enumValues?: string[] | null };

/** "unlimited", "limit 10", "values [a, b]" or "no limit" (boolean features). */
export const describeLimit = (g: Limits): string =>
  g.hasUnlimitedUsage ? 'unlimited' : g.usageLimit != null ? `limit ${g.usageLimit}` : g.enumValues ? `values [${g.enumValues.join(', ')}]` : 'no limit';

const shortLimit = (g: Limits): string => (g.hasUnlimitedUsage ? 'unlimited' : g.usageLimit != null ? String(g.usageLimit) : 'no limit');

const notApplied = (s: SourceTrace, note: string): SourceTrace => (s.applied ? { ...s, applied: false, note: `${s.note}; ${note}` } : s);

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

function sourceOf(kind: SourceKind, e: StoredEntitlement, labels: Partial<SourceTrace>, note: string): SourceTrace {
  return {
    kind,
    ...labels,
    usageLimit: limitOf(e),
    hasUnlimitedUsage: !!e.hasUnlimitedUsage,
    hasSoftLimit: !!e.hasSoftLimit,
    enumValues: e.enumValues ?? null,
    resetPeriod: e.resetPeriod ?? null,
    applied: true,
    note,
  };
}

const union = (a: string[] | null, b: string[] | null): string[] | null => (a === null && b === null ? null : [...new Set([...(a ?? []), ...(b ?? [])])]);

/**
 * A subscription's entitlements, one grant per feature, each with its trace (RULES 3.3):
 * base = the plan's entitlement (own, else inherited); a per-unit price's bought quantity is the
 * limit when the plan does not set one itself; Increment add-ons add limit × quantity; when any
 * Override add-on exists the largest override (limit × quantity) replaces the result.
 */
export function traceSubscriptionGrants(pkg: SubscriptionPackage): TracedGrant[] {
  const plan = pkg.planId ?? 'the plan';
  const subscription = pkg.subscriptionId ? { subscriptionId: pkg.subscriptionId } : {};
  const label = ['subscription', pkg.subscriptionId, pkg.planId ? `(${pkg.planId})` : undefined].filter(Boolean).join(' ');
  const byFeature = new Map<string, TracedGrant>();

  for (const e of pkg.planEntitlements) {
    const own = pkg.ownFeatureIds.has(e.featureId);
    const from = own ? pkg.planId : pkg.inheritedFrom?.get(e.featureId) ?? pkg.planId;
    const planLabel = from ? { planId: from } : {};
    const step = own
      ? `${plan} sets ${e.featureId} (${describeLimit(grantOf(e, pkg))})`
      : `${plan} inherits ${e.featureId} (${describeLimit(grantOf(e, pkg))}) from ${pkg.inheritedFrom?.get(e.featureId) ?? 'a base plan'}`;
    const note = own ? `${plan}'s own entitlement` : `inherited by ${plan} from ${pkg.inheritedFrom?.get(e.featureId) ?? 'a base plan'}`;
    byFeature.set(e.featureId, {
      grant: grantOf(e, pkg),
      label,
      sources: [sourceOf(own ? 'plan' : 'inheritedPlan', e, { ...subscription, ...planLabel }, note)],
      steps: [step],
    });
  }

  for (const { featureId, quantity } of pkg.perUnit) {
    const base = byFeature.get(featureId);
    const explicit = pkg.ownFeatureIds.has(featureId) && base !== undefined && (base.grant.usageLimit !== null || base.grant.hasUnlimitedUsage);
    const perUnit: SourceTrace = {
      kind: 'perUnit',
      ...subscription,
      ...(pkg.planId ? { planId: pkg.planId } : {}),
      quantity,
      usageLimit: quantity,
      hasUnlimitedUsage: false,
      hasSoftLimit: false,
      enumValues: null,
      resetPeriod: null,
      applied: !explicit,
      note: explicit ? `${plan}'s own ${describeLimit(base.grant)} wins over the bought quantity` : `${quantity} bought`,
    };
    if (explicit) {
      base.sources.push(perUnit);
      base.steps.push(`per-unit price: ${quantity} bought, but ${plan} sets ${describeLimit(base.grant)} itself, which wins`);
      continue;
    }
    byFeature.set(featureId, {
      grant: { ...(base?.grant ?? grantOf({ featureId }, pkg)), usageLimit: quantity, hasUnlimitedUsage: false },
      label,
      sources: [...(base?.sources ?? []).map((s) => notApplied(s, 'limit replaced by the per-unit quantity')), perUnit],
      steps: [...(base?.steps ?? []), base ? `per-unit price: ${quantity} bought replaces the limit` : `per-unit price: ${quantity} bought is the limit`],
    });
  }

  const features = new Set(pkg.addons.flatMap((a) => a.entitlements.map((e) => e.featureId)));
  for (const featureId of features) {
    const base = byFeature.get(featureId);
    const parts = pkg.addons.flatMap((a) =>
      a.entitlements.filter((e) => e.featureId === featureId).map((e) => ({ e, quantity: a.quantity, addonId: a.addonId })),
    );
    const addonName = (p: (typeof parts)[number]) => `${p.addonId ?? 'add-on'} × ${p.quantity}`;
    const addonSource = (p: (typeof parts)[number]) =>
      sourceOf(
        'addon', p.e, { ...subscription, ...(p.addonId ? { addonId: p.addonId } : {}), quantity: p.quantity, behavior: p.e.behavior ?? 'Increment' },
        `${p.e.behavior === 'Override' ? 'overrides with' : 'adds'} ${shortLimit(grantOf(p.e, pkg))} × ${p.quantity}`,
      );
    const overrides = parts.filter((p) => p.e.behavior === 'Override');
    const increments = parts.filter((p) => p.e.behavior !== 'Override');
    const first = parts[0]!.e;
    let result: Grant = base?.grant ?? { ...grantOf(first, pkg), usageLimit: null, hasUnlimitedUsage: false };
    let baseSources = base?.sources ?? [];
    const steps = [...(base?.steps ?? [])];
    if (!base) steps.push(`${featureId} is not in ${plan}: only add-ons grant it`);
    let addonSources: SourceTrace[];
    if (overrides.length > 0) {
      const unlimited = overrides.find((p) => p.e.hasUnlimitedUsage);
      const best = unlimited ?? overrides.reduce((a, b) => ((b.e.usageLimit ?? 0) * b.quantity > (a.e.usageLimit ?? 0) * a.quantity ? b : a));
      result = {
        ...result,
        usageLimit: unlimited ? null : (best.e.usageLimit ?? 0) * best.quantity,
        hasUnlimitedUsage: !!unlimited,
        hasSoftLimit: !!best.e.hasSoftLimit,
      };
      steps.push(`Override add-on ${addonName(best)}: ${describeLimit(result)} replaces the result`);
      baseSources = baseSources.map((s) => notApplied(s, `replaced by Override add-on ${best.addonId ?? ''}`.trim()));
      addonSources = parts.map((p) =>
        p === best ? addonSource(p) : notApplied(addonSource(p), p.e.behavior === 'Override' ? 'a larger override wins' : 'ignored: an Override add-on replaces the result'),
      );
    } else if (!result.hasUnlimitedUsage) {
      const unlimited = increments.some((p) => p.e.hasUnlimitedUsage);
      const added = increments.reduce((sum, p) => sum + (p.e.usageLimit ?? 0) * p.quantity, 0);
      const limited = result.usageLimit !== null || increments.some((p) => p.e.usageLimit != null);
      const before = result;
      result = {
        ...result,
        usageLimit: unlimited ? null : limited ? (result.usageLimit ?? 0) + added : null,
        hasUnlimitedUsage: unlimited,
      };
      for (const p of increments) {
        steps.push(
          p.e.hasUnlimitedUsage
            ? `Increment add-on ${addonName(p)} is unlimited: the result is unlimited`
            : `Increment add-on ${addonName(p)} adds ${(p.e.usageLimit ?? 0) * p.quantity}`,
        );
      }
      if (!unlimited && limited) steps.push(`${shortLimit(before)} + ${added} = ${result.usageLimit}`);
      const unlimitedPart = increments.find((p) => p.e.hasUnlimitedUsage);
      if (unlimitedPart) baseSources = baseSources.map((s) => notApplied(s, 'outweighed: an add-on is unlimited'));
      addonSources = parts.map((p) => (unlimitedPart && p !== unlimitedPart ? notApplied(addonSource(p), 'outweighed: an add-on is unlimited') : addonSource(p)));
    } else {
      steps.push(`Increment add-ons ignored: ${featureId} is already unlimited`);
      addonSources = parts.map((p) => notApplied(addonSource(p), 'ignored: already unlimited'));
    }
    const enumValues = parts.reduce((values, p) => union(values, p.e.enumValues ?? null), result.enumValues);
    if (parts.some((p) => p.e.enumValues)) steps.push(`enum values with add-ons: [${(enumValues ?? []).join(', ')}]`);
    result.enumValues = enumValues;
    if (!result.resetPeriod) {
      const withReset = parts.find((p) => p.e.resetPeriod);
      if (withReset) {
        result.resetPeriod = withReset.e.resetPeriod ?? null;
        result.resetPeriodConfiguration = withReset.e.resetPeriodConfiguration ?? null;
        steps.push(`reset period ${result.resetPeriod} from add-on ${withReset.addonId ?? ''}`.trim());
      }
    }
    byFeature.set(featureId, { grant: result, label, sources: [...baseSources, ...addonSources], steps });
  }
  return [...byFeature.values()];
}

/** A subscription's entitlements, one grant per feature (see traceSubscriptionGrants). */
export const subscriptionGrants = (pkg: SubscriptionPackage): Grant[] => traceSubscriptionGrants(pkg).map((t) => t.grant);

export interface PromotionalRow {
  featureId: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  enumValues: string[] | null;
  endDate: string | null;
  updatedAt: string;
  startDate?: string;
  resetPeriod?: string | null;
  resetPeriodConfiguration?: { accordingTo: string } | null;
}

/** A promotional grant as a source, with its trace: its usage windows roll from the grant's start when it has a reset period; generous like any source. */
export function tracePromotionalGrant(row: PromotionalRow): TracedGrant {
  const grant: Grant = {
    featureId: row.featureId,
    usageLimit: row.hasUnlimitedUsage ? null : row.usageLimit,
    hasUnlimitedUsage: row.hasUnlimitedUsage,
    hasSoftLimit: row.hasSoftLimit,
    enumValues: row.enumValues,
    resetPeriod: row.resetPeriod ?? null,
    resetPeriodConfiguration: row.resetPeriod ? (row.resetPeriodConfiguration ?? null) : null,
    anchorMs: row.resetPeriod && row.startDate ? Date.parse(row.startDate) : null,
    updatedAt: row.updatedAt,
    endsAt: row.endDate,
    source: 'promotion',
  };
  const until = row.endDate ? `until ${row.endDate}` : 'no end date';
  return {
    grant,
    label: 'promotional grant',
    sources: [
      {
        kind: 'promotional',
        usageLimit: grant.usageLimit,
        hasUnlimitedUsage: grant.hasUnlimitedUsage,
        hasSoftLimit: grant.hasSoftLimit,
        enumValues: grant.enumValues,
        resetPeriod: grant.resetPeriod,
        applied: true,
        note: `active, ${until}`,
      },
    ],
    steps: [`promotional grant of ${row.featureId} (${describeLimit(grant)}), ${until}`],
  };
}

/** A promotional grant as a source (see tracePromotionalGrant). */
export const promotionalGrant = (row: PromotionalRow): Grant => tracePromotionalGrant(row).grant;

/** The effective entitlement of one feature, merged from every source that grants it. */
export interface EffectiveEntitlement extends Grant {
  /** every source that contributed */
  sources: number;
}

/** An effective entitlement with every source it was derived from and the steps, in the order the rules applied. */
export interface TracedEntitlement {
  entitlement: EffectiveEntitlement;
  sources: SourceTrace[];
  steps: string[];
}

/**
 * The generous merge (RULES 3.1/3.3, E58-E60), with its trace: unlimited beats any number, a
 * larger limit beats a smaller one, enum values are the union of all sources; the soft-limit flag
 * is the winning source's; the reset period (with its configuration and the anchor its windows
 * roll from) is the winning source's, else the first source's that has one.
 */
export function traceMerge(traced: TracedGrant[]): TracedEntitlement | null {
  if (traced.length === 0) return null;
  const winner =
    traced.find((t) => t.grant.hasUnlimitedUsage) ??
    traced.reduce((best, t) => ((t.grant.usageLimit ?? -Infinity) > (best.grant.usageLimit ?? -Infinity) ? t : best));
  const withReset = winner.grant.resetPeriod ? winner : traced.find((t) => t.grant.resetPeriod) ?? winner;
  const updatedAt = traced.map((t) => t.grant.updatedAt).sort().at(-1)!;
  const enumValues = traced.reduce<string[] | null>((values, t) => union(values, t.grant.enumValues), null);
  const entitlement: EffectiveEntitlement = {
    ...winner.grant,
    usageLimit: winner.grant.hasUnlimitedUsage ? null : winner.grant.usageLimit,
    enumValues,
    resetPeriod: withReset.grant.resetPeriod,
    resetPeriodConfiguration: withReset.grant.resetPeriodConfiguration,
    // the window rolls from the source whose reset period it is (a promotional winner has no anchor)
    anchorMs: withReset.grant.anchorMs,
    updatedAt,
    sources: traced.length,
  };

  const steps = traced.flatMap((t) => t.steps);
  const others = traced.filter((t) => t !== winner);
  if (others.length > 0) {
    steps.push(`${winner.label} ${describeLimit(winner.grant)} wins over ${others.map((t) => shortLimit(t.grant)).join(', ')}`);
    if (withReset !== winner) steps.push(`reset period ${withReset.grant.resetPeriod} from ${withReset.label}`);
    if (traced.filter((t) => t.grant.enumValues).length > 1) steps.push(`enum values: the union of the sources, [${(enumValues ?? []).join(', ')}]`);
  }
  const contributes = (t: TracedGrant) => t === winner || t === withReset || (t.grant.enumValues?.length ?? 0) > 0;
  const sources = traced.flatMap((t) => (contributes(t) ? t.sources : t.sources.map((s) => notApplied(s, `outweighed by ${winner.label}`))));
  steps.push(`effective: ${describeLimit(entitlement)}${entitlement.hasSoftLimit ? ' (soft limit)' : ''}${entitlement.resetPeriod ? `, resets every ${entitlement.resetPeriod}` : ''}`);
  return { entitlement, sources, steps };
}

/** The generous merge of grants (see traceMerge). */
export function mergeGrants(grants: Grant[]): EffectiveEntitlement | null {
  return traceMerge(grants.map((grant) => ({ grant, label: grant.source, sources: [], steps: [] })))?.entitlement ?? null;
}

/** Merge traced grants per feature. */
export function traceEntitlements(traced: TracedGrant[]): Map<string, TracedEntitlement> {
  const byFeature = new Map<string, TracedGrant[]>();
  for (const t of traced) byFeature.set(t.grant.featureId, [...(byFeature.get(t.grant.featureId) ?? []), t]);
  const out = new Map<string, TracedEntitlement>();
  for (const [featureId, list] of byFeature) out.set(featureId, traceMerge(list)!);
  return out;
}

/** Merge grants per feature. */
export function effectiveEntitlements(grants: Grant[]): Map<string, EffectiveEntitlement> {
  const out = new Map<string, EffectiveEntitlement>();
  for (const [featureId, t] of traceEntitlements(grants.map((grant) => ({ grant, label: grant.source, sources: [], steps: [] })))) out.set(featureId, t.entitlement);
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
 * Why a subscription does not grant its entitlements at now, null when it does (E59, E72, E73):
 * it grants when ACTIVE or IN_TRIAL, started, and not past its end date (a cancellation scheduled
 * for a future end date still grants until then); a trial past its end grants only when it
 * converts to paid. NOT_STARTED, PAYMENT_PENDING, CANCELED and EXPIRED grant nothing.
 */
export function whyNotGranting(sub: SubscriptionFacts, nowMs: number, trialConvertsToPaid: boolean): string | null {
  if (sub.status !== 'ACTIVE' && sub.status !== 'IN_TRIAL') return `status ${sub.status} grants nothing`;
  if (Date.parse(sub.startDate) > nowMs) return `starts at ${sub.startDate}`;
  if (sub.endDate !== null && Date.parse(sub.endDate) <= nowMs) return `ended at ${sub.endDate}`;
  if (sub.status === 'IN_TRIAL' && sub.trialEndDate !== null && Date.parse(sub.trialEndDate) <= nowMs && !trialConvertsToPaid) {
    return `trial ended at ${sub.trialEndDate} and does not convert to paid`;
  }
  return null;
}

/** Whether a subscription grants its entitlements at now (see whyNotGranting). */
export const subscriptionGrantsAt = (sub: SubscriptionFacts, nowMs: number, trialConvertsToPaid: boolean): boolean =>
  whyNotGranting(sub, nowMs, trialConvertsToPaid) === null;

/**
 * Resource scoping (E71): why a subscription is outside a check's scope, null when it is inside. A
 * check for resource r sees the subscriptions of r plus the customer's global ones (no resource);
 * a check without a resource sees the global ones only.
 */
export function outOfResourceScope(sub: { resourceId: string | null }, resourceId: string | null | undefined): string | null {
  if (sub.resourceId === null || (!!resourceId && sub.resourceId === resourceId)) return null;
  return resourceId ? `on resource ${sub.resourceId}, not ${resourceId}` : `on resource ${sub.resourceId}; the check names no resource`;
}

/** Whether a subscription is in a check's resource scope (see outOfResourceScope). */
export const inResourceScope = (sub: { resourceId: string | null }, resourceId: string | null | undefined): boolean =>
  outOfResourceScope(sub, resourceId) === null;

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

const isoOf = (ms: number): string => new Date(ms).toISOString();

/**
 * The usage counted in the window, with the step that says why: the stored value if it was
 * reported (or reset) inside it, else 0.
 */
export function countUsage(stored: { value: number; updatedAt: string } | undefined, window: UsageWindow | null): { value: number; step: string } {
  const range = window ? `[${isoOf(window.startMs)}, ${isoOf(window.endMs)})` : '';
  if (!stored) return { value: 0, step: 'currentUsage 0: no usage reported' };
  if (window && Date.parse(stored.updatedAt) < window.startMs) {
    return { value: 0, step: `currentUsage 0: usage ${stored.value} was reported at ${stored.updatedAt}, before the window ${range}` };
  }
  return {
    value: stored.value,
    step: window ? `currentUsage ${stored.value} counted in window ${range}` : `currentUsage ${stored.value}: no reset period, usage never resets`,
  };
}

/** The usage counted in the window (see countUsage). */
export const usageInWindow = (stored: { value: number; updatedAt: string } | undefined, window: UsageWindow | null): number => countUsage(stored, window).value;

/** The stored value after a report: DELTA adds to the window's usage, SET replaces it (E74, E75). */
export function applyReport(current: number, value: number, behavior: string | null | undefined): number {
  return behavior === 'SET' ? value : current + value;
}

/** A feature has usage when it is numeric and metered (meterType Fluctuating or Incremental). */
export const isMetered = (feature: { featureType: string; meterType: string }): boolean =>
  feature.featureType === 'NUMBER' && feature.meterType !== 'None';
