/**
 * The running aggregates of metered features (meter_aggregates, meter_unique_values): one row per
 * customer, feature, resource and usage period, read by one primary-key lookup and updated in
 * place by the ingest's transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import * as t from '../db/schema.js';
import { EMPTY_AGGREGATE, type Aggregate } from './meter-rules.js';

export type AggregateRow = typeof t.meterAggregates.$inferSelect;

/** The key of a usage period: its start, '' when the usage never resets. */
export const periodKey = (window: { startMs: number } | null): string => (window ? new Date(window.startMs).toISOString() : '');

export interface AggregateKey {
  customerId: string;
  featureId: string;
  /** '' = no resource */
  resourceId: string;
  periodStart: string;
}

const where = (k: AggregateKey) =>
  and(
    eq(t.meterAggregates.customerId, k.customerId),
    eq(t.meterAggregates.featureId, k.featureId),
    eq(t.meterAggregates.resourceId, k.resourceId),
    eq(t.meterAggregates.periodStart, k.periodStart),
  );

export const meterStore = {
  get(db: Db, k: AggregateKey): AggregateRow | undefined {
    return db.select().from(t.meterAggregates).where(where(k)).get();
  },
  /** Remember a UNIQUE value of the period; true when it was not seen yet. */
  addUnique(db: Db, k: AggregateKey, value: string): boolean {
    const result = db.insert(t.meterUniqueValues).values({ ...k, value }).onConflictDoNothing().run();
    return result.changes > 0;
  },
  put(db: Db, k: AggregateKey, agg: Aggregate, updatedAt: string): void {
    const values = { ...agg, updatedAt };
    db.insert(t.meterAggregates)
      .values({ ...k, ...values })
      .onConflictDoUpdate({ target: [t.meterAggregates.customerId, t.meterAggregates.featureId, t.meterAggregates.resourceId, t.meterAggregates.periodStart], set: values })
      .run();
  },
};

export const aggregateOf = (row: AggregateRow | undefined): Aggregate =>
  row ? { count: row.count, sum: row.sum, min: row.min, max: row.max, uniqueCount: row.uniqueCount } : EMPTY_AGGREGATE;
