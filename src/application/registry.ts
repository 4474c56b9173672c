/**
 * Environments by API key: created on first use from a template database (migrated and seeded
 * once), one SQLite database each, in memory or in a data directory.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { EnvironmentClock, type TimeSource } from '../clock.js';
import { notAnEmulatorDatabase, openFileDatabase, openFromImage, openMemoryDatabase, type OpenedDatabase } from '../db/open-database.js';
import { meta } from '../db/schema.js';
import { EmulatorError, storageFailure } from '../errors.js';
import { applyFixtures } from '../fixtures/apply.js';
import type { MergedFixtures } from '../fixtures/load.js';
import { INSTANT_BOUNDS, instantInBounds, iso, showInstant } from '../time.js';
import type { WebhookDeliveryOptions } from '../webhooks/webhook-delivery.js';
import { attachOutboxes, composeEnvironment } from './composition.js';
import { Environment } from '../environments/environment.js';


export type KeyType = 'server' | 'client';

export interface ResolvedKey {
  environmentId: string;
  keyType: KeyType;
}

/**
 * The one rule for environment names: 1 to 64 letters, digits, `_`, `-` and `.`, starting with a
 * letter or digit and not ending with `.`. Its file name (`fileNameOf`) stays under 140 bytes on
 * every file system (Windows, macOS, Linux; case-insensitive ones too).
 */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_-])?$/;
export const ENVIRONMENT_NAME_RULE = '1 to 64 letters, digits, "_", "-" or ".", starting with a letter or digit and not ending with "."';

/**
 * The database file of an environment: its name with each capital letter written `!x`, so names
 * differing only in case never share a file on a case-insensitive file system; `.db` appended.
 */
export const fileNameOf = (environmentId: string): string => `${environmentId.replace(/[A-Z]/g, (ch) => `!${ch.toLowerCase()}`)}.db`;

/** The environment of a database file name, or null for any other file (WAL, set-aside copies). */
export function environmentOfFile(fileName: string): string | null {
  if (!fileName.endsWith('.db')) return null;
  const id = fileName.slice(0, -3).replace(/!([a-z])/g, (_m, ch: string) => ch.toUpperCase());
  return ENVIRONMENT_NAME.test(id) && fileNameOf(id) === fileName ? id : null;
}

/**
 * Write a database image beside `file` (`<file>.tmp-<pid>`, a name no environment reads), whole
 * or not at all: a failed write (a full disk) removes what it wrote and throws InsufficientStorage.
 * Answers the written file's path, to be renamed over `file`.
 */
function writeImageAside(file: string, image: Buffer): string {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, image);
    return temporary;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw storageFailure(error) ?? error;
  }
}

/** Throws 400 BadUserInput unless `environmentId` follows the name rule (the message shows no path). */
export function checkEnvironmentName(environmentId: string): void {
  if (!ENVIRONMENT_NAME.test(environmentId)) {
    const shown = environmentId.length > 80 ? `${environmentId.slice(0, 80)}... (${environmentId.length} characters)` : environmentId;
    throw new EmulatorError('BadUserInput', `invalid environment name "${shown}": an environment name is ${ENVIRONMENT_NAME_RULE}`, 400);
  }
}

/** `server-<env>` and `client-<env>` name environment `<env>`; any other key is a server key of the env named like it. */
export function parseApiKey(apiKey: string): ResolvedKey {
  const key = apiKey.trim();
  const match = /^(server|client)-(.+)$/.exec(key);
  if (match) return { environmentId: match[2]!, keyType: match[1] as KeyType };
  return { environmentId: key, keyType: 'server' };
}

export interface RegistryOptions {
  seed: MergedFixtures;
  timeSource: TimeSource;
  startTime: Date | null;
  dataDir: string | null;
  strictKeys: boolean;
  /** request journal entries kept per environment */
  journalSize?: number;
  /** webhook delivery settings (retry delays, timeout) */
  webhooks?: WebhookDeliveryOptions;
  /** environments kept open (null: no limit); past it the least recently used is closed */
  maxEnvironments?: number | null;
  /** called once for each environment created */
  onCreate?: (env: Environment) => void;
  /** called when an environment is closed to stay within maxEnvironments */
  onEvict?: (env: Environment) => void;
}

