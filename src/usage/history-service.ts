/**
 * usageHistory / usageHistoryV2 (RULES 4.11, E86): a customer's usage of one metered feature over
 * a time range, from the stored reports (calculated usage) or raw events (event meters), with
 * reset points and markers at the usage period boundaries of the customer's entitlement, and
 * SUBSCRIPTION_CHANGE_RESET markers where a plan change restarted the usage (E85).
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { catalog } from '../catalog/catalog-service.js';
import * as t from '../db/schema.js';
import { effectiveEntitlementsOf, usageResetOnChange } from '../entitlements/entitlement-service.js';
import { isMetered, usageWindow } from '../entitlements/entitlement-rules.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { eventSeries, periodBoundaries, reportSeries, type HistoryMarker, type HistorySeries } from './history-rules.js';
import { meterOf } from './meter-rules.js';

export interface HistoryQuery {
  customerId: string;
  featureId: string;
  resourceId?: string | null;
  startDate: string;
  endDate?: string | null;
  groupBy?: string[] | null;
  /** usageHistory (V1): the reset period to mark, instead of the entitlement's */
  resetPeriod?: string | null;
  resetPeriodConfiguration?: { accordingTo: string } | null;
}

export interface UsageHistory {
  startDate: string;
  endDate: string;
  markers: HistoryMarker[];
  series: HistorySeries[];
}

/** The most group-by keys a history accepts. */
const MAX_GROUP_BY = 10;

function instant(value: string | null | undefined, field: string): number | null {
  if (value == null) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw badInput(`${field} must be an ISO-8601 date-time`);
  return ms;
}

export function usageHistory(env: Environment, nowMs: number, query: HistoryQuery): UsageHistory {
  const db = env.db;
  const customer = catalog.customer(db, query.customerId);
  if (!customer) throw notFound('CustomerNotFound', 'Customer', query.customerId);
  const feature = catalog.feature(db, query.featureId);
  if (!feature) throw notFound('FeatureNotFound', 'Feature', query.featureId);
  if (!isMetered(feature)) throw new EmulatorError('MeteringNotAvailableForFeatureType', `Feature ${feature.id} is not a metered feature: it has no usage history`);
  const startMs = instant(query.startDate, 'startDate')!;
  const endMs = instant(query.endDate, 'endDate') ?? nowMs;
  if (endMs <= startMs) throw badInput('endDate must be after startDate');
  const groupBy = [...new Set(query.groupBy ?? [])];
  if (groupBy.length > MAX_GROUP_BY) throw badInput(`groupBy accepts at most ${MAX_GROUP_BY} keys`);

  const resourceId = query.resourceId ?? '';
  const e = effectiveEntitlementsOf(db, nowMs, query.customerId, query.resourceId).get(feature.id);
  const resetPeriod = query.resetPeriod ?? e?.resetPeriod ?? null;
  const configuration = query.resetPeriod ? (query.resetPeriodConfiguration ?? null) : (e?.resetPeriodConfiguration ?? null);
  const windowAt = (ms: number) => usageWindow(resetPeriod, configuration, e?.anchorMs ?? null, ms);
  const boundaries = periodBoundaries(windowAt, startMs, endMs);
  // the data of the first period (from its start), so its running values are right at startDate
  const fromMs = windowAt(startMs)?.startMs ?? startMs;

  const meter = meterOf(feature);
  const series = meter
    ? eventSeries(
        meter,
        db
          .select()
          .from(t.usageEvents)
          .where(
            and(
              eq(t.usageEvents.customerId, query.customerId),
              eq(t.usageEvents.resourceId, resourceId),
              gte(t.usageEvents.timestamp, iso(meter && resetPeriod ? fromMs : 0)),
              lte(t.usageEvents.timestamp, iso(endMs)),
            ),
          )
          .orderBy(asc(t.usageEvents.timestamp), asc(t.usageEvents.id))
          .all(),
        boundaries,
        startMs,
        endMs,
        groupBy,
      )
    : reportSeries(
        db
          .select()
          .from(t.usageReports)
          .where(
            and(
              eq(t.usageReports.customerId, query.customerId),
              eq(t.usageReports.featureId, feature.id),
              eq(t.usageReports.resourceId, resourceId),
              gte(t.usageReports.at, iso(resetPeriod ? fromMs : 0)),
              lte(t.usageReports.at, iso(endMs)),
            ),
          )
          .orderBy(asc(t.usageReports.at), asc(t.usageReports.createdAt))
          .all(),
        boundaries,
        startMs,
        endMs,
        groupBy,
      );

  const markers: HistoryMarker[] = [
    ...boundaries.map((b) => ({ type: 'PERIODIC_RESET' as const, timestamp: iso(b) })),
    ...(resetPeriod
      ? usageResetOnChange(db, query.customerId, query.resourceId)
          .filter((ms) => ms > startMs && ms <= endMs)
          .map((ms) => ({ type: 'SUBSCRIPTION_CHANGE_RESET' as const, timestamp: iso(ms) }))
      : []),
  ].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return { startDate: iso(startMs), endDate: iso(endMs), markers, series };
}
