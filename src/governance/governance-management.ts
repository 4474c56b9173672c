/**
 * Governance management: entity types, capabilities, entities (with their parents) and budgets
 * (assignments) of one environment, and the tree of them. Each command runs in one transaction;
 * "now" is read once per request by the caller and passed in.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open-database.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError } from '../errors.js';
import { iso } from '../time.js';
import {
  assertCadence,
  compareBudgets,
  mergeMetadata,
  scopeOf,
  wouldCycle,
} from './governance-rules.js';
import { govStore, type AssignmentRow, type CapabilityRow, type EntityRow, type EntityTypeRow } from './governance-store.js';
import { assertOwner, entityNotFound, budgetView, type BudgetView } from './governance-service.js';

export type { AssignmentRow, CapabilityRow, EntityRow, EntityTypeRow } from './governance-store.js';
// ------------------------------------------------------------------ entity types

export interface EntityTypeInput {
  id: string;
  displayName?: string;
  description?: string | null;
  attributionKeys?: string[];
  role?: 'hierarchical' | 'dimensional';
}

export function listEntityTypes(env: Environment): EntityTypeRow[] {
  return govStore.listEntityTypes(env.db);
}

/** Upsert by id; idempotent (E118). Omitted fields keep their stored value; description ""/null clears it. */
export function upsertEntityTypes(env: Environment, items: EntityTypeInput[], nowMs: number): EntityTypeRow[] {
  const now = iso(nowMs);
  return env.transaction(() => {
    const db = env.db;
    const ids: string[] = [];
    for (const item of items) {
      const existing = govStore.entityType(db, item.id);
      const description = item.description === undefined ? undefined : item.description === '' ? null : item.description;
      if (!existing) {
        govStore.insertEntityType(db, {
          id: item.id,
          displayName: item.displayName ?? item.id,
          description: description ?? null,
          attributionKeys: [...new Set(item.attributionKeys ?? [])],
          role: item.role ?? 'hierarchical',
          createdAt: now,
          updatedAt: now,
        });
      } else {
        const patch: Partial<EntityTypeRow> = {};
        if (item.displayName !== undefined && item.displayName !== existing.displayName) patch.displayName = item.displayName;
        if (description !== undefined && description !== existing.description) patch.description = description;
        if (item.attributionKeys !== undefined) {
          const keys = [...new Set(item.attributionKeys)];
          if (JSON.stringify(keys) !== JSON.stringify(existing.attributionKeys)) patch.attributionKeys = keys;
        }
        if (item.role !== undefined && item.role !== existing.role) {
          if (item.role === 'dimensional') {
            const inTree = govStore.entitiesOfType(db, item.id).find((e) => e.parentId !== null || govStore.children(db, e.ownerId, e.id).length > 0);
            if (inTree) throw badInput(`entity type ${item.id} cannot become dimensional: entity ${inTree.id} (owner ${inTree.ownerId}) is part of a hierarchy`);
          }
          patch.role = item.role;
        }
        // re-submitting the same payload converges: nothing changes, not even updatedAt
        if (Object.keys(patch).length > 0) govStore.updateEntityType(db, item.id, { ...patch, updatedAt: now });
      }
      if (!ids.includes(item.id)) ids.push(item.id);
    }
    return ids.map((id) => govStore.entityType(db, id)!);
  });
}

// ------------------------------------------------------------------ capabilities

export interface CapabilityInput {
  id: string;
  displayName?: string;
}

export function listCapabilities(env: Environment): CapabilityRow[] {
  return govStore.listCapabilities(env.db);
}

export function upsertCapabilities(env: Environment, items: CapabilityInput[], nowMs: number): CapabilityRow[] {
  const now = iso(nowMs);
  return env.transaction(() => {
    const db = env.db;
    const ids: string[] = [];
    for (const item of items) {
      const existing = govStore.capability(db, item.id);
      const displayName = item.displayName ?? existing?.displayName ?? item.id;
      if (!existing || existing.displayName !== displayName) {
        govStore.upsertCapability(db, { id: item.id, displayName, createdAt: existing?.createdAt ?? now, updatedAt: now });
      }
      if (!ids.includes(item.id)) ids.push(item.id);
    }
    return ids.map((id) => govStore.capability(db, id)!);
  });
}