export class EnvironmentRegistry {
  private readonly environments = new Map<string, Environment>();
  /** the environment `get` answered last: already last in `environments` (the order of use) */
  private mostRecent: Environment | null = null;
  private template: Buffer | null = null;
  private declared = new Set<string>();

  constructor(private readonly options: RegistryOptions) {}

  /** Build the template: migrate and seed once. Call before serving. */
  init(): void {
    const startMs = this.options.startTime?.getTime() ?? this.options.timeSource();
    const { sqlite, db } = openMemoryDatabase();
    db.transaction((tx) => applyFixtures(tx as never, this.options.seed, startMs));
    this.template = sqlite.serialize();
    sqlite.close();
    this.declared = new Set(this.options.seed.environments.length > 0 ? this.options.seed.environments : ['local']);
    if (this.options.dataDir) {
      mkdirSync(this.options.dataDir, { recursive: true });
    }
  }

  /** Whether a key may be used at all (strict keys). */
  accepts(environmentId: string): boolean {
    return !this.options.strictKeys || this.declared.has(environmentId) || this.environments.has(environmentId) || this.onDisk(environmentId);
  }

  /** The environment of a key, created and seeded on first use. */
  resolve(apiKey: string): { environment: Environment; keyType: KeyType } {
    const { environmentId, keyType } = parseApiKey(apiKey);
    // a key that can name no environment is an invalid key (401), as Stigg answers an unknown key
    if (!ENVIRONMENT_NAME.test(environmentId)) {
      throw new EmulatorError('Unauthenticated', `invalid API key: the environment it names must be ${ENVIRONMENT_NAME_RULE}`, 401);
    }
    return { environment: this.get(environmentId), keyType };
  }

  /**
   * The environment named `environmentId`: open, opened from its file (--data-dir), or, when
   * `create`, created and seeded. Every call makes it the most recently used.
   */
  get(environmentId: string, create = true): Environment {
    const existing = this.environments.get(environmentId);
    if (existing) {
      // most recently used last (Map keeps insertion order); already last when it was the last one
      // used (requests come for one environment at a time, over and over)
      if (this.mostRecent !== existing) {
        this.environments.delete(environmentId);
        this.environments.set(environmentId, existing);
        this.mostRecent = existing;
      }
      return existing;
    }
    checkEnvironmentName(environmentId);
    if (!this.accepts(environmentId)) {
      throw new EmulatorError('Unauthenticated', `unknown API key for environment "${environmentId}" (--strict-keys is on)`, 401);
    }
    if (!create && !this.onDisk(environmentId)) throw new EmulatorError('NotFound', `environment not found: ${environmentId}`, 404);
    let env: Environment;
    try {
      env = this.create(environmentId);
    } catch (error) {
      if (error instanceof EmulatorError && error.code === 'ServiceUnavailable') this.broken.set(environmentId, error.message);
      throw error;
    }
    this.broken.delete(environmentId);
    attachOutboxes(env, this.options.webhooks);
    this.environments.set(environmentId, env);
    this.mostRecent = env;
    this.evictBeyondLimit();
    this.options.onCreate?.(env);
    return env;
  }

  find(environmentId: string): Environment | undefined {
    return this.environments.get(environmentId);
  }

  /** The open environments, least recently used first. */
  list(): Environment[] {
    return [...this.environments.values()];
  }

  /** Every environment: the open ones and, with --data-dir, those on disk (sorted by name). */
  ids(): string[] {
    const ids = new Set(this.environments.keys());
    if (this.options.dataDir && existsSync(this.options.dataDir)) {
      for (const file of readdirSync(this.options.dataDir)) {
        const id = environmentOfFile(file);
        if (id) ids.add(id);
      }
    }
    return [...ids].sort();
  }

  isOpen(environmentId: string): boolean {
    return this.environments.has(environmentId);
  }

  private onDisk(environmentId: string): boolean {
    const file = this.fileOf(environmentId);
    return file !== null && existsSync(file);
  }

