#!/usr/bin/env node
// Startup benchmark: time from spawning the emulator to its "ready" log line, two ways:
//   bare       `node <entry>`: the package's "bin" (what npx and the Docker image run)
//   npm start  `npm start` in the project, as a user types it (npm itself, the build check, the process)
//
//   npm run build && node bench/startup.mjs [runs] [--entry <file>] [--only bare|npm]
//
// Each run starts the emulator on a free port (edge port off), waits for the JSON log line with
// "msg":"ready", confirms GET <url>/_emulator/ready answers 200, then sends SIGTERM and waits for
// the exit. Prints min/median/max per way; exits 1 when a median is over the target.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const TARGET_MS = 1000;
const RUN_TIMEOUT_MS = 15_000;
const args = process.argv.slice(2);
const entryFlag = args.indexOf('--entry');
const entryArg = entryFlag >= 0 ? args.splice(entryFlag, 2)[1] : undefined;
const onlyFlag = args.indexOf('--only');
const only = onlyFlag >= 0 ? args.splice(onlyFlag, 2)[1] : undefined;
if (only !== undefined && only !== 'bare' && only !== 'npm') {
  console.error(`--only must be bare or npm, got ${only}`);
  process.exit(2);
}
const runsArg = args[0] ?? process.env.BENCH_RUNS ?? '10';
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`runs must be a positive integer, got ${runsArg}`);
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
function defaultEntry() {
  try {
    const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const file = typeof bin === 'string' ? bin : bin?.['stigg-emulator'];
    if (file) return join(root, file);
  } catch {
    /* fall back below */
  }
  return join(root, 'dist', 'src', 'main.js');
}
const entry = entryArg ? resolve(entryArg) : defaultEntry();
if (!existsSync(entry)) {
  console.error(`${relative(root, entry)} is missing: run \`npm run build\` first.`);
  process.exit(2);
}
console.log(`entry: ${relative(root, entry)}, ${runs} runs per way, target median < ${TARGET_MS} ms`);

const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** One start: resolves to the ms from spawn to the ready line. */
function startOnce(way) {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      STIGG_EMULATOR_PORT: '0',
      STIGG_EMULATOR_EDGE_PORT: '-1',
      STIGG_EMULATOR_LOG_LEVEL: 'info',
    };
    delete env.PORT;
    const started = performance.now();
    const viaNpm = way === 'npm';
    // npm start runs in its own process group, so that SIGTERM reaches npm and the emulator alike
    const child = viaNpm
      ? spawn(npmCommand, ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      : spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const terminate = (signal) => {
      try {
        if (viaNpm) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        /* already gone */
      }
    };
    const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
    let stderr = '';
    let settled = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });

    const finish = async (error, readyMs) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) terminate('SIGTERM');
      const kill = setTimeout(() => terminate('SIGKILL'), 5000);
      const { code, signal } = await exited;
      clearTimeout(kill);
      if (error) reject(error);
      // npm itself may die of the SIGTERM its group received; the emulator's own exit is clean either way
      else if (code !== 0 && !(viaNpm && (signal === 'SIGTERM' || code === 143))) reject(new Error(`exited with ${signal ?? `code ${code}`} after SIGTERM`));
      else resolve(readyMs);
    };

    const timer = setTimeout(() => finish(new Error(`not ready within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);

    exited.then(({ code, signal }) => {
      if (!settled) finish(new Error(`exited early (${signal ?? `code ${code}`})${stderr ? `:\n${stderr.trim()}` : ''}`));
    });

    createInterface({ input: child.stdout }).on('line', (line) => {
      if (settled || !line.includes('"msg":"ready"')) return;
      const readyMs = performance.now() - started;
      let url;
      try {
        url = JSON.parse(line).url;
      } catch {
        /* handled below */
      }
      if (typeof url !== 'string') {
        finish(new Error(`ready line has no url: ${line}`));
        return;
      }
      fetch(`${url}/_emulator/ready`)
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`GET ${url}/_emulator/ready answered ${res.status}`);
          finish(null, readyMs);
        })
        .catch((error) => finish(error));
    });
  });
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
let failed = false;
for (const way of only ? [only] : ['bare', 'npm']) {
  const label = way === 'npm' ? 'npm start' : `node ${relative(root, entry)}`;
  const times = [];
  for (let i = 1; i <= runs; i++) {
    try {
      const ms = await startOnce(way);
      times.push(ms);
      console.log(`${label} run ${String(i).padStart(2)}: ${ms.toFixed(0)} ms`);
    } catch (error) {
      console.error(`${label} run ${i} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  console.log(`${label}: start to ready (${runs} runs): min ${fmt(sorted[0])}, median ${fmt(median)}, max ${fmt(sorted.at(-1))}`);
  if (median < TARGET_MS) {
    console.log(`PASS: ${label} median ${fmt(median)} is under the ${TARGET_MS} ms target`);
  } else {
    console.log(`FAIL: ${label} median ${fmt(median)} is not under the ${TARGET_MS} ms target`);
    failed = true;
  }
}
if (failed) process.exit(1);
