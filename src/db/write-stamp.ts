/**
 * A connection's write stamp: SQLite's total_changes(), which moves with every row any statement
 * on the connection inserts, updates or deletes (writes that were rolled back included). Whatever
 * was read between two equal stamps is still what the database holds, so per-connection caches of
 * reads key on it; a replaced database (reset, snapshot restore, import) is another connection,
 * with stamps and caches of its own.
 */
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from './open-database.js';
import { connectionCache } from './connection-caches.js';

const statements = connectionCache<Sqlite, Statement<[], number>>();

export function writeStamp(sqlite: Sqlite): number {
  let statement = statements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare('SELECT total_changes()').pluck() as Statement<[], number>;
    statements.set(sqlite, statement);
  }
  return statement.get()!;
}
