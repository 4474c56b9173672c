#!/usr/bin/env node
// `npm start`: serve from the build made at install (dist/stigg-emulator.mjs). It rebuilds first
// only when a source the build is made from is newer than the build (or the build is missing),
// then runs the bundled process in this same Node process (no second start-up). Flags after
// `npm start --` reach the emulator: `npm start -- --port 5000`. For development, `npm run dev`
// restarts from the sources on every change and never builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'stigg-emulator.mjs');
// what the build reads: sources, schema SDL, the build script and settings
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs'];

/** The newest modification time (ms) under a path, and the file that has it. */
function newest(path) {
  let best = { mtimeMs: 0, file: null };
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return best;
  }
  if (!stat.isDirectory()) return { mtimeMs: stat.mtimeMs, file: path };
  for (const name of readdirSync(path)) {
    const found = newest(join(path, name));
    if (found.mtimeMs > best.mtimeMs) best = found;
  }
  return best;
}

/** Why a build is needed, or null when dist is up to date. */
export function staleReason() {
  if (!existsSync(entry) || !existsSync(join(root, 'dist', 'index.mjs')) || !existsSync(join(root, 'dist', 'graphiql.html'))) return 'no build yet';
  const built = statSync(entry).mtimeMs;
  for (const input of INPUTS) {
    const found = newest(join(root, input));
    if (found.mtimeMs > built) return `${found.file.slice(root.length + 1)} is newer than the build`;
  }
  return null;
}

const reason = process.env.STIGG_EMULATOR_SKIP_BUILD_CHECK === '1' ? null : staleReason();
if (reason) {
  process.stderr.write(`stigg-emulator: building (${reason})...\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write(`stigg-emulator: the build failed (npm run build); fix it, or use \`npm run dev\` to run from the sources\n`);
    process.exit(result.status ?? 1);
  }
}
await import(pathToFileURL(entry).href);
