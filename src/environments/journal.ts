/**
 * The request journal of one environment: the last requests, newest last, in a fixed-size ring
 * (--journal-size entries; the oldest is overwritten). Each entry is kept as its own JSON text, a
 * fresh string that holds nothing of the request: variables (and a clock move's transitions)
 * larger than MAX_JOURNAL_VARIABLES_BYTES once serialized are replaced by a marker with their size
 * and a copy of the beginning of their JSON, the operation name, method and path are cut at
 * MAX_JOURNAL_TEXT_CHARS and the error codes at MAX_JOURNAL_ERROR_CODES. So one entry keeps at
 * most MAX_JOURNAL_ENTRY_BYTES characters and the journal at most
 * capacity x MAX_JOURNAL_ENTRY_BYTES, whatever the requests' size.
 */
export interface JournalEntry {
  at: string;
  transport: 'graphql' | 'rest' | 'governance' | 'edge' | 'control';
  operationName: string | null;
  /** a GraphQL operation without a name: its type and root fields, e.g. `mutation { provisionCustomer }` */
  anonymous?: string;
  variables?: unknown;
  method?: string;
  path?: string;
  status: 'ok' | 'error';
  httpStatus: number;
  errorCodes: string[];
  durationMs: number;
  /** a clock move: the transitions it applied */
  applied?: unknown[];
}

/** Serialized variables (or applied transitions) above this size are truncated. */
export const MAX_JOURNAL_VARIABLES_BYTES = 16 * 1024;
/** How much of truncated JSON the marker keeps. */
const PREVIEW_CHARS = 1024;

/** The operation name, method and path are cut at this many characters. */
export const MAX_JOURNAL_TEXT_CHARS = 512;
/** At most this many error codes are kept, then `... and N more`. */
export const MAX_JOURNAL_ERROR_CODES = 20;
/**
 * The most characters of JSON one entry keeps: the variables and the transitions (each bounded
 * above, a marker included), four texts (operation name, anonymous operation, method, path), the error codes (64 characters each at most) and the
 * fixed fields.
 */
export const MAX_JOURNAL_ENTRY_BYTES = 2 * (MAX_JOURNAL_VARIABLES_BYTES + 256) + 4 * (MAX_JOURNAL_TEXT_CHARS + 16) + (MAX_JOURNAL_ERROR_CODES + 1) * 72 + 512;

export const DEFAULT_JOURNAL_SIZE = 1000;

/** A copy of `text` (a slice of a large string would keep all of it alive). */
const copyOf = (text: string): string => Buffer.from(text, 'utf16le').toString('utf16le');

const boundedText = (text: string | null | undefined, max = MAX_JOURNAL_TEXT_CHARS): string | null | undefined =>
  typeof text === 'string' && text.length > max ? `${text.slice(0, max)}...` : text;

function boundedCodes(codes: string[]): string[] {
  const kept = codes.slice(0, MAX_JOURNAL_ERROR_CODES).map((c) => boundedText(String(c), 64)!);
  if (codes.length > MAX_JOURNAL_ERROR_CODES) kept.push(`... and ${codes.length - MAX_JOURNAL_ERROR_CODES} more`);
  return kept;
}

/** What the journal keeps of a value: itself, or `{ $truncated: true, bytes, preview }` when it is too large. */
export function boundedValue(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'null';
  } catch {
    return { $truncated: true, bytes: null, preview: '(not serializable)' };
  }
  if (json.length <= MAX_JOURNAL_VARIABLES_BYTES) return value;
  return { $truncated: true, bytes: Buffer.byteLength(json), preview: copyOf(json.slice(0, PREVIEW_CHARS)) };
}

export class RequestJournal {
  /** each entry as its JSON text */
  private ring: (string | undefined)[];
  /** index of the next write */
  private next = 0;
  private count = 0;
  /** Changes at every add and clear (for cheap change detection). */
  stamp = 0;

  constructor(readonly capacity = DEFAULT_JOURNAL_SIZE) {
    this.ring = new Array<string | undefined>(capacity);
  }

  /** Keep what the journal shows of `entry`; `variablesBounded`: its variables are already what boundedValue() keeps of them. */
  add(entry: JournalEntry, options?: { variablesBounded?: boolean }): void {
    const kept: JournalEntry = {
      ...entry,
      operationName: boundedText(entry.operationName) ?? null,
      errorCodes: boundedCodes(entry.errorCodes),
    };
    if (entry.anonymous !== undefined) kept.anonymous = boundedText(entry.anonymous)!;
    if (entry.method !== undefined) kept.method = boundedText(entry.method)!;
    if (entry.path !== undefined) kept.path = boundedText(entry.path)!;
    if ('variables' in entry && !options?.variablesBounded) kept.variables = boundedValue(entry.variables);
    if (entry.applied !== undefined) {
      const applied = boundedValue(entry.applied);
      kept.applied = Array.isArray(applied) ? applied : [applied];
    }
    let text: string;
    try {
      text = JSON.stringify(kept);
    } catch {
      text = JSON.stringify({ ...kept, variables: boundedValue(undefined), applied: undefined });
    }
    this.addText(text);
  }

  /**
   * Keep an entry already serialized as add() serializes it (its texts and variables bounded, its
   * fields in add()'s order): the lean routes' entries, made from parts prepared once per request shape.
   */
  addText(text: string): void {
    this.ring[this.next] = text;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.stamp++;
  }

  /** The entries, oldest first. */
  list(): JournalEntry[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push(JSON.parse(this.ring[(start + i) % this.capacity]!) as JournalEntry);
    return out;
  }

  /** The newest entry, if any. */
  last(): JournalEntry | undefined {
    return this.count ? (JSON.parse(this.ring[(this.next - 1 + this.capacity) % this.capacity]!) as JournalEntry) : undefined;
  }

  /** The JSON text of each kept entry, oldest first (what the journal holds in memory). */
  stored(): string[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    return Array.from({ length: this.count }, (_, i) => this.ring[(start + i) % this.capacity]!);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.ring = new Array<string | undefined>(this.capacity);
    this.next = 0;
    this.count = 0;
    this.stamp++;
  }
}
