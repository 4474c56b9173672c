/**
 * What a committed transaction changed, for realtime updates: TEMP triggers (on the connection
 * only, never in the database file, a snapshot or an export) write one row per changed customer,
 * subscription, promotional entitlement, usage row, meter aggregate or catalog entry into a TEMP table, inside the
 * writer's transaction, so a rolled-back command leaves nothing. After the commit the realtime
 * outbox drains the table. Every writer is covered (GraphQL, control plane, fixtures) without
 * the services knowing.
 */
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../db/open-database.js';
import { connectionCache } from '../db/connection-caches.js';
import { tableWriteStamp } from '../db/write-stamp.js';

/** One captured change: `credit` (customer, currency, resource: a wallet's grants), `customer` (a, b: customer id, resource id), `usage` (customer, feature, resource), `package` (kind PLAN/ADDON, id, op), `catalog`. */
export interface CapturedChange {
  kind: 'customer' | 'usage' | 'package' | 'catalog' | 'credit';
  a: string | null;
  b: string | null;
  c: string | null;
}

const TABLE = 'temp.realtime_changes';

/** [trigger suffix, event, table, values from NEW/OLD] */
const TRIGGERS: [string, string, string, string][] = [
  ['customers_ins', 'INSERT', 'customers', `'customer', NEW.id, NULL, NULL`],
  ['customers_upd', 'UPDATE OF archived_at, has_payment_method', 'customers', `'customer', NEW.id, NULL, NULL`],
  ['customers_del', 'DELETE', 'customers', `'customer', OLD.id, NULL, NULL`],
  ['subscriptions_ins', 'INSERT', 'subscriptions', `'customer', NEW.customer_id, NEW.resource_id, NULL`],
  ['subscriptions_upd_new', 'UPDATE', 'subscriptions', `'customer', NEW.customer_id, NEW.resource_id, NULL`],
  ['subscriptions_upd_old', 'UPDATE', 'subscriptions', `'customer', OLD.customer_id, OLD.resource_id, NULL`],
  ['subscriptions_del', 'DELETE', 'subscriptions', `'customer', OLD.customer_id, OLD.resource_id, NULL`],
  ['promotions_ins', 'INSERT', 'promotional_entitlements', `'customer', NEW.customer_id, NULL, NULL`],
  ['promotions_upd', 'UPDATE', 'promotional_entitlements', `'customer', NEW.customer_id, NULL, NULL`],
  ['promotions_del', 'DELETE', 'promotional_entitlements', `'customer', OLD.customer_id, NULL, NULL`],
  ['usage_ins', 'INSERT', 'usage', `'usage', NEW.customer_id, NEW.feature_id, NEW.resource_id`],
  ['usage_upd', 'UPDATE', 'usage', `'usage', NEW.customer_id, NEW.feature_id, NEW.resource_id`],
  ['usage_del', 'DELETE', 'usage', `'usage', OLD.customer_id, OLD.feature_id, OLD.resource_id`],
  ['meter_aggregates_ins', 'INSERT', 'meter_aggregates', `'usage', NEW.customer_id, NEW.feature_id, NEW.resource_id`],
  ['meter_aggregates_upd', 'UPDATE', 'meter_aggregates', `'usage', NEW.customer_id, NEW.feature_id, NEW.resource_id`],
  ['credit_grants_ins', 'INSERT', 'credit_grants', `'credit', NEW.customer_id, NEW.currency_id, NEW.resource_id`],
  ['credit_grants_upd', 'UPDATE', 'credit_grants', `'credit', NEW.customer_id, NEW.currency_id, NEW.resource_id`],
  ['plans_ins', 'INSERT', 'plans', `'package', 'PLAN', NEW.id, 'INSERT'`],
  ['plans_upd', 'UPDATE', 'plans', `'package', 'PLAN', NEW.id, 'UPDATE'`],
  ['addons_ins', 'INSERT', 'addons', `'package', 'ADDON', NEW.id, 'INSERT'`],
  ['addons_upd', 'UPDATE', 'addons', `'package', 'ADDON', NEW.id, 'UPDATE'`],
  ...(['features', 'products', 'coupons'] as const).flatMap((table): [string, string, string, string][] =>
    ['INSERT', 'UPDATE', 'DELETE'].map((event) => [`${table}_${event.toLowerCase()}`, event, table, `'catalog', NULL, NULL, NULL`]),
  ),
  ['plans_del', 'DELETE', 'plans', `'catalog', NULL, NULL, NULL`],
  ['addons_del', 'DELETE', 'addons', `'catalog', NULL, NULL, NULL`],
];

/** Install the capture on a connection (idempotent; again after the database is replaced). */
export function installChangeCapture(sqlite: Sqlite): void {
  const statements = [`CREATE TEMP TABLE IF NOT EXISTS realtime_changes (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, a TEXT, b TEXT, c TEXT)`];
  for (const [suffix, event, table, values] of TRIGGERS) {
    statements.push(
      `CREATE TEMP TRIGGER IF NOT EXISTS realtime_${suffix} AFTER ${event} ON main.${table} BEGIN INSERT INTO ${TABLE} (kind, a, b, c) VALUES (${values}); END`,
    );
  }
  sqlite.exec(statements.join(';\n'));
}

/** The changes captured since the last drain, oldest first; the table is emptied. */
export function drainChanges(sqlite: Sqlite): CapturedChange[] {
  if (!sqlite.open || sqlite.inTransaction) return [];
  // nothing written to a captured table since the last drain (their write stamp, counted in
  // memory): nothing captured, no query (every commit drains)
  const stamp = tableWriteStamp(sqlite, 'realtime-capture', CAPTURED_TABLES);
  if (stamp !== null && drainedAt.get(sqlite) === stamp) return [];
  if (stamp !== null) drainedAt.set(sqlite, stamp);
  let statements = drainStatements.get(sqlite);
  if (!statements) {
    statements = { select: sqlite.prepare(`SELECT kind, a, b, c FROM ${TABLE} ORDER BY seq`), clear: sqlite.prepare(`DELETE FROM ${TABLE}`) };
    drainStatements.set(sqlite, statements);
  }
  const rows = statements.select.all() as CapturedChange[];
  if (rows.length > 0) statements.clear.run();
  return rows;
}

/** The tables the triggers capture changes of. */
const CAPTURED_TABLES = [...new Set(TRIGGERS.map(([, , table]) => table))];

/** The captured tables' write stamp at a connection's last drain. */
const drainedAt = connectionCache<Sqlite, number>();

/** The drain's statements, prepared once per connection (it runs after every commit). */
const drainStatements = connectionCache<Sqlite, { select: Statement<[]>; clear: Statement<[]> }>();
