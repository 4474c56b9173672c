/**
 * Every fenced block of README.md and docs/*.md, run or checked (the harness and the annotations
 * it reads: doctest.ts). Each file gets an emulator of its own, started as docs/time-travel.md's example
 * says (--start-time 2025-01-01T00:00:00Z), whose port replaces 4000 in the examples; its
 * shell examples run in order with bash and curl, and every documented answer is compared with the
 * real one. The last test lists what each block was and fails on any block left unchecked, on an
 * unknown annotation, and on more skipped blocks than MAX_SKIPPED.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Stigg } from '@stigg/node-server-sdk';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { blocksOf, isExcerptOf, markdownFiles, mismatches, parseDocumented, ROOT, shellStatements, type Block } from './doctest.js';
import { SCENARIOS } from './doctest-scenarios.js';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const START_TIME = '2025-01-01T00:00:00Z';
/** Blocks that cannot run here (development commands, Docker Compose, a container library); each says why. */
const MAX_SKIPPED = 5;

type Outcome = 'ran' | 'answer' | 'scenario' | 'fixtures' | 'same-as' | 'excerpt' | 'covered-by' | 'skipped' | 'text';
const outcomes = new Map<string, { block: Block; outcome: Outcome; note: string }>();
const where = (b: Block) => `${b.file}:${b.line}`;
const record = (b: Block, outcome: Outcome, note = '') => outcomes.set(where(b), { block: b, outcome, note });

const FILES = markdownFiles();
const ALL = FILES.flatMap(blocksOf);
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

/** The annotation's verb and the rest: `skip some reason` -> ['skip', 'some reason']. */
const verb = (b: Block): [string, string] => {
  const a = b.annotation ?? '';
  const space = a.indexOf(' ');
  return space < 0 ? [a, ''] : [a.slice(0, space), a.slice(space + 1).trim()];
};

/** Checks that need no emulator: skip, excerpt, covered-by, same-as, text. Answers false when the block needs running. */
function checkStatic(b: Block): boolean {
  const [kind, rest] = verb(b);
  if (b.lang === 'text') {
    record(b, 'text');
    return true;
  }
  if (kind === 'skip') {
    expect(rest, `${where(b)}: a skipped block says why`).not.toBe('');
    record(b, 'skipped', rest);
    return true;
  }
  if (kind === 'excerpt') {
    const path = join(ROOT, rest);
    expect(existsSync(path), `${where(b)}: ${rest} exists`).toBe(true);
    expect(isExcerptOf(b.code, readFileSync(path, 'utf8')), `${where(b)}: its lines appear in ${rest}, in order`).toBe(true);
    record(b, 'excerpt', rest);
    return true;
  }
  if (kind === 'covered-by') {
    const m = /^(\S+)\s+"(.+)"$/.exec(rest);
    expect(m, `${where(b)}: covered-by PATH "TEXT"`).not.toBeNull();
    const path = join(ROOT, m![1]!);
    expect(existsSync(path), `${where(b)}: ${m![1]} exists`).toBe(true);
    expect(readFileSync(path, 'utf8'), `${where(b)}: ${m![1]} contains ${m![2]}`).toContain(m![2]!);
    record(b, 'covered-by', m![1]!);
    return true;
  }
  if (kind === 'same-as') {
    const file = readFileSync(join(ROOT, rest), 'utf8')
      .replace(/^(\/\/.*\n)+/, '')
      .replace("from '../../src/index.js'", "from 'stigg-emulator'");
    const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    expect(lines(b.code), `${where(b)}: identical to ${rest}`).toEqual(lines(file));
    record(b, 'same-as', rest);
    return true;
  }
  return false;
}

interface FileRun {
  emu: RunningEmulator;
  cwd: string;
  /** assignments of the file's shell examples so far (E=..., export ..., H=(...)) */
  prelude: string[];
  /** the answer of the last command run */
  last: unknown;
}

const local = (emu: RunningEmulator, text: string) => {
  const { host } = new URL(emu.url);
  return text.replaceAll('127.0.0.1:4000', host).replaceAll('localhost:4000', `localhost:${new URL(emu.url).port}`);
};

async function runShell(b: Block, f: FileRun): Promise<void> {
  const statements = shellStatements(b.code);
  expect(statements.length, `${where(b)}: a shell example has commands`).toBeGreaterThan(0);
  for (const s of statements) {
    const label = `${where(b)}: ${s.command}`;
    if (s.kind === 'assignment') {
      f.prelude.push(local(f.emu, s.command));
      continue;
    }
    if (s.kind === 'other') throw new Error(`${label}: cannot run this here; annotate the block (skip REASON, covered-by PATH "TEXT" or excerpt PATH)`);
    if (s.kind === 'stigg-emulator') {
      await runCli(label, s.command, s.expected, f);
      continue;
    }
    const script = [...f.prelude, `${local(f.emu, s.command)} -w '\\n%{http_code}'`].join('\n');
    const { stdout } = await run('bash', ['-c', script], { cwd: f.cwd, maxBuffer: 16 * 1024 * 1024 });
    const cut = stdout.lastIndexOf('\n');
    const status = Number(stdout.slice(cut + 1));
    const body = stdout.slice(0, cut);
    const shown = `${label}\n-> ${status} ${body.slice(0, 400)}`;
    if (s.expected?.status) expect(status, shown).toBe(s.expected.status);
    else expect(status, shown).toBeLessThan(300);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = body;
    }
    f.last = json;
    if (s.expected?.json) expect(mismatches(parseDocumented(s.expected.json), json), shown).toEqual([]);
  }
}