  /** Close the least recently used environments beyond --max-environments (their files stay). */
  private evictBeyondLimit(): void {
    const max = this.options.maxEnvironments;
    if (!max) return;
    while (this.environments.size > max) {
      const [oldestId, oldest] = this.environments.entries().next().value as [string, Environment];
      this.environments.delete(oldestId);
      this.closeOne(oldest);
      this.options.onEvict?.(oldest);
    }
  }

  private closeOne(env: Environment): void {
    try {
      env.saveClock();
    } catch {
      // closing anyway
    }
    env.close();
  }

  /**
   * Close an environment and remove its database file (and WAL files); its snapshots, journal and
   * faults go with it. Answers false when there was no such environment.
   */
  delete(environmentId: string): boolean {
    checkEnvironmentName(environmentId);
    const env = this.environments.get(environmentId);
    const onDisk = this.onDisk(environmentId);
    if (!env && !onDisk) return false;
    this.broken.delete(environmentId);
    if (env) {
      this.environments.delete(environmentId);
      env.close();
    }
    const file = this.fileOf(environmentId);
    if (file) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
    return true;
  }

  private fileOf(environmentId: string): string | null {
    return this.options.dataDir ? join(this.options.dataDir, fileNameOf(environmentId)) : null;
  }

  /** A database for the environment from a serialized image (the template or a snapshot). */
  private openImage(environmentId: string, image: Buffer): OpenedDatabase {
    const file = this.fileOf(environmentId);
    if (!file) return openFromImage(image);
    const written = writeImageAside(file, image);
    return this.openWritten(file, written);
  }

  /** Put a file written by writeImageAside in place of the environment's file and open it. */
  private openWritten(file: string, written: string): OpenedDatabase {
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    renameSync(written, file);
    try {
      return openFileDatabase(file);
    } catch (error) {
      throw storageFailure(error) ?? error;
    }
  }

  private openFresh(environmentId: string): OpenedDatabase {
    return this.openImage(environmentId, this.template!);
  }

  /**
   * Replace an environment's whole database with an image (reset, snapshot restore, import). In
   * memory the new database is opened before the old one closes, so a failure leaves the old one
   * serving; a file must be closed before it is overwritten.
   */
  replaceDatabase(env: Environment, image: Buffer): void {
    for (const outbox of env.outboxes) outbox.databaseReplacing?.();
    let opened: OpenedDatabase;
    const file = this.fileOf(env.id);
    if (file) {
      // written beside the file first: a full disk leaves the old database serving
      const written = writeImageAside(file, image);
      env.close(false);
      opened = this.openWritten(file, written);
    } else {
      opened = this.openImage(env.id, image);
      env.close(false);
    }
    const { sqlite, db } = opened;
    env.sqlite = sqlite;
    env.db = db;
    for (const outbox of env.outboxes) outbox.databaseReplaced();
  }

  private newClock(): EnvironmentClock {
    return EnvironmentClock.startingAt(this.options.timeSource, this.options.startTime?.getTime());
  }

  private create(environmentId: string): Environment {
    if (!this.template) throw new Error('registry not initialised');
    const file = this.fileOf(environmentId);
    if (file && existsSync(file)) {
      const { sqlite, db } = this.openExisting(environmentId, file);
      let clock: EnvironmentClock;
      try {
        clock = Environment.readClock(db, this.options.timeSource) ?? this.newClock();
        // a clock stored before instants were bounded (e.g. +275760-09-13) would fail every answer
        const stored = clock.snapshot();
        const storedMs = stored.frozenAtMs ?? this.options.timeSource() + stored.offsetMs;
        if (!instantInBounds(storedMs)) {
          throw this.unusable(environmentId, `its stored clock ${showInstant(storedMs)} is outside ${INSTANT_BOUNDS}`);
        }
      } catch (error) {
        if (sqlite.open) sqlite.close();
        throw error;
      }
      const created = db.select().from(meta).where(eq(meta.key, 'createdAt')).get();
      const restored = new Environment(environmentId, sqlite, db, clock, (created?.value as string) ?? iso(this.options.timeSource()), { journalSize: this.options.journalSize });
      composeEnvironment(restored);
      return restored;
    }
    const { sqlite, db } = this.openFresh(environmentId);
    const env = new Environment(environmentId, sqlite, db, this.newClock(), iso(this.options.timeSource()), { journalSize: this.options.journalSize });
    composeEnvironment(env);
    try {
      db.insert(meta).values({ key: 'createdAt', value: env.createdAt }).onConflictDoNothing().run();
      env.saveClock();
    } catch (error) {
      // created fully or not at all: no file that was never seeded is left behind (a full disk)
      if (sqlite.open) sqlite.close();
      if (file) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
      throw storageFailure(error) ?? error;
    }
    return env;
  }

