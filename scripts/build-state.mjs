// Whether the build in dist/ is older than what it is made from (used by `npm start` and the test scripts).
//   node scripts/build-state.mjs          prints why a build is needed and exits 1, or exits 0
//   node scripts/build-state.mjs --build  builds when needed
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const entry = join(root, 'dist', 'stigg-emulator.mjs');
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


const invokedAsScript = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedAsScript) {
  const reason = staleReason();
  if (reason && process.argv.includes('--build')) {
    process.stderr.write(`building (${reason})...\n`);
    const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
  if (reason) {
    process.stdout.write(`${reason}\n`);
    process.exit(1);
  }
}
