/**
 * Writing plans and add-ons ("packages") outside fixtures (the REST API's v1.plans and v1.addons):
 * create, update, archive, drafts and publishing. Each call is one transaction that writes the same
 * catalog tables fixtures seed, forgets the cached catalog, and records the catalog webhook events
 * Stigg documents (plan.created, plan.updated, plan.deleted, addon.created, addon.deleted).
 *
 * Versions: a package row holds its published version; its next version is edited as a draft (the
 * row's `draft`) and becomes the published version when published. A package created as a DRAFT
 * has never been published: its first version is its draft, and no subscription may use it until
 * it is published. Plans keep their earlier versions for the subscriptions standing on them (E53);
 * an add-on has one published version, which publishing replaces for every subscription.
 */
import { eq } from 'drizzle-orm';
import type { TrialConfig } from '../catalog/catalog-rules.js';
import { catalog, invalidateCatalog, type AddonRow, type PackageRow, type PlanRow } from '../catalog/catalog-service.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import * as t from '../db/schema.js';
import type { Db } from '../db/open-database.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError } from '../errors.js';
import { ENTITY_ID_PATTERN } from '../ids.js';
import { latestVersionPatch } from '../subscriptions/migration-rules.js';
import { refreshDue } from '../subscriptions/subscription-writes.js';
import { inInstantRange, iso, type InstantRange } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import {
  kindName,
  recordPackageEvent,
  requirePackage,
  workingVersion,
  writeDraft,
  writePackageCredits,
  type PackageKind,
  type PackageStatus,
  type StoredDraft,
} from './package-rows.js';

export interface PackageCreateInput {
  id: string;
  displayName: string;
  productId: string;
  description?: string | null;
  billingId?: string | null;
  metadata?: Record<string, string>;
  /** PUBLISHED: published at once (an empty first version); ARCHIVED is refused; default DRAFT */
  status?: PackageStatus;
  // plans
  pricingType?: 'FREE' | 'PAID' | 'CUSTOM' | null;
  parentPlanId?: string | null;
  defaultTrialConfig?: TrialConfig | null;
  // add-ons
  maxQuantity?: number | null;
}

export interface PackageUpdateInput {
  displayName?: string;
  description?: string | null;
  billingId?: string | null;
  metadata?: Record<string, string>;
  // plans
  parentPlanId?: string | null;
  compatibleAddonIds?: string[] | null;
  defaultTrialConfig?: TrialConfig | null;
  /** the pricing type a plan's `charges` set */
  pricingType?: 'FREE' | 'PAID' | 'CUSTOM';
  // add-ons
  maxQuantity?: number | null;
  dependencies?: string[] | null;
  /** the status the caller believes the package has: it changes through publish, archive and the draft methods only */
  status?: PackageStatus;
}

const ADDON_PRICING_TYPE = 'an add-on is FREE or PAID (its prices make it PAID)';

const emptyDraft = (nowMs: number): StoredDraft => ({ prices: [], entitlements: [], credits: [], createdAt: iso(nowMs) });

/** A new plan or add-on, a DRAFT unless created PUBLISHED; plan.created / addon.created. */
export function createPackage(env: Environment, nowMs: number, kind: PackageKind, input: PackageCreateInput): PackageRow {
  return env.transaction((db) => {
    if (!ENTITY_ID_PATTERN.test(input.id)) throw badInput(`id must match ${ENTITY_ID_PATTERN.source}`);
    const existing = kind === 'PLAN' ? catalog.plan(db, input.id) : catalog.addon(db, input.id);
    if (existing) throw new EmulatorError('DuplicatedEntityNotAllowed', `a ${kindName(kind)} with id ${input.id} already exists`, 409, { id: input.id });
    catalog.requireProduct(db, input.productId);
    if (input.status === 'ARCHIVED') throw badInput(`a ${kindName(kind)} cannot be created ARCHIVED`);
    if (kind === 'ADDON' && input.pricingType === 'CUSTOM') throw badInput(ADDON_PRICING_TYPE);
    const published = input.status === 'PUBLISHED';
    const now = iso(nowMs);
    const common = {
      id: input.id,
      productId: input.productId,
      displayName: input.displayName,
      description: input.description ?? null,
      prices: [],
      entitlements: [],
      metadata: input.metadata ?? {},
      createdAt: now,
      updatedAt: now,
      status: published ? 'PUBLISHED' : 'DRAFT',
      draft: published ? null : emptyDraft(nowMs),
      billingId: input.billingId ?? null,
    };
    if (kind === 'PLAN') {
      if (input.parentPlanId) checkParentPlan(db, input.id, input.productId, input.parentPlanId);
      db.insert(t.plans)
        .values({
          ...common,
          pricingType: input.pricingType ?? 'FREE',
          basePlanId: input.parentPlanId ?? null,
          defaultTrialConfig: (input.defaultTrialConfig ?? null) as Record<string, unknown> | null,
          compatibleAddonIds: [],
          position: db.select({ id: t.plans.id }).from(t.plans).all().length,
        })
        .run();
    } else {
      db.insert(t.addons)
        .values({ ...common, maxQuantity: input.maxQuantity ?? null, dependencies: [] })
        .run();
    }
    invalidateCatalog(db);
    recordPackageEvent(db, nowMs, kind, kind === 'PLAN' ? 'plan.created' : 'addon.created', input.id);
    return requirePackage(db, kind, input.id);
  });
}

