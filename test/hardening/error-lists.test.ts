/**
 * Bounded error lists: fixture problems are reported as the first 100 and a count of the rest,
 * everywhere (fixture files at start, POST .../fixtures, POST .../import, the inspector's form),
 * and validation stops early, so that millions of bad entries answer a 4xx in seconds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { FixtureError, loadFixtureFiles, MAX_PROBLEMS } from '../../src/fixtures/load.js';
import { newEnvironment, rest, testEmulator } from '../support/emulator.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-error-lists-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

/** `{"customers":[{},{},...]}` of about `bytes` bytes: every entry lacks its id. */
const tinyInvalidItems = (bytes: number) => `{"customers":[${'{},'.repeat(Math.floor(bytes / 3) - 10)}{}]}`;

const problemsOf = (paths: string[]): FixtureError => {
  try {
    loadFixtureFiles(paths);
  } catch (error) {
    if (error instanceof FixtureError) return error;
    throw error;
  }
  throw new Error('the fixtures loaded');
};

describe('bounded error lists', () => {
  it('a 30 MB import of millions of tiny invalid items answers 400 with 100 problems and "... and more", and the process keeps serving', { timeout: 60_000 }, async () => {
    const { id } = newEnvironment('limits');
    const body = tinyInvalidItems(30 * 1024 * 1024);
    const answer = await rest(emu, 'POST', `/_emulator/environments/${id}/import`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BadUserInput');
    const lines = (answer.body.error.message as string).split('\n');
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines[0]).toBe('body: customers.0.id: Invalid input: expected string, received undefined');
    expect(lines.at(-1)).toMatch(/^\.\.\. and at least \d+ more \(checking stopped after the first 100 problems\)$/);
    expect(answer.body.error.message.length).toBeLessThan(20_000);
    expect((await emu.request('/_emulator/health')).status).toBe(200);
    expect((await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, { customers: [{ id: 'c-after' }] })).status).toBe(200);
  });

  it('the same document as YAML-or-JSON (no JSON content type) and through POST .../fixtures is bounded too', { timeout: 60_000 }, async () => {
    const { id } = newEnvironment('limits');
    const body = tinyInvalidItems(2 * 1024 * 1024);
    for (const path of ['fixtures', 'import']) {
      const answer = await rest(emu, 'POST', `/_emulator/environments/${id}/${path}`, body, { 'content-type': 'application/yaml' });
      expect(answer.status, path).toBe(400);
      expect((answer.body.error.message as string).split('\n'), path).toHaveLength(MAX_PROBLEMS + 1);
    }
  });

  it('counts the rest exactly when every entry was checked ("... and N more")', async () => {
    const { id } = newEnvironment('limits');
    const plans = Array.from({ length: 250 }, (_, i) => ({ id: `plan-${i}`, productId: 'product-missing' }));
    const answer = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, { plans });
    expect(answer.status).toBe(400);
    const lines = (answer.body.error.message as string).split('\n');
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines[0]).toBe('body: plans.0.productId: unknown product "product-missing"');
    expect(lines.at(-1)).toBe('... and 150 more');
  });

  it('keeps listing every problem when there are at most 100', async () => {
    const { id } = newEnvironment('limits');
    const plans = Array.from({ length: 100 }, (_, i) => ({ id: `plan-${i}`, productId: 'product-missing' }));
    const answer = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, { plans });
    const lines = (answer.body.error.message as string).split('\n');
    expect(lines).toHaveLength(100);
    expect(lines.every((l) => l.includes('unknown product'))).toBe(true);
  });

  it('fixture files with 200,000 problems: the first 100 and a count, no stack trace', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), tinyInvalidItems(600_000));
    writeFileSync(join(dir, 'b.yaml'), 'features: [ { id: "bad id" } ]\n');
    const error = problemsOf([dir]);
    expect(error.problems).toHaveLength(MAX_PROBLEMS);
    expect(error.stopped).toBe(true);
    expect(error.message.split('\n')).toHaveLength(MAX_PROBLEMS + 2);
    expect(error.message).toMatch(/\.\.\. and at least \d+ more/);
  });

  it('the process started on such fixtures prints the bounded list and exits 1', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    // 200,000 reference problems (zod accepts every entry): all checked, all counted
    const plans = Array.from({ length: 200_000 }, (_, i) => ({ id: `p${i}`, productId: 'x' }));
    writeFileSync(join(dir, 'plans.json'), JSON.stringify({ plans }));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), '--port', '0', '--edge-port', '-1', '--log-level', 'silent', '--fixtures', dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('stigg-emulator: invalid fixtures:');
    expect(err).toContain('plans.json: plans.0.productId: unknown product "x"');
    expect(err).toContain(`... and ${200_000 - MAX_PROBLEMS} more`);
    expect(err).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
    expect(err.length).toBeLessThan(20_000);
  });

  it("the inspector's fixtures form shows the bounded list, in a page of bounded size", { timeout: 60_000 }, async () => {
    const env = newEnvironment('ui-limits');
    await rest(emu, 'POST', `/_emulator/environments/${env.id}/reset`);
    // 1.2 MB pasted: 3.6 MB once form-encoded, within the body limit
    const pasted = tinyInvalidItems(1_200_000);
    const res = await emu.request(`/_emulator/ui/environments/${env.id}/actions/fixtures`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ fixtures: pasted }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const shown = await emu.request(res.headers.get('location')!);
    const html = await shown.text();
    expect(html).toContain('BadUserInput');
    expect(html).toContain('body: customers.0.id');
    expect(html).toMatch(/\.\.\. and at least \d+ more/);
    expect(html.length).toBeLessThan(200_000);
  });
});
