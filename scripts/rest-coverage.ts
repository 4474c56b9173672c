/**
 * The REST API's coverage against Stigg's REST SDK (schema/rest-methods.json, from the TypeScript
 * SDK's api.md): every method is served (with a test through the TypeScript REST SDK, and whether
 * the Python REST SDK suite calls it), answered 501 with its reason, or missing.
 *
 *   npx tsx scripts/rest-coverage.ts          # the table and the counts; exit 1 when one is missing
 *   npx tsx scripts/rest-coverage.ts --json   # the same as JSON
 *   npx tsx scripts/rest-coverage.ts --markdown --write   # the table, written into docs/rest.md
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageMarkdown, restCoverage } from '../src/rest/coverage.js';
import { restMethods } from '../src/rest/methods.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (dir: string, match: RegExp) =>
  readdirSync(join(repo, dir))
    .filter((f) => match.test(f))
    .map((f) => readFileSync(join(repo, dir, f), 'utf8'))
    .join('\n');

const reference = JSON.parse(readFileSync(join(repo, 'schema/rest-methods.json'), 'utf8')) as { methods: { sdk: string; method: string; path: string }[] };
const report = restCoverage(reference.methods, restMethods, {
  typescript: read('sdk-tests/typescript-rest', /\.test\.ts$/),
  python: read('sdk-tests/python-rest', /^test_.*\.py$/),
});

if (process.argv.includes('--markdown')) {
  console.log(coverageMarkdown(report));
} else if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const rows = report.methods.map((m) => `${m.status.padEnd(13)} ${m.typescriptTest ? 'ts' : '  '} ${m.pythonTest ? 'py' : '  '}  ${m.method.toUpperCase().padEnd(6)} ${m.path.padEnd(62)} ${m.sdk}${m.reason ? `  (${m.reason})` : ''}`);
  console.log(rows.join('\n'));
  const c = report.counts;
  console.log(
    `\nREST coverage against ${reference.methods.length} SDK methods: ${c.served} served (${c.servedWithTypescriptTest} with a TypeScript SDK test, ${c.servedWithPythonTest} called by the Python SDK suite), ${c.notSupported} not supported (501), ${c.missing} missing, ${c.unknown} declared but not in the SDK`,
  );
}
if (process.argv.includes('--write')) {
  const path = join(repo, 'docs/rest.md');
  const doc = readFileSync(path, 'utf8');
  writeFileSync(path, doc.replace(/(<!-- rest-methods:start -->\n)[\s\S]*?(<!-- rest-methods:end -->)/, `$1${coverageMarkdown(report)}\n$2`));
}
process.exit(report.counts.missing > 0 || report.counts.unknown > 0 || report.counts.servedWithTypescriptTest < report.counts.served ? 1 : 0);
