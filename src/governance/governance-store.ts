/**
 * Governance storage: queries only, no rules (drizzle's, but for the usage read and the ingest's two
 * writes, SQLite statements). The hot paths of check and ingest use prepared statements, prepared
 * once per database connection (an environment's database is replaced on reset and snapshot
 * restore, so they are kept per connection object).
 */
import type { Statement } from 'better-sqlite3';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Sqlite } from '../db/open-database.js';
import { prepared } from '../db/prepared.js';
import { tableWriteStamp } from '../db/write-stamp.js';
import { customers, features, govAssignments, govCapabilities, govEntities, govEntityTypes, govUsage } from '../db/schema.js';
import { connectionCache } from '../db/connection-caches.js';
import { sqliteOf } from '../db/row-writes.js';

export type EntityTypeRow = typeof govEntityTypes.$inferSelect;
export type CapabilityRow = typeof govCapabilities.$inferSelect;
export type EntityRow = typeof govEntities.$inferSelect;
export type AssignmentRow = typeof govAssignments.$inferSelect;

const p = sql.placeholder;

function prepare(db: Db) {
  return {
    customer: db.select({ id: customers.id }).from(customers).where(eq(customers.id, p('id'))).prepare(),
    entity: db
      .select()
      .from(govEntities)
      .where(and(eq(govEntities.ownerId, p('owner')), eq(govEntities.id, p('id'))))
      .prepare(),
    entityTypes: db.select().from(govEntityTypes).prepare(),
    budgetsOf: db
      .select()
      .from(govAssignments)
      .where(and(eq(govAssignments.ownerId, p('owner')), eq(govAssignments.entityId, p('entity')), eq(govAssignments.capabilityId, p('capability'))))
      .prepare(),
  };
}

/**
 * The usage statements (the read of a budget's usage, which checks and ingests make, and the
 * ingest's two writes), prepared once per connection: they run for every check and ingested
 * event, so they bind their values as they are (`at` in milliseconds, the column's storage)
 * instead of building and mapping a query each time. The columns are the tables' in
 * src/db/schema-governance.ts. (No RETURNING: SQLite answers it through a temporary table opened
 * for each statement, dearer than reading the usage before.)
 */
