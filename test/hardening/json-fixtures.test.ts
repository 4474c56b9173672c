/** A `.json` fixture (or a JSON body) is read as JSON: a syntax error says where, in which file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { FixtureError, jsonErrorOffset, loadFixtureFiles } from '../../src/fixtures/load.js';
import { newEnvironment, rest, testEmulator } from '../support/emulator.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-json-'));
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

const problemsOf = (paths: string[]): string[] => {
  try {
    loadFixtureFiles(paths);
  } catch (error) {
    if (error instanceof FixtureError) return error.problems;
    throw error;
  }
  return [];
};

describe('JSON fixtures are parsed as JSON', () => {
  it('reports a trailing comma in a .json file with its file, line and column (not as YAML)', () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.json');
    writeFileSync(file, '{\n  "features": [\n    { "id": "feature-a" },\n  ]\n}\n');
    const problems = problemsOf([file]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^.*catalog\.json: \(root\): cannot parse: .* in JSON at line 4, column 3$/);
    expect(problems[0]).not.toMatch(/YAML|Map keys|Nested mappings|flow/i);
  });

  it('says where an unexpected token is even when V8 does not ({"id": tru})', () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, '{"features": [\n {"id": tru}\n]}');
    expect(problemsOf([file])).toEqual([`${file}: (root): cannot parse: Unexpected token '}' in JSON at line 2, column 12`]);
  });

  it('a .json file that YAML would accept is still refused (JSON has no unquoted keys)', () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, '{ features: [ { id: feature-a } ] }');
    expect(problemsOf([file])).toEqual([expect.stringMatching(/a\.json: \(root\): cannot parse: .* in JSON at line 1, column 3$/)]);
    // a .yaml file of the same text is YAML (a flow mapping)
    const yaml = join(dir, 'a.yaml');
    writeFileSync(yaml, '{ features: [ { id: feature-a } ] }');
    expect(problemsOf([yaml])).toEqual([]);
  });

  it('a JSON body (content type application/json) with a syntax error answers 400 with line and column', async () => {
    const { id } = newEnvironment('json');
    for (const path of ['fixtures', 'import']) {
      const answer = await rest(emu, 'POST', `/_emulator/environments/${id}/${path}`, '{"customers": [\n  {"id": "c-1",}\n]}');
      expect(answer.status, path).toBe(400);
      expect(answer.body.error).toEqual({ code: 'BadUserInput', message: "body: (root): cannot parse: Expected double-quoted property name in JSON at line 2, column 16" });
    }
  });

  it('a large JSON body (read entry by entry) reports its syntax error and repeated keys the same way', async () => {
    const { id } = newEnvironment('json');
    const customers = Array.from({ length: 20_000 }, (_, i) => `  {"id": "c-${i}", "name": "Customer number ${i}"}`);
    const good = `{"customers": [\n${customers.join(',\n')}\n]}`;
    expect(good.length).toBeGreaterThan(1024 * 1024);
    const broken = good.replace('"name": "Customer number 7"}', '"name": "Customer number 7"');
    const answer = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, broken);
    expect(answer.body.error.message).toBe("body: (root): cannot parse: Expected double-quoted property name in JSON at line 10, column 3");
    const repeated = good.replace('"name": "Customer number 7"', '"name": "Customer number 7", "name": "x"');
    expect((await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, repeated)).body.error.message).toBe(
      'body: (root): cannot parse: Map keys must be unique in JSON at line 9, column 46',
    );
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, good);
    expect(loaded.status).toBe(200);
    expect(loaded.body.loaded.customers).toBe(20_000);
  });

  it('finds the first syntax error where JSON.parse does', () => {
    for (const text of ['{"a":1,}', '{"a" 1}', '[1,2', '{"a":1}x', '1.', '[1e]', '{"a":"\\x"}', '', '{"a":[1,{"b":null}]}']) {
      let position = -1;
      try {
        JSON.parse(text);
      } catch (error) {
        position = Number(/at position (\d+)/.exec((error as Error).message)?.[1] ?? text.length);
      }
      expect(jsonErrorOffset(text), text).toBe(position);
    }
  });
});
