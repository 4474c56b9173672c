/**
 * Usage history (RULES 4.11, E86): series of usage points by dimension group, reset points at the
 * usage period boundaries and markers. Pure: functions of the stored reports or events, the
 * periods and the query.
 */
import { contributionOf, EMPTY_AGGREGATE, fold, meterMatches, meterValue, type Aggregate, type Meter } from './meter-rules.js';

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
