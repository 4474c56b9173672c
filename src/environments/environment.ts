import { eq } from 'drizzle-orm';
import { EnvironmentClock, type ClockState, type TimeSource } from '../clock.js';
import type { Db, Sqlite } from '../db/open-database.js';
import { meta } from '../db/schema.js';
import { storageFailure } from '../errors.js';
import { connectionOf } from '../db/prepared.js';
import { RealtimeBus } from './realtime-bus.js';
import { FaultStore } from './faults.js';
import { RequestJournal } from './journal.js';
import { connectionCache, forgetConnection } from '../db/connection-caches.js';

export interface Snapshot {
  name: string;
  /** the serialized database */
  image: Buffer;
  /** the virtual time and whether the clock was frozen when it was taken */
  nowMs: number;
  frozen: boolean;
  createdAt: string;
}

/** Work done after the fact (webhook delivery, realtime updates), told about commits, database replacement and closing. */
export interface Outbox {
  /** a transaction committed: send what it recorded */
  committed(): void;
  /** the database is about to be replaced (still open): read what must be known of it */
  databaseReplacing?(): void;
  /** the database was replaced (reset, snapshot restore, import): drop pending work, follow the new database */
  databaseReplaced(): void;
  /** the environment closes: stop pending retries and in-flight attempts */
  stop(): void;
  /** the clock moved forward: state derived from time (usage windows, budget periods) may have changed */
  clockMoved?(): void;
}

/** better-sqlite3's own transaction around a call (deferred, as drizzle's), made once per connection. */
const nativeTransactions = connectionCache<Sqlite, (run: () => unknown) => unknown>();
function inTransaction<T>(sqlite: Sqlite, run: () => T): T {
  let transaction = nativeTransactions.get(sqlite);
  if (!transaction) {
    transaction = sqlite.transaction((inner: () => unknown) => inner());
    nativeTransactions.set(sqlite, transaction);
  }
  return transaction(run) as T;
}

/**
 * What a rolled-back command must not leave behind: caches per connection that may hold its own
 * writes. Each cache's owner registers its step (the catalog's, catalog-service.ts).
 */
const rollbackSteps: ((db: Db) => void)[] = [];

/** Register a step run on the environment's database after a command rolls back (once per step). */
export function onRollback(step: (db: Db) => void): void {
  if (!rollbackSteps.includes(step)) rollbackSteps.push(step);
}

/** The environment a command's database handle belongs to. */
const handleEnvironments = new WeakMap<object, string>();

/** The id of the environment whose command runs on `db` (undefined outside a command). */
export const environmentIdOf = (db: Db): string | undefined => handleEnvironments.get(db);

/** One isolated world: its own database, clock, request journal and faults. */
export class Environment {
  readonly journal: RequestJournal;
  readonly faults = new FaultStore();
  /** named snapshots, kept in memory for the life of the process (reset keeps them) */
  readonly snapshots = new Map<string, Snapshot>();
  /** after-commit work (webhook delivery, realtime updates), attached by the registry, told in order */
  readonly outboxes: Outbox[] = [];
  /** work a command's transaction does last, before it commits (entitlements.updated), attached by the registry */
  readonly beforeCommit: ((db: Db) => void)[] = [];
  /** the GraphQL subscriptions of this environment (in memory): what the realtime outbox publishes */
  readonly realtime = new RealtimeBus();

  constructor(
    readonly id: string,
    public sqlite: Sqlite,
    public db: Db,
    readonly clock: EnvironmentClock,
    readonly createdAt: string,
    options: { journalSize?: number } = {},
  ) {
    this.journal = new RequestJournal(options.journalSize);
  }

  /** Run a command in one transaction (synchronous: better-sqlite3 commits when the callback returns). */
  transaction<T>(fn: (db: Db) => T): T {
    let result: T;
    try {
      // a handle of its own for the transaction (a command's events share a trace id), over the same
      // connection and drizzle session: drizzle's transaction object would build its query helpers
      // for every table on each command
      result = inTransaction(this.sqlite, () => {
        const db = Object.create(this.db) as Db;
        handleEnvironments.set(db, this.id);
        const value = fn(db);
        for (const hook of this.beforeCommit) hook(db);
        return value;
      });
    } catch (error) {
      // the catalog is cached per connection: what a rolled-back command cached may include its own writes
      for (const step of rollbackSteps) step(this.db);
      // a failed write to the data directory (disk full): InsufficientStorage, naming the cause
      throw storageFailure(error) ?? error;
    }
    for (const outbox of this.outboxes) outbox.committed();
    return result;
  }

  /**
   * Applies what time made due at an instant (subscription starts, trial ends, scheduled changes and
   * cancellations) and answers the transitions applied; set by the registry.
   */
  reconciler: ((env: Environment, nowMs: number, limit?: number) => { at: string; type: string }[]) | null = null;

  /** The clock's instant. Requests use pin(), which also applies what is due by then. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /** "now" for one request: the clock's instant, after everything due at or before it was applied. */
  pin(): number {
    const nowMs = this.clock.nowMs();
    this.reconcile(nowMs);
    return nowMs;
  }

  /** Apply every transition due at or before `nowMs`, in time order; answers what was applied. */
  reconcile(nowMs: number, limit?: number): { at: string; type: string }[] {
    return this.reconciler ? this.reconciler(this, nowMs, limit) : [];
  }

  /** The environment's "now" as a Date (e.g. for `vi.setSystemTime`, to keep a test's clock in step with it). */
  now(): Date {
    return new Date(this.clock.nowMs());
  }

  /** Persist the clock state (so a data-dir environment resumes its virtual time). */
  saveClock(): void {
    const value = this.clock.snapshot();
    try {
      this.db.insert(meta).values({ key: 'clock', value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
    } catch (error) {
      throw storageFailure(error) ?? error;
    }
  }

  static readClock(db: Db, source: TimeSource): EnvironmentClock | null {
    const row = db.select().from(meta).where(eq(meta.key, 'clock')).get();
    return row ? new EnvironmentClock(source, row.value as ClockState) : null;
  }

  /**
   * Close the database and drop what was cached for its connection. `stopOutbox: false` when the
   * database is about to be replaced; otherwise the environment is done (deleted, evicted, shut
   * down) and releases everything it holds: outboxes stopped (timers cleared, attempts aborted) and
   * detached, subscriptions ended, snapshots, journal and faults emptied, so nothing that still
   * refers to it (an answer in flight, a live page) keeps its memory.
   */
  close(stopOutbox = true): void {
    if (stopOutbox) {
      for (const outbox of this.outboxes) outbox.stop();
      this.realtime.close();
      this.outboxes.length = 0;
      this.beforeCommit.length = 0;
      this.reconciler = null;
      this.snapshots.clear();
      this.journal.clear();
      this.faults.clear();
    }
    if (this.sqlite.open) this.sqlite.close();
    forgetConnection(this.sqlite, connectionOf(this.db), this.db);
  }
}
