/**
 * Processes for the tests that start the emulator as users do (the bin, npx, `npm start`, exec):
 * the built bin (built first when a source is newer), the process tree under a pid (Linux /proc),
 * and whether a port still listens. Every wait is bounded.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'dist', 'stigg-emulator.mjs');

/** Build dist/ when it is missing or older than a source (the bin is what users run). */
export async function ensureBuilt(): Promise<void> {
  const { staleReason } = (await import(join(ROOT, 'scripts', 'build-state.mjs'))) as { staleReason: () => string | null };
  const reason = staleReason();
  if (!reason) return;
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  if (result.status !== 0) throw new Error(`npm run build failed (${reason}): ${result.stderr}`);
}

/** Every live process under `pid` (children, their children, ...), from /proc; zombies are not counted. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(Number(name));
    if (!stat || stat.state === 'Z') continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** Whether a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Poll until `done` holds or `ms` pass; answers how long it took (Infinity when it never held). */
export async function within(ms: number, done: () => boolean | Promise<boolean>, every = 50): Promise<number> {
  const started = Date.now();
  while (Date.now() - started <= ms) {
    if (await done()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, every));
  }
  return Infinity;
}

export interface Started {
  child: ChildProcess;
  url: string;
  port: number;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawn a process that starts the emulator and wait (at most `ms`) for its "ready" log line. */
export async function startUntilReady(command: string, args: string[], options: { cwd?: string; env?: Record<string, string>; ms?: number } = {}): Promise<Started> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', STIGG_EMULATOR_LOG_FORMAT: 'json', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no "ready" line within ${options.ms ?? 60_000} ms\n${stdout}\n${stderr}`));
    }, options.ms ?? 60_000);
    const look = () => {
      const line = stdout.split('\n').find((l) => l.includes('"msg":"ready"'));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    };
    child.stdout!.on('data', look);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited before it was ready\n${stdout}\n${stderr}`));
    });
  });
  return { child, url, port: Number(new URL(url).port), out: () => stdout, err: () => stderr, exited };
}