interface UsageStatements {
  usage: Statement;
  addUsage: Statement;
  claimKey: Statement;
}
const usageStatementCaches = connectionCache<Sqlite, UsageStatements>();
function usageStatements(sqlite: Sqlite): UsageStatements {
  let statements = usageStatementCaches.get(sqlite);
  if (!statements) {
    statements = {
      usage: sqlite.prepare('SELECT amount FROM gov_usage WHERE assignment_id = ? AND period_start = ?').pluck(),
      addUsage: sqlite
        .prepare(
          'INSERT INTO gov_usage (assignment_id, period_start, amount, at) VALUES (?, ?, ?, ?) ' +
            'ON CONFLICT (assignment_id, period_start) DO UPDATE SET amount = amount + excluded.amount, at = excluded.at',
        ),
      claimKey: sqlite.prepare('INSERT INTO gov_idempotency_keys (owner_id, key, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    };
    usageStatementCaches.set(sqlite, statements);
  }
  return statements;
}

/** The statements, prepared once per connection (a command's transaction uses its database's). */
const stmts = (db: Db) => prepared(db, 'governance.statements', prepare);

export const govStore = {
  // ---------------------------------------------------------------- hot paths (prepared)
  customerExists(db: Db, id: string): boolean {
    return stmts(db).customer.get({ id }) !== undefined;
  },
  entity(db: Db, ownerId: string, id: string): EntityRow | undefined {
    return stmts(db).entity.get({ owner: ownerId, id });
  },
  entityTypes(db: Db): EntityTypeRow[] {
    return stmts(db).entityTypes.all();
  },
  budgetsOf(db: Db, ownerId: string, entityId: string, capabilityId: string): AssignmentRow[] {
    return stmts(db).budgetsOf.all({ owner: ownerId, entity: entityId, capability: capabilityId });
  },
  /** A budget's usage in a period (0 before its first ingest). */
  usage(db: Db, assignmentId: string, periodStart: string): number {
    return (usageStatements(sqliteOf(db)).usage.get(assignmentId, periodStart) as number | undefined) ?? 0;
  },
  /** Add `amount` to a budget's usage in a period, at `atMs`: one atomic increment, concurrent ingests can never lose an amount. */
  addUsage(sqlite: Sqlite, assignmentId: string, periodStart: string, amount: number, atMs: number): void {
    usageStatements(sqlite).addUsage.run(assignmentId, periodStart, amount, atMs);
  },
  /** Record an idempotency key at `atMs`; false when the owner has already used it. */
  claimIdempotencyKey(sqlite: Sqlite, ownerId: string, key: string, atMs: number): boolean {
    return usageStatements(sqlite).claimKey.run(ownerId, key, atMs).changes > 0;
  },
  setUsage(db: Db, assignmentId: string, periodStart: string, amount: number, at: string): void {
    db.insert(govUsage)
      .values({ assignmentId, periodStart, amount, at })
      .onConflictDoUpdate({ target: [govUsage.assignmentId, govUsage.periodStart], set: { amount, at } })
      .run();
  },

  // ---------------------------------------------------------------- management
  entityType(db: Db, id: string): EntityTypeRow | undefined {
    return db.select().from(govEntityTypes).where(eq(govEntityTypes.id, id)).get();
  },
  listEntityTypes(db: Db): EntityTypeRow[] {
    return db.select().from(govEntityTypes).orderBy(asc(govEntityTypes.createdAt), asc(govEntityTypes.id)).all();
  },
  insertEntityType(db: Db, row: EntityTypeRow): void {
    db.insert(govEntityTypes).values(row).run();
  },
  updateEntityType(db: Db, id: string, patch: Partial<EntityTypeRow>): void {
    db.update(govEntityTypes).set(patch).where(eq(govEntityTypes.id, id)).run();
  },
  entitiesOfType(db: Db, typeId: string): EntityRow[] {
    return db.select().from(govEntities).where(eq(govEntities.entityTypeId, typeId)).all();
  },

  capability(db: Db, id: string): CapabilityRow | undefined {
    return db.select().from(govCapabilities).where(eq(govCapabilities.id, id)).get();
  },
  featureExists(db: Db, id: string): boolean {
    return db.select({ id: features.id }).from(features).where(eq(features.id, id)).get() !== undefined;
  },
  listCapabilities(db: Db): CapabilityRow[] {
    return db.select().from(govCapabilities).orderBy(asc(govCapabilities.createdAt), asc(govCapabilities.id)).all();
  },
  upsertCapability(db: Db, row: CapabilityRow): void {
    db.insert(govCapabilities)
      .values(row)
      .onConflictDoUpdate({ target: govCapabilities.id, set: { displayName: row.displayName, updatedAt: row.updatedAt } })
      .run();
  },

  listEntities(db: Db, ownerId: string): EntityRow[] {
    return db.select().from(govEntities).where(eq(govEntities.ownerId, ownerId)).orderBy(asc(govEntities.createdAt), asc(govEntities.id)).all();
  },
  children(db: Db, ownerId: string, parentId: string): EntityRow[] {
    return db
      .select()
      .from(govEntities)
      .where(and(eq(govEntities.ownerId, ownerId), eq(govEntities.parentId, parentId)))
      .all();
  },
  insertEntity(db: Db, row: EntityRow): void {
    db.insert(govEntities).values(row).run();
  },
  updateEntity(db: Db, ownerId: string, id: string, patch: Partial<EntityRow>): void {
    db.update(govEntities)
      .set(patch)
      .where(and(eq(govEntities.ownerId, ownerId), eq(govEntities.id, id)))
      .run();
  },

  assignmentByKey(db: Db, ownerId: string, entityId: string, capabilityId: string, scopeKey: string): AssignmentRow | undefined {
    return db
      .select()
      .from(govAssignments)
      .where(
        and(
          eq(govAssignments.ownerId, ownerId),
          eq(govAssignments.entityId, entityId),
          eq(govAssignments.capabilityId, capabilityId),
          eq(govAssignments.scopeKey, scopeKey),
        ),
      )
      .get();
  },
  listAssignments(db: Db, ownerId: string): AssignmentRow[] {
    return db
      .select()
      .from(govAssignments)
      .where(eq(govAssignments.ownerId, ownerId))
      .orderBy(asc(govAssignments.createdAt), asc(govAssignments.entityId), asc(govAssignments.capabilityId), asc(govAssignments.scopeKey))
      .all();
  },
  insertAssignment(db: Db, row: AssignmentRow): void {
    db.insert(govAssignments).values(row).run();
  },
  updateAssignment(db: Db, id: string, patch: Partial<AssignmentRow>): void {
    db.update(govAssignments).set(patch).where(eq(govAssignments.id, id)).run();
  },
};

// ------------------------------------------------------------------ the check's reads, cached

/** The check's reads (the hot-path reads of govStore). */
export type CheckReads = Pick<typeof govStore, 'customerExists' | 'entity' | 'entityTypes' | 'budgetsOf' | 'usage'> & {
  /** `read()`, or what it answered for `key` since the last write (what it throws is not kept) */
  remember<T>(key: string, read: () => T): T;
  /** what was kept for `key` since the last write */
  recall(key: string): unknown;
  keep(key: string, value: unknown): void;
};

interface ReadCache {
  /** the check tables' write stamp when the entries were read */
  stamp: number;
  entries: Map<string, unknown>;
  reads: CheckReads;
}

const readCaches = connectionCache<Sqlite, ReadCache>();
const MAX_CACHED_READS = 10_000;

/** Reads straight from SQLite (inside a transaction). */
export const directReads: CheckReads = { ...govStore, remember: (_key, read) => read(), recall: () => undefined, keep: () => undefined };

function newReadCache(): ReadCache {
  const entries = new Map<string, unknown>();
  const remember = <T>(key: string, read: () => T): T => {
    if (entries.has(key)) return entries.get(key) as T;
    const value = read();
    entries.set(key, value);
    return value;
  };
  const reads: CheckReads = {
    remember,
    recall: (key) => entries.get(key),
    keep: (key, value) => void entries.set(key, value),
    customerExists: (db, id) => remember(`c\u0000${id}`, () => govStore.customerExists(db, id)),
    entity: (db, ownerId, id) => remember(`e\u0000${ownerId}\u0000${id}`, () => govStore.entity(db, ownerId, id)),
    entityTypes: (db) => remember('t', () => govStore.entityTypes(db)),
    // a copy: the caller sorts its list
    budgetsOf: (db, ownerId, entityId, capabilityId) =>
      remember(`b\u0000${ownerId}\u0000${entityId}\u0000${capabilityId}`, () => govStore.budgetsOf(db, ownerId, entityId, capabilityId)).slice(),
    usage: (db, assignmentId, periodStart) => remember(`u\u0000${assignmentId}\u0000${periodStart}`, () => govStore.usage(db, assignmentId, periodStart)),
  };
  return { stamp: -1, entries, reads };
}

/** The tables the check's reads come from (govStore's customerExists, entity, entityTypes, budgetsOf and usage). */
const CHECK_TABLES = ['customers', 'gov_entity_types', 'gov_capabilities', 'gov_entities', 'gov_assignments', 'gov_usage'] as const;

/**
 * The check's reads, remembered per connection until the next write to the tables they come from
 * (their table write stamp, src/db/write-stamp.ts, moves with every row any statement or trigger
 * writes in them: governance writes, customers, fixtures, and writes that were rolled back), so an
 * entry read before such a write is never answered after it; a replaced database (reset, snapshot
 * restore, import) is another connection with a cache of its own. Inside a transaction the reads
 * go straight to SQLite (what it reads may still be rolled back).
 */

export function checkReads(sqlite: Sqlite): CheckReads {
  if (sqlite.inTransaction) return directReads;
  let cache = readCaches.get(sqlite);
  if (!cache) {
    cache = newReadCache();
    readCaches.set(sqlite, cache);
  }
  // the stamp of the tables the check reads (counted in memory: no query per check)
  const stamp = tableWriteStamp(sqlite, 'governance-check', CHECK_TABLES)!;
  // bounded: checks of ever new ids between two writes do not grow it without end
  if (stamp !== cache.stamp || cache.entries.size > MAX_CACHED_READS) {
    cache.entries.clear();
    cache.stamp = stamp;
  }
  return cache.reads;
}
