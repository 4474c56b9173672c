#!/usr/bin/env node
// `npm start`: serve from the build made at install (dist/stigg-emulator.mjs). It rebuilds first
// only when a source the build is made from is newer than the build (or the build is missing),
// then runs the bundled process in this same Node process (no second start-up). Flags after
// `npm start --` reach the emulator: `npm start -- --port 5000`. For development, `npm run dev`
// restarts from the sources on every change and never builds.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { entry, root, staleReason } from './build-state.mjs';

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
