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

/** The stamps of tableWriteStamp, one row per name (TEMP: on the connection only, never in the database file, a snapshot or an export). */
const TABLE_STAMPS = 'table_write_stamps';
const tableStatements = connectionCache<Sqlite, Map<string, Statement<[], number>>>();

/**
 * A write stamp of some tables only: a count TEMP triggers move with every row inserted, updated
 * or deleted in any of them (in the writer's transaction: a rolled-back write leaves it as it was),
 * so what was read from those tables between two equal stamps is still what they hold, whatever
 * else was written (a usage report does not move the stamp of the subscriptions). Installed on the
 * connection at the first call, which must be outside a transaction; `name` names the set of tables.
 */
export function tableWriteStamp(sqlite: Sqlite, name: string, tables: readonly string[]): number {
  let statements = tableStatements.get(sqlite);
  if (!statements) {
    statements = new Map();
    tableStatements.set(sqlite, statements);
  }
  let statement = statements.get(name);
  if (!statement) {
    if (sqlite.inTransaction) throw new Error('a table write stamp is installed outside a transaction');
    const ddl = [
      `CREATE TEMP TABLE IF NOT EXISTS ${TABLE_STAMPS} (name TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
      `INSERT OR IGNORE INTO temp.${TABLE_STAMPS} (name, n) VALUES ('${name}', 0)`,
    ];
    for (const table of tables) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        ddl.push(
          `CREATE TEMP TRIGGER IF NOT EXISTS stamp_${name}_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table} BEGIN UPDATE temp.${TABLE_STAMPS} SET n = n + 1 WHERE name = '${name}'; END`,
        );
      }
    }
    sqlite.exec(ddl.join(';\n'));
    statement = sqlite.prepare(`SELECT n FROM temp.${TABLE_STAMPS} WHERE name = '${name}'`).pluck() as Statement<[], number>;
    statements.set(name, statement);
  }
  return statement.get()!;
}
