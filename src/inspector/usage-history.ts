/**
 * A metered feature's recent usage for the customer page's chart, from the stored history (the
 * usage reports and raw events the emulator keeps, as `usageHistory` answers them): the usage
 * after each report or counted event, and the period resets, since the customer was created (at
 * most HISTORY_DAYS back).
 */
import type { Environment } from '../environments/environment.js';
import { iso } from '../time.js';
import { usageHistory } from '../usage/history-service.js';

export interface UsagePoint {
  atMs: number;
  /** the usage after the report or event (0 at a reset) */
  value: number;
  isResetPoint: boolean;
}

/** How far back the chart reads at most. */
export const HISTORY_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export function recentUsage(
  env: Environment,
  nowMs: number,
  q: { customerId: string; featureId: string; resourceId: string | null; customerCreatedAt: string },
): UsagePoint[] {
  const fromMs = Math.min(Math.max(Date.parse(q.customerCreatedAt), nowMs - HISTORY_DAYS * DAY_MS), nowMs - 1);
  let history;
  try {
    history = usageHistory(env, nowMs, { customerId: q.customerId, featureId: q.featureId, resourceId: q.resourceId, startDate: iso(fromMs), endDate: iso(nowMs), includeInactiveSubscriptions: true });
  } catch {
    // a feature that is no longer metered, or gone from the catalog: nothing to chart
    return [];
  }
  return history.series
    .flatMap((s) => s.points)
    .map((p) => ({ atMs: Date.parse(p.timestamp), value: p.value, isResetPoint: p.isResetPoint }))
    .sort((a, b) => a.atMs - b.atMs);
}