/** A plan's parent: a plan of the same product, not the plan itself nor one of its descendants. */
function checkParentPlan(db: Db, planId: string, productId: string, parentPlanId: string): void {
  const parent = catalog.requirePlan(db, parentPlanId);
  if (parent.productId !== productId) throw badInput(`parent plan ${parentPlanId} belongs to product ${parent.productId}, not ${productId}`);
  let cursor: PlanRow | undefined = parent;
  while (cursor) {
    if (cursor.id === planId) throw new EmulatorError('PlansCircularDependencyError', `plan ${parentPlanId} cannot be the parent of ${planId}: inheritance cycle`, 400, { id: planId });
    cursor = cursor.basePlanId ? catalog.plan(db, cursor.basePlanId) : undefined;
  }
}

/**
 * The package's own facts (name, description, metadata, billing id, parent plan, compatible add-ons,
 * trial, add-on quantity and dependencies) change at once; prices change through the draft.
 */
export function updatePackage(env: Environment, nowMs: number, kind: PackageKind, id: string, input: PackageUpdateInput, prices?: (draft: StoredDraft, db: Db) => StoredDraft): PackageRow {
  return env.transaction((db) => {
    const row = requirePackage(db, kind, id);
    if (row.status === 'ARCHIVED') throw new EmulatorError('EntityIsArchivedError', `${kindName(kind)} ${id} is archived`, 409, { id });
    // naming the current status is accepted; changing it is publish's, archive's and the draft methods' work
    const current = workingVersion(db, row).status;
    if (input.status !== undefined && input.status !== current) {
      throw new EmulatorError('CannotEditPackageInNonDraftMode', `a ${kindName(kind)}'s status changes through publish, archive and createDraft, not update (it is ${current})`, 400);
    }
    if (kind === 'ADDON' && input.pricingType === 'CUSTOM') throw badInput(ADDON_PRICING_TYPE);
    const set: Record<string, unknown> = { updatedAt: iso(nowMs) };
    if (input.displayName !== undefined) set.displayName = input.displayName;
    if (input.description !== undefined) set.description = input.description;
    if (input.billingId !== undefined) set.billingId = input.billingId;
    if (input.metadata !== undefined) set.metadata = input.metadata;
    if (kind === 'PLAN') {
      const plan = row as PlanRow;
      if (input.parentPlanId !== undefined) {
        if (input.parentPlanId) checkParentPlan(db, id, plan.productId, input.parentPlanId);
        set.basePlanId = input.parentPlanId;
      }
      if (input.compatibleAddonIds !== undefined) {
        const ids = input.compatibleAddonIds ?? [];
        for (const addonId of ids) {
          const addon = catalog.requireAddon(db, addonId);
          if (addon.productId !== plan.productId) throw badInput(`add-on ${addonId} belongs to product ${addon.productId}, not ${plan.productId}`);
        }
        set.compatibleAddonIds = [...new Set(ids)];
      }
      if (input.defaultTrialConfig !== undefined) set.defaultTrialConfig = input.defaultTrialConfig;
      if (input.pricingType !== undefined) set.pricingType = input.pricingType;
    } else {
      if (input.maxQuantity !== undefined) set.maxQuantity = input.maxQuantity;
      if (input.dependencies !== undefined) {
        const ids = input.dependencies ?? [];
        for (const addonId of ids) {
          if (addonId === id) throw badInput(`add-on ${id} cannot depend on itself`);
          catalog.requireAddon(db, addonId);
        }
        set.dependencies = [...new Set(ids)];
      }
    }
    if (prices) {
      const draft = prices(requireDraftOf(row, kind), db);
      set.draft = draft;
    }
    if (kind === 'PLAN') db.update(t.plans).set(set).where(eq(t.plans.id, id)).run();
    else db.update(t.addons).set(set).where(eq(t.addons.id, id)).run();
    invalidateCatalog(db);
    return requirePackage(db, kind, id);
  });
}

