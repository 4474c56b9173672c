import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_DIR } from '../paths.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface OpenedDatabase {
  sqlite: Sqlite;
  db: Db;
}

function wrap(sqlite: Sqlite, file: boolean): OpenedDatabase {
  sqlite.pragma(file ? 'journal_mode = WAL' : 'journal_mode = MEMORY');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  // migrations run at every open, so a database written by an older version upgrades
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { sqlite, db };
}

/** A new, migrated, empty in-memory database. */
export function openMemoryDatabase(): OpenedDatabase {
  return wrap(new Database(':memory:'), false);
}

/** An in-memory copy of a serialized database (a template or a snapshot). */
export function openFromImage(image: Buffer): OpenedDatabase {
  return wrap(new Database(image), false);
}

/** A database file (created from `image` when it does not exist yet). */
export function openFileDatabase(path: string): OpenedDatabase {
  return wrap(new Database(path), true);
}
