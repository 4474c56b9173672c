/**
 * Usage history (RULES 3.12, 3.15, 4.11, E85, E86): whose usage a history shows (the active
 * subscriptions with the ones their plan changes replaced, and with includeInactiveSubscriptions
 * the most recent cancelled or expired one), the spans and periods of those subscriptions, the
 * resets (period boundaries, plan changes that restarted the usage) and series of usage points by
 * dimension group. Pure: functions of the subscriptions, the stored reports or events, the periods
 * and the query.
 */
import { usageWindow } from '../entitlements/entitlement-rules.js';
import { contributionOf, EMPTY_AGGREGATE, fold, meterMatches, meterValue, type Aggregate, type Meter } from '../meters/meter-rules.js';
import { carriesUsage, predecessorOf, type ChainFacts } from '../meters/reset-rules.js';

export interface HistoryPoint {
  timestamp: string;
  value: number;
  isResetPoint: boolean;
}

export interface HistoryTag {
  key: string;
  value: string;
}

export interface HistorySeries {
  tags: HistoryTag[];
  points: HistoryPoint[];
}

export type MarkerType = 'PERIODIC_RESET' | 'SUBSCRIPTION_CHANGE_RESET';

export interface HistoryMarker {
  type: MarkerType;
  timestamp: string;
}

/** The most usage periods a history walks (an HOUR reset over a long range). */
export const MAX_PERIODS = 10_000;

/**
 * The period boundaries (starts of periods) after `startMs` and up to `endMs`, walking `windowAt`
 * (the usage window containing an instant; null when usage never resets).
 */
export function periodBoundaries(windowAt: (ms: number) => { startMs: number; endMs: number } | null, startMs: number, endMs: number): number[] {
  const out: number[] = [];
  let w = windowAt(startMs);
  while (w && w.endMs <= endMs && out.length < MAX_PERIODS) {
    out.push(w.endMs);
    const next = windowAt(w.endMs);
    if (!next || next.startMs < w.endMs) break;
    w = next;
  }
  return out;
}

// ------------------------------------------------------------------ subscriptions and spans

/** A subscription as the history sees it. */
export interface HistorySubscription extends ChainFacts {
  status: string;
}

/** Active: ACTIVE or IN_TRIAL, started and not ended at now. */
export const isActiveAt = (s: HistorySubscription, nowMs: number): boolean =>
  (s.status === 'ACTIVE' || s.status === 'IN_TRIAL') && Date.parse(s.startDate) <= nowMs && (s.endDate === null || Date.parse(s.endDate) > nowMs);

/** A subscription and the ones it replaced (plan changes: same product and resource, back to back), newest first. */
export function chainOf<T extends HistorySubscription>(sub: T, all: T[]): T[] {
  const chain = [sub];
  for (let prev = predecessorOf(sub, all); prev && !chain.includes(prev); prev = predecessorOf(prev, all)) chain.push(prev);
  return chain;
}

const isInactive = (s: HistorySubscription): boolean => s.status === 'CANCELED' || s.status === 'EXPIRED';

/**
 * Whose usage a history shows (RULES 4.11): the active subscriptions in scope with the ones their
 * plan changes replaced; with includeInactiveSubscriptions also "the most recent cancelled or
 * expired subscription" (the latest end) with the ones it replaced. `excluded`: the other
 * cancelled or expired subscriptions, whose usage is not shown. `hasActive`: markers are only
 * answered when the customer has an active subscription.
 */
export function historySubscriptions<T extends HistorySubscription>(
  subs: T[],
  nowMs: number,
  includeInactive: boolean,
): { included: T[]; excluded: T[]; hasActive: boolean } {
  const active = subs.filter((s) => isActiveAt(s, nowMs));
  const included = new Set(active.flatMap((s) => chainOf(s, subs)));
  if (includeInactive) {
    const ended = subs
      .filter((s) => isInactive(s) && s.endDate !== null)
      .sort((a, b) => Date.parse(b.endDate!) - Date.parse(a.endDate!) || Date.parse(b.startDate) - Date.parse(a.startDate))[0];
    if (ended) for (const s of chainOf(ended, subs)) included.add(s);
  }
  return { included: subs.filter((s) => included.has(s)), excluded: subs.filter((s) => !included.has(s) && isInactive(s)), hasActive: active.length > 0 };
}