function requireDraftOf(row: PackageRow, kind: PackageKind): StoredDraft {
  if (!row.draft) {
    throw new EmulatorError('EditAllowedOnDraftPackageOnlyError', `${kindName(kind)} ${row.id} has no draft: create one before setting its charges`, 400, { id: row.id });
  }
  return row.draft as StoredDraft;
}

/**
 * Archive a package: no new subscription may use it (existing ones keep it). A package never
 * published cannot be archived (DraftPlanCantBeArchived / DraftAddonCantBeArchived); plan.deleted /
 * addon.deleted.
 */
export function archivePackage(env: Environment, nowMs: number, kind: PackageKind, id: string): PackageRow {
  return env.transaction((db) => {
    const row = requirePackage(db, kind, id);
    if (row.status === 'DRAFT') {
      throw new EmulatorError(kind === 'PLAN' ? 'DraftPlanCantBeArchived' : 'DraftAddonCantBeArchived', `${kindName(kind)} ${id} was never published: remove its draft instead`, 400, { id });
    }
    if (row.status === 'ARCHIVED') return row;
    if (kind === 'PLAN') {
      const children = catalog.plans(db).filter((p) => p.basePlanId === id && p.status !== 'ARCHIVED');
      if (children.length > 0) throw new EmulatorError('PlanWithChildCantBeDeleted', `plan ${id} is the parent of ${children.map((p) => p.id).join(', ')}`, 400, { id });
      const journey = catalog.requireProduct(db, row.productId).customerJourney as { subscriptionStartPlanId?: string | null; downgradePlanId?: string | null };
      if (journey.subscriptionStartPlanId === id) throw new EmulatorError('PlanIsUsedAsDefaultStartPlan', `plan ${id} is its product's start plan`, 400, { id });
      if (journey.downgradePlanId === id) throw new EmulatorError('PlanIsUsedAsDowngradePlan', `plan ${id} is its product's downgrade plan`, 400, { id });
    } else {
      const plans = catalog.plans(db).filter((p) => p.status !== 'ARCHIVED' && p.compatibleAddonIds.includes(id));
      if (plans.length > 0) throw new EmulatorError('AddonIsCompatibleWithPlan', `add-on ${id} is compatible with ${plans.map((p) => p.id).join(', ')}`, 400, { id });
    }
    writeDraft(db, kind, id, null, nowMs, { status: 'ARCHIVED' });
    recordPackageEvent(db, nowMs, kind, kind === 'PLAN' ? 'plan.deleted' : 'addon.deleted', id);
    return requirePackage(db, kind, id);
  });
}

/** A draft of the next version, starting as a copy of the published one (DraftAlreadyExists when there is one). */
export function createPackageDraft(env: Environment, nowMs: number, kind: PackageKind, id: string): PackageRow {
  return env.transaction((db) => {
    const row = requirePackage(db, kind, id);
    if (row.status === 'ARCHIVED') throw new EmulatorError('EntityIsArchivedError', `${kindName(kind)} ${id} is archived`, 409, { id });
    if (row.draft) throw new EmulatorError('DraftAlreadyExists', `${kindName(kind)} ${id} already has a draft`, 400, { id });
    const published = workingVersion(db, row);
    const draft: StoredDraft = { prices: row.prices, entitlements: row.entitlements, credits: published.credits, createdAt: iso(nowMs) };
    writeDraft(db, kind, id, draft, nowMs);
    return requirePackage(db, kind, id);
  });
}

/**
 * Discard the draft. A package never published is removed with it (nothing subscribes to a draft;
 * plan.deleted / addon.deleted); answers the package's id.
 */
export function removePackageDraft(env: Environment, nowMs: number, kind: PackageKind, id: string): { id: string } {
  return env.transaction((db) => {
    const row = requirePackage(db, kind, id);
    if (!row.draft) throw new EmulatorError('NoDraftOfferFound', `${kindName(kind)} ${id} has no draft`, 400, { id });
    if (row.status === 'DRAFT') {
      if (kind === 'PLAN' && catalog.planIsParent(db, id)) throw new EmulatorError('PlanWithChildCantBeDeleted', `plan ${id} is the parent of other plans`, 400, { id });
      // the package itself is deleted: plan.deleted / addon.deleted, describing it as it was (a DRAFT)
      recordPackageEvent(db, nowMs, kind, kind === 'PLAN' ? 'plan.deleted' : 'addon.deleted', id);
      if (kind === 'PLAN') {
        db.delete(t.plans).where(eq(t.plans.id, id)).run();
      } else {
        db.delete(t.addons).where(eq(t.addons.id, id)).run();
      }
      invalidateCatalog(db);
    } else {
      writeDraft(db, kind, id, null, nowMs);
    }
    return { id };
  });
}

