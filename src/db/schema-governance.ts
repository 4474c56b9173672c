/**
 * The governance tables of one environment's database (entity types, capabilities, entities,
 * budget assignments, usage and idempotency keys), part of schema.ts, which re-exports them.
 */
import { index, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant } from './instant-column.js';

// ---------------------------------------------------------------- governance

export const govEntityTypes = sqliteTable('gov_entity_types', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  attributionKeys: text('attribution_keys', { mode: 'json' }).$type<string[]>().notNull(),
  role: text('role').notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const govCapabilities = sqliteTable('gov_capabilities', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const govEntities = sqliteTable(
  'gov_entities',
  {
    ownerId: text('owner_id').notNull(),
    id: text('id').notNull(),
    entityTypeId: text('entity_type_id').notNull(),
    parentId: text('parent_id'),
    displayName: text('display_name'),
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    archivedAt: instant('archived_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.id] }), index('gov_entities_parent').on(t.ownerId, t.parentId)],
);

export const govAssignments = sqliteTable(
  'gov_assignments',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    entityId: text('entity_id').notNull(),
    capabilityId: text('capability_id').notNull(),
    /** how the REST beta names the capability: 'feature' (featureId, the default) or 'currency' (currencyId) */
    capabilityKind: text('capability_kind'),
    /** sorted, comma-joined scope entity ids ('' = node-wide): part of the natural key */
    scopeKey: text('scope_key').notNull(),
    scopeEntityIds: text('scope_entity_ids', { mode: 'json' }).$type<string[]>().notNull(),
    /** null = no cap (usage is tracked, every request is allowed) */
    usageLimit: real('usage_limit'),
    cadence: text('cadence').notNull(),
    /** the instant the first period starts; periods roll every cadence from here */
    anchorAt: instant('anchor_at').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('gov_assignments_natural_key').on(t.ownerId, t.entityId, t.capabilityId, t.scopeKey)],
);

/**
 * Usage counters: one row per assignment and period, incremented in place by ingest
 * (`amount = amount + ?` in the ingest's transaction). Usage in a period = the row's amount.
 */
export const govUsage = sqliteTable(
  'gov_usage',
  {
    assignmentId: text('assignment_id').notNull(),
    periodStart: text('period_start').notNull(),
    amount: real('amount').notNull(),
    /** last increment */
    at: instant('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.periodStart] })],
);

export const govIdempotencyKeys = sqliteTable(
  'gov_idempotency_keys',
  {
    ownerId: text('owner_id').notNull(),
    key: text('key').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.key] })],
);

