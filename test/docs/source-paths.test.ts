/** Every source file README.md and docs/ name (`src/...`, `test/...`, `scripts/...`, `bench/...`) exists, so a move cannot leave the docs pointing nowhere. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

it('the source paths the docs name exist', () => {
  const missing: string[] = [];
  for (const page of pages) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    // a path preceded by `dist/` is a build output, not a source
    for (const m of text.matchAll(/(?<![\w/.-])((?:src|test|scripts|bench|examples)\/[\w./-]+\.(?:ts|tsx|mjs|cjs|js|graphql|sql|sh|py|go))(?!\w)/g)) {
      if (!existsSync(join(ROOT, m[1]!))) missing.push(`${page}: ${m[1]}`);
    }
  }
  expect(missing).toEqual([]);
});