  /**
   * An environment's database file, checked: a file SQLite cannot read, one the emulator did not
   * write (checked read-only, before anything is written), or one that was never seeded (empty,
   * or cut short), is refused with an error that names the environment and the way
   * out (reset), and never a path.
   */
  /** Environments whose file could not be opened, with the reason (listed as such). */
  private readonly broken = new Map<string, string>();

  /** Why an environment on disk could not be opened, when it could not. */
  brokenReason(environmentId: string): string | undefined {
    return this.broken.get(environmentId);
  }

  private unusable(environmentId: string, reason: string): EmulatorError {
    return new EmulatorError(
      'ServiceUnavailable',
      `environment "${environmentId}": its database file in the data directory is unusable (${reason}). ` +
        `POST /_emulator/environments/${environmentId}/reset replaces it with the seed and keeps the old file aside as ${fileNameOf(environmentId)}.corrupt-<time>; ` +
        `DELETE /_emulator/environments/${environmentId} removes it`,
      503,
    );
  }

  private openExisting(environmentId: string, file: string): OpenedDatabase {
    const broken = (reason: string) =>
      new EmulatorError(
        'ServiceUnavailable',
        `environment "${environmentId}": its database file in the data directory is unusable (${reason}). ` +
          `POST /_emulator/environments/${environmentId}/reset replaces it with the seed and keeps the old file aside as ${fileNameOf(environmentId)}.corrupt-<time>; ` +
          `DELETE /_emulator/environments/${environmentId} removes it`,
        503,
      );
    if (statSync(file).size === 0) throw broken('the file is empty');
    // read-only first: a file the emulator did not write is refused before migrations touch it
    const foreign = notAnEmulatorDatabase(file);
    if (foreign) throw broken(foreign.replace(/\/[^\s'"]+/g, '<path>'));
    let opened: OpenedDatabase | null = null;
    try {
      opened = openFileDatabase(file);
      opened.sqlite.pragma('quick_check', { simple: true });
      const seeded = opened.db.select().from(meta).where(eq(meta.key, 'createdAt')).get();
      if (!seeded) throw new Error('it was never seeded');
      return opened;
    } catch (error) {
      if (opened?.sqlite.open) opened.sqlite.close();
      const message = (error as Error).message.replace(/\/[^\s'"]+/g, '<path>');
      throw broken(message);
    }
  }

  /** Move an unusable database file aside as `<file>.corrupt-<time>`. */
  private setAside(environmentId: string): void {
    const file = this.fileOf(environmentId);
    if (!file || !existsSync(file)) return;
    const stamp = new Date(this.options.timeSource()).toISOString().replace(/[:.]/g, '-');
    renameSync(file, `${file}.corrupt-${stamp}`);
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }

  /** Back to the seed and the start time: a fresh copy of the template, a new clock, empty journal and faults. */
  reset(environmentId: string): Environment {
    let env = this.environments.get(environmentId);
    if (!env) {
      try {
        env = this.get(environmentId);
      } catch (error) {
        if (!(error instanceof EmulatorError) || error.code !== 'ServiceUnavailable') throw error;
        // an unusable file: keep it aside and start again from the seed
        this.setAside(environmentId);
        return this.get(environmentId);
      }
    }
    this.replaceDatabase(env, this.template!);
    const { db } = env;
    env.clock.restore(this.newClock().snapshot());
    env.journal.clear();
    env.faults.clear();
    db.insert(meta).values({ key: 'createdAt', value: env.createdAt }).onConflictDoNothing().run();
    env.saveClock();
    return env;
  }

  close(): void {
    for (const env of this.environments.values()) this.closeOne(env);
    this.environments.clear();
  }
}