/** How usage resets in a span: the entitlement's reset period, configuration and anchor. */
export interface PeriodSettings {
  resetPeriod: string | null;
  resetPeriodConfiguration: { accordingTo: string } | null;
  anchorMs: number | null;
}

/** A stretch of time whose usage the history shows, with how its usage resets. */
export interface UsageSpan extends PeriodSettings {
  fromMs: number;
  /** null: open-ended */
  toMs: number | null;
  /** a plan change restarted the usage at fromMs (SUBSCRIPTION_CHANGE_RESET) */
  changeReset: boolean;
  /** the usage carries over from the span a plan change replaced */
  carried: boolean;
}

/**
 * The spans of the included subscriptions: each from its start to its end, with its periods
 * (`periodOf`); a plan change restarts the usage (E85) when the product's rule says so and the new
 * entitlement has a reset period (usage that never resets carries over).
 */
export function historySpans<T extends HistorySubscription>(
  included: T[],
  periodOf: (s: T) => PeriodSettings | null,
  ruleOf: (productId: string) => string | null | undefined,
): UsageSpan[] {
  return included.map((s) => {
    const period = periodOf(s) ?? { resetPeriod: null, resetPeriodConfiguration: null, anchorMs: null };
    const prev = predecessorOf(s, included);
    const carries = prev !== undefined && (carriesUsage(ruleOf(s.productId), prev, s) || !period.resetPeriod);
    return {
      ...period,
      fromMs: Date.parse(s.startDate),
      toMs: s.endDate === null ? null : Date.parse(s.endDate),
      changeReset: prev !== undefined && !carries,
      carried: carries,
    };
  });
}

export interface Reset {
  ms: number;
  type: MarkerType;
}

const covering = (s: UsageSpan, ms: number): boolean => s.fromMs <= ms && (s.toMs === null || ms < s.toMs);

/**
 * Whether the usage at an instant is shown: in the span of an included subscription, or in no
 * excluded subscription's span (usage reported while the customer had no subscription is shown).
 */
export function isShown(spans: UsageSpan[], excluded: { startDate: string; endDate: string | null }[], ms: number): boolean {
  if (spans.some((s) => covering(s, ms))) return true;
  return !excluded.some((s) => Date.parse(s.startDate) <= ms && (s.endDate === null || ms < Date.parse(s.endDate)));
}

const windowOfSpan = (s: UsageSpan) => (ms: number) => usageWindow(s.resetPeriod, s.resetPeriodConfiguration, s.anchorMs, ms);

/**
 * The resets in (startMs, endMs]: each span's period boundaries inside it (PERIODIC_RESET; at its
 * start too when its usage carried over), and its start when a plan change restarted the usage
 * (SUBSCRIPTION_CHANGE_RESET, which wins over a period boundary at the same instant).
 */
export function historyResets(spans: UsageSpan[], startMs: number, endMs: number): Reset[] {
  const out = new Map<number, MarkerType>();
  for (const s of spans) {
    const from = Math.max(s.fromMs, startMs);
    const to = Math.min(s.toMs ?? Infinity, endMs);
    if (s.resetPeriod && from <= to) {
      for (const b of periodBoundaries(windowOfSpan(s), from - 1, to)) {
        const inSpan = b < (s.toMs ?? Infinity) && (b > s.fromMs || (b === s.fromMs && s.carried));
        if (inSpan && b > startMs && b <= endMs && !out.has(b)) out.set(b, 'PERIODIC_RESET');
      }
    }
    if (s.changeReset && s.fromMs > startMs && s.fromMs <= endMs) out.set(s.fromMs, 'SUBSCRIPTION_CHANGE_RESET');
  }
  return [...out].map(([ms, type]) => ({ ms, type })).sort((a, b) => a.ms - b.ms);
}

/**
 * Where the data of a history starts: the start of the usage period running at startMs (so its
 * running values are right at startDate); 0 when that usage never resets or no span covers it
 * (then the latest end of a span before it).
 */
export function historyDataFrom(spans: UsageSpan[], startMs: number): number {
  const starts = spans
    .filter((s) => covering(s, startMs))
    .map((s) => {
      const w = windowOfSpan(s)(startMs);
      if (!w) return 0;
      return s.carried ? w.startMs : Math.max(w.startMs, s.fromMs);
    });
  if (starts.length > 0) return Math.min(...starts);
  return Math.max(0, ...spans.filter((s) => s.toMs !== null && s.toMs <= startMs).map((s) => s.toMs!));
}

