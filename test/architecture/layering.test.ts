/**
 * The layering of src/ (docs/architecture.md), as .dependency-cruiser.cjs states it and
 * dependency-cruiser checks it: no import runs from a layer up into one above it, no files import
 * each other in a loop, every file of src/ has a layer, and each listed exception is still needed.
 * A failure names the rule (`<layer>-imports-only-below`, `no-circular`, `every-module-has-one-layer`)
 * and the import or the file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const configFile = join(root, '.dependency-cruiser.cjs');
const config = createRequire(import.meta.url)(configFile) as {
  forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden'];
  options: ICruiseOptions;
  layering: { layers: { name: string; path: string[] }[]; exceptions: { from: string; to: string; reason: string }[] };
};

async function cruiseTree(baseDir: string, tsConfig: string | null): Promise<ICruiseResult> {
  const { tsConfig: _ignored, ...options } = config.options;
  const result = await cruise(
    ['src'],
    { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } },
    undefined,
    tsConfig ? { tsConfig: extractTSConfig(tsConfig) } : undefined,
  );
  return result.output as ICruiseResult;
}

/** The rule every file of src/ is held to: one layer names it (no file outside the layering, none in two). */
function layerProblems(sources: string[]): string[] {
  return sources.flatMap((source) => {
    const named = config.layering.layers.filter((l) => l.path.some((p) => new RegExp(p).test(source))).map((l) => l.name);
    return named.length === 1 ? [] : [`every-module-has-one-layer: ${source} is in ${named.length === 0 ? 'no layer' : `${named.join(' and ')}`}`];
  });
}

const describeViolation = (v: IViolation): string =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle && v.cycle.length > 0 ? ` (loop: ${[v.from, ...v.cycle.map((c) => (typeof c === 'string' ? c : c.name))].join(' → ')})` : ''}`;

describe('layering', () => {
  it('docs/architecture.md shows the layers of .dependency-cruiser.cjs, bottom to top, in its picture and its table', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const names = config.layering.layers.map((l) => l.name);
    // the table: one row per layer, `name` first, in order
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(names);
    // the picture: one node per layer, chained bottom to top in the same order
    const chain = /^\s*(\w+(?: --> \w+)+)\s*$/m.exec(doc.slice(doc.indexOf('```mermaid')))?.[1]?.split(' --> ') ?? [];
    expect(chain.length).toBe(names.length);
    expect(chain.map((node) => node.toLowerCase())).toEqual(names.map((n) => n.replace(/-/g, '').toLowerCase()));
  });

  it('every import of src/ follows the layering (.dependency-cruiser.cjs)', async () => {
    const result = await cruiseTree(root, join(root, 'tsconfig.json'));
    const violations = [
      ...result.summary.violations.filter((v) => v.rule.severity === 'error').map(describeViolation),
      ...layerProblems(result.modules.map((m) => m.source).filter((s) => s.startsWith('src/'))),
    ];
    expect(violations, `imports against the layering (docs/architecture.md):\n${violations.join('\n')}`).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(200);
  }, 120_000);

  it('each exception names an import that still exists and says why', async () => {
    const result = await cruiseTree(root, join(root, 'tsconfig.json'));
    expect(config.layering.exceptions.length).toBeLessThanOrEqual(5);
    for (const exception of config.layering.exceptions) {
      expect(exception.reason.trim(), `${exception.from} → ${exception.to}: a reason`).not.toBe('');
      const module = result.modules.find((m) => m.source === exception.from);
      expect(module?.dependencies.some((d) => d.resolved === exception.to), `the exception ${exception.from} → ${exception.to} is no longer needed: remove it`).toBe(true);
    }
  }, 120_000);

  it('an import up the layers fails, naming the rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layering-'));
    try {
      for (const folder of ['catalog', 'usage']) mkdirSync(join(dir, 'src', folder), { recursive: true });
      writeFileSync(join(dir, 'src/usage/report.ts'), "export const report = 1;\n");
      writeFileSync(join(dir, 'src/catalog/plans.ts'), "import { report } from '../usage/report';\nexport const plans = report;\n");
      writeFileSync(join(dir, 'src/stray.ts'), "export const stray = 1;\n");
      const result = await cruiseTree(dir, null);
      expect(result.summary.violations.map(describeViolation)).toEqual(['catalog-imports-only-below: src/catalog/plans.ts → src/usage/report.ts']);
      expect(layerProblems(result.modules.map((m) => m.source))).toEqual(['every-module-has-one-layer: src/stray.ts is in no layer']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
