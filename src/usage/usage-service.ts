/**
 * Calculated usage: reportUsage (DELTA or SET) and reportUsageBulk (up to 100, all or nothing),
 * each in one transaction. The stored row keeps the value and the instant it was last reported, so
 * the current usage window (entitlement-rules usageWindow) decides whether it still counts. Every
 * report is also kept (usage_reports) with its dimensions and idempotency key: a report retried
 * with the same key answers the first one's measurement and counts once; the history reads them.
 * A credit-backed feature (a CREDIT_BASED price in the customer's subscription, RULES 4.3) also
 * consumes `increase × creditRate` credits from the customer's wallet in the same transaction, and
 * the measurement answers the wallet's optimistic balance (`credit`).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, lte } from 'drizzle-orm';
import { catalog, type CustomerRow, type SubscriptionRow } from '../catalog/catalog-service.js';
import { connectionCache } from '../db/connection-caches.js';
import type { Sqlite } from '../db/open-database.js';
import { tableWriteStamp } from '../db/write-stamp.js';
import { onRollback, type Environment } from '../environments/environment.js';
import type { UsageCredit } from '../credits/consumption.js';
import type { Db } from '../db/open-database.js';
import { placeholder, prepared } from '../db/prepared.js';
import { sqliteOf, writeRow } from '../db/row-writes.js';
import * as t from '../db/schema.js';
import { promotionsOf } from '../entitlements/entitlement-grants.js';
import { usageEntitlementOf, type UsageEntitlement } from '../entitlements/entitlement-service.js';
import { applyReport, isMetered, usageInWindow, type UsageWindow } from '../entitlements/entitlement-rules.js';
import { checkAmount, checkedSum } from '../amounts.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { periodKey, periodKeyAt } from '../meters/meter-store.js';
import { usageCharged, usageChanging, usageMeasured, usageCounted } from './usage-recorded.js';

export interface ReportUsageInput {
  customerId: string;
  featureId: string;
  value: number;
  resourceId?: string | null;
  updateBehavior?: 'DELTA' | 'SET' | null;
  createdAt?: string | null;
  dimensions?: unknown;
  idempotencyKey?: string | null;
}

/** GraphQL `UsageMeasurementWithCurrentUsage`. */
export interface UsageMeasurement {
  id: string;
  environmentId: string;
  customerId: string;
  featureId: string;
  resourceId: string | null;
  value: number;
  currentUsage: number;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
  nextResetDate: string | null;
  timestamp: string;
  createdAt: string;
  /** a credit-backed feature: what the report consumed and the wallet's balance after it */
  credit: UsageCredit | null;
}

export const MAX_BULK_USAGES = 100;
const MAX_KEY = 255;

type ReportRow = typeof t.usageReports.$inferSelect;

/** The stored count's key: a report upserts it. */
const USAGE_KEY = [t.usage.customerId, t.usage.featureId, t.usage.resourceId];

/** The stored reports of one customer's feature in one resource scope. */
const sameFeatureReports = (customerId: string, featureId: string, resourceId: string) =>
  and(eq(t.usageReports.customerId, customerId), eq(t.usageReports.featureId, featureId), eq(t.usageReports.resourceId, resourceId));

/** Usage windows by customer, feature, resource and report instant, computed once per command (reports do not move them). */
type Windows = Map<string, { now: UsageWindow | null; at: UsageWindow | null }>;

/** What a command computes once (the usage windows); also the command the steps that follow usage keep their reads under. */
interface CommandCache {
  windows: Windows;
}

const newCache = (): CommandCache => ({ windows: new Map() });

/** dimensions: a flat object of strings, numbers and booleans (kept, and shown in the history). */
export function checkDimensions(dimensions: unknown, field = 'dimensions'): Record<string, string | number | boolean> | null {
  if (dimensions == null) return null;
  if (typeof dimensions !== 'object' || Array.isArray(dimensions)) throw badInput(`${field} must be an object`);
  for (const [key, value] of Object.entries(dimensions as Record<string, unknown>)) {
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' && typeof value !== 'boolean') {
      throw badInput(`${field}.${key} must be a string, a number or a boolean`);
    }
  }
  return dimensions as Record<string, string | number | boolean>;
}

/** createdAt: the instant the report falls in; not after now (a report of usage still to happen). */
function reportInstant(createdAt: string | null | undefined, nowMs: number): number {
  if (createdAt == null) return nowMs;
  const atMs = Date.parse(createdAt);
  if (!Number.isFinite(atMs)) throw badInput('createdAt must be an ISO-8601 date-time');
  if (atMs > nowMs) throw badInput(`createdAt ${createdAt} is after the current time`);
  return atMs;
}

