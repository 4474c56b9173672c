// Bundles the published entry points, each one file carrying its own copy of every dependency
// (graphql included) except better-sqlite3 (a native addon):
//   dist/stigg-emulator.mjs  the process entry (bin, `npm start`, the Docker image): a launcher that
//                            loads dist/stigg-emulator.cjs, the process bundled as one module (one module
//                            to load instead of thousands keeps start-up short), with V8's compile cache
//                            (Node's own from 22.1, v8-compile-cache before): compiling 2 MB of JavaScript
//                            is a fifth of a cold start
//   dist/index.mjs           `import { startEmulator } from 'stigg-emulator'`
//   dist/index.cjs           `require('stigg-emulator')` (Jest without ESM)
//   dist/graphiql.html       the GraphiQL page with its assets inlined (no CDN)
//   dist/demo-seed.json      the built-in demo seed, validated and merged (read at start-up instead of the YAML)
//   dist/schema-ast.json     the schema's SDL parsed (no locations): JSON.parse at start-up instead of the GraphQL parser
// The edge's operation documents (src/edge/documents/*.graphql) are inlined into the bundles.
// Because graphql is inside the bundles, the package never shares a graphql module with the
// user's own (the Node SDK brings graphql 15), so no "another module or realm" error is possible.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// graphql as its ES module build (index.mjs and its .mjs files): bundled from ES modules, its
// bindings are read directly; from its CommonJS build (package.json "main", esbuild's default for
// Node) every `graphql.X` an importer reads goes through a getter, which cost graphql-yoga's
// executor about a tenth of a request. One build only, deep imports included: two would make two
// graphql realms.
const graphqlDir = dirname(createRequire(import.meta.url).resolve('graphql/package.json'));
const graphqlModule = {
  name: 'graphql-module',
  setup(b) {
    b.onResolve({ filter: /^graphql$/ }, () => ({ path: join(graphqlDir, 'index.mjs') }));
    // deep imports too (GraphQL Armor's token limit requires graphql/language/parser)
    b.onResolve({ filter: /^graphql\/[\w/]+(\.m?js)?$/ }, (args) => ({ path: join(graphqlDir, `${args.path.slice('graphql/'.length).replace(/\.m?js$/, '')}.mjs`) }));
    // with one graphql in the bundle, instanceOf's diagnostic of a second realm (its form outside
    // NODE_ENV=production, which looks at the names of the classes whenever a check is false) has
    // nothing to find: its production form, a plain instanceof, whatever NODE_ENV says
    b.onLoad({ filter: /[\\/]graphql[\\/]jsutils[\\/]instanceOf\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const production = text.replace(/process\.env\.NODE_ENV === 'production'/, 'true');
      if (production === text) throw new Error(`${args.path}: the NODE_ENV test was not found (graphql changed); update scripts/bundle.mjs`);
      return { contents: production, loader: 'js' };
    });
  },
};
// the edge's operation documents (src/edge/documents/*.graphql) inlined at build time: each
// `documentOf('name')` of src/edge/documents.ts becomes the text of documents/name.graphql, so the
// bundles carry them and read no file
const edgeDocuments = {
  name: 'edge-documents',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]edge[\\/]documents\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      let inlined = 0;
      const contents = text.replace(/documentOf\('([\w-]+)'\)/g, (_call, name) => {
        inlined++;
        return JSON.stringify(readFileSync(join(dirname(args.path), 'documents', `${name}.graphql`), 'utf8'));
      });
      if (inlined === 0) throw new Error(`${args.path}: no documentOf('...') to inline; update scripts/bundle.mjs`);
      return { contents, loader: 'ts' };
    });
  },
};
const common = {
  plugins: [graphqlModule, edgeDocuments],
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
  // the process as CommonJS, so that its launcher (below) can load it with V8's compile cache
  build({
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/stigg-emulator.cjs',
    format: 'cjs',
    define: { ...common.define, 'import.meta.url': '__stigg_emulator_import_meta_url' },
    banner: { js: "const __stigg_emulator_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
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

writeFileSync(
  join(root, 'dist/stigg-emulator.mjs'),
  `#!/usr/bin/env node
// stigg-emulator: loads the bundled process with a compile cache (see scripts/bundle.mjs)
import module, { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
if (process.env.STIGG_EMULATOR_COMPILE_CACHE !== '0') {
  if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
  else {
    try {
      require('v8-compile-cache');
    } catch {
      // no cache: the bundle compiles as usual
    }
  }
}
require('./stigg-emulator.cjs');
`,
  { mode: 0o755 },
);

const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
const options = JSON.parse(readFileSync(join(root, 'src/graphql/graphiql-options.json'), 'utf8'));
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/graphiql.html'), renderGraphiQL(options));

// the schema's SDL parsed once here (start-up reads the JSON when no SDL file is newer)
const { parse } = await import('graphql');
const schemaDir = join(root, 'schema');
const sdl = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((f) => readFileSync(join(schemaDir, f), 'utf8'))
  .join('\n');
writeFileSync(join(root, 'dist/schema-ast.json'), JSON.stringify(parse(sdl, { noLocation: true })));

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
