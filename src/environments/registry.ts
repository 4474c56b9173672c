/**
 * Environments by API key: created on first use from a template database (migrated and seeded
 * once), one SQLite database each, in memory or in a data directory.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { EnvironmentClock, type TimeSource } from '../clock.js';
import { openFileDatabase, openFromImage, openMemoryDatabase, type OpenedDatabase } from '../db/open-database.js';
import { meta } from '../db/schema.js';
import { EmulatorError } from '../errors.js';
import { applyFixtures } from '../fixtures/apply.js';
import type { MergedFixtures } from '../fixtures/load.js';
import { RealtimePublisher } from '../realtime/realtime-publisher.js';
import { reconcileEnvironment } from '../subscriptions/subscription-service.js';
import { iso } from '../time.js';
import { WebhookDispatcher, type WebhookDeliveryOptions } from '../webhooks/webhook-delivery.js';
import { Environment } from './environment.js';

export type KeyType = 'server' | 'client';

export interface ResolvedKey {
  environmentId: string;
  keyType: KeyType;
}

const ENVIRONMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

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
  /** called once for each environment created */
  onCreate?: (env: Environment) => void;
}

export class EnvironmentRegistry {
  private readonly environments = new Map<string, Environment>();
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
    return !this.options.strictKeys || this.declared.has(environmentId) || this.environments.has(environmentId);
  }

  /** The environment of a key, created and seeded on first use. */
  resolve(apiKey: string): { environment: Environment; keyType: KeyType } {
    const { environmentId, keyType } = parseApiKey(apiKey);
    return { environment: this.get(environmentId), keyType };
  }

  get(environmentId: string, create = true): Environment {
    const existing = this.environments.get(environmentId);
    if (existing) return existing;
    if (!ENVIRONMENT_ID.test(environmentId)) {
      throw new EmulatorError('Unauthenticated', `invalid API key: environment name "${environmentId}" must match ${ENVIRONMENT_ID.source}`, 401);
    }
    if (!this.accepts(environmentId)) {
      throw new EmulatorError('Unauthenticated', `unknown API key for environment "${environmentId}" (--strict-keys is on)`, 401);
    }
    if (!create) throw new EmulatorError('NotFound', `environment not found: ${environmentId}`, 404);
    const env = this.create(environmentId);
    env.outboxes.push(new WebhookDispatcher(env, this.options.webhooks), new RealtimePublisher(env, this.options.webhooks?.logger));
    this.environments.set(environmentId, env);
    this.options.onCreate?.(env);
    return env;
  }

  find(environmentId: string): Environment | undefined {
    return this.environments.get(environmentId);
  }

  list(): Environment[] {
    return [...this.environments.values()];
  }

  private fileOf(environmentId: string): string | null {
    return this.options.dataDir ? join(this.options.dataDir, `${encodeURIComponent(environmentId)}.db`) : null;
  }

  /** A database for the environment from a serialized image (the template or a snapshot). */
  private openImage(environmentId: string, image: Buffer): OpenedDatabase {
    const file = this.fileOf(environmentId);
    if (!file) return openFromImage(image);
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    writeFileSync(file, image);
    return openFileDatabase(file);
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
    let opened: OpenedDatabase;
    if (this.fileOf(env.id)) {
      env.close(false);
      opened = this.openImage(env.id, image);
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
      const { sqlite, db } = openFileDatabase(file);
      const clock = Environment.readClock(db, this.options.timeSource) ?? this.newClock();
      const created = db.select().from(meta).where(eq(meta.key, 'createdAt')).get();
      const restored = new Environment(environmentId, sqlite, db, clock, (created?.value as string) ?? iso(this.options.timeSource()), { journalSize: this.options.journalSize });
      restored.reconciler = reconcileEnvironment;
      return restored;
    }
    const { sqlite, db } = this.openFresh(environmentId);
    const env = new Environment(environmentId, sqlite, db, this.newClock(), iso(this.options.timeSource()), { journalSize: this.options.journalSize });
    env.reconciler = reconcileEnvironment;
    db.insert(meta).values({ key: 'createdAt', value: env.createdAt }).onConflictDoNothing().run();
    env.saveClock();
    return env;
  }

  /** Back to the seed and the start time: a fresh copy of the template, a new clock, empty journal and faults. */
  reset(environmentId: string): Environment {
    const env = this.environments.get(environmentId);
    if (!env) return this.get(environmentId);
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
    for (const env of this.environments.values()) {
      try {
        env.saveClock();
      } catch {
        // closing anyway
      }
      env.close();
    }
    this.environments.clear();
  }
}
