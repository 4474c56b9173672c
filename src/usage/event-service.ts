/**
 * Raw events (reportEvent, RULES 4.7-4.9, E78-E81, E87): a batch of up to 1,000 events, validated
 * whole before anything is written, then stored and folded into the running aggregates of every
 * metered feature whose meter counts them, in one transaction. An event falls in the usage period
 * that contains its timestamp (the server's time when it has none); a check reads the aggregate of
 * the period it is in, never the events. An event counted by a credit-backed feature's meter
 * (RULES 4.3) also consumes its units × creditRate credits from the customer's wallet, once (a
 * duplicate event consumes nothing).
 */
import { catalog, type FeatureRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { effectiveEntitlementsOf } from '../entitlements/entitlement-service.js';
import { usageWindow, type EffectiveEntitlement } from '../entitlements/entitlement-rules.js';
import type { Environment } from '../environments/environment.js';
import { badInput, notFound } from '../errors.js';
import { iso } from '../time.js';
import { contributionOf, fold, meterMatches, meterOf, meterValue, type Meter } from '../meters/meter-rules.js';
import { aggregateOf, meterStore, periodKey, periodKeyAt } from '../meters/meter-store.js';
import { usageChanging, usageCounted, usageCharged, type UsageOfFeature, usageMeasured } from './usage-recorded.js';

/** GraphQL `UsageEventReportInput`. */
export interface UsageEventInput {
  customerId: string;
  eventName: string;
  idempotencyKey: string;
  resourceId?: string | null;
  dimensions?: unknown;
  timestamp?: string | null;
}

/** RULES 4.8: at most 1,000 events per batch. */
export const MAX_EVENTS_PER_BATCH = 1000;
/** The longest id, event name or idempotency key accepted. */
const MAX_TEXT = 255;

interface ValidEvent {
  customerId: string;
  resourceId: string;
  eventName: string;
  idempotencyKey: string;
  dimensions: Record<string, string | number | boolean>;
  timestampMs: number;
}

function requiredText(value: unknown, field: string, i: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput(`usageEvents.${i}.${field} is required`);
  if (value.length > MAX_TEXT) throw badInput(`usageEvents.${i}.${field} is longer than ${MAX_TEXT} characters`);
  return value;
}

/** E79: idempotencyKey, customerId and eventName are required; dimensions map to strings, numbers or booleans; timestamp defaults to now. */
export function validateEvent(e: UsageEventInput, i: number, nowMs: number): ValidEvent {
  const customerId = requiredText(e?.customerId, 'customerId', i);
  const eventName = requiredText(e.eventName, 'eventName', i);
  const idempotencyKey = requiredText(e.idempotencyKey, 'idempotencyKey', i);
  if (e.resourceId != null && (typeof e.resourceId !== 'string' || e.resourceId.length > MAX_TEXT)) throw badInput(`usageEvents.${i}.resourceId must be a string`);
  const dimensions: Record<string, string | number | boolean> = {};
  if (e.dimensions != null) {
    if (typeof e.dimensions !== 'object' || Array.isArray(e.dimensions)) throw badInput(`usageEvents.${i}.dimensions must be an object`);
    for (const [key, value] of Object.entries(e.dimensions as Record<string, unknown>)) {
      if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' && typeof value !== 'boolean') {
        throw badInput(`usageEvents.${i}.dimensions.${key} must be a string, a number or a boolean`);
      }
      dimensions[key] = value as string | number | boolean;
    }
  }
  let timestampMs = nowMs;
  if (e.timestamp != null) {
    timestampMs = typeof e.timestamp === 'string' ? Date.parse(e.timestamp) : NaN;
    if (!Number.isFinite(timestampMs)) throw badInput(`usageEvents.${i}.timestamp must be an ISO-8601 date-time`);
  }
  return { customerId, resourceId: e.resourceId ?? '', eventName, idempotencyKey, dimensions, timestampMs };
}

/** The metered features of the catalog with their meters. */
function meteredFeatures(db: Db): { feature: FeatureRow; meter: Meter }[] {
  return catalog
    .features(db)
    .map((feature) => ({ feature, meter: meterOf(feature) }))
    .filter((f): f is { feature: FeatureRow; meter: Meter } => f.meter !== null);
}

export interface ReportEventsResult {
  /** events stored */
  accepted: number;
  /** events already stored under their idempotency key (E78), not counted again */
  duplicates: number;
}

