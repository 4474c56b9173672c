/**
 * Every method of Stigg's REST SDK (schema/rest-methods.json, from its api.md) is declared once:
 * served, with a `describe('<sdk name>'` in the TypeScript REST SDK suite, or answered 501 with a
 * reason. Nothing is missing, nothing extra, and /_emulator/info lists what is served.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { createLogger } from '../../src/logging/logger.js';
import { coverageMarkdown, restCoverage } from '../../src/rest/coverage.js';
import { restMethods } from '../../src/rest/methods.js';

const read = (dir: string, match: RegExp) =>
  readdirSync(dir)
    .filter((f) => match.test(f))
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
    .join('\n');
const reference = JSON.parse(readFileSync('schema/rest-methods.json', 'utf8')) as { methods: { sdk: string; method: string; path: string }[] };
const report = restCoverage(reference.methods, restMethods, {
  typescript: read('sdk-tests/typescript-rest', /\.test\.ts$/),
  python: read('sdk-tests/python-rest', /^test_.*\.py$/),
});

describe('REST coverage against the SDK', () => {
  it('lists the 122 methods of the SDK', () => {
    expect(reference.methods).toHaveLength(122);
  });

  it('declares every method exactly once, and nothing the SDK lacks', () => {
    expect(report.methods.filter((m) => m.status === 'missing').map((m) => m.sdk)).toEqual([]);
    expect(report.unknown).toEqual([]);
    const keys = restMethods.map((m) => `${m.method} ${m.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of restMethods) expect(reference.methods.find((r) => r.method === m.method && r.path === m.path)?.sdk, m.path).toBe(m.sdk);
  });

  it('tests every served method through the TypeScript REST SDK and calls it from the Python one', () => {
    const served = report.methods.filter((m) => m.status === 'served');
    expect(served.filter((m) => !m.typescriptTest).map((m) => m.sdk)).toEqual([]);
    expect(served.filter((m) => !m.pythonTest).map((m) => m.sdk)).toEqual([]);
  });

  it('is shown as it is in docs/rest.md (npx tsx scripts/rest-coverage.ts --markdown --write)', () => {
    const doc = readFileSync('docs/rest.md', 'utf8');
    const table = /<!-- rest-methods:start -->\n([\s\S]*?)\n<!-- rest-methods:end -->/.exec(doc)?.[1];
    expect(table).toBe(coverageMarkdown(report));
  });

  it('gives every method it does not serve a reason', () => {
    for (const m of report.methods.filter((x) => x.status === 'notSupported')) expect(m.reason, m.sdk).toMatch(/\w{3,}.*\w{3,}/);
  });
});

describe('/_emulator/info', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = createEmulator({ logger: createLogger('silent') });
  });
  afterAll(() => emu.close());

  it('lists the REST methods served and those answered 501', async () => {
    const info = (await (await emu.request('/_emulator/info')).json()) as { restMethods: { served: { sdk: string }[]; notSupported: { sdk: string; reason: string }[] } };
    expect(info.restMethods.served.length).toBe(report.counts.served);
    expect(info.restMethods.notSupported.length).toBe(report.counts.notSupported);
    expect(info.restMethods.served.map((m) => m.sdk)).toContain('v1.customers.retrieve');
  });
});
