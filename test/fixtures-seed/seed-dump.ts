/**
 * The rows a fixture seeds, as the registry seeds its template database (every table, in rowid
 * order), with the generated ids (UUIDs, the random suffix of a subscription id the emulator
 * makes) replaced by their order of first appearance, so two seedings compare row for row.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/application/composition.js';
import { openMemoryDatabase } from '../../src/db/open-database.js';
import { applyFixtures } from '../../src/fixtures/apply.js';
import { loadFixtureFiles } from '../../src/fixtures/load.js';

const GENERATED = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=subscription-[a-z0-9-]+-)[0-9a-f]{6}\b(?!-)/g;

export type TableDump = Record<string, { rows: number; sha256: string }>;

/** Seed `paths` at `startIso` and answer every table's rows (normalised). */
export function seededRows(paths: string[], startIso: string): Record<string, unknown[][]> {
  const seed = loadFixtureFiles(paths);
  const { sqlite, db } = openMemoryDatabase();
  try {
    db.transaction((tx) => applyFixtures(tx as never, seed, Date.parse(startIso)));
    const tables = sqlite
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string; sql: string }[];
    const generated = new Map<string, string>();
    const normal = (value: unknown) =>
      typeof value === 'string' ? value.replace(GENERATED, (id) => generated.get(id) ?? (generated.set(id, `<generated-${generated.size + 1}>`), generated.get(id)!)) : value;
    const dump: Record<string, unknown[][]> = {};
    for (const { name, sql } of tables) {
      const order = /WITHOUT ROWID/i.test(sql) ? '1' : 'rowid';
      const rows = sqlite.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).raw().all() as unknown[][];
      dump[name] = rows.map((row) => row.map(normal));
    }
    return dump;
  } finally {
    sqlite.close();
  }
}

/** Each table's row count and the SHA-256 of its rows. */
export function digest(rows: Record<string, unknown[][]>): TableDump {
  const out: TableDump = {};
  for (const [name, list] of Object.entries(rows)) {
    if (list.length === 0) continue;
    out[name] = { rows: list.length, sha256: createHash('sha256').update(JSON.stringify(list)).digest('hex') };
  }
  return out;
}

/** A directory holding one fixture file of `document`. */
export function fixtureDir(document: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'seed-answers-'));
  writeFileSync(join(dir, '90-customers.json'), JSON.stringify(document));
  return dir;
}