export type MigrationType = 'NEW_CUSTOMERS' | 'ALL_CUSTOMERS';

/**
 * Publish the draft as the package's next version (its first, for a package never published).
 * A plan keeps its earlier version for the subscriptions on it, unless ALL_CUSTOMERS moves them to
 * the new one (subscription.updated each); a PAID plan needs a price. plan.updated for a plan.
 */
export function publishPackage(env: Environment, nowMs: number, kind: PackageKind, id: string, migrationType: MigrationType): { taskId: string | null } {
  return env.transaction((db) => {
    const row = requirePackage(db, kind, id);
    if (row.status === 'ARCHIVED') throw new EmulatorError('EntityIsArchivedError', `${kindName(kind)} ${id} is archived`, 409, { id });
    if (!row.draft) throw new EmulatorError('PackageAlreadyPublished', `${kindName(kind)} ${id} has no draft to publish: its version ${row.versionNumber} is published`, 400, { id });
    const draft = row.draft as StoredDraft;
    const firstVersion = row.status === 'DRAFT';
    const now = iso(nowMs);
    if (kind === 'PLAN') {
      const plan = row as PlanRow;
      if (plan.basePlanId && catalog.plan(db, plan.basePlanId)?.status === 'DRAFT') {
        throw new EmulatorError('PlanCannotBePublishWhenBasePlanIsDraft', `plan ${id}'s parent plan ${plan.basePlanId} was never published`, 400, { id });
      }
      const draftAddon = catalog.addonsByIds(db, plan.compatibleAddonIds).find((a) => a.status === 'DRAFT');
      if (draftAddon) throw new EmulatorError('PlanCannotBePublishWhenCompatibleAddonIsDraft', `plan ${id}'s compatible add-on ${draftAddon.id} was never published`, 400, { id });
      if (plan.pricingType === 'PAID' && draft.prices.length === 0) throw new EmulatorError('PackagePricingTypeNotSet', `PAID plan ${id} has no price: set its charges first`, 400, { id });
      const versions = firstVersion
        ? { versionNumber: plan.versionNumber, earlierVersions: plan.earlierVersions }
        : {
            versionNumber: plan.versionNumber + 1,
            earlierVersions: [...plan.earlierVersions, { versionNumber: plan.versionNumber, prices: plan.prices, entitlements: plan.entitlements }],
          };
      db.update(t.plans)
        .set({ ...versions, prices: draft.prices, entitlements: draft.entitlements, draft: null, status: 'PUBLISHED', updatedAt: now })
        .where(eq(t.plans.id, id))
        .run();
    } else {
      const addon = row as AddonRow;
      db.update(t.addons)
        .set({
          versionNumber: firstVersion ? addon.versionNumber : addon.versionNumber + 1,
          prices: draft.prices,
          entitlements: draft.entitlements,
          draft: null,
          status: 'PUBLISHED',
          updatedAt: now,
        })
        .where(eq(t.addons.id, id))
        .run();
    }
    writePackageCredits(db, kind, id, draft.credits ?? []);
    invalidateCatalog(db);
    if (kind === 'PLAN') {
      if (migrationType === 'ALL_CUSTOMERS' && !firstVersion) migrateAll(db, nowMs, id);
      recordPackageEvent(db, nowMs, kind, 'plan.updated', id);
    }
    return { taskId: null };
  });
}

/** ALL_CUSTOMERS: every live subscription of the plan moves to its latest version now. */
function migrateAll(db: Db, nowMs: number, planId: string): void {
  const plan = catalog.requirePlan(db, planId);
  const subs = db.select().from(t.subscriptions).where(eq(t.subscriptions.planId, planId)).all();
  for (const sub of subs) {
    if (sub.status === 'CANCELED' || sub.status === 'EXPIRED' || sub.planVersion === plan.versionNumber) continue;
    subscriptionRepo.update(db, sub.id, { ...latestVersionPatch(sub, plan), updatedAt: iso(nowMs) });
    refreshDue(db, sub.id);
    webhookEventsOf.subscription(db, nowMs, 'subscription.updated', sub.id);
  }
}

/** Packages of one kind, in catalog order, filtered as v1.plans.list / v1.addons.list filter them. */
export function listPackages(
  db: Db,
  kind: PackageKind,
  filter: { productId?: string; status?: string[]; createdAt?: InstantRange },
): PackageRow[] {
  const rows: PackageRow[] = kind === 'PLAN' ? catalog.plans(db) : catalog.addons(db);
  return rows.filter(
    (row) =>
      (!filter.productId || row.productId === filter.productId) &&
      (!filter.status?.length || filter.status.includes(workingVersion(db, row).status)) &&
      inInstantRange(row.createdAt, filter.createdAt),
  );
}
