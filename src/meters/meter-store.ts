/**
 * The running aggregates of metered features (meter_aggregates, meter_unique_values) and the raw
 * event store: one aggregate row per customer, feature, resource and usage period, read by one
 * primary-key lookup and updated in place by the ingest's transaction. Prepared once per
 * connection (the ingest is the hot path).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import { placeholder, prepared } from '../db/prepared.js';
import * as t from '../db/schema.js';
import { EMPTY_AGGREGATE, type Aggregate } from './meter-rules.js';

export type AggregateRow = typeof t.meterAggregates.$inferSelect;
export type UsageEventRow = typeof t.usageEvents.$inferSelect;

/** The key of a usage period: its start, '' when the usage never resets. */
export const periodKey = (window: { startMs: number } | null): string => (window ? new Date(window.startMs).toISOString() : '');

/**
 * The key of the period an instant falls in: an instant before the first period of the
 * entitlement (before the subscription started) is kept under a key no check reads.
 */
export const periodKeyAt = (window: { startMs: number } | null, atMs: number): string =>
  window && atMs < window.startMs ? `before:${new Date(window.startMs).toISOString()}` : periodKey(window);

export interface AggregateKey {
  customerId: string;
  featureId: string;
  /** '' = no resource */
  resourceId: string;
  periodStart: string;
}

const keyParams = {
  customerId: placeholder('customerId'),
  featureId: placeholder('featureId'),
  resourceId: placeholder('resourceId'),
  periodStart: placeholder('periodStart'),
};

export const meterStore = {
  get(db: Db, k: AggregateKey): AggregateRow | undefined {
    return prepared(db, 'meter.get', (d) =>
      d
        .select()
        .from(t.meterAggregates)
        .where(
          and(
            eq(t.meterAggregates.customerId, keyParams.customerId),
            eq(t.meterAggregates.featureId, keyParams.featureId),
            eq(t.meterAggregates.resourceId, keyParams.resourceId),
            eq(t.meterAggregates.periodStart, keyParams.periodStart),
          ),
        )
        .prepare(),
    ).get({ ...k });
  },
  /** Remember a UNIQUE value of the period; true when it was not seen yet. */
  addUnique(db: Db, k: AggregateKey, value: string): boolean {
    const statement = prepared(db, 'meter.addUnique', (d) =>
      d.insert(t.meterUniqueValues).values({ ...keyParams, value: placeholder('value') }).onConflictDoNothing().prepare(),
    );
    return statement.run({ ...k, value }).changes > 0;
  },
  put(db: Db, k: AggregateKey, agg: Aggregate, updatedAt: string): void {
    const values = {
      count: placeholder('count'),
      sum: placeholder('sum'),
      min: placeholder('min'),
      max: placeholder('max'),
      uniqueCount: placeholder('uniqueCount'),
      updatedAt: placeholder('updatedAt'),
    };
    const statement = prepared(db, 'meter.put', (d) =>
      d
        .insert(t.meterAggregates)
        .values({ ...keyParams, ...values })
        .onConflictDoUpdate({
          target: [t.meterAggregates.customerId, t.meterAggregates.featureId, t.meterAggregates.resourceId, t.meterAggregates.periodStart],
          set: {
            count: sql`excluded.count`,
            sum: sql`excluded.sum`,
            min: sql`excluded.min`,
            max: sql`excluded.max`,
            uniqueCount: sql`excluded.unique_count`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
        .prepare(),
    );
    statement.run({ ...k, ...agg, updatedAt });
  },
  /** Store a raw event; false when one with its customer, resource, event name and idempotency key is stored already (E78). */
  addEvent(db: Db, row: Omit<UsageEventRow, 'id'>): boolean {
    const statement = prepared(db, 'events.add', (d) =>
      d
        .insert(t.usageEvents)
        .values({
          customerId: placeholder('customerId'),
          resourceId: placeholder('resourceId'),
          eventName: placeholder('eventName'),
          idempotencyKey: placeholder('idempotencyKey'),
          dimensions: placeholder('dimensions'),
          timestamp: placeholder('timestamp'),
          createdAt: placeholder('createdAt'),
        })
        .onConflictDoNothing()
        .prepare(),
    );
    return statement.run({ ...row }).changes > 0;
  },
};

export const aggregateOf = (row: AggregateRow | undefined): Aggregate =>
  row ? { count: row.count, sum: row.sum, min: row.min, max: row.max, uniqueCount: row.uniqueCount } : EMPTY_AGGREGATE;
