/**
 * The doc-test harness: the fenced blocks of README.md and docs/*.md, what each one is, and the
 * matching of a documented answer against a real one. doctest.test.ts runs them.
 *
 * A block's role comes from its language and, where needed, one annotation on the line before its
 * fence (a blank line may sit between), an HTML comment the rendered page does not show:
 *
 *   sh        run against an emulator of the file's own (127.0.0.1:4000 and localhost:4000 become
 *             its port): every `curl` answers 2xx (or the status documented), and an answer
 *             documented on the comment lines after a command (`# {...}` or `# 201 {...}`) must
 *             match; assignments (`E=...`, `export X=...`, `H=(...)`) carry over to the file's later
 *             blocks; `stigg-emulator ...` lines run the CLI from the sources
 *   yaml      a fixture document, loaded into the file's environment (blocks of a file add up)
 *   json      an answer: `<!-- doctest: answer -->` (of the previous command in the file) or
 *             `<!-- doctest: scenario NAME -->` (of a scenario doctest.test.ts runs)
 *   ts        `<!-- doctest: run -->` (run in process with startEmulator and the Node SDK) or
 *             `<!-- doctest: same-as PATH -->` (identical to a test file that runs)
 *   python, go, ts, sh
 *             `<!-- doctest: excerpt PATH -->`: the block's lines appear, in order, in that file,
 *             which a test runs (the examples in scripts/test-examples.sh)
 *   any       `<!-- doctest: covered-by PATH "TEXT" -->`: run by that test, which contains TEXT;
 *             `<!-- doctest: skip REASON -->`: not run, and counted (a handful, each with its reason)
 *   text      not an example (a URL, a layout): nothing to run
 *
 * In a documented answer, `...` in an object or array stands for more members or elements, a
 * string ending in `..."` matches any string that starts with what comes before, `"..."` matches
 * any value, and illustrative generated ids (UUIDs, `subscription-<plan>-<6 hex>`) match any of
 * their kind. An object without `...` must have exactly the documented keys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Block {
  file: string;
  /** 1-based line of the opening fence */
  line: number;
  lang: string;
  code: string;
  /** the annotation before the fence: `skip reason`, `answer`, ... (without `doctest:`) */
  annotation: string | null;
}

export function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    let j = start - 1;
    if (j >= 0 && lines[j]!.trim() === '') j--;
    const comment = j >= 0 ? /^<!--\s*doctest:\s*(.*?)\s*-->\s*$/.exec(lines[j]!) : null;
    found.push({ file, line: start + 1, lang: open[1]!, code: body.join('\n'), annotation: comment ? comment[1]! : null });
  }
  return found;
}

// ---------------------------------------------------------------------------------------- shell

export interface ShellStatement {
  /** the command as bash runs it (continuations joined, trailing comment removed) */
  command: string;
  /** the answer documented on the comment lines after it: status and JSON text */
  expected: { status: number | null; json: string | null; text: string | null } | null;
  kind: 'curl' | 'assignment' | 'stigg-emulator' | 'other';
}

