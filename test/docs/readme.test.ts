/**
 * The README's examples run as written: its curl commands in order (against an emulator started as
 * the Time travel section says, the port put in place of 4000), its fixture document, its
 * in-process and Node SDK snippets, and its Vitest example (kept identical to
 * readme-example.test.ts, which runs in this suite). Covered elsewhere: `npm start` and the CLI
 * (bench/startup.mjs, scripts/test-package.sh), the browser SDK snippet
 * (test-browser/js-client-sdk.test.ts, edge off), Docker (scripts/test-docker.sh). Python, Go and
 * Testcontainers snippets need runtimes this suite does not have.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureFiles } from '../../src/fixtures/load.js';
import { startEmulator, type RunningEmulator } from '../../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const run = promisify(execFile);

interface Block {
  lang: string;
  code: string;
  line: number;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    found.push({ lang: open[1]!, code: body.join('\n'), line: start + 1 });
  }
  return found;
}

const ALL = blocks(README);
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

/** The shell commands of a block: curl lines with their continuations, each with the comment that follows it. */
function curlCommands(code: string): { command: string; expected: string | null }[] {
  const lines = code.split('\n');
  const commands: { command: string; expected: string | null }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim().startsWith('curl ')) continue;
    let command = lines[i]!;
    while (command.trimEnd().endsWith('\\') && i + 1 < lines.length) command = `${command.trimEnd().slice(0, -1)} ${lines[++i]!.trim()}`;
    const next = lines[i + 1]?.trim() ?? '';
    commands.push({ command: command.replace(/\s+#.*$/, ''), expected: next.startsWith('# {') ? next.slice(2) : null });
  }
  return commands;
}

describe('the README', () => {
  let emu: RunningEmulator;
  let cwd: string;
  beforeAll(async () => {
    // as the Time travel section says: started with --start-time 2025-01-01T00:00:00Z
    emu = await startEmulator({ port: 0, startTime: '2025-01-01T00:00:00Z' });
    cwd = mkdtempSync(join(tmpdir(), 'stigg-emulator-readme-'));
    // the file the "load more data" example posts
    writeFileSync(join(cwd, 'more.yaml'), 'features:\n  - { id: feature-readme-extra, featureType: BOOLEAN }\n');
  });
  afterAll(() => emu?.close());

  it('runs every curl command, in order, each answering JSON without an error', async () => {
    const port = new URL(emu.url).port;
    const commands = ALL.filter((b) => b.lang === 'sh').flatMap((b) => curlCommands(b.code).map((c) => ({ ...c, line: b.line })));
    expect(commands.length).toBeGreaterThanOrEqual(11);
    for (const { command, expected, line } of commands) {
      const local = command.replaceAll('127.0.0.1:4000', `127.0.0.1:${port}`);
      const { stdout } = await run('bash', ['-c', `${local} -w '\\n%{http_code}'`], { cwd });
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
      const body = stdout.slice(0, stdout.lastIndexOf('\n'));
      const where = `README.md block at line ${line}: ${command}\n-> ${status} ${body.slice(0, 300)}`;
      expect(status, where).toBeLessThan(300);
      const json = JSON.parse(body) as Record<string, unknown>;
      expect(json.error, where).toBeUndefined();
      expect(json.errors, where).toBeUndefined();
      // the answer shown in the README's comment has the same keys
      for (const key of expected?.match(/"(\w+)":/g) ?? []) expect(body, where).toContain(key);
    }
  });

  it('has a fixture document that loads as written', () => {
    const yaml = ALL.find((b) => b.lang === 'yaml' && b.code.includes('customer-acme'));
    expect(yaml).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'stigg-emulator-readme-yaml-')), 'fixtures.yaml');
    writeFileSync(file, yaml!.code);
    const merged = loadFixtureFiles([file]);
    expect(merged.plans.map((p) => p.item.id)).toEqual(['plan-free', 'plan-pro']);
  });

  it('runs the in-process snippet', async () => {
    const block = ALL.find((b) => b.lang === 'ts' && b.code.includes("import { startEmulator } from 'stigg-emulator'") && b.code.includes('emu.sdk;'));
    expect(block).toBeDefined();
    const body = block!.code.replace(/^import .*$/gm, '');
    await new AsyncFunction('startEmulator', body)(startEmulator);
  });

  it('runs the Node SDK snippet', async () => {
    const block = ALL.find((b) => b.lang === 'ts' && b.code.includes("from '@stigg/node-server-sdk'") && b.code.includes('provisionCustomer'));
    expect(block).toBeDefined();
    const body = `${block!.code.replace(/^import .*$/gm, '').replaceAll('127.0.0.1:4000', new URL(emu.url).host)}\nreturn stigg;`;
    const stigg = (await new AsyncFunction('Stigg', body)(Stigg)) as Stigg;
    try {
      const customer = await stigg.getCustomer('customer-demo-123');
      expect(customer.name).toBe('Acme');
    } finally {
      await stigg.close();
    }
  });

  it('shows the Vitest example that readme-example.test.ts runs', () => {
    const block = ALL.find((b) => b.lang === 'ts' && b.code.includes("from 'vitest'"));
    expect(block).toBeDefined();
    const file = readFileSync(join(import.meta.dirname, 'readme-example.test.ts'), 'utf8')
      .replace(/^\/\/.*\n/gm, (comment) => (comment.includes('see "Clock skew"') || comment.includes('apiKey, baseUri') ? comment : ''))
      .replace("from '../../src/index.js'", "from 'stigg-emulator'")
      .trim();
    expect(block!.code.trim()).toBe(file);
  });
});

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
