/**
 * Row writes through statements prepared once per connection and shape: an insert (or upsert) of
 * a row whose defined keys are the same as an earlier one's runs the SQLite statement prepared
 * then, instead of drizzle building and SQLite preparing a new one (which costs 10-50 times more
 * than running it). The statement's text is drizzle's own, built once with a placeholder for each
 * value; each run binds the values as drizzle binds them (through the column's encoder, null as
 * NULL), so the rows written are those `db.insert(table).values(row)` writes.
 */
import { eq, getTableName, is, Param, Placeholder, sql, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Statement } from 'better-sqlite3';
import type { Db, Sqlite } from './open-database.js';
import { connectionOf, prepared } from './prepared.js';

type Row = Record<string, unknown>;

interface Compiled {
  statement: Statement;
  /** per bound parameter: where its value is (the row `v` or the conflict's set `s`, and the key) with its encoder, or the constant drizzle bound (a default) */
  params: ({ from: 'v' | 's'; key: string; encode: (value: unknown) => unknown } | { constant: unknown })[];
}

/** The SQLite connection under a drizzle handle (a database or a transaction on it). */
export function sqliteOf(db: Db): Sqlite {
  const client = (connectionOf(db) as { client?: Sqlite }).client;
  if (!client || typeof client.prepare !== 'function') throw new Error('row writes need a better-sqlite3 connection');
  return client;
}

function compile(db: Db, query: SQLWrapper & { toSQL(): { sql: string; params: unknown[] } }): Compiled {
  const { sql: text, params } = query.toSQL();
  return {
    statement: sqliteOf(db).prepare(text),
    params: params.map((p) => {
      // placeholders are named `v.<key>` (the row's) or `s.<key>` (the set's)
      if (is(p, Param) && is(p.value, Placeholder)) {
        const encoder = p.encoder;
        return { ...source(p.value.name), encode: (value: unknown) => (value === null ? null : encoder.mapToDriverValue(value)) };
      }
      if (is(p, Placeholder)) return { ...source(p.name), encode: (value: unknown) => value };
      return { constant: p };
    }),
  };
}

const source = (name: string) => ({ from: name.startsWith('s.') ? ('s' as const) : ('v' as const), key: name.slice(2) });

function bind(compiled: Compiled, row: Row, set: Row = row): unknown[] {
  const out = new Array<unknown>(compiled.params.length);
  for (let i = 0; i < out.length; i++) {
    const p = compiled.params[i]!;
    out[i] = 'constant' in p ? p.constant : p.encode((p.from === 'v' ? row : set)[p.key]);
  }
  return out;
}

const definedKeys = (row: Row): string[] => Object.keys(row).filter((k) => row[k] !== undefined);
const placeholders = (keys: string[], prefix: string): Row => Object.fromEntries(keys.map((k) => [k, sql.placeholder(`${prefix}${k}`)]));

export interface Conflict {
  /** the unique columns a conflict is on */
  target: SQLiteColumn | SQLiteColumn[];
  /** the columns set on a conflict (undefined ones are not set, as drizzle's `set`) */
  set: Row;
}

/** Insert `row` into `table` (on `conflict`, update the row there), with a statement prepared once per shape. */
export function writeRow(db: Db, table: SQLiteTable, row: Row, conflict?: Conflict): void {
  const keys = definedKeys(row);
  const setKeys = conflict ? definedKeys(conflict.set) : [];
  const targetNames = conflict ? (Array.isArray(conflict.target) ? conflict.target : [conflict.target]).map((c) => c.name).join(',') : '';
  const name = `row:${getTableName(table)}:${keys.join(',')}${conflict ? `|${targetNames}|${setKeys.join(',')}` : ''}`;
  const compiled = prepared(db, name, (d) => {
    const insert = d.insert(table).values(placeholders(keys, 'v.') as never);
    return compile(d, conflict ? insert.onConflictDoUpdate({ target: conflict.target, set: placeholders(setKeys, 's.') as never }) : insert);
  });
  compiled.statement.run(...bind(compiled, row, conflict?.set));
}

/** Insert `row` and answer the integer id SQLite gave it. */
export function insertReturningId(db: Db, table: SQLiteTable & { id: SQLiteColumn }, row: Row): number {
  const keys = definedKeys(row);
  const compiled = prepared(db, `row-id:${getTableName(table)}:${keys.join(',')}`, (d) =>
    compile(d, d.insert(table).values(placeholders(keys, 'v.') as never).returning({ id: table.id })),
  );
  return (compiled.statement.get(...bind(compiled, row)) as { id: number }).id;
}

/** Update the columns of `set` of the row whose `key` column is `keyValue`. */
export function updateRow(db: Db, table: SQLiteTable, key: SQLiteColumn, keyValue: unknown, set: Row): void {
  const keys = definedKeys(set);
  if (keys.length === 0) return;
  const compiled = prepared(db, `row-update:${getTableName(table)}:${key.name}:${keys.join(',')}`, (d) =>
    compile(d, d.update(table).set(placeholders(keys, 's.') as never).where(eq(key, sql.placeholder('v.key')))),
  );
  compiled.statement.run(...bind(compiled, { key: keyValue }, set));
}

/** Delete the rows whose `key` column is `keyValue`. */
export function deleteRows(db: Db, table: SQLiteTable, key: SQLiteColumn, keyValue: unknown): void {
  const compiled = prepared(db, `row-delete:${getTableName(table)}:${key.name}`, (d) => compile(d, d.delete(table).where(eq(key, sql.placeholder('v.key')))));
  compiled.statement.run(...bind(compiled, { key: keyValue }));
}
