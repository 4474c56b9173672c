/** N3: the request journal keeps only what it shows: bounded bytes per entry, bounded memory in all. */
import { setFlagsFromString } from 'node:v8';
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { MAX_JOURNAL_ENTRY_BYTES, MAX_JOURNAL_ERROR_CODES, MAX_JOURNAL_VARIABLES_BYTES, RequestJournal, type JournalEntry } from '../../src/environments/journal.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  for (let i = 0; i < 3; i++) gc();
  return getHeapStatistics().used_heap_size;
};
const MB = 1024 * 1024;

/** a distinct 1 MiB string (a repeated one might be shared) */
const big = (n: number) => `${n}:`.padEnd(MB, String.fromCharCode(97 + (n % 26)));

const entry = (n: number, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  at: new Date(n).toISOString(),
  transport: 'graphql',
  operationName: 'Op',
  status: 'ok',
  httpStatus: 200,
  errorCodes: [],
  durationMs: 1,
  ...extra,
});

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ journalSize: 100 });
});
afterAll(() => emu.close());

describe('N3: the request journal keeps only its preview', () => {
  it('bounds every stored entry, whatever the size of its variables, names, paths and errors', () => {
    const journal = new RequestJournal(50);
    for (let i = 0; i < 60; i++) {
      journal.add(
        entry(i, {
          operationName: 'O'.repeat(100_000),
          method: 'M'.repeat(100_000),
          path: `/${'p'.repeat(100_000)}`,
          variables: { x: big(i), list: Array.from({ length: 10_000 }, (_, k) => ({ k })) },
          errorCodes: Array.from({ length: 10_000 }, () => 'E'.repeat(1000)),
          applied: Array.from({ length: 1000 }, (_, k) => ({ at: k, text: 'a'.repeat(1000) })),
        }),
      );
    }
    const stored = journal.stored();
    expect(stored).toHaveLength(50);
    for (const text of stored) expect(text.length).toBeLessThanOrEqual(MAX_JOURNAL_ENTRY_BYTES);
    expect(MAX_JOURNAL_ENTRY_BYTES).toBeLessThan(64 * 1024);
    const last = journal.list().at(-1)!;
    expect(last.variables).toMatchObject({ $truncated: true });
    expect(last.errorCodes).toHaveLength(MAX_JOURNAL_ERROR_CODES + 1);
    expect(last.errorCodes.at(-1)).toBe(`... and ${10_000 - MAX_JOURNAL_ERROR_CODES} more`);
    expect(last.operationName!.length).toBeLessThan(1024);
    expect(journal.last()).toEqual(last);
  });

  it('keeps small variables as they are', () => {
    const journal = new RequestJournal(2);
    journal.add(entry(1, { variables: { x: 'small', n: [1, 2] } }));
    expect(journal.list()[0]!.variables).toEqual({ x: 'small', n: [1, 2] });
  });

  it('holds no reference to large variables: 300 entries of 1 MiB take a few MiB of heap', () => {
    const journal = new RequestJournal(1000);
    const before = heapUsed();
    for (let i = 0; i < 300; i++) journal.add(entry(i, { variables: { x: big(i) } }));
    const grown = heapUsed() - before;
    expect(journal.size).toBe(300);
    expect(grown).toBeLessThan(300 * (MAX_JOURNAL_VARIABLES_BYTES + 4096) * 2);
    expect(grown).toBeLessThan(20 * MB);
  });

  it('through HTTP: 60 requests with 1 MiB variables leave the heap nearly as it was, and the endpoint shows the preview', async () => {
    const { id, serverKey } = newEnvironment();
    const query = 'query Config($x: String) { sdkConfiguration { sentryDsn } }';
    await gql(emu, serverKey, query, { x: 'warm-up' });
    const before = heapUsed();
    for (let i = 0; i < 60; i++) await gql(emu, serverKey, query, { x: big(i) });
    const grown = heapUsed() - before;
    expect(grown).toBeLessThan(20 * MB);
    const { body } = await rest(emu, 'GET', `/_emulator/environments/${id}/requests`);
    expect(body.requests).toHaveLength(61);
    const last = body.requests.at(-1);
    expect(last.operationName).toBe('Config');
    expect(last.variables).toMatchObject({ $truncated: true, bytes: MB + 8 });
    expect(last.variables.preview.startsWith('{"x":"59:')).toBe(true);
    expect(last.variables.preview.length).toBe(1024);
  });
});
