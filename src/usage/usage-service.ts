/**
 * Calculated usage: reportUsage (DELTA or SET) and reportUsageBulk (up to 100, all or nothing),
 * each in one transaction. The stored row keeps the value and the instant it was last reported, so
 * the current usage window (entitlement-rules usageWindow) decides whether it still counts.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { placeholder, prepared } from '../db/prepared.js';
import * as t from '../db/schema.js';
import { featureEntitlementIn, usageWindowOf } from '../entitlements/entitlement-service.js';
import { crossedThreshold } from '../webhooks/webhook-rules.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { applyReport, isMetered, usageInWindow, type UsageWindow } from '../entitlements/entitlement-rules.js';
import type { Environment } from '../environments/environment.js';
import { checkAmount, checkedSum } from '../amounts.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';

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
}

export const MAX_BULK_USAGES = 100;

/** Usage windows by customer, feature and resource, computed once per command (reports do not move them). */
type Windows = Map<string, UsageWindow | null>;

function report(db: Db, environmentId: string, nowMs: number, input: ReportUsageInput, windows: Windows = new Map()): UsageMeasurement {
  const customer = catalog.customer(db, input.customerId);
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
  const key = JSON.stringify([input.customerId, input.featureId, resourceId]);
  if (!windows.has(key)) windows.set(key, usageWindowOf(db, nowMs, input.customerId, input.featureId, input.resourceId));
  const window = windows.get(key) ?? null;
  const stored = prepared(db, 'usage.get', (d) =>
    d
      .select()
      .from(t.usage)
      .where(and(eq(t.usage.customerId, placeholder('customer')), eq(t.usage.featureId, placeholder('feature')), eq(t.usage.resourceId, placeholder('resource'))))
      .prepare(),
  ).get({ customer: input.customerId, feature: input.featureId, resource: resourceId });
  const usageBefore = usageInWindow(stored, window);
  const currentUsage = input.updateBehavior === 'SET' ? applyReport(usageBefore, input.value, 'SET') : checkedSum('usage', usageBefore, input.value);
  const now = iso(nowMs);
  const row = { customerId: input.customerId, featureId: input.featureId, resourceId, value: currentUsage, updatedAt: now };
  db.insert(t.usage)
    .values(row)
    .onConflictDoUpdate({ target: [t.usage.customerId, t.usage.featureId, t.usage.resourceId], set: { value: currentUsage, updatedAt: now } })
    .run();
  notifyThreshold(db, nowMs, input, usageBefore, currentUsage);
  return {
    id: randomUUID(),
    environmentId,
    customerId: input.customerId,
    featureId: input.featureId,
    resourceId: input.resourceId ?? null,
    value: input.value,
    currentUsage,
    usagePeriodStart: window ? iso(window.startMs) : null,
    usagePeriodEnd: window ? iso(window.endMs) : null,
    nextResetDate: window ? iso(window.endMs) : null,
    timestamp: now,
    createdAt: now,
  };
}

/** E102: one entitlement.usage_exceeded when a measurement crosses a usage threshold of the customer's limit. */
function notifyThreshold(db: Db, nowMs: number, input: ReportUsageInput, before: number, after: number): void {
  if (after <= before) return;
  const view = featureEntitlementIn(db, nowMs, input.customerId, input.featureId, input.resourceId);
  const threshold = crossedThreshold(before, after, view.usageLimit, view.hasUnlimitedUsage);
  if (threshold === null) return;
  webhookEventsOf.usageExceeded(db, nowMs, { ...view, currentUsage: after, resourceId: input.resourceId ?? null }, threshold);
}

/** E74, E75, E77: record one measurement; DELTA (default) adds to the window's usage, SET replaces it. */
export function reportUsage(env: Environment, nowMs: number, input: ReportUsageInput): UsageMeasurement {
  return env.transaction((db) => report(db, env.id, nowMs, input));
}

/** E76: up to 100 measurements, in order, all or nothing. */
export function reportUsageBulk(env: Environment, nowMs: number, usages: ReportUsageInput[]): UsageMeasurement[] {
  if (usages.length > MAX_BULK_USAGES) throw badInput(`reportUsageBulk accepts at most ${MAX_BULK_USAGES} usages (got ${usages.length})`);
  return env.transaction((db) => {
    const windows: Windows = new Map();
    return usages.map((input) => report(db, env.id, nowMs, input, windows));
  });
}
