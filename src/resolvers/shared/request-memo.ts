/**
 * Reads shared by the fields of one request (DataLoader-style): a customer's subscriptions read once
 * for every field that needs them, the pending schedules of all of a customer's subscriptions read
 * in one query instead of one per subscription. Remembered per request context and write stamp: a
 * mutation's write (a later root field of the same document) starts the memory again. Stored rows
 * read this way are also shared between requests until the next write (untilWrite).
 */
import { connectionCache } from '../../db/connection-caches.js';
import type { Sqlite } from '../../db/open-database.js';
import { writeStamp } from '../../db/write-stamp.js';
import type { GraphQLContext } from '../context.js';

interface Memo {
  stamp: number;
  values: Map<string, unknown>;
}

/** A request's reads: by kind, then by id. */
interface RequestMemo {
  stamp: number;
  kinds: Map<string, Map<string, unknown>>;
}

const memos = new WeakMap<GraphQLContext, RequestMemo>();

/**
 * `compute(ctx, id)`'s value, read once per request and write stamp for a kind of read and an id
 * (a customer's schedules: 'customer.schedules', the customer's id); every read inside a
 * transaction is fresh.
 */
export function perRequest<T>(ctx: GraphQLContext, kind: string, id: string, compute: (ctx: GraphQLContext, id: string) => T): T {
  const sqlite = ctx.env.sqlite;
  if (sqlite.inTransaction) return compute(ctx, id);
  const stamp = writeStamp(sqlite);
  let memo = memos.get(ctx);
  if (!memo || memo.stamp !== stamp) {
    memo = { stamp, kinds: new Map() };
    memos.set(ctx, memo);
  }
  let values = memo.kinds.get(kind);
  if (values === undefined) memo.kinds.set(kind, (values = new Map()));
  if (values.has(id)) return values.get(id) as T;
  const value = compute(ctx, id);
  values.set(id, value);
  return value;
}

/** Values shared by every request on a connection until its next write, per connection. */
const untilWrites = connectionCache<Sqlite, Memo>();
/** How many values a connection shares between two writes; past it, the memory starts again. */
const MAX_SHARED = 1_000;

/**
 * `compute()`'s value, shared by every request on the connection until the next write moves its
 * write stamp: for reads of stored rows (a customer's subscriptions), which their readers never
 * change. Remembered only when computing it wrote nothing; every read inside a transaction is fresh.
 */
export function untilWrite<T>(ctx: GraphQLContext, key: string, compute: () => T): T {
  const sqlite = ctx.env.sqlite;
  if (sqlite.inTransaction) return compute();
  const stamp = writeStamp(sqlite);
  let memo = untilWrites.get(sqlite);
  if (!memo || memo.stamp !== stamp || memo.values.size >= MAX_SHARED) {
    memo = { stamp, values: new Map() };
    untilWrites.set(sqlite, memo);
  }
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = compute();
  if (writeStamp(sqlite) === stamp) memo.values.set(key, value);
  return value;
}
