/** N7: a SQLite file the emulator did not write, in --data-dir, is refused before anything writes to it. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { gql, rest, testEmulator } from '../support/emulator.js';

const dirs: string[] = [];
const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-foreign-'));
  dirs.push(dir);
  return dir;
};
const start = (dir: string) => {
  const emu = testEmulator({ dataDir: dir });
  open.push(emu);
  return emu;
};
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Another application's SQLite database, in rollback-journal mode (the default) or WAL. */
function foreignDatabase(file: string, wal = false) {
  const db = new Database(file);
  if (wal) db.pragma('journal_mode = WAL');
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');");
  db.close();
}

describe('N7: a foreign SQLite file in the data directory', () => {
  it('is refused with a clear error and left byte for byte, on every route', async () => {
    const dir = dataDir();
    const file = join(dir, 'other.db');
    foreignDatabase(file);
    const before = hash(file);
    const emu = start(dir);
    const answer = await rest(emu, 'GET', '/_emulator/environments/other/clock');
    expect(answer.status).toBe(503);
    expect(answer.body.error.message).toContain('environment "other"');
    expect(answer.body.error.message).toContain('not written by the emulator');
    expect(answer.body.error.message).not.toContain(dir);
    const graphql = await gql(emu, 'server-other', '{ sdkConfiguration { sentryDsn } }');
    expect(graphql.status).toBe(503);
    expect(graphql.errors![0]!.message).toContain('not written by the emulator');
    expect(hash(file)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('other.db-journal'))).toEqual([]);
    const tables = new Database(file, { readonly: true }).prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['notes']);
  });

  it('leaves a WAL-mode foreign file unchanged too', async () => {
    const dir = dataDir();
    const file = join(dir, 'walled.db');
    foreignDatabase(file, true);
    const before = hash(file);
    const emu = start(dir);
    expect((await rest(emu, 'GET', '/_emulator/environments/walled/export')).status).toBe(503);
    expect(hash(file)).toBe(before);
  });

  it('still opens the emulator\'s own files after a restart; reset sets a foreign file aside', async () => {
    const dir = dataDir();
    const first = start(dir);
    expect((await gql(first, 'server-mine', 'mutation { provisionCustomer(input: {customerId: "cus-1"}) { customer { customerId } } }')).errors).toBeUndefined();
    await first.close();
    const second = start(dir);
    expect((await rest(second, 'GET', '/_emulator/environments/mine/export')).body.customers.map((c: { id: string }) => c.id)).toContain('cus-1');
    foreignDatabase(join(dir, 'taken.db'));
    const before = hash(join(dir, 'taken.db'));
    expect((await rest(second, 'POST', '/_emulator/environments/taken/reset')).status).toBe(200);
    const aside = readdirSync(dir).find((f) => /^taken\.db\.corrupt-/.test(f))!;
    expect(hash(join(dir, aside))).toBe(before);
    expect(existsSync(join(dir, 'taken.db'))).toBe(true);
  });
});
