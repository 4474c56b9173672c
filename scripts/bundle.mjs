// Bundles the process entry into one file (dist/stigg-emulator.mjs): one module to load instead of
// thousands keeps start-up under a second. better-sqlite3 (a native addon) stays external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/stigg-emulator.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  legalComments: 'none',
  external: ['better-sqlite3'],
  // CommonJS dependencies bundled into ESM may call require() for Node built-ins
  // the shebang of src/main.ts is kept by esbuild; the banner follows it
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
