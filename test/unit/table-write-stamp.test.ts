/**
 * Table write stamps: a count of the rows written to a set of tables, moved by TEMP triggers on the
 * connection; writes to other tables leave it; a rolled-back write moves it too; installed only
 * outside a transaction (null before), and then with every stamp asked for so far.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Sqlite } from '../../src/db/open-database.js';
import { tableWriteStamp } from '../../src/db/write-stamp.js';

const opened: Sqlite[] = [];
afterEach(() => {
  for (const sqlite of opened.splice(0)) sqlite.close();
});

function open(): Sqlite {
  const { sqlite } = openMemoryDatabase();
  opened.push(sqlite);
  return sqlite;
}

const insertMeta = (sqlite: Sqlite, key: string) => sqlite.prepare(`INSERT INTO meta (key, value) VALUES (?, '1')`).run(key);

describe('tableWriteStamp', () => {
  it('moves with the rows written to its tables only', () => {
    const sqlite = open();
    const stamp = () => tableWriteStamp(sqlite, 'test-meta', ['meta']);
    const first = stamp();
    expect(first).toBe(0);
    insertMeta(sqlite, 'a');
    expect(stamp()).toBe(1);
    sqlite.prepare(`UPDATE meta SET value = '2' WHERE key = 'a'`).run();
    sqlite.prepare(`DELETE FROM meta WHERE key = 'a'`).run();
    expect(stamp()).toBe(3);
    // another table: unchanged
    sqlite.prepare(`INSERT INTO webhook_endpoints (url, events, secret) VALUES ('http://x', '[]', 's')`).run();
    expect(stamp()).toBe(3);
  });

  it('a rolled-back write moves it too', () => {
    const sqlite = open();
    const stamp = () => tableWriteStamp(sqlite, 'test-meta', ['meta']);
    const before = stamp()!;
    expect(() =>
      sqlite.transaction(() => {
        insertMeta(sqlite, 'b');
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(sqlite.prepare(`SELECT count(*) FROM meta WHERE key = 'b'`).pluck().get()).toBe(0);
    expect(stamp()).toBeGreaterThan(before);
  });

  it('is installed outside a transaction only, with the stamps asked for inside one', () => {
    const sqlite = open();
    tableWriteStamp(sqlite, 'test-meta', ['meta']);
    let inside: number | null = -1;
    sqlite.transaction(() => {
      inside = tableWriteStamp(sqlite, 'test-customers', ['customers']);
    })();
    expect(inside).toBeNull();
    // the next call outside a transaction installs it
    expect(tableWriteStamp(sqlite, 'test-meta', ['meta'])).toBe(0);
    sqlite.transaction(() => {
      inside = tableWriteStamp(sqlite, 'test-customers', ['customers']);
    })();
    expect(inside).toBe(0);
  });
});
