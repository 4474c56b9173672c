/**
 * The emulator's process life as users start it: `stigg-emulator exec -- <command>` (exit codes,
 * the environment it gives the command, signal forwarding, nothing left running), and no orphan
 * however it is started (npx, `npm start`, the bin): stopping the process the recipe holds stops
 * the emulator within 2 s, with SIGTERM and with SIGKILL. Docker's part is in scripts/test-docker.sh.
 * Runs the built bin (dist/, built first when a source is newer); everything on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, descendants, ensureBuilt, isAlive, listens, ROOT, startUntilReady, within } from '../support/processes.js';

const STOP_BUDGET_MS = 2000;

beforeAll(async () => {
  await ensureBuilt();
}, 320_000);

/** Run `stigg-emulator exec <args>`; resolves with its exit and output. */
function exec(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'exec', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** A command (a Node script) that prints its environment's emulator settings and asks the emulator whether it is ready. */
const PRINT_ENV = `
const keys = ['STIGG_EMULATOR_URL', 'STIGG_EMULATOR_EDGE_URL', 'STIGG_API_KEY', 'STIGG_CLIENT_API_KEY', 'STIGG_BASE_URL'];
fetch(process.env.STIGG_EMULATOR_URL + '/_emulator/ready').then(async (res) => {
  console.log(JSON.stringify({ ...Object.fromEntries(keys.map((k) => [k, process.env[k]])), ready: (await res.json()).status, pid: process.pid }));
  process.exit(Number(process.argv[1] ?? 0));
});`;

/** A command that says it started, then waits for a signal, reports it and exits with a code of its own. */
const WAIT_FOR_SIGNAL = `
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { console.log('got ' + s); process.exit(s === 'SIGTERM' ? 42 : 43); });
console.log(JSON.stringify({ started: true, url: process.env.STIGG_EMULATOR_URL, pid: process.pid }));
setTimeout(() => process.exit(99), 60_000);`;

async function nothingLeft(pids: number[], port: number): Promise<void> {
  const took = await within(STOP_BUDGET_MS, async () => pids.every((pid) => !isAlive(pid)) && !(await listens(port)));
  expect(pids.filter(isAlive), 'processes left running').toEqual([]);
  expect(await listens(port), `port ${port} still listens`).toBe(false);
  expect(took).toBeLessThanOrEqual(STOP_BUDGET_MS);
}

describe('stigg-emulator exec', { timeout: 90_000 }, () => {
  it('runs the command with the emulator URLs and keys, exits 0 with it, and stops the emulator', async () => {
    const run = exec(['--', process.execPath, '-e', PRINT_ENV]);
    const { code } = await run.exited;
    expect(code, run.err()).toBe(0);
    const seen = JSON.parse(run.out().trim()) as Record<string, string>;
    expect(seen.STIGG_EMULATOR_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(seen).toMatchObject({
      STIGG_EMULATOR_EDGE_URL: seen.STIGG_EMULATOR_URL,
      STIGG_BASE_URL: seen.STIGG_EMULATOR_URL,
      STIGG_API_KEY: 'server-local',
      STIGG_CLIENT_API_KEY: 'client-local',
      ready: 'ready',
    });
    // the emulator logs warnings only, on stderr: the command's output is its own
    expect(run.out().trim().split('\n')).toHaveLength(1);
    expect(await listens(Number(new URL(seen.STIGG_EMULATOR_URL!).port))).toBe(false);
  });

  it("exits with the command's non-zero exit code; a missing command is 127", async () => {
    const failing = exec(['--', process.execPath, '-e', PRINT_ENV, '7']);
    expect((await failing.exited).code).toBe(7);
    const port = Number(new URL((JSON.parse(failing.out()) as { STIGG_EMULATOR_URL: string }).STIGG_EMULATOR_URL).port);
    expect(await listens(port)).toBe(false);

    const missing = exec(['--', 'no-such-command-stigg-emulator']);
    expect((await missing.exited).code).toBe(127);
    expect(missing.err()).toContain('cannot run no-such-command-stigg-emulator: command not found');
  });

  it('takes emulator flags before --: an edge port of its own, fixtures, a start time', async () => {
    const script = `fetch(process.env.STIGG_EMULATOR_URL + '/_emulator/environments/local/clock').then((r) => r.json()).then((c) => {
      console.log(JSON.stringify({ edge: process.env.STIGG_EMULATOR_EDGE_URL, url: process.env.STIGG_EMULATOR_URL, now: c.now })); });`;
    const run = exec(['--edge-port', '0', '--start-time', '2025-01-01T00:00:00Z', '--', process.execPath, '-e', script]);
    expect((await run.exited).code, run.err()).toBe(0);
    const seen = JSON.parse(run.out()) as { edge: string; url: string; now: string };
    expect(seen.edge).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(seen.edge).not.toBe(seen.url);
    expect(seen.now.startsWith('2025-01-01T00:00:0')).toBe(true);
  });

  it('refuses bad flags before running anything', async () => {
    const run = exec(['--port', 'abc', '--', process.execPath, '-e', 'console.log("ran")']);
    expect((await run.exited).code).toBe(1);
    expect(run.err()).toContain('port must be an integer');
    expect(run.out()).not.toContain('ran');
    const none = exec([]);
    expect((await none.exited).code).toBe(2);
    expect(none.err()).toContain('usage: stigg-emulator exec [flags] -- <command> [args...]');
  });

  for (const [signal, expected] of [
    ['SIGTERM', 42],
    ['SIGINT', 43],
  ] as const) {
    it(`forwards ${signal} to the command, exits with its code and leaves nothing running`, async () => {
      const run = exec(['--', process.execPath, '-e', WAIT_FOR_SIGNAL]);
      const started = await within(30_000, () => run.out().includes('"started":true'));
      expect(started, run.err()).toBeLessThan(Infinity);
      const { url, pid } = JSON.parse(run.out().split('\n')[0]!) as { url: string; pid: number };
      const tree = [run.child.pid!, ...descendants(run.child.pid!)];
      expect(tree).toContain(pid);
      run.child.kill(signal);
      expect((await run.exited).code).toBe(expected);
      expect(run.out()).toContain(`got ${signal}`);
      await nothingLeft(tree, Number(new URL(url).port));
    });
  }

  it('a command ended by a signal it does not handle: 128 + the signal number', async () => {
    const run = exec(['--', process.execPath, '-e', 'console.log(JSON.stringify({ url: process.env.STIGG_EMULATOR_URL })); setTimeout(() => {}, 60_000)']);
    await within(30_000, () => run.out().includes('url'));
    const { url } = JSON.parse(run.out()) as { url: string };
    const tree = [run.child.pid!, ...descendants(run.child.pid!)];
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(128 + 15);
    await nothingLeft(tree, Number(new URL(url).port));
  });

  it('killed outright (SIGKILL), exec leaves neither the command nor the emulator behind', async () => {
    const run = exec(['--', process.execPath, '-e', WAIT_FOR_SIGNAL]);
    await within(30_000, () => run.out().includes('"started":true'));
    const { url } = JSON.parse(run.out().split('\n')[0]!) as { url: string };
    const tree = [run.child.pid!, ...descendants(run.child.pid!)];
    run.child.kill('SIGKILL');
    await run.exited;
    // the emulator dies with exec; the command sees its parent gone and exits on its own or is left:
    // nothing of the emulator may be left, and the port must be free
    await within(STOP_BUDGET_MS, async () => !(await listens(Number(new URL(url).port))));
    expect(await listens(Number(new URL(url).port))).toBe(false);
    for (const pid of tree.slice(2)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
});

/** A scratch project that has the package installed from this checkout, as `npm install <path>` leaves it. */
function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emulator-orphans-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, dependencies: { 'stigg-emulator': `file:${ROOT}` } }));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'stigg-emulator'));
  symlinkSync('../stigg-emulator/dist/stigg-emulator.mjs', join(dir, 'node_modules', '.bin', 'stigg-emulator'));
  return dir;
}

