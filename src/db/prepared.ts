/**
 * Prepared statements of the hot queries, built once per database connection instead of once per
 * call: building a drizzle query costs more than running it. An environment's database and every
 * transaction handle on it share one drizzle session (one SQLite connection), which keys the
 * cache, so a command's transaction reuses the statements its reads prepared; a replaced database
 * (reset, restore, import) has a new session and prepares its own.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './open-database.js';
import { connectionCache } from './connection-caches.js';

const caches = connectionCache<object, Map<string, unknown>>();

export const placeholder = sql.placeholder;

/** The connection a database or transaction handle runs on (drizzle's session): the key of per-connection caches. */
export const connectionOf = (db: Db): object => (db as unknown as { session?: object }).session ?? db;

export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  const key = connectionOf(db);
  let cache = caches.get(key);
  if (!cache) {
    cache = new Map();
    caches.set(key, cache);
  }
  let statement = cache.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    cache.set(name, statement);
  }
  return statement;
}