/** A capability an assignment may name: a governance capability or a feature of the catalog. */
function assertCapability(db: Db, capabilityId: string, kind: string | null): void {
  if (kind === 'currency') return; // the emulator keeps no catalog of credit currencies
  if (govStore.capability(db, capabilityId) || govStore.featureExists(db, capabilityId)) return;
  throw new EmulatorError('NotFound', `capability not found: ${capabilityId} (declare it under governance.capabilities or as a feature)`, 404, {
    id: capabilityId,
  });
}

// ------------------------------------------------------------------ entities

export interface EntityInput {
  id: string;
  entityTypeId?: string;
  /** undefined: keep the current parent; null: a root; an id: move under it */
  parentId?: string | null;
  /** undefined: keep; null or "": clear */
  displayName?: string | null;
  /** merged over the stored metadata; "" or null deletes a key (E120) */
  metadata?: Record<string, string | null>;
}

export interface EntityFilter {
  entityTypeId?: string;
  includeArchived?: boolean;
}

export function listEntities(env: Environment, ownerId: string, filter: EntityFilter = {}): EntityRow[] {
  const db = env.db;
  assertOwner(db, ownerId);
  return govStore
    .listEntities(db, ownerId)
    .filter((e) => (filter.includeArchived || e.archivedAt === null) && (filter.entityTypeId === undefined || e.entityTypeId === filter.entityTypeId));
}

/** The parent of each of the owner's entities (null at a root and for an unknown id). */
export function parentsOf(env: Environment, ownerId: string): (entityId: string) => string | null {
  const parents = new Map(govStore.listEntities(env.db, ownerId).map((e) => [e.id, e.parentId]));
  return (entityId) => parents.get(entityId) ?? null;
}

export function getEntity(env: Environment, ownerId: string, id: string): EntityRow {
  const db = env.db;
  assertOwner(db, ownerId);
  const row = govStore.entity(db, ownerId, id);
  if (!row) throw entityNotFound(ownerId, id);
  return row;
}

function typeOf(db: Db, typeId: string): EntityTypeRow {
  const type = govStore.entityType(db, typeId);
  if (!type) throw new EmulatorError('NotFound', `entity type not found: ${typeId}`, 404, { id: typeId });
  return type;
}

/**
 * Move an entity under a parent (or to the root). Both must be hierarchical; no cycles. With
 * `leafOnly` (the REST beta's rule), an entity that has children keeps its parent.
 */
function setParent(db: Db, ownerId: string, entity: EntityRow, parentId: string | null, now: string, leafOnly: boolean): void {
  if (entity.parentId === parentId) return;
  if (leafOnly && govStore.children(db, ownerId, entity.id).length > 0) {
    throw badInput(`entity ${entity.id} has children: reparenting an existing node is leaf-only`);
  }
  if (parentId !== null) {
    if (parentId === entity.id) throw badInput(`entity ${entity.id} cannot be its own parent`);
    const parent = govStore.entity(db, ownerId, parentId);
    if (!parent) throw entityNotFound(ownerId, parentId, ' (parentId)');
    if (typeOf(db, entity.entityTypeId).role === 'dimensional') {
      throw badInput(`entity ${entity.id} is of dimensional type ${entity.entityTypeId}: dimensional entities are not part of the hierarchy`);
    }
    if (typeOf(db, parent.entityTypeId).role === 'dimensional') {
      throw badInput(`parent ${parentId} is of dimensional type ${parent.entityTypeId}: dimensional entities are not part of the hierarchy`);
    }
    if (wouldCycle(entity.id, parentId, (id) => govStore.entity(db, ownerId, id)?.parentId ?? null)) {
      throw badInput(`moving ${entity.id} under ${parentId} would make a cycle`);
    }
  }
  govStore.updateEntity(db, ownerId, entity.id, { parentId, updatedAt: now });
}

/**
 * Upsert entities by id (E119, E120): entityTypeId is required for a new entity and kept when
 * omitted; displayName omitted keeps it, ""/null clears it; metadata merges; an archived entity
 * is restored. Parents are set after every entity of the request exists, so a request may
 * create a parent and its children in any order.
 */