describe('no orphans: stopping the process a recipe holds stops the emulator within 2 s', { timeout: 120_000 }, () => {
  let scratch: string;
  beforeAll(() => {
    scratch = scratchProject();
  });
  const FLAGS = ['--port', '0', '--edge-port', '-1'];
  const ways: [string, () => [string, string[], { cwd?: string; env?: Record<string, string> }]][] = [
    ['npx stigg-emulator', () => ['npx', ['--no-install', 'stigg-emulator', ...FLAGS], { cwd: scratch }]],
    ['npm start', () => ['npm', ['start', '--', ...FLAGS], { cwd: ROOT, env: { STIGG_EMULATOR_SKIP_BUILD_CHECK: '1' } }]],
    ['the bin', () => [BIN, FLAGS, { cwd: scratch }]],
  ];
  for (const [name, how] of ways) {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      it(`${name}, stopped with ${signal}`, async () => {
        const [command, args, options] = how();
        const started = await startUntilReady(command, args, options);
        const tree = [started.child.pid!, ...descendants(started.child.pid!)];
        // the process held is a wrapper (npm, a shell) or the emulator itself
        expect(tree.length).toBeGreaterThanOrEqual(1);
        expect(await listens(started.port)).toBe(true);
        started.child.kill(signal);
        await started.exited;
        await nothingLeft(tree, started.port);
        if (signal === 'SIGTERM' && name === 'the bin') expect((await started.exited).code).toBe(0);
      });
    }
  }

  it('--no-exit-with-parent keeps it running after its parent is gone (then it is stopped by pid)', async () => {
    const started = await startUntilReady('npx', ['--no-install', 'stigg-emulator', ...FLAGS, '--no-exit-with-parent'], { cwd: scratch });
    const tree = [started.child.pid!, ...descendants(started.child.pid!)];
    const emulatorPid = tree[tree.length - 1]!;
    started.child.kill('SIGKILL');
    await started.exited;
    await new Promise((r) => setTimeout(r, 800));
    try {
      expect(await listens(started.port)).toBe(true);
    } finally {
      process.kill(emulatorPid, 'SIGTERM');
      await nothingLeft([emulatorPid], started.port);
    }
  });
});