const measurementOf = (environmentId: string, row: ReportRow, timestamp: string, credit: UsageCredit | null): UsageMeasurement => ({
  id: row.id,
  environmentId,
  customerId: row.customerId,
  featureId: row.featureId,
  resourceId: row.resourceId || null,
  value: row.value,
  currentUsage: row.currentUsage,
  // a report before the entitlement's first period is in no period
  usagePeriodStart: row.periodStart && !row.periodStart.startsWith('before:') ? row.periodStart : null,
  usagePeriodEnd: row.periodStart.startsWith('before:') ? null : row.usagePeriodEnd,
  nextResetDate: row.periodStart.startsWith('before:') ? null : row.usagePeriodEnd,
  timestamp,
  createdAt: row.at,
  credit,
});

/** A report row, with a statement prepared once per connection (a report is the hot write); a report without dimensions stores SQL NULL. */
function insertReport(db: Db, row: ReportRow): void {
  writeRow(db, t.usageReports, row);
}

/**
 * A customer's row, subscriptions and promotional grants as a report reads them, remembered per
 * connection until the next write to one of their tables (TEMP triggers count them:
 * tableWriteStamp) or a rolled-back command: reports change none of them, so a series of reports
 * reads them once (and the entitlements traced from them are known the same by the object that
 * stands for them). The report and its steps only read them.
 */
const CUSTOMER_TABLES = ['customers', 'subscriptions', 'promotional_entitlements'] as const;
const MAX_REMEMBERED_CUSTOMERS = 256;
interface CustomerRead {
  stamp: number;
  customer: CustomerRow | undefined;
  subscriptions: SubscriptionRow[];
  promotions: ReturnType<typeof promotionsOf>;
}
const customerReads = connectionCache<Sqlite, Map<string, CustomerRead>>();
onRollback((db) => customerReads.delete(sqliteOf(db)));

function customerOf(db: Db, customerId: string): { customer: CustomerRow | undefined; read?: CustomerRead } {
  const sqlite = sqliteOf(db);
  const stamp = tableWriteStamp(sqlite, 'customers', CUSTOMER_TABLES);
  if (stamp === null) return { customer: catalog.customer(db, customerId) };
  let remembered = customerReads.get(sqlite);
  if (!remembered) customerReads.set(sqlite, (remembered = new Map()));
  const known = remembered.get(customerId);
  if (known && known.stamp === stamp) return { customer: known.customer, read: known };
  const customer = catalog.customer(db, customerId);
  const read = { stamp, customer, subscriptions: customer ? catalog.customerSubscriptions(db, customerId) : [], promotions: customer ? promotionsOf(db, customerId) : [] };
  remembered.delete(customerId);
  if (remembered.size >= MAX_REMEMBERED_CUSTOMERS) remembered.delete(remembered.keys().next().value!);
  remembered.set(customerId, read);
  return { customer, read };
}

