/**
 * The request journal of one environment: the last requests, newest last, in a fixed-size ring
 * (--journal-size entries; the oldest is overwritten). Variables larger than
 * MAX_JOURNAL_VARIABLES_BYTES once serialized are replaced by a marker with their size and the
 * beginning of their JSON, so the journal's memory and its answer stay bounded.
 */
export interface JournalEntry {
  at: string;
  transport: 'graphql' | 'rest' | 'governance' | 'edge' | 'control';
  operationName: string | null;
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

export const DEFAULT_JOURNAL_SIZE = 1000;

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
  return { $truncated: true, bytes: Buffer.byteLength(json), preview: json.slice(0, PREVIEW_CHARS) };
}

export class RequestJournal {
  private ring: (JournalEntry | undefined)[];
  /** index of the next write */
  private next = 0;
  private count = 0;

  constructor(readonly capacity = DEFAULT_JOURNAL_SIZE) {
    this.ring = new Array<JournalEntry | undefined>(capacity);
  }

  /** Keep `entry`; `variablesBounded`: its variables are already what boundedValue() keeps of them. */
  add(entry: JournalEntry, options?: { variablesBounded?: boolean }): void {
    const kept: JournalEntry = { ...entry };
    if ('variables' in entry && !options?.variablesBounded) kept.variables = boundedValue(entry.variables);
    if (entry.applied !== undefined) {
      const applied = boundedValue(entry.applied);
      kept.applied = Array.isArray(applied) ? applied : [applied];
    }
    this.ring[this.next] = kept;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The entries, oldest first. */
  list(): JournalEntry[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    const out: JournalEntry[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.ring[(start + i) % this.capacity]!);
    return out;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.ring = new Array<JournalEntry | undefined>(this.capacity);
    this.next = 0;
    this.count = 0;
  }
}
