/**
 * A metered feature's recent history, read from the request journal: every successful GraphQL
 * request whose variables hold a usage report for the customer and feature (reportUsage,
 * reportUsageBulk, or any operation sending `{ customerId, featureId, value }`), in time order.
 * The emulator stores only the current usage of each feature, so the journal (the last
 * --journal-size requests) is the history there is; a value written inline in a query's text
 * rather than in variables, or usage from fixtures, is not in it.
 */
import type { JournalEntry } from '../environments/journal.js';

export interface UsagePoint {
  atMs: number;
  value: number;
  behavior: 'DELTA' | 'SET';
  operationName: string | null;
}

interface ReportLike {
  customerId?: unknown;
  featureId?: unknown;
  value?: unknown;
  resourceId?: unknown;
  updateBehavior?: unknown;
}

/** Every object in a value (depth-limited) that looks like a usage report. */
function reportsIn(value: unknown, out: ReportLike[], depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) reportsIn(item, out, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.customerId === 'string' && typeof record.featureId === 'string' && typeof record.value === 'number') out.push(record);
  for (const child of Object.values(record)) if (child !== null && typeof child === 'object') reportsIn(child, out, depth + 1);
}

export function usageHistory(entries: readonly JournalEntry[], customerId: string, featureId: string, resourceId: string | null): UsagePoint[] {
  const points: UsagePoint[] = [];
  for (const entry of entries) {
    if (entry.transport !== 'graphql' || entry.status !== 'ok' || entry.variables === undefined) continue;
    const reports: ReportLike[] = [];
    reportsIn(entry.variables, reports);
    for (const r of reports) {
      if (r.customerId !== customerId || r.featureId !== featureId) continue;
      if ((typeof r.resourceId === 'string' ? r.resourceId : null) !== resourceId) continue;
      points.push({ atMs: Date.parse(entry.at), value: r.value as number, behavior: r.updateBehavior === 'SET' ? 'SET' : 'DELTA', operationName: entry.operationName });
    }
  }
  return points;
}