export function upsertEntities(env: Environment, ownerId: string, items: EntityInput[], nowMs: number): EntityRow[] {
  const now = iso(nowMs);
  return env.transaction(() => {
    const db = env.db;
    assertOwner(db, ownerId);
    const ids: string[] = [];
    for (const item of items) {
      const existing = govStore.entity(db, ownerId, item.id);
      const displayName = item.displayName === undefined ? undefined : item.displayName === '' ? null : item.displayName;
      if (!existing) {
        if (!item.entityTypeId) throw badInput(`entities: entityTypeId is required to create entity ${item.id}`);
        typeOf(db, item.entityTypeId);
        govStore.insertEntity(db, {
          ownerId,
          id: item.id,
          entityTypeId: item.entityTypeId,
          parentId: null,
          displayName: displayName ?? null,
          metadata: mergeMetadata({}, item.metadata),
          archivedAt: null,
          createdAt: now,
          updatedAt: now,
        });
      } else {
        const patch: Partial<EntityRow> = {};
        if (item.entityTypeId !== undefined && item.entityTypeId !== existing.entityTypeId) {
          const type = typeOf(db, item.entityTypeId);
          if (type.role === 'dimensional' && (existing.parentId !== null || govStore.children(db, ownerId, existing.id).length > 0)) {
            throw badInput(`entity ${existing.id} is part of a hierarchy and cannot take the dimensional type ${type.id}`);
          }
          patch.entityTypeId = item.entityTypeId;
        }
        if (displayName !== undefined && displayName !== existing.displayName) patch.displayName = displayName;
        if (item.metadata !== undefined) {
          const merged = mergeMetadata(existing.metadata, item.metadata);
          if (JSON.stringify(merged) !== JSON.stringify(existing.metadata)) patch.metadata = merged;
        }
        if (existing.archivedAt !== null) patch.archivedAt = null;
        if (Object.keys(patch).length > 0) govStore.updateEntity(db, ownerId, item.id, { ...patch, updatedAt: now });
      }
      if (!ids.includes(item.id)) ids.push(item.id);
    }
    for (const item of items) {
      if (item.parentId === undefined) continue;
      setParent(db, ownerId, govStore.entity(db, ownerId, item.id)!, item.parentId, now, false);
    }
    return ids.map((id) => govStore.entity(db, ownerId, id)!);
  });
}

/** Archive (or unarchive) entities (E127). Every id must exist; archived entities leave listings, check and ingest. */
export function setArchived(env: Environment, ownerId: string, ids: string[], archived: boolean, nowMs: number): EntityRow[] {
  const now = iso(nowMs);
  return env.transaction(() => {
    const db = env.db;
    assertOwner(db, ownerId);
    const unique = [...new Set(ids)];
    for (const id of unique) {
      const row = govStore.entity(db, ownerId, id);
      if (!row) throw entityNotFound(ownerId, id);
      if ((row.archivedAt !== null) !== archived) govStore.updateEntity(db, ownerId, id, { archivedAt: archived ? now : null, updatedAt: now });
    }
    return unique.map((id) => govStore.entity(db, ownerId, id)!);
  });
}

// ------------------------------------------------------------------ assignments (budgets)

export interface AssignmentInput {
  entityId: string;
  capabilityId: string;
  /** how the REST beta named the capability */
  capabilityKind?: 'feature' | 'currency';
  /** null: no cap; undefined on update: keep */
  usageLimit?: number | null;
  cadence?: string;
  scopeEntityIds?: string[];
  /** the REST beta carries the hierarchy on assignments: undefined keeps, null detaches, an id moves (leaf-only) */
  parentId?: string | null;
}

export interface AssignmentFilter {
  entityId?: string;
  capabilityId?: string;
}

export function listAssignments(env: Environment, ownerId: string, filter: AssignmentFilter = {}): AssignmentRow[] {
  const db = env.db;
  assertOwner(db, ownerId);
  return govStore
    .listAssignments(db, ownerId)
    .filter((a) => (filter.entityId === undefined || a.entityId === filter.entityId) && (filter.capabilityId === undefined || a.capabilityId === filter.capabilityId));
}

/**
 * Upsert budgets by (entity, capability, scope) (E121): usageLimit and cadence are required to
 * create one and kept when omitted on update. A new budget's first period starts now. A changed
 * cadence starts a new period now that carries the usage of the current one.
 */
