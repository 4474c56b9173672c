/** Finding 4: the request journal is a bounded ring per environment; long variables are truncated with a marker. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { loadConfig } from '../../src/config.js';
import { MAX_JOURNAL_VARIABLES_BYTES, RequestJournal } from '../../src/environments/journal.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ journalSize: 20 });
});
afterAll(() => emu.close());

const QUERY = 'query Config($x: String) { sdkConfiguration { sentryDsn } }';

describe('finding 4: the request journal', () => {
  it('keeps the last --journal-size requests, oldest first', async () => {
    const { id, serverKey } = newEnvironment();
    for (let i = 0; i < 25; i++) await gql(emu, serverKey, QUERY, { x: `n${i}` });
    const { body } = await rest(emu, 'GET', `/_emulator/environments/${id}/requests`);
    expect(body.requests.map((r: any) => r.variables.x)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i + 5}`));
    expect((await rest(emu, 'GET', `/_emulator/environments/${id}`)).body.requests).toBe(20);
  });

  it('truncates long variables with a marker, so 1 MB requests keep the journal readable', async () => {
    const { id, serverKey } = newEnvironment();
    const big = 'v'.repeat(1024 * 1024);
    for (let i = 0; i < 30; i++) await gql(emu, serverKey, QUERY, { x: big });
    const res = await emu.request(`/_emulator/environments/${id}/requests`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeLessThan(20 * (MAX_JOURNAL_VARIABLES_BYTES + 2048));
    const entry = JSON.parse(text).requests[0];
    expect(entry.variables).toMatchObject({ $truncated: true, bytes: 1024 * 1024 + 8 });
    expect(entry.variables.preview.startsWith('{"x":"vvv')).toBe(true);
  });

  it('is a ring: overwrites in place and lists in order', () => {
    const journal = new RequestJournal(3);
    const entry = (n: number) => ({ at: String(n), transport: 'rest' as const, operationName: null, status: 'ok' as const, httpStatus: 200, errorCodes: [], durationMs: 0 });
    for (let i = 0; i < 7; i++) journal.add(entry(i));
    expect(journal.list().map((e) => e.at)).toEqual(['4', '5', '6']);
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.add(entry(9));
    expect(journal.list().map((e) => e.at)).toEqual(['9']);
  });

  it('takes its size from --journal-size / STIGG_EMULATOR_JOURNAL_SIZE (default 1000)', () => {
    expect(loadConfig([], {}).journalSize).toBe(1000);
    expect(loadConfig([], { STIGG_EMULATOR_JOURNAL_SIZE: '50' }).journalSize).toBe(50);
    expect(() => loadConfig(['--journal-size', '0'], {})).toThrow(/journal-size must be >= 1/);
  });
});
