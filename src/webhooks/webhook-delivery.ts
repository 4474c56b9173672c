/**
 * Webhook delivery: I/O after the fact. After each committed transaction of an environment, the
 * deliveries it recorded are POSTed to their endpoints, in the background: a request never waits
 * for or fails because of a delivery. A 2xx answer is a delivery; anything else is retried on the
 * retry schedule (RULES 9.2). Each attempt is written to the delivery row, in environment time.
 * Real timers are fine here: delivery is I/O, not a business transition.
 */
import type { Db, Sqlite } from '../db/open-database.js';
import { tableWriteStamp } from '../db/write-stamp.js';
import type { Outbox } from '../environments/environment.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_RETRY_DELAYS_MS, isDelivered, nextRetryDelay } from './webhook-rules.js';
import { deliveryJob, lastDeliveryId, newDeliveryIds, recordAttempt } from './webhook-service.js';

export interface WebhookDeliveryOptions {
  /** delays before each retry after a failed attempt (default: 0, 0, 0, 30 s, 30 s, 30 s) */
  retryDelaysMs?: readonly number[];
  /** an attempt without an answer within this time fails with status 0 (default 30 s) */
  timeoutMs?: number;
  logger?: Logger;
}

interface Host {
  readonly id: string;
  readonly db: Db;
  readonly sqlite: Sqlite;
  nowMs(): number;
}

/** The delivery rows' table: a commit that wrote none recorded no delivery. */
const DELIVERY_TABLES = ['webhook_deliveries'] as const;

export class WebhookDispatcher implements Outbox {
  private lastSeen: number;
  /** the deliveries' write stamp when they were last looked at (on that connection) */
  private looked: { sqlite: Sqlite; stamp: number } | null = null;
  /** bumped when the database is replaced or the dispatcher stops: answers of older attempts are dropped */
  private generation = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;

  constructor(
    private readonly host: Host,
    private readonly options: WebhookDeliveryOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
    // deliveries already in a database opened from disk are history, not work
    this.lastSeen = lastDeliveryId(host.db);
  }

  committed(): void {
    if (this.stopped) return;
    // nothing written to the deliveries since the last look (a report without endpoints): no query
    const stamp = tableWriteStamp(this.host.sqlite, 'deliveries', DELIVERY_TABLES);
    if (stamp !== null && this.looked?.sqlite === this.host.sqlite && this.looked.stamp === stamp) return;
    this.looked = stamp === null ? null : { sqlite: this.host.sqlite, stamp };
    const ids = newDeliveryIds(this.host.db, this.lastSeen);
    for (const id of ids) {
      this.lastSeen = Math.max(this.lastSeen, id);
      this.schedule(id, 0);
    }
  }

  databaseReplaced(): void {
    this.cancelAll();
    this.stopped = false;
    this.lastSeen = lastDeliveryId(this.host.db);
  }

  stop(): void {
    this.stopped = true;
    this.cancelAll();
  }

  /** Whether attempts are scheduled or under way (tests and shutdown). */
  get idle(): boolean {
    return this.timers.size === 0 && this.inFlight.size === 0;
  }

  private cancelAll(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private schedule(deliveryId: number, delayMs: number): void {
    const generation = this.generation;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(deliveryId, generation);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(deliveryId: number, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    const job = deliveryJob(this.host.db, deliveryId);
    if (!job) return;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.timeoutMs);
    timeout.unref();
    this.inFlight.add(controller);
    let status = 0;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (job.secret) headers['Stigg-Webhooks-Secret'] = job.secret;
      const response = await fetch(job.url, { method: 'POST', headers, body: job.body, signal: controller.signal, redirect: 'manual' });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      status = 0;
      this.options.logger?.debug({ environment: this.host.id, url: job.url, err: error }, 'webhook attempt failed');
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (generation !== this.generation) return;
    let attempts: number;
    try {
      attempts = recordAttempt(this.host.db, deliveryId, status, this.host.nowMs());
    } catch (error) {
      this.options.logger?.debug({ environment: this.host.id, err: error }, 'webhook attempt not recorded');
      return;
    }
    if (isDelivered(status)) return;
    const delay = nextRetryDelay(this.retryDelaysMs, attempts);
    if (delay !== null) this.schedule(deliveryId, delay);
    else this.options.logger?.info({ environment: this.host.id, url: job.url, status, attempts }, 'webhook delivery gave up');
  }
}
