/**
 * Publish/subscribe of one environment, in memory: the GraphQL subscriptions (entitlementsUpdated,
 * usageUpdated, their V2 forms, packagePublished, creditBalanceUpdated) listen to their topic; the realtime outbox
 * (realtime-publisher.ts) publishes after each commit. A subscriber is an async iterator, as
 * graphql-js `subscribe` expects; a slow subscriber keeps at most MAX_QUEUED events (oldest dropped).
 */

export type RealtimeTopic =
  | 'entitlementsUpdated'
  | 'entitlementsUpdatedV2'
  | 'usageUpdated'
  | 'usageUpdatedV2'
  | 'packagePublished'
  | 'creditBalanceUpdated';

const MAX_QUEUED = 1000;

type Listener = (payload: unknown) => void;

export class RealtimeBus {
  private readonly listeners = new Map<RealtimeTopic, Set<Listener>>();
  private readonly closers = new Set<() => void>();

  /** Whether anyone listens to a topic (publishers skip computing payloads nobody reads). */
  has(topic: RealtimeTopic): boolean {
    return (this.listeners.get(topic)?.size ?? 0) > 0;
  }

  publish(topic: RealtimeTopic, payload: unknown): void {
    for (const listener of [...(this.listeners.get(topic) ?? [])]) listener(payload);
  }

  /**
   * An async iterator of a topic's payloads, each wrapped as `{ [topic]: payload }` (the root value
   * graphql-js resolves the Subscription field from). `accept` filters payloads (subscription arguments).
   */
  subscribe<T>(topic: RealtimeTopic, accept: (payload: T) => boolean = () => true): AsyncIterableIterator<Record<string, T>> {
    const queue: Record<string, T>[] = [];
    const waiting: ((result: IteratorResult<Record<string, T>>) => void)[] = [];
    let done = false;

    const listener: Listener = (payload) => {
      if (done || !accept(payload as T)) return;
      const value = { [topic]: payload as T };
      const next = waiting.shift();
      if (next) next({ value, done: false });
      else {
        queue.push(value);
        if (queue.length > MAX_QUEUED) queue.shift();
      }
    };
    const finish = (): IteratorResult<Record<string, T>> => {
      if (!done) {
        done = true;
        this.listeners.get(topic)?.delete(listener);
        this.closers.delete(finish);
        queue.length = 0;
        for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      }
      return { value: undefined, done: true };
    };

    const set = this.listeners.get(topic) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(topic, set);
    this.closers.add(finish);

    return {
      next: () => {
        const value = queue.shift();
        if (value) return Promise.resolve({ value, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return: () => Promise.resolve(finish()),
      throw: (error: unknown) => {
        finish();
        return Promise.reject(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** End every subscription (the environment closes). */
  close(): void {
    for (const finish of [...this.closers]) finish();
    this.listeners.clear();
  }
}