/** A `stigg-emulator ...` line, run from the sources: `exec` and `--version` to the end, a server until ready and then stopped. */
async function runCli(label: string, command: string, expected: { json: string | null; text: string | null } | null, f: FileRun): Promise<void> {
  const args = command.replace(/^(node_modules\/\.bin\/|npx\s+)?stigg-emulator\s*/, '');
  const script = `${TSX} ${join(ROOT, 'src', 'main.ts')} ${args.replace(/--port 4000\b/, '--port 0').replace(/--edge-port 3060\b/, '--edge-port -1')}`;
  const env = { ...process.env, STIGG_EMULATOR_LOG_FORMAT: 'json' };
  if (/^(exec\b|--version|-v\b|--help)/.test(args)) {
    const { stdout } = await run('bash', ['-c', script], { cwd: ROOT, env, timeout: 60_000 });
    f.last = stdout;
    if (expected?.text !== null && expected?.text !== undefined) expect(stdout.trim(), label).toBe(expected.text);
    if (expected?.json) expect(mismatches(parseDocumented(expected.json), JSON.parse(stdout)), label).toEqual([]);
    return;
  }
  // a server: it gets ready, answers, and stops cleanly on SIGTERM
  const child = spawn('bash', ['-c', `exec ${script} --port 0 --edge-port -1`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 45_000;
  while (!out.includes('"msg":"ready"') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  try {
    expect(out, `${label}: ready`).toContain('"msg":"ready"');
    const { url } = JSON.parse(out.split('\n').find((l) => l.includes('"msg":"ready"'))!) as { url: string };
    expect((await fetch(`${url}/_emulator/ready`)).status, label).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited, `${label}: stops cleanly`).toBe(0);
}

async function runBlock(b: Block, f: FileRun): Promise<void> {
  if (checkStatic(b)) return;
  const [kind, rest] = verb(b);
  if (['sh', 'bash', 'shell'].includes(b.lang) && !b.annotation) {
    await runShell(b, f);
    record(b, 'ran');
    return;
  }
  if (b.lang === 'yaml' && !b.annotation) {
    // a fixture document: it loads (fixtures of one file add up, in an environment of their own)
    const res = await fetch(`${f.emu.url}/_emulator/environments/doc-fixtures/fixtures`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: b.code });
    expect(res.status, `${where(b)}: ${await res.clone().text()}`).toBe(200);
    record(b, 'fixtures');
    return;
  }
  if (b.lang === 'json' && kind === 'answer') {
    expect(f.last, `${where(b)}: an answer documented after a command`).toBeDefined();
    expect(mismatches(parseDocumented(b.code), f.last), where(b)).toEqual([]);
    record(b, 'answer');
    return;
  }
  if (kind === 'scenario') {
    const scenario = SCENARIOS[rest];
    expect(scenario, `${where(b)}: scenario ${rest} is defined in doctest-scenarios.ts`).toBeDefined();
    const actual = await scenario!(f.emu);
    expect(mismatches(parseDocumented(b.code), actual), where(b)).toEqual([]);
    record(b, 'scenario', rest);
    return;
  }
  if (b.lang === 'ts' && kind === 'run') {
    const body = local(f.emu, b.code.replace(/^import .*$/gm, ''));
    const wrapped = `(async () => {\n${body}\nreturn { stigg: typeof stigg === 'undefined' ? undefined : stigg, emu: typeof emu === 'undefined' ? undefined : emu };\n})()`;
    const js = transformSync(wrapped, { loader: 'ts' }).code;
    const made = (await new AsyncFunction('startEmulator', 'Stigg', `return ${js}`)(startEmulator, Stigg)) as { stigg?: Stigg; emu?: RunningEmulator };
    await made.stigg?.close?.();
    if (made.emu && made.emu !== f.emu) await made.emu.close().catch(() => undefined);
    record(b, 'ran');
    return;
  }
  throw new Error(`${where(b)}: a ${b.lang || 'plain'} block the harness cannot check${b.annotation ? ` (annotation "${b.annotation}")` : ''}; annotate it (see test/docs/doctest.ts)`);
}

for (const file of FILES.filter((f) => blocksOf(f).length > 0)) {
  describe(file, () => {
    const f = { prelude: [], last: undefined } as unknown as FileRun;
    beforeAll(async () => {
      f.emu = await startEmulator({ startTime: START_TIME });
      f.cwd = mkdtempSync(join(tmpdir(), 'stigg-emulator-doctest-'));
      // the file docs/fixtures.md's "load more data" example posts
      writeFileSync(join(f.cwd, 'more.yaml'), 'features:\n  - { id: feature-readme-extra, featureType: BOOLEAN }\n');
    });
    afterAll(() => f.emu?.close());
    for (const b of blocksOf(file)) {
      it(`${b.lang || 'plain'} block at line ${b.line}${b.annotation ? ` (${b.annotation})` : ''}`, { timeout: 90_000 }, () => runBlock(b, f));
    }
  });
}

describe('coverage', () => {
  it('every block of README.md and docs/ was run or checked; the skipped ones are few and say why', () => {
    const missing = ALL.filter((b) => !outcomes.has(where(b))).map(where);
    expect(missing, 'blocks left unchecked (a failed test above, or an annotation the harness does not know)').toEqual([]);
    const skipped = [...outcomes.values()].filter((o) => o.outcome === 'skipped');
    expect(skipped.length, skipped.map((s) => `${where(s.block)}: ${s.note}`).join('\n')).toBeLessThanOrEqual(MAX_SKIPPED);
    const counts: Record<string, number> = {};
    for (const o of outcomes.values()) counts[o.outcome] = (counts[o.outcome] ?? 0) + 1;
    // the summary a reader of the test output sees
    console.log(`doc examples: ${ALL.length} blocks in ${FILES.length} files: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  });
});
