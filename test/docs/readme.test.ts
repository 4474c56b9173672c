/**
 * What the README states that is not an example: the "Differences from Stigg" table names a Stigg
 * page (or says that none covers it) for every entry. The README's examples (and those of docs/)
 * are run by the doc-test harness, doctest.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe("the README's differences from Stigg", () => {
  it('names, for every entry, the Stigg page it departs from or says that no page covers it', () => {
    const section = README.slice(README.indexOf('## Differences from Stigg'), README.indexOf('## Performance'));
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| topic'));
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const cells = row.split(' | ');
      const page = cells.at(-1)!.replace(/ \|$/, '');
      expect(page, row.slice(0, 60)).toMatch(/^(https:\/\/docs\.stigg\.io\/\S+|no page covers it)/);
    }
  });
});
