/**
 * What the docs state that is not an example: the "Differences from Stigg" table
 * (docs/differences.md) names a Stigg page (or says that none covers it) for every entry; the README
 * stays a short manual that links every page of docs/. The examples of README.md and docs/ are run
 * by the doc-test harness, doctest.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const DIFFERENCES = readFileSync(join(ROOT, 'docs', 'differences.md'), 'utf8');

describe("docs/differences.md's differences from Stigg", () => {
  it('names, for every entry, the Stigg page it departs from or says that no page covers it', () => {
    const section = DIFFERENCES.slice(DIFFERENCES.indexOf('# Differences from Stigg'));
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| topic'));
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const cells = row.split(' | ');
      const page = cells.at(-1)!.replace(/ \|$/, '');
      expect(page, row.slice(0, 60)).toMatch(/^(https:\/\/docs\.stigg\.io\/\S+|no page covers it)/);
    }
  });
});

describe('the README, a short manual', () => {
  it('has at most 400 lines', () => {
    expect(README.trimEnd().split('\n').length).toBeLessThanOrEqual(400);
  });

  it('links every page of docs/', () => {
    const pages = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(10);
    const unlinked = pages.filter((page) => !README.includes(`](docs/${page})`) && !README.includes(`](docs/${page}#`));
    expect(unlinked, 'docs/ pages the README does not link').toEqual([]);
  });

  it('links the differences from Stigg', () => {
    expect(README).toContain('[docs/differences.md](docs/differences.md)');
  });
});
