/**
 * Whether an environment changed, cheaply, for live refresh: the database connection (replaced by
 * reset, snapshot restore and import), SQLite's count of rows written on it (every command, clock
 * move and fixture load writes), the newest journal entry (every request), the faults with their
 * hits, the snapshots and the clock's mode. Compared every few hundred milliseconds while a page
 * is open; nothing is added to the request path.
 */
import type { Sqlite } from '../db/open-database.js';
import type { Environment } from '../environments/environment.js';
import { connectionCache } from '../db/connection-caches.js';

export interface Fingerprint {
  sqlite: Sqlite;
  changes: number;
  journalSize: number;
  /** changes with every journal entry and clear */
  journalStamp: number;
  faults: string;
  snapshots: string;
  frozen: boolean;
}

const statements = connectionCache<Sqlite, { get: () => unknown }>();

function totalChanges(sqlite: Sqlite): number {
  if (!sqlite.open) return -1;
  let statement = statements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare('SELECT total_changes()').pluck();
    statements.set(sqlite, statement);
  }
  return Number(statement.get());
}

export function fingerprint(env: Environment): Fingerprint {
  return {
    sqlite: env.sqlite,
    changes: totalChanges(env.sqlite),
    journalSize: env.journal.size,
    journalStamp: env.journal.stamp,
    faults: env.faults
      .list()
      .map((f) => `${f.id}:${f.hits}`)
      .join(','),
    snapshots: [...env.snapshots.values()].map((s) => `${s.name}@${s.createdAt}`).join(','),
    frozen: env.clock.frozen,
  };
}

export const sameFingerprint = (a: Fingerprint, b: Fingerprint): boolean =>
  a.sqlite === b.sqlite &&
  a.changes === b.changes &&
  a.journalSize === b.journalSize &&
  a.journalStamp === b.journalStamp &&
  a.faults === b.faults &&
  a.snapshots === b.snapshots &&
  a.frozen === b.frozen;
