/**
 * Shared completion for compiled queries: within one execution of a query, a field whose resolver
 * gives the same object as before (a subscription's plan, the catalog price of a subscription
 * price: the same cached catalog object for every subscription on the plan) is completed once, and
 * every later occurrence takes the completed value of the first, which is what completing it again
 * would give (a field's value is a function of its parent value, its arguments and the request's
 * context; the request's instant is pinned, and a query writes nothing). A completion that added
 * an error or waited for a promise is not shared (its errors carry its own path).
 *
 * The answer is then serialised with each shared value written once: every later occurrence is
 * a placeholder while the rest of the answer is serialised, and the placeholder is replaced by the
 * value's JSON text, the same bytes JSON.stringify writes for it there (JSON.stringify of a value
 * does not depend on where it is).
 *
 * graphql-jit gives no hook for this: the JavaScript it generates for a query is rewritten before it
 * is compiled (src/graphql/jit.ts): each field's resolver handler, `function <name>ResolverHandler(
 * __context, __parent, __field<name>, idx...)`, is wrapped; a handler the pattern does not recognise
 * stays as it was.
 */
import { randomBytes } from 'node:crypto';

/** The shared values of one execution and where they were reused. */
export interface SharedCompletion {
  /** by resolved object: [handler, completed value, handler, completed value, ...] */
  memo: Map<object, unknown[]>;
  /** [parent, response name, parent, response name, ...]: where a shared value was reused */
  reused: unknown[];
}

/** How an execution finds its state: a property of the context it is given (set for the call only). */
const STATE = 'stigg-emulator.shared-completion';
const stateKey = Symbol.for(STATE);

const HANDLER = /function ((\w+?)ResolverHandler\d*)\(__context, __parent, __field\w+, ([\w, ]*)\) \{(\s*(?:let __validNode\d+ = false;\s*)*)__parent\.(\w+) = /g;
const QUERY = 'return function query (__context) {\n  "use strict";\n';

/**
 * The generated body with the resolver handlers of the fields `shared` accepts wrapped (by their
 * parent type's and field's names run together, as graphql-jit names the handlers: fields of an
 * object or abstract type, whose values are worth sharing), or the body unchanged when it is not
 * graphql-jit's query body as known.
 */
export function rewriteQueryBody(body: string, shared: (typeAndField: string) => boolean): string {
  if (!body.startsWith(QUERY)) return body;
  const wrappers: string[] = [];
  const rewritten = body.replace(HANDLER, (match, name: string, prefix: string, idx: string, _declarations: string, response: string) => {
    // graphql-jit's name: the response name, the parent type's name, the field's name
    if (!prefix.startsWith(response) || !shared(prefix.slice(response.length))) return match;
    wrappers.push(`
function ${name}(__context, __parent, __source, ${idx}) {
  const state = __context.__shared;
  if (state === undefined || __source === null || typeof __source !== "object") return ${name}__completed(__context, __parent, __source, ${idx});
  let entry = state.memo.get(__source);
  if (entry !== undefined) {
    for (let i = 0; i < entry.length; i += 2) {
      if (entry[i] === ${name}__completed) {
        __parent.${response} = entry[i + 1];
        state.reused.push(__parent, "${response}");
        return;
      }
    }
  }
  const errors = __context.errors.length, nullErrors = __context.nullErrors.length, promises = __context.promiseCounter;
  ${name}__completed(__context, __parent, __source, ${idx});
  const value = __parent.${response};
  if (value === null || typeof value !== "object" || __context.errors.length !== errors || __context.nullErrors.length !== nullErrors || __context.promiseCounter !== promises) return;
  if (entry === undefined) state.memo.set(__source, [${name}__completed, value]);
  else entry.push(${name}__completed, value);
}`);
    return match.replace(`function ${name}(`, `function ${name}__completed(`);
  });
  if (wrappers.length === 0) return body;
  const prologue = `${QUERY}  __context.__shared = __context.context != null ? __context.context[Symbol.for(${JSON.stringify(STATE)})] : undefined;\n`;
  return prologue + rewritten.slice(QUERY.length) + wrappers.join('\n');
}

/** Runs `execute` (a compiled query of a rewritten body) with a state of its own; the state, for the serialiser. */
export function executeSharing<R>(context: unknown, execute: () => R): { result: R; state: SharedCompletion } {
  const state: SharedCompletion = { memo: new Map(), reused: [] };
  const holder = context !== null && typeof context === 'object' ? (context as Record<symbol, unknown>) : null;
  const before = holder?.[stateKey];
  if (holder) holder[stateKey] = state;
  try {
    return { result: execute(), state };
  } finally {
    if (holder) {
      if (before === undefined) delete holder[stateKey];
      else holder[stateKey] = before;
    }
  }
}

const NONCE = randomBytes(16).toString('hex');
// a placeholder's text starts with DEL, which JSON.stringify writes as is and answers hardly ever hold,
// so its places are found by looking for one byte
const DEL = 0x7f;
const MARK = Buffer.from(`\u007f${NONCE}#`);
const QUOTE = 0x22;
const DIGIT_0 = 0x30;

/** Whether the mark starts at `start`. */
function marked(bytes: Buffer, start: number): boolean {
  if (start + MARK.length > bytes.length) return false;
  for (let i = 1; i < MARK.length; i++) if (bytes[start + i] !== MARK[i]) return false;
  return true;
}

/**
 * Where a text is encoded to be spliced: one buffer, kept (up to a size) and reused by every call
 * (the splice is synchronous), instead of fresh memory for every answer.
 */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
const SCRATCH_MAX = 4 * 1024 * 1024;
function encoded(text: string): Buffer {
  const length = Buffer.byteLength(text);
  if (length > scratch.length) {
    if (length > SCRATCH_MAX) return Buffer.from(text);
    scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(length, scratch.length * 2)));
  }
  scratch.write(text, 0, length);
  return scratch.subarray(0, length);
}

