/** The request journal of one environment: the last requests, newest last. */
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

export class RequestJournal {
  private entries: JournalEntry[] = [];

  constructor(private readonly capacity = 1000) {}

  add(entry: JournalEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): JournalEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
