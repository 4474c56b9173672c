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

/** The stamps of tableWriteStamp of a connection, by name: counts in memory the connection's TEMP triggers move. */
const tableStamps = connectionCache<Sqlite, Map<string, { n: number }>>();

/** The SQL function the triggers call (registered on each connection that has table stamps). */
const BUMP = 'emulator_table_write';

/**
 * A write stamp of some tables only: a count that TEMP triggers (on the connection only, never in
 * the database file, a snapshot or an export) move with every row inserted, updated or deleted in
 * any of them, so what was read from those tables between two equal stamps is still what they
 * hold, whatever else was written (a usage report does not move the stamp of the subscriptions).
 * The count is kept in memory, so reading it costs no query; a write that was rolled back moves it
 * too (as total_changes() does): a cache of reads made in a transaction that may roll back is
 * dropped on rollback (onRollback). Installed on the connection at the first call outside a
 * transaction; null before (nothing may be remembered then). `name` names the set of tables.
 */
export function tableWriteStamp(sqlite: Sqlite, name: string, tables: readonly string[]): number | null {
  if (!declared.has(name)) {
    if (!STAMP_NAME.test(name) || !tables.every((table) => STAMP_NAME.test(table))) throw new Error(`not a table write stamp: ${name} (${tables.join(', ')})`);
    declared.set(name, tables);
  }
  let stamps = tableStamps.get(sqlite);
  if (!stamps) {
    const own = new Map<string, { n: number }>();
    sqlite.function(BUMP, { deterministic: false, directOnly: false }, (stampName: unknown) => {
      const stamp = own.get(stampName as string);
      if (stamp) stamp.n += 1;
      return null;
    });
    stamps = own;
    tableStamps.set(sqlite, stamps);
  }
  const stamp = stamps.get(name);
  if (stamp && stamps.size === declared.size) return stamp.n;
  // installed outside a transaction only (a rolled-back transaction would take the triggers with
  // it), with every stamp asked for so far: one asked for only inside transactions (a report's) is
  // installed by the next call outside one (the reconcile of every request)
  if (sqlite.inTransaction) return stamp ? stamp.n : null;
  const triggers: string[] = [];
  const installed: string[] = [];
  for (const [stampName, stampTables] of declared) {
    if (stamps.has(stampName)) continue;
    installed.push(stampName);
    for (const table of stampTables) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        triggers.push(
          `CREATE TEMP TRIGGER IF NOT EXISTS "stamp_${stampName}_${table}_${event.toLowerCase()}" AFTER ${event} ON main."${table}" BEGIN SELECT ${BUMP}('${stampName}'); END`,
        );
      }
    }
  }
  sqlite.exec(triggers.join(';\n'));
  // counted from now on (once the triggers exist)
  for (const stampName of installed) stamps.set(stampName, { n: 0 });
  return stamps.get(name)!.n;
}

/** Stamp and table names (written into the triggers' SQL). */
const STAMP_NAME = /^[a-z][a-z0-9_-]*$/;

/** The stamps asked for so far (name: tables), installed on each connection at its first call outside a transaction. */
const declared = new Map<string, readonly string[]>();

/**
 * A value read from some tables, kept per connection in `cache` while their table write stamp
 * (`name`, `tables`: see tableWriteStamp) stays the same; read again after a write to any of them.
 * Outside a transaction only: inside one, what is read may still be rolled back (the caller reads).
 */
export function keptWhileUnwritten<T>(
  cache: WeakMap<Sqlite, { stamp: number; value: T }>,
  sqlite: Sqlite,
  name: string,
  tables: readonly string[],
  read: () => T,
): T {
  const stamp = tableWriteStamp(sqlite, name, tables)!;
  let known = cache.get(sqlite);
  if (!known || known.stamp !== stamp) {
    known = { stamp, value: read() };
    cache.set(sqlite, known);
  }
  return known.value;
}