function report(db: Db, environmentId: string, nowMs: number, input: ReportUsageInput, cache: CommandCache = newCache()): UsageMeasurement {
  const { customer, read } = customerOf(db, input.customerId);
  if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', input.customerId);
  const feature = catalog.feature(db, input.featureId);
  if (!feature) throw notFound('FeatureNotFound', 'Feature', input.featureId);
  if (feature.meter) {
    throw new EmulatorError('CannotReportUsageForEntitlementWithMeterError', `Feature ${feature.id} is metered from events: report events instead`);
  }
  if (!isMetered(feature)) {
    throw new EmulatorError('MeteringNotAvailableForFeatureType', `Feature ${feature.id} is not a metered feature`);
  }
  checkAmount('value', input.value);
  const resourceId = input.resourceId ?? '';
  const idempotencyKey = input.idempotencyKey ?? null;
  if (idempotencyKey !== null && (idempotencyKey.trim() === '' || idempotencyKey.length > MAX_KEY)) throw badInput(`idempotencyKey must be 1-${MAX_KEY} characters`);
  const dimensions = checkDimensions(input.dimensions);
  const atMs = reportInstant(input.createdAt, nowMs);
  const now = iso(nowMs);
  // the feature's entitlement, read once for the report (its windows, and its limit and period for
  // the measurement's webhooks) with the customer's subscriptions (the budget watch's and credits' steps)
  let entitlement: UsageEntitlement | undefined;
  const entitlementNow = () => (entitlement ??= usageEntitlementOf(db, nowMs, input.customerId, input.featureId, input.resourceId, { customer, ...(read && { subscriptions: read.subscriptions, promotions: read.promotions, sources: read }) }));
  const scope = { command: cache, customerId: input.customerId, resourceId: input.resourceId ?? null, featureId: input.featureId };
  // RULES 4.3: the increase of usage this report makes costs credits (a decrease refunds nothing);
  // a credit-backed feature's measurement answers the wallet
  const charge = (row: ReportRow, units: number): UsageCredit | null =>
    usageCharged.run(db, nowMs, { ...scope, subscriptions: entitlement?.subscriptions, units, meter: null, dimensions, key: `reportUsage:${row.id}`, atMs }) ?? null;

  if (idempotencyKey !== null) {
    const prior = db
      .select()
      .from(t.usageReports)
      .where(
        and(sameFeatureReports(input.customerId, input.featureId, resourceId), eq(t.usageReports.idempotencyKey, idempotencyKey)),
      )
      .get();
    // a retry consumes nothing more (consumed: 0) and answers the wallet as it is now
    if (prior) return measurementOf(environmentId, prior, prior.createdAt, charge(prior, 0));
  }

  const key = JSON.stringify([input.customerId, input.featureId, resourceId, atMs]);
  if (!cache.windows.has(key)) cache.windows.set(key, { now: entitlementNow().window, at: entitlementNow().windowAt(atMs) });
  const { now: window, at: reportWindow } = cache.windows.get(key)!;
  const row: ReportRow = {
    id: randomUUID(),
    customerId: input.customerId,
    featureId: input.featureId,
    resourceId,
    value: input.value,
    updateBehavior: input.updateBehavior === 'SET' ? 'SET' : 'DELTA',
    currentUsage: 0,
    dimensions,
    idempotencyKey,
    at: iso(atMs),
    periodStart: periodKeyAt(reportWindow, atMs),
    usagePeriodEnd: reportWindow ? iso(reportWindow.endMs) : null,
    createdAt: now,
  };

  if (window && reportWindow && (reportWindow.startMs < window.startMs || atMs < reportWindow.startMs)) {
    // a report of a past period: kept in the history; the current period's usage is unchanged
    const last = db
      .select({ currentUsage: t.usageReports.currentUsage })
      .from(t.usageReports)
      .where(
        and(
          sameFeatureReports(input.customerId, input.featureId, resourceId),
          eq(t.usageReports.periodStart, row.periodStart),
          lte(t.usageReports.at, row.at),
        ),
      )
      .orderBy(desc(t.usageReports.at))
      .get();
    row.currentUsage = row.updateBehavior === 'SET' ? input.value : checkedSum('usage', last?.currentUsage ?? 0, input.value);
    insertReport(db, row);
    return measurementOf(environmentId, row, now, charge(row, row.currentUsage - (last?.currentUsage ?? 0)));
  }

  const stored = prepared(db, 'usage.get', (d) =>
    d
      .select()
      .from(t.usage)
      .where(and(eq(t.usage.customerId, placeholder('customer')), eq(t.usage.featureId, placeholder('feature')), eq(t.usage.resourceId, placeholder('resource'))))
      .prepare(),
  ).get({ customer: input.customerId, feature: input.featureId, resource: resourceId });
  const usageBefore = usageInWindow(stored, window);
  usageChanging.run(db, nowMs, { ...scope, subscriptions: entitlementNow().subscriptions });
  const currentUsage = row.updateBehavior === 'SET' ? applyReport(usageBefore, input.value, 'SET') : checkedSum('usage', usageBefore, input.value);
  writeRow(
    db,
    t.usage,
    { customerId: input.customerId, featureId: input.featureId, resourceId, value: currentUsage, updatedAt: now },
    { target: USAGE_KEY, set: { value: currentUsage, updatedAt: now } },
  );
  row.currentUsage = currentUsage;
  row.periodStart = periodKey(window);
  row.usagePeriodEnd = window ? iso(window.endMs) : null;
  insertReport(db, row);
  usageMeasured.run(db, nowMs, { ...scope, before: usageBefore, after: currentUsage, limit: null, entitlement: entitlementNow(), customer });
  usageCounted.run(db, nowMs, scope);
  return measurementOf(environmentId, row, now, charge(row, currentUsage - usageBefore));
}

/** E74, E75, E77: record one measurement; DELTA (default) adds to the window's usage, SET replaces it. */
export function reportUsage(env: Environment, nowMs: number, input: ReportUsageInput): UsageMeasurement {
  return env.transaction((db) => report(db, env.id, nowMs, input));
}

/** E76: up to 100 measurements, in order, all or nothing. */
export function reportUsageBulk(env: Environment, nowMs: number, usages: ReportUsageInput[]): UsageMeasurement[] {
  if (usages.length > MAX_BULK_USAGES) throw badInput(`reportUsageBulk accepts at most ${MAX_BULK_USAGES} usages (got ${usages.length})`);
  return env.transaction((db) => {
    const cache = newCache();
    return usages.map((input) => report(db, env.id, nowMs, input, cache));
  });
}
