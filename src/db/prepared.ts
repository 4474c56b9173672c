/**
 * Prepared statements of the hot queries, built once per database connection object (an
 * environment's database, or one transaction's handle) instead of once per call: building a
 * drizzle query costs more than running it. Seeding many customers runs in one transaction, so
 * it reuses them throughout.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './open-database.js';

const caches = new WeakMap<object, Map<string, unknown>>();

export const placeholder = sql.placeholder;

export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    cache.set(name, statement);
  }
  return statement;
}
