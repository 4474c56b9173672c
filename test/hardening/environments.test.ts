/**
 * Findings 5, 6, 7 and 10: deleting environments, --max-environments (least recently used closed),
 * environments on disk listed after a restart, one rule for names, unusable database files.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { loadConfig } from '../../src/config.js';
import { environmentOfFile, fileNameOf } from '../../src/application/registry.js';
import { codeOf, gql, rest, testEmulator } from '../support/emulator.js';

const dirs: string[] = [];
const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-envs-'));
  dirs.push(dir);
  return dir;
};
const start = (config: Parameters<typeof testEmulator>[0] = {}) => {
  const emu = testEmulator(config);
  open.push(emu);
  return emu;
};
const CUSTOMER = 'mutation C($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }';
const addCustomer = (emu: Emulator, env: string, id: string) => gql(emu, `server-${env}`, CUSTOMER, { input: { customerId: id } });
const customers = async (emu: Emulator, env: string) =>
  ((await rest(emu, 'GET', `/_emulator/environments/${env}/export`)).body?.customers ?? []).map((c: { id: string }) => c.id);

describe('finding 5: DELETE /_emulator/environments/{env}', () => {
  it('closes the environment and removes its database; the next use starts from the seed', async () => {
    const dir = dataDir();
    const emu = start({ dataDir: dir });
    expect((await addCustomer(emu, 'gone', 'cus-1')).errors).toBeUndefined();
    await rest(emu, 'POST', '/_emulator/environments/gone/snapshots', { name: 'before' });
    expect(readdirSync(dir)).toContain('gone.db');
    const deleted = await rest(emu, 'DELETE', '/_emulator/environments/gone');
    expect(deleted).toEqual({ status: 200, body: { deleted: 'gone' } });
    expect(readdirSync(dir).filter((f) => f.startsWith('gone'))).toEqual([]);
    expect((await rest(emu, 'GET', '/_emulator/environments')).body.environments.map((e: { id: string }) => e.id)).not.toContain('gone');
    expect((await rest(emu, 'GET', '/_emulator/environments/gone')).status).toBe(404);
    expect((await rest(emu, 'DELETE', '/_emulator/environments/gone')).status).toBe(404);
    await addCustomer(emu, 'gone', 'cus-2');
    expect(await customers(emu, 'gone')).not.toContain('cus-1');
    expect((await rest(emu, 'GET', '/_emulator/environments/gone/snapshots')).body.snapshots).toEqual([]);
  });

  it('deletes in-memory environments too', async () => {
    const emu = start();
    await addCustomer(emu, 'mem', 'cus-1');
    expect((await rest(emu, 'DELETE', '/_emulator/environments/mem')).status).toBe(200);
    expect(emu.registry.isOpen('mem')).toBe(false);
  });
});

describe('finding 5: --max-environments', () => {
  it('closes the least recently used environment past the limit; with --data-dir it comes back from its file', async () => {
    const dir = dataDir();
    const emu = start({ dataDir: dir, maxEnvironments: 2 });
    await addCustomer(emu, 'a', 'cus-a');
    await addCustomer(emu, 'b', 'cus-b');
    await gql(emu, 'server-a', '{ sdkConfiguration { sentryDsn } }'); // a is now the most recent
    await addCustomer(emu, 'c', 'cus-c');
    expect(emu.registry.list().map((e) => e.id)).toEqual(['a', 'c']);
    expect(await customers(emu, 'b')).toContain('cus-b');
    expect(emu.registry.list().length).toBe(2);
  });

  it('keeps the order of use when one environment is used many times in a row', async () => {
    const emu = start({ maxEnvironments: 3 });
    const use = (env: string) => gql(emu, `server-${env}`, '{ sdkConfiguration { sentryDsn } }');
    for (const env of ['a', 'b', 'b', 'b', 'c', 'a', 'a', 'b', 'b']) await use(env);
    expect(emu.registry.list().map((e) => e.id)).toEqual(['c', 'a', 'b']);
    await use('d');
    // c was the least recently used
    expect(emu.registry.list().map((e) => e.id)).toEqual(['a', 'b', 'd']);
    await use('a');
    await use('e');
    expect(emu.registry.list().map((e) => e.id)).toEqual(['d', 'a', 'e']);
  });

  it('is read from the flag and the environment', () => {
    expect(loadConfig(['--max-environments', '3'], {}).maxEnvironments).toBe(3);
    expect(loadConfig([], { STIGG_EMULATOR_MAX_ENVIRONMENTS: '7' }).maxEnvironments).toBe(7);
    expect(loadConfig([], {}).maxEnvironments).toBeNull();
    expect(() => loadConfig(['--max-environments', '0'], {})).toThrow(/max-environments must be >= 1/);
  });
});

describe('finding 10: environments on disk after a restart', () => {
  it('lists them, shows them and exports them before any call opens them', async () => {
    const dir = dataDir();
    const first = start({ dataDir: dir });
    await addCustomer(first, 'kept', 'cus-kept');
    await addCustomer(first, 'Upper', 'cus-upper');
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = start({ dataDir: dir });
    const list = (await rest(second, 'GET', '/_emulator/environments')).body.environments;
    expect(list).toEqual([
      { id: 'Upper', open: false },
      { id: 'kept', open: false },
    ]);
    expect((await rest(second, 'GET', '/_emulator/info')).body.environments).toEqual(['Upper', 'kept']);
    const shown = await rest(second, 'GET', '/_emulator/environments/kept');
    expect(shown.status).toBe(200);
    expect(shown.body.open).toBe(true);
    expect(await customers(second, 'kept')).toContain('cus-kept');
    expect(await customers(second, 'Upper')).toContain('cus-upper');
  });
});

describe('finding 6: one rule for environment names', () => {
  it('refuses names that are too long or use other characters (an API key naming one is invalid: 401), with no path', async () => {
    const dir = dataDir();
    const emu = start({ dataDir: dir });
    for (const name of ['x'.repeat(65), 'x'.repeat(200), 'a:b', 'a/b', 'trailing.', '.hidden', 'sp ace', 'é']) {
      const graphql = await gql(emu, `server-${name}`, '{ sdkConfiguration { sentryDsn } }');
      expect(graphql.status, name).toBe(401);
      expect(codeOf(graphql)).toBe('Unauthenticated');
      expect(graphql.errors![0]!.message).not.toContain(dir);
      expect(graphql.errors![0]!.message).toContain('1 to 64 letters');
      const admin = await rest(emu, 'GET', `/_emulator/environments/${encodeURIComponent(name)}/clock`);
      expect(admin.status, name).toBe(400);
      expect(JSON.stringify(admin.body)).not.toContain(dir);
    }
    const longest = 'A'.repeat(64);
    expect((await gql(emu, `server-${longest}`, '{ sdkConfiguration { sentryDsn } }')).errors).toBeUndefined();
    expect(readdirSync(dir)).toContain(fileNameOf(longest));
    expect(Buffer.byteLength(fileNameOf(longest) + '.corrupt-2025-01-01T00-00-00-000Z-wal')).toBeLessThan(255);
  });

  it('gives names differing only in case their own files, and reads the names back from them', () => {
    expect(fileNameOf('Env')).not.toBe(fileNameOf('env'));
    expect(fileNameOf('Env').toLowerCase()).not.toBe(fileNameOf('env').toLowerCase());
    for (const id of ['env', 'Env', 'a.b-c_D']) expect(environmentOfFile(fileNameOf(id))).toBe(id);
    expect(environmentOfFile('env.db-wal')).toBeNull();
    expect(environmentOfFile('env.db.corrupt-2025')).toBeNull();
  });
});

describe('finding 7: unusable database files', () => {
  const expectBroken = (answer: { status: number; body: any }, env: string, dir: string) => {
    expect(answer.status).toBe(503);
    const message: string = answer.body.error?.message ?? answer.body.errors?.[0]?.message;
    expect(message).toContain(`environment "${env}"`);
    expect(message).toContain('/reset');
    expect(message).not.toContain(dir);
  };

  it('answers a clear error for a corrupt file; reset replaces it and keeps the old file aside', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'broken.db'), 'this is not a database'.repeat(100));
    const emu = start({ dataDir: dir });
    const graphql = await emu.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'server-broken' }, body: JSON.stringify({ query: '{ sdkConfiguration { sentryDsn } }' }) });
    expectBroken({ status: graphql.status, body: await graphql.json() }, 'broken', dir);
    expectBroken(await rest(emu, 'GET', '/_emulator/environments/broken/export'), 'broken', dir);
    const reset = await rest(emu, 'POST', '/_emulator/environments/broken/reset');
    expect(reset.status).toBe(200);
    const files = readdirSync(dir);
    expect(files.some((f) => /^broken\.db\.corrupt-/.test(f))).toBe(true);
    expect((await addCustomer(emu, 'broken', 'cus-1')).errors).toBeUndefined();
    expect(await customers(emu, 'broken')).toContain('cus-1');
  });

  it('refuses a 0-byte file instead of serving an environment without the seed', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'empty.db'), '');
    const emu = start({ dataDir: dir });
    expectBroken(await rest(emu, 'GET', '/_emulator/environments/empty/clock'), 'empty', dir);
    expect((await rest(emu, 'POST', '/_emulator/environments/empty/reset')).status).toBe(200);
    expect(existsSync(join(dir, 'empty.db'))).toBe(true);
    const exported = await rest(emu, 'GET', '/_emulator/environments/empty/export');
    expect(exported.body.features.length).toBeGreaterThan(0);
  });
});