/** reportEvent: validate the whole batch, then store and aggregate it in one transaction. */
export function reportEvents(env: Environment, nowMs: number, events: UsageEventInput[]): ReportEventsResult {
  if (!Array.isArray(events)) throw badInput('usageEvents must be a list');
  if (events.length > MAX_EVENTS_PER_BATCH) throw badInput(`reportEvent accepts at most ${MAX_EVENTS_PER_BATCH} events per batch (got ${events.length})`);
  const valid = events.map((e, i) => validateEvent(e, i, nowMs));
  return env.transaction((db) => ingest(db, nowMs, valid));
}

/** Fixtures: a customer's events, validated like reportEvent's, ingested in the loading transaction. */
export function ingestFixtureEvents(
  db: Db,
  nowMs: number,
  customerId: string,
  events: (Omit<UsageEventInput, 'customerId' | 'idempotencyKey'> & { idempotencyKey?: string | null })[],
): ReportEventsResult {
  const valid = events.map((e, i) => validateEvent({ ...e, customerId, idempotencyKey: e.idempotencyKey ?? `fixture-${i}` }, i, nowMs));
  return ingest(db, nowMs, valid);
}

function ingest(db: Db, nowMs: number, events: ValidEvent[]): ReportEventsResult {
  const meters = meteredFeatures(db);
  const now = iso(nowMs);
  const entitlements = new Map<string, Map<string, EffectiveEntitlement>>();
  const known = new Set<string>();
  // the command the steps that follow usage keep their reads under
  const command = {};
  let accepted = 0;
  for (const event of events) {
    if (!known.has(event.customerId)) {
      const customer = catalog.customer(db, event.customerId);
      if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', event.customerId);
      known.add(event.customerId);
    }
    const inserted = meterStore.addEvent(db, {
      customerId: event.customerId,
      resourceId: event.resourceId,
      eventName: event.eventName,
      idempotencyKey: event.idempotencyKey,
      dimensions: event.dimensions,
      timestamp: iso(event.timestampMs),
      createdAt: now,
    });
    if (!inserted) continue;
    accepted++;
    for (const { feature, meter } of meters) {
      if (!meterMatches(meter, event)) continue;
      const contribution = contributionOf(meter, event);
      if (!contribution) continue;
      const scope = JSON.stringify([event.customerId, event.resourceId]);
      let granted = entitlements.get(scope);
      if (!granted) {
        granted = effectiveEntitlementsOf(db, nowMs, event.customerId, event.resourceId || null);
        entitlements.set(scope, granted);
      }
      const e = granted.get(feature.id);
      const window = e ? usageWindow(e.resetPeriod, e.resetPeriodConfiguration, e.anchorMs, event.timestampMs) : null;
      const key = { customerId: event.customerId, featureId: feature.id, resourceId: event.resourceId, periodStart: periodKeyAt(window, event.timestampMs) };
      const before = aggregateOf(meterStore.get(db, key));
      const isNewUnique = contribution.unique !== null && meterStore.addUnique(db, key, contribution.unique);
      const after = fold(before, contribution, isNewUnique);
      const counted = { command, customerId: event.customerId, resourceId: event.resourceId || null, featureId: feature.id };
      usageChanging.run(db, nowMs, counted);
      meterStore.put(db, key, after, now);
      usageCounted.run(db, nowMs, counted);
      if (e) measure(db, nowMs, counted, e, key.periodStart, meterValue(meter.aggregation.function, before), meterValue(meter.aggregation.function, after));
      // RULES 4.3: a credit-backed feature draws the event's cost from the wallet (no balance in the answer)
      usageCharged.run(db, nowMs, {
        ...counted,
        units: 0,
        meter,
        dimensions: event.dimensions,
        key: `reportEvent:${feature.id}:${event.resourceId}:${event.eventName}:${event.idempotencyKey}`,
        atMs: event.timestampMs,
      });
    }
  }
  return { accepted, duplicates: events.length - accepted };
}

/** A measurement when an event moves the current period's usage (measurement.reported; E102: entitlement.usage_exceeded when it crosses a threshold). */
function measure(db: Db, nowMs: number, counted: UsageOfFeature, e: EffectiveEntitlement, periodStart: string, before: number, after: number): void {
  if (after <= before) return;
  if (periodKey(usageWindow(e.resetPeriod, e.resetPeriodConfiguration, e.anchorMs, nowMs)) !== periodStart) return;
  usageMeasured.run(db, nowMs, { ...counted, before, after, limit: { usageLimit: e.usageLimit, hasUnlimitedUsage: e.hasUnlimitedUsage } });
}
