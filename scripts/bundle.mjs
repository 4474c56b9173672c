// Bundles the published entry points, each one file carrying its own copy of every dependency
// (graphql included) except better-sqlite3 (a native addon):
//   dist/stigg-emulator.mjs  the process (bin, `npm start`, the Docker image): one module to load
//                            instead of thousands keeps start-up well under a second
//   dist/index.mjs           `import { startEmulator } from 'stigg-emulator'`
//   dist/index.cjs           `require('stigg-emulator')` (Jest without ESM)
//   dist/graphiql.html       the GraphiQL page with its assets inlined (no CDN)
//   dist/demo-seed.json      the built-in demo seed, validated and merged (read at start-up instead of the YAML)
// Because graphql is inside the bundles, the package never shares a graphql module with the
// user's own (the Node SDK brings graphql 15), so no "another module or realm" error is possible.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['better-sqlite3', '@graphql-yoga/render-graphiql'],
  define: { __STIGG_EMULATOR_BUNDLED__: 'true' },
  // the inspector's pages (src/inspector/**/*.tsx) are Hono JSX, as tsconfig.json says
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
  absWorkingDir: root,
};
// CommonJS dependencies bundled into ESM may call require() for Node built-ins
const esmBanner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/stigg-emulator.mjs',
    format: 'esm',
    // the shebang of src/main.ts is kept by esbuild; the banner follows it
    banner: { js: esmBanner },
  }),
  build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.mjs', format: 'esm', banner: { js: esmBanner } }),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs',
    format: 'cjs',
    define: { ...common.define, 'import.meta.url': '__stigg_emulator_import_meta_url' },
    banner: { js: "const __stigg_emulator_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  }),
]);

const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
const options = JSON.parse(readFileSync(join(root, 'src/graphql/graphiql-options.json'), 'utf8'));
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/graphiql.html'), renderGraphiQL(options));

// the demo seed, loaded and validated by the fixture loader itself, stored only if it survives JSON
const loaderFile = join(root, 'dist', '.demo-seed-loader.mjs');
await build({ ...common, entryPoints: ['src/fixtures/demo-seed.ts'], outfile: loaderFile, format: 'esm', sourcemap: false, define: {}, banner: { js: esmBanner } });
try {
  const { loadDemoSeed } = await import(pathToFileURL(loaderFile).href);
  const seed = loadDemoSeed();
  const json = JSON.stringify(seed);
  if (!isDeepStrictEqual(JSON.parse(json), seed)) throw new Error('the demo seed does not survive JSON; not storing dist/demo-seed.json');
  writeFileSync(join(root, 'dist/demo-seed.json'), json);
} finally {
  rmSync(loaderFile, { force: true });
}
