/** Findings 8 and 9: fixture loading reports every problem of every file, is linear, and SIGTERM ends it. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FixtureError, loadFixtureFiles } from '../../src/fixtures/load.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-fixtures-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const problemsOf = (paths: string[]): string[] => {
  try {
    loadFixtureFiles(paths);
  } catch (error) {
    if (error instanceof FixtureError) return error.problems;
    throw error;
  }
  return [];
};

describe('finding 9: every problem of every file, together', () => {
  it('reports a dangling symbolic link and a symbolic link loop as problems, beside the others', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'features: [ { id: feature-a } ]\n');
    symlinkSync(join(dir, 'missing.yaml'), join(dir, 'b.yaml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    symlinkSync(join(dir, 'self-link'), join(dir, 'self-link'));
    writeFileSync(join(dir, 'c.yaml'), 'plans: [ { id: plan-x, productId: product-missing } ]\n');
    const problems = problemsOf([dir]);
    expect(problems).toContainEqual(expect.stringMatching(/b\.yaml: broken symbolic link/));
    expect(problems).toContainEqual(expect.stringMatching(/loop: symbolic link loop/));
    expect(problems).toContainEqual(expect.stringMatching(/self-link: symbolic link loop/));
    expect(problems).toContainEqual(expect.stringMatching(/c\.yaml: plans\.0\.productId: unknown product "product-missing"/));
  });

  it('does not let a syntax error in one file hide the reference errors of the others', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'features: [ { id: feature-a \n');
    writeFileSync(join(dir, 'b.json'), '{"plans": [ { "id": "plan-x", "productId": "product-missing" } ]}');
    writeFileSync(join(dir, 'c.yaml'), 'addons: [ { id: addon-x, productId: product-gone } ]\n');
    const problems = problemsOf([dir]);
    expect(problems).toContainEqual(expect.stringMatching(/a\.yaml: \(root\): cannot parse/));
    expect(problems).toContainEqual(expect.stringMatching(/b\.json: plans\.0\.productId: unknown product "product-missing"/));
    expect(problems).toContainEqual(expect.stringMatching(/c\.yaml: addons\.0\.productId: unknown product "product-gone"/));
  });

  it('still reports a repeated key in JSON (parsed without the YAML parser)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), '{"features": [ { "id": "x", "id": "y" } ]}');
    expect(problemsOf([dir])).toContainEqual(expect.stringMatching(/a\.json: \(root\): cannot parse: Map keys must be unique/));
  });
});

/** `n` customers over a one-plan catalog, as JSON. */
function customersFixture(n: number): string {
  const customers = Array.from({ length: n }, (_, i) => ({ id: `customer-${i}`, name: `Customer ${i}`, metadata: { tier: 'gold' }, usage: [{ featureId: 'feature-seats', value: i % 10 }] }));
  return JSON.stringify({
    features: [{ id: 'feature-seats', featureType: 'NUMBER', meterType: 'Fluctuating' }],
    products: [{ id: 'product-main' }],
    plans: [{ id: 'plan-free', productId: 'product-main', pricingType: 'FREE' }],
    customers,
  });
}

describe('finding 8: linear loading', () => {
  it('reads, validates and merges 8 times more customers in well under 16 times the time', () => {
    const dir = tempDir();
    const time = (n: number) => {
      const file = join(dir, `f-${n}.json`);
      writeFileSync(file, customersFixture(n));
      loadFixtureFiles([file]); // warm
      const started = performance.now();
      loadFixtureFiles([file]);
      return performance.now() - started;
    };
    const small = time(2_000);
    const large = time(16_000);
    expect(large / small).toBeLessThan(16);
  });

  it('ends on SIGTERM while the seed is loading', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    // several seconds of loading
    writeFileSync(join(dir, '0.json'), customersFixture(20_000));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), '--port', '0', '--edge-port', '-1', '--fixtures', join(dir, '0.json')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number>((resolve) => child.on('exit', () => resolve(performance.now())));
    for (let i = 0; i < 300 && !out.includes('loading the seed'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('loading the seed');
    await new Promise((r) => setTimeout(r, 300));
    expect(out).not.toContain('"msg":"ready"');
    const sent = performance.now();
    child.kill('SIGTERM');
    const at = await exited;
    expect(at - sent).toBeLessThan(2000);
    expect(out).not.toContain('"msg":"ready"');
  });
});
