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

function wrap(sqlite: Sqlite, file: boolean, migrated: boolean): OpenedDatabase {
  sqlite.pragma(file ? 'journal_mode = WAL' : 'journal_mode = MEMORY');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  // a file may have been written by an older version: migrations run at every open of one, so it upgrades
  if (!migrated) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { sqlite, db };
}

/** An empty database with every migration applied, serialized: migrated once per process, copied after. */
let migratedEmpty: Buffer | null = null;

/** A new, migrated, empty in-memory database. */
export function openMemoryDatabase(): OpenedDatabase {
  if (migratedEmpty) return openFromImage(migratedEmpty);
  const opened = wrap(new Database(':memory:'), false, false);
  migratedEmpty = opened.sqlite.serialize();
  return opened;
}

/**
 * An in-memory copy of a serialized database (a template, a snapshot, an import). Every image in
 * memory was serialized from a database this process opened, so migrated: no migration runs.
 */
export function openFromImage(image: Buffer): OpenedDatabase {
  return wrap(new Database(image), false, true);
}

/**
 * Why an existing file is not a database the emulator wrote, read without writing anything (no
 * migration, no journal mode change), or null when it is one: it must hold the emulator's `meta`
 * table, seeded with `createdAt`, and drizzle's migrations table. Checked before the file is
 * opened for writing, so that a foreign SQLite file in the data directory is left byte for byte.
 */
export function notAnEmulatorDatabase(path: string): string | null {
  let probe: Sqlite | null = null;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true });
    const tables = new Set(probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('meta', '__drizzle_migrations')").pluck().all() as string[]);
    if (!tables.has('meta') || !tables.has('__drizzle_migrations')) return 'it was not written by the emulator (it has no emulator tables) and was left as it is';
    if (!probe.prepare("SELECT 1 FROM meta WHERE key = 'createdAt'").get()) return 'it was never seeded';
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    probe?.close();
  }
}

/** A database file (created from `image` when it does not exist yet). */
export function openFileDatabase(path: string): OpenedDatabase {
  return wrap(new Database(path), true, false);
}
