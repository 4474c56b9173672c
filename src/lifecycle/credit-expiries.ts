/**
 * Time's part of the credit webhooks: the grants whose expiry the clock passed emit
 * credit_grant.expired (credits/grants.ts reports them). Nothing due costs no query until the next write.
 */
import { creditRepo } from '../db/repositories/credits.js';
import type { Environment } from '../environments/environment.js';
import { keptWhileUnwritten } from '../db/write-stamp.js';
import type { Sqlite } from '../db/open-database.js';
import { iso } from '../time.js';
import { connectionCache } from '../db/connection-caches.js';
import { expiriesReportedTo, reportExpiries } from '../credits/grants.js';

/** The earliest unreported expiry of a connection, as of the write stamp of the tables it is read from (ISO text, or null). */
const nextExpiry = connectionCache<Sqlite, { stamp: number; value: string | null }>();

/** The tables the earliest unreported expiry is read from (the grants, and how far expiries were reported in `meta`). */
const EXPIRY_TABLES = ['credit_grants', 'meta'] as const;

function earliestUnreportedExpiry(env: Environment): string | null {
  const read = () => creditRepo.earliestExpiryAfter(env.db, iso(expiriesReportedTo(env.db)));
  if (env.sqlite.inTransaction) return read();
  return keptWhileUnwritten(nextExpiry, env.sqlite, 'expiries', EXPIRY_TABLES, read);
}

/**
 * Time's part of the credit webhooks (with the environment's reconcile): the grants whose expiry
 * the clock passed emit credit_grant.expired. Nothing due costs no query until the next write.
 */
export function reconcileCreditExpiries(env: Environment, nowMs: number): { at: string; type: string }[] {
  const due = earliestUnreportedExpiry(env);
  if (due === null || iso(nowMs) < due) return [];
  env.transaction((db) => reportExpiries(db, nowMs));
  return [];
}