export function upsertAssignments(env: Environment, ownerId: string, items: AssignmentInput[], nowMs: number): AssignmentRow[] {
  const now = iso(nowMs);
  return env.transaction(() => {
    const db = env.db;
    assertOwner(db, ownerId);
    const ids: string[] = [];
    for (const item of items) {
      const entity = govStore.entity(db, ownerId, item.entityId);
      if (!entity) throw entityNotFound(ownerId, item.entityId);
      assertCapability(db, item.capabilityId, item.capabilityKind ?? null);
      const { scope, scopeKey } = scopeOf(item.scopeEntityIds);
      for (const id of scope) if (!govStore.entity(db, ownerId, id)) throw entityNotFound(ownerId, id, ' (scopeEntityIds)');
      if (item.cadence !== undefined) assertCadence(item.cadence);

      const existing = govStore.assignmentByKey(db, ownerId, item.entityId, item.capabilityId, scopeKey);
      if (!existing) {
        const missing = [item.usageLimit === undefined ? 'usageLimit' : null, item.cadence === undefined ? 'cadence' : null].filter(Boolean);
        if (missing.length > 0) {
          throw badInput(`assignments: ${missing.join(' and ')} required to create the budget of ${item.entityId} for ${item.capabilityId}`);
        }
        const id = randomUUID();
        govStore.insertAssignment(db, {
          id,
          ownerId,
          entityId: item.entityId,
          capabilityId: item.capabilityId,
          capabilityKind: item.capabilityKind ?? null,
          scopeKey,
          scopeEntityIds: scope,
          usageLimit: item.usageLimit ?? null,
          cadence: item.cadence!,
          anchorAt: now,
          createdAt: now,
          updatedAt: now,
        });
        ids.push(id);
      } else {
        const patch: Partial<AssignmentRow> = {};
        if (item.usageLimit !== undefined && item.usageLimit !== existing.usageLimit) patch.usageLimit = item.usageLimit;
        if (item.capabilityKind !== undefined && item.capabilityKind !== existing.capabilityKind) patch.capabilityKind = item.capabilityKind;
        if (item.cadence !== undefined && item.cadence !== existing.cadence) {
          const carried = budgetView(db, existing, nowMs).currentUsage;
          patch.cadence = item.cadence;
          patch.anchorAt = now;
          if (carried !== 0) govStore.setUsage(db, existing.id, now, carried, now);
        }
        if (Object.keys(patch).length > 0) govStore.updateAssignment(db, existing.id, { ...patch, updatedAt: now });
        if (!ids.includes(existing.id)) ids.push(existing.id);
      }
      if (item.parentId !== undefined) setParent(db, ownerId, govStore.entity(db, ownerId, item.entityId)!, item.parentId, now, true);
    }
    const byId = new Map(govStore.listAssignments(db, ownerId).map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id)!);
  });
}

/** The owner's budgets (optionally of one entity or capability) with their usage in the current period. */
export function listBudgets(env: Environment, ownerId: string, filter: AssignmentFilter, nowMs: number): BudgetView[] {
  return listAssignments(env, ownerId, filter).map((a) => budgetView(env.db, a, nowMs));
}

/** upsertAssignments, answered with each budget's usage in the current period. */
export function upsertBudgets(env: Environment, ownerId: string, items: AssignmentInput[], nowMs: number): BudgetView[] {
  return upsertAssignments(env, ownerId, items, nowMs).map((a) => budgetView(env.db, a, nowMs));
}

// ------------------------------------------------------------------ the tree

export interface TreeNode {
  entity: EntityRow;
  depth: number;
  budgets: BudgetView[];
}

/**
 * Every entity of the owner in hierarchy order (roots by id, each followed by its subtree;
 * dimensional entities are roots), with its budgets (optionally of one capability) and their
 * usage in the current period.
 */
export function tree(env: Environment, ownerId: string, nowMs: number, options: { capabilityIds?: string[]; includeArchived?: boolean } = {}): TreeNode[] {
  const db = env.db;
  assertOwner(db, ownerId);
  const entities = govStore.listEntities(db, ownerId).filter((e) => options.includeArchived || e.archivedAt === null);
  const present = new Set(entities.map((e) => e.id));
  const children = new Map<string | null, EntityRow[]>();
  for (const e of entities) {
    const parent = e.parentId !== null && present.has(e.parentId) ? e.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(e);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const budgets = new Map<string, BudgetView[]>();
  for (const a of govStore.listAssignments(db, ownerId)) {
    if (options.capabilityIds && !options.capabilityIds.includes(a.capabilityId)) continue;
    const list = budgets.get(a.entityId) ?? [];
    list.push(budgetView(db, a, nowMs));
    budgets.set(a.entityId, list);
  }
  for (const list of budgets.values()) {
    list.sort((x, y) => (x.assignment.capabilityId < y.assignment.capabilityId ? -1 : x.assignment.capabilityId > y.assignment.capabilityId ? 1 : compareBudgets(x.assignment, y.assignment)));
  }
  const out: TreeNode[] = [];
  const visit = (e: EntityRow, depth: number) => {
    out.push({ entity: e, depth, budgets: budgets.get(e.id) ?? [] });
    for (const child of children.get(e.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  return out;
}
