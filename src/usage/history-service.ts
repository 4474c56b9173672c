/**
 * usageHistory / usageHistoryV2 (RULES 4.11, E86): a customer's usage of one metered feature over
 * a time range, from the stored reports (calculated usage) or raw events (event meters), with
 * reset points and markers at the usage period boundaries, and SUBSCRIPTION_CHANGE_RESET reset
 * points and markers where a plan change restarted the usage (E85). The usage shown is that of the
 * active subscriptions in scope and of the subscriptions their plan changes replaced (and, with
 * includeInactiveSubscriptions, of the most recent cancelled or expired one): each over its own
 * span, with its own usage periods (history-rules).
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { catalog } from '../catalog/catalog-service.js';
import * as t from '../db/schema.js';
import { effectiveEntitlementsOf, subscriptionUsagePeriodOf, usageRuleOf } from '../entitlements/entitlement-service.js';
import { isMetered, outOfResourceScope } from '../entitlements/entitlement-rules.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import {
  eventSeries,
  historyDataFrom,
  historyResets,
  historySpans,
  historySubscriptions,
  isActiveAt,
  isShown,
  reportSeries,
  type HistoryMarker,
  type HistorySeries,
  type PeriodSettings,
} from './history-rules.js';
import { meterOf } from '../meters/meter-rules.js';

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
  /** V2: also the usage of the most recent cancelled or expired subscription */
  includeInactiveSubscriptions?: boolean | null;
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
  const subs = catalog.customerSubscriptions(db, query.customerId).filter((sub) => outOfResourceScope(sub, query.resourceId ?? null) === null);
  const { included, excluded, hasActive } = historySubscriptions(subs, nowMs, query.includeInactiveSubscriptions ?? false);
  // an active subscription has the periods its customer's entitlement has now; a replaced or ended one its own
  const periodOf = (sub: (typeof subs)[number]): PeriodSettings | null => {
    const own = isActiveAt(sub, nowMs) && e ? e : subscriptionUsagePeriodOf(db, sub, feature.id, subs);
    if (query.resetPeriod) return { resetPeriod: query.resetPeriod, resetPeriodConfiguration: query.resetPeriodConfiguration ?? null, anchorMs: own?.anchorMs ?? Date.parse(sub.startDate) };
    return own;
  };
  const spans = historySpans(included, periodOf, (productId) => usageRuleOf(db, productId));
  const resets = historyResets(spans, startMs, endMs);
  const boundaries = resets.map((r) => r.ms);
  const fromMs = historyDataFrom(spans, startMs);
  const shown = (at: string) => isShown(spans, excluded, Date.parse(at));

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
              gte(t.usageEvents.timestamp, iso(fromMs)),
              lte(t.usageEvents.timestamp, iso(endMs)),
            ),
          )
          .orderBy(asc(t.usageEvents.timestamp), asc(t.usageEvents.id))
          .all()
          .filter((row) => shown(row.timestamp)),
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
              gte(t.usageReports.at, iso(fromMs)),
              lte(t.usageReports.at, iso(endMs)),
            ),
          )
          .orderBy(asc(t.usageReports.at), asc(t.usageReports.createdAt))
          .all()
          .filter((row) => shown(row.at)),
        boundaries,
        startMs,
        endMs,
        groupBy,
      );

  // Stigg answers markers only when the customer has an active subscription
  const markers: HistoryMarker[] = hasActive ? resets.map((r) => ({ type: r.type, timestamp: iso(r.ms) })) : [];
  return { startDate: iso(startMs), endDate: iso(endMs), markers, series };
}