/** The index of the period an instant falls in, given the sorted boundaries (0 = before the first). */
function periodIndex(boundaries: number[], ms: number): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const groupOf = (dimensions: Record<string, unknown> | null, groupBy: string[]): HistoryTag[] =>
  groupBy.map((key) => ({ key, value: text(dimensions?.[key]) }));

interface Building {
  tags: HistoryTag[];
  points: HistoryPoint[];
  period: number;
}

/** Add a point, replacing the previous one at the same instant. */
function push(series: Building, point: HistoryPoint): void {
  const last = series.points.at(-1);
  if (last && last.timestamp === point.timestamp && !last.isResetPoint) series.points[series.points.length - 1] = point;
  else series.points.push(point);
}

/** Reset points of a series at every boundary in the range; the series' points sorted by time. */
function finish(series: Building[], boundaries: number[], startMs: number, endMs: number, groupBy: string[]): HistorySeries[] {
  if (series.length === 0 && groupBy.length === 0) series.push({ tags: [], points: [], period: 0 });
  return series
    .map((s) => {
      const resets = boundaries.map((b) => ({ timestamp: new Date(b).toISOString(), value: 0, isResetPoint: true }));
      const points = [...s.points.filter((p) => Date.parse(p.timestamp) >= startMs && Date.parse(p.timestamp) <= endMs), ...resets].sort(
        (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.isResetPoint ? -1 : 0) - (b.isResetPoint ? -1 : 0),
      );
      return { tags: s.tags, points };
    })
    .sort((a, b) => JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)));
}

export interface StoredReport {
  at: string;
  value: number;
  updateBehavior: string;
  currentUsage: number;
  dimensions: Record<string, unknown> | null;
}

/**
 * Calculated usage: without groupBy, one series of the usage after each report (as the report
 * answered it); with groupBy, a series per group of the group's own running usage (DELTA adds,
 * SET replaces), restarting at 0 in every period.
 */
export function reportSeries(reports: StoredReport[], boundaries: number[], startMs: number, endMs: number, groupBy: string[]): HistorySeries[] {
  const groups = new Map<string, Building & { value: number }>();
  for (const r of reports) {
    const atMs = Date.parse(r.at);
    const tags = groupOf(r.dimensions, groupBy);
    const key = JSON.stringify(tags);
    let s = groups.get(key);
    const period = periodIndex(boundaries, atMs);
    if (!s) {
      s = { tags, points: [], period, value: 0 };
      groups.set(key, s);
    }
    if (s.period !== period) {
      s.period = period;
      s.value = 0;
    }
    s.value = groupBy.length === 0 ? r.currentUsage : r.updateBehavior === 'SET' ? r.value : s.value + r.value;
    push(s, { timestamp: new Date(atMs).toISOString(), value: s.value, isResetPoint: false });
  }
  return finish([...groups.values()], boundaries, startMs, endMs, groupBy);
}

export interface StoredEvent {
  eventName: string;
  dimensions: Record<string, unknown>;
  timestamp: string;
}

/** Raw events: a series per group of the meter's aggregate after each counted event, restarting in every period. */
export function eventSeries(meter: Meter, events: StoredEvent[], boundaries: number[], startMs: number, endMs: number, groupBy: string[]): HistorySeries[] {
  const groups = new Map<string, Building & { agg: Aggregate; seen: Set<string> }>();
  for (const e of events) {
    if (!meterMatches(meter, e)) continue;
    const contribution = contributionOf(meter, e);
    if (!contribution) continue;
    const atMs = Date.parse(e.timestamp);
    const tags = groupOf(e.dimensions, groupBy);
    const key = JSON.stringify(tags);
    const period = periodIndex(boundaries, atMs);
    let s = groups.get(key);
    if (!s) {
      s = { tags, points: [], period, agg: EMPTY_AGGREGATE, seen: new Set() };
      groups.set(key, s);
    }
    if (s.period !== period) {
      s.period = period;
      s.agg = EMPTY_AGGREGATE;
      s.seen = new Set();
    }
    const isNew = contribution.unique !== null && !s.seen.has(contribution.unique);
    if (contribution.unique !== null) s.seen.add(contribution.unique);
    s.agg = fold(s.agg, contribution, isNew);
    push(s, { timestamp: new Date(atMs).toISOString(), value: meterValue(meter.aggregation.function, s.agg), isResetPoint: false });
  }
  return finish([...groups.values()], boundaries, startMs, endMs, groupBy);
}