/** Remove a trailing `# comment` that is outside quotes. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trimEnd();
  }
  return line;
}

const balanced = (text: string) => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return depth <= 0;
};

export function shellStatements(code: string): ShellStatement[] {
  const lines = code.split('\n');
  const out: ShellStatement[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    let command = stripComment(raw);
    // continuations: a trailing backslash, or an array assignment left open
    while ((command.trimEnd().endsWith('\\') || (/^\w+=\(/.test(command.trim()) && !command.includes(')'))) && i + 1 < lines.length) {
      const next = stripComment(lines[++i]!).trim();
      command = command.trimEnd().endsWith('\\') ? `${command.trimEnd().slice(0, -1)} ${next}` : `${command} ${next}`;
    }
    command = command.trim();
    // the documented answer: comment lines right after the command, `# [status] {json}` (or text)
    let expected: ShellStatement['expected'] = null;
    const first = lines[i + 1]?.trim() ?? '';
    const answer = /^#\s+(?:(\d{3})\s*)?([{[].*)$/.exec(first);
    if (answer) {
      let json = answer[2]!;
      i++;
      while (!balanced(json) && i + 1 < lines.length && lines[i + 1]!.trim().startsWith('#')) json += `\n${lines[++i]!.trim().replace(/^#\s?/, '')}`;
      expected = { status: answer[1] ? Number(answer[1]) : null, json, text: null };
    } else {
      const textAnswer = /^#\s+->\s?(.*)$/.exec(first);
      if (textAnswer) {
        i++;
        expected = { status: null, json: null, text: textAnswer[1]! };
      }
    }
    const kind = /^curl\s/.test(command)
      ? 'curl'
      : /^(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(command)
        ? 'assignment'
        : /^(node_modules\/\.bin\/|npx\s+)?stigg-emulator(\s|$)/.test(command)
          ? 'stigg-emulator'
          : 'other';
    out.push({ command, expected, kind });
  }
  return out;
}

// ------------------------------------------------------------------------ documented answers

const MORE = Symbol('more');
type Documented = null | boolean | number | string | typeof MORE | Documented[] | { [key: string]: Documented; [MORE]?: true };

/** Parse a documented answer: JSON with `...` for "more" (see the file's comment). */
export function parseDocumented(text: string): Documented {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`documented answer: ${what} at ${i}: ${text.slice(Math.max(0, i - 20), i + 20)}`);
  };
  const value = (): Documented => {
    ws();
    if (text.startsWith('...', i)) {
      i += 3;
      return MORE;
    }
    const ch = text[i];
    if (ch === '{') {
      i++;
      const obj: { [key: string]: Documented; [MORE]?: true } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text.startsWith('...', i)) {
          i += 3;
          obj[MORE] = true;
        } else {
          const key = value();
          if (typeof key !== 'string') fail('expected a key');
          ws();
          if (text[i] !== ':') fail('expected ":"');
          i++;
          obj[key as string] = value();
        }
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (ch === '[') {
      i++;
      const arr: Documented[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    const literal = /^("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!literal) return fail('unexpected text');
    i += literal[0].length;
    return JSON.parse(literal[0]) as Documented;
  };
  const result = value();
  ws();
  if (i < text.length) fail('trailing text');
  return result;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GENERATED = /^(subscription-.+-)[0-9a-f]{6}$/;

function matchString(doc: string, actual: unknown): boolean {
  if (doc === '...') return true;
  if (typeof actual !== 'string') return false;
  if (doc.endsWith('...')) return actual.startsWith(doc.slice(0, -3));
  if (UUID.test(doc)) return UUID.test(actual);
  const generated = GENERATED.exec(doc);
  if (generated) return GENERATED.test(actual) && actual.startsWith(generated[1]!);
  return doc === actual;
}

/** Where the documented answer departs from the actual one (empty when it matches). */
export function mismatches(doc: Documented, actual: unknown, path = '$'): string[] {
  if (doc === MORE) return [];
  if (typeof doc === 'string') return matchString(doc, actual) ? [] : [`${path}: documented ${JSON.stringify(doc)}, got ${JSON.stringify(actual)}`];
  if (doc === null || typeof doc !== 'object') return doc === actual ? [] : [`${path}: documented ${JSON.stringify(doc)}, got ${JSON.stringify(actual)}`];
  if (Array.isArray(doc)) {
    if (!Array.isArray(actual)) return [`${path}: documented an array, got ${JSON.stringify(actual)}`];
    const more = doc.includes(MORE);
    const items = doc.filter((d) => d !== MORE);
    if (!more) {
      if (items.length !== actual.length) return [`${path}: documented ${items.length} elements, got ${actual.length}`];
      return items.flatMap((d, k) => mismatches(d, actual[k], `${path}[${k}]`));
    }
    // in order, each documented element matching a later actual one
    let k = 0;
    for (const [n, d] of items.entries()) {
      while (k < actual.length && mismatches(d, actual[k], path).length > 0) k++;
      if (k >= actual.length) return [`${path}: documented element ${n} (${JSON.stringify(d)}) not found in order in ${JSON.stringify(actual).slice(0, 300)}`];
      k++;
    }
    return [];
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: documented an object, got ${JSON.stringify(actual)}`];
  const record = actual as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, d] of Object.entries(doc)) {
    if (!(key in record)) problems.push(`${path}.${key}: documented, missing`);
    else problems.push(...mismatches(d, record[key], `${path}.${key}`));
  }
  if (!(MORE in doc)) for (const key of Object.keys(record)) if (!(key in doc)) problems.push(`${path}.${key}: answered, not documented (add it, or "..." for more)`);
  return problems;
}

// ---------------------------------------------------------------------------------------- excerpt

const normalized = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** Whether the block's lines appear, in order and one after another, in the file (indentation and blank lines aside). */
export function isExcerptOf(block: string, fileText: string): boolean {
  const want = normalized(block);
  const have = normalized(fileText);
  if (want.length === 0) return false;
  outer: for (let start = 0; start + want.length <= have.length; start++) {
    for (let k = 0; k < want.length; k++) if (have[start + k] !== want[k]) continue outer;
    return true;
  }
  return false;
}