/**
 * JSON.stringify(result)'s text, as UTF-8 bytes (a Buffer: its toString() is the text), with each
 * value shared by several places of the answer serialised once (see the module comment). The answer
 * is serialised with each later place of a shared value holding a placeholder (a string with a
 * random mark of this process), then the placeholders' text is replaced by the values' JSON text.
 * The text itself (a string) when nothing was shared, the result has errors (graphql-jit may have
 * trimmed values) or a place no longer holds its shared value.
 */
export function stringifySharing(result: { data?: unknown; errors?: readonly unknown[] } | null | undefined, state: SharedCompletion): string | Buffer {
  const reused = state.reused;
  if (!result || typeof result !== 'object' || result.data == null || (result.errors?.length ?? 0) > 0 || reused.length === 0) return JSON.stringify(result);
  const index = new Map<object, number>();
  const texts: Buffer[] = [];
  for (let i = 0; i < reused.length; i += 2) {
    const value = (reused[i] as Record<string, unknown>)[reused[i + 1] as string];
    if (value === null || typeof value !== 'object') return JSON.stringify(result);
    if (!index.has(value)) {
      index.set(value, texts.length);
      texts.push(Buffer.from(JSON.stringify(value)));
    }
  }
  let text: string;
  const values: unknown[] = new Array(reused.length / 2);
  try {
    for (let i = 0; i < reused.length; i += 2) {
      const parent = reused[i] as Record<string, unknown>;
      const key = reused[i + 1] as string;
      const value = parent[key] as object;
      values[i / 2] = value;
      parent[key] = `\u007f${NONCE}#${index.get(value)}`;
    }
    text = JSON.stringify(result);
  } finally {
    for (let i = 0; i < reused.length; i += 2) if (values[i / 2] !== undefined) (reused[i] as Record<string, unknown>)[reused[i + 1] as string] = values[i / 2];
  }
  // where the placeholders are (in the text's bytes), and which value each one stands for
  const bytes = encoded(text);
  const at: number[] = [];
  let size = bytes.length;
  for (let start = bytes.indexOf(DEL); start !== -1; ) {
    if (!marked(bytes, start)) {
      start = bytes.indexOf(DEL, start + 1);
      continue;
    }
    let n = 0;
    let end = start + MARK.length;
    for (; end < bytes.length && bytes[end] !== QUOTE; end++) {
      const digit = bytes[end]! - DIGIT_0;
      if (digit < 0 || digit > 9) return JSON.stringify(result);
      n = n * 10 + digit;
    }
    // a placeholder is a whole string: "<mark><number>"
    if (bytes[start - 1] !== QUOTE || end === start + MARK.length || end === bytes.length || n >= texts.length) return JSON.stringify(result);
    at.push(start - 1, end + 1, n);
    size += texts[n]!.length - (end + 2 - start);
    start = bytes.indexOf(DEL, end + 1);
  }
  if (at.length === 0) return text;
  const out = Buffer.allocUnsafe(size);
  let from = 0;
  let offset = 0;
  for (let i = 0; i < at.length; i += 3) {
    offset += bytes.copy(out, offset, from, at[i]);
    offset += texts[at[i + 2]!]!.copy(out, offset);
    from = at[i + 1]!;
  }
  bytes.copy(out, offset, from);
  return out;
}
