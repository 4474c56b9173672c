/**
 * N6: a full disk answers 507 InsufficientStorage naming the cause (not a misleading 401), leaves
 * no empty or partial database file, and the environment works once space is freed. The disk is a
 * real, tiny tmpfs: the tests need the right to mount one (root, CAP_SYS_ADMIN) and are skipped
 * otherwise.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { storageFailure } from '../../src/errors.js';
import { gql, rest, testEmulator } from '../support/emulator.js';

/** Whether this process may mount a tmpfs (checked once, on a scratch directory). */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux') return false;
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-mount-check-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const MOUNTABLE = canMountTmpfs();

const mounted: string[] = [];
const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
  for (const dir of mounted.splice(0)) {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A data directory on a tmpfs of `size` (e.g. `64k`). */
function tinyDisk(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}
const resize = (dir: string, size: string) => execFileSync('mount', ['-o', `remount,size=${size}`, dir]);
const start = (dataDir: string) => {
  const emu = testEmulator({ dataDir });
  open.push(emu);
  return emu;
};

/** Fill the disk with a file until the system refuses more; answers the file to remove. */
function fill(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
  return file;
}

const SDK_CONFIGURATION = '{ sdkConfiguration { sentryDsn } }';
const provision = (emu: Emulator, env: string, customerId: string) =>
  gql(emu, `server-${env}`, 'mutation P($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }', { input: { customerId } });

describe('N6: storage failures are named', () => {
  it('maps SQLite and system write failures to InsufficientStorage (507), and nothing else', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'ENOSPC', 'EDQUOT']) {
      const mapped = storageFailure(Object.assign(new Error('x'), { code }));
      expect(mapped, code).toMatchObject({ code: 'InsufficientStorage', httpStatus: 507 });
      expect(mapped!.message).toContain(code);
    }
    expect(storageFailure(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' }))).toBeNull();
    expect(storageFailure(new Error('x'))).toBeNull();
  });
});

const FULL_DISK = MOUNTABLE ? 'N6: a full disk (a real tmpfs)' : 'N6: a full disk (skipped: mounting a tmpfs needs root or CAP_SYS_ADMIN)';
describe.skipIf(!MOUNTABLE)(FULL_DISK, () => {
  it('answers 507 naming the cause when a new environment does not fit, leaves no file, and works once space is freed', async () => {
    const dir = tinyDisk('64k');
    const emu = start(dir);
    const graphql = await gql(emu, 'server-full', SDK_CONFIGURATION);
    expect(graphql.status).toBe(507);
    expect(graphql.errors![0]!.extensions!.code).toBe('InsufficientStorage');
    expect(graphql.errors![0]!.message).toMatch(/no space left on the device \(ENOSPC\)/);
    expect(graphql.errors![0]!.message).not.toContain(dir);
    const control = await rest(emu, 'POST', '/_emulator/environments/full/clock', { to: '2025-02-01T00:00:00Z' });
    expect(control.status).toBe(507);
    expect(control.body.error.code).toBe('InsufficientStorage');
    expect(readdirSync(dir)).toEqual([]);

    resize(dir, '8m');
    const after = await gql(emu, 'server-full', SDK_CONFIGURATION);
    expect(after.status).toBe(200);
    expect(after.errors).toBeUndefined();
    expect(readdirSync(dir)).toContain('full.db');
  });

  it('answers 507 when a command cannot be written (SQLITE_FULL), keeps what was saved, and writes again once space is freed', async () => {
    const dir = tinyDisk('4m');
    const emu = start(dir);
    expect((await provision(emu, 'busy', 'cus-before')).errors).toBeUndefined();
    const filler = fill(dir);
    let refused: Awaited<ReturnType<typeof provision>> | null = null;
    for (let i = 0; i < 50 && !refused; i++) {
      const answer = await provision(emu, 'busy', `cus-${i}`);
      if (answer.errors) refused = answer;
    }
    expect(refused, 'a command failed to write').not.toBeNull();
    expect(refused!.status).toBe(507);
    expect(refused!.errors![0]!.extensions!.code).toBe('InsufficientStorage');
    expect(refused!.errors![0]!.message).toMatch(/SQLITE_FULL|SQLITE_IOERR/);

    rmSync(filler);
    expect((await provision(emu, 'busy', 'cus-after')).errors).toBeUndefined();
    const ids = (await rest(emu, 'GET', '/_emulator/environments/busy/export')).body.customers.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['cus-before', 'cus-after']));
  });

  it('keeps the old database serving when a reset does not fit', async () => {
    const dir = tinyDisk('4m');
    const emu = start(dir);
    expect((await provision(emu, 'kept', 'cus-kept')).errors).toBeUndefined();
    const filler = fill(dir);
    const reset = await rest(emu, 'POST', '/_emulator/environments/kept/reset');
    expect(reset.status).toBe(507);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    rmSync(filler);
    const ids = (await rest(emu, 'GET', '/_emulator/environments/kept/export')).body.customers.map((c: { id: string }) => c.id);
    expect(ids).toContain('cus-kept');
  });
});
