/**
 * Reads shared by the fields of one request (DataLoader-style): a customer's subscriptions read once
 * for every field that needs them, the pending schedules of all of a customer's subscriptions read
 * in one query instead of one per subscription. Remembered per request context and write stamp: a
 * mutation's write (a later root field of the same document) starts the memory again.
 */
import { writeStamp } from '../../db/write-stamp.js';
import type { GraphQLContext } from '../context.js';

interface Memo {
  stamp: number;
  values: Map<string, unknown>;
}

const memos = new WeakMap<GraphQLContext, Memo>();

/** `compute()`'s value, read once per request and write stamp under `key`; every read inside a transaction is fresh. */
export function perRequest<T>(ctx: GraphQLContext, key: string, compute: () => T): T {
  const sqlite = ctx.env.sqlite;
  if (sqlite.inTransaction) return compute();
  const stamp = writeStamp(sqlite);
  let memo = memos.get(ctx);
  if (!memo || memo.stamp !== stamp) {
    memo = { stamp, values: new Map() };
    memos.set(ctx, memo);
  }
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = compute();
  memo.values.set(key, value);
  return value;
}
