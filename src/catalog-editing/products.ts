/**
 * Catalog editing: products. Creating, updating, archiving, unarchiving and duplicating a product
 * write the same `products` (and, duplicating, `plans`, `addons`, `package_credits`) tables the
 * fixtures seed, in one transaction per call stamped with the environment's clock, with the webhook
 * events Stigg documents for products (product.created, product.updated). The cached catalog is
 * dropped in the transaction and after it, so every read sees the change at once.
 */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { catalog, invalidateCatalog, type AddonRow, type PlanRow, type ProductRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import * as t from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError } from '../errors.js';
import { ENTITY_ID_PATTERN } from '../ids.js';
import { iso } from '../time.js';
import { catalogWebhooks } from '../webhooks/catalog-webhooks.js';
import { recordPackageEvent } from './package-rows.js';

export type ProductStatus = 'PUBLISHED' | 'ARCHIVED';

/** The customer journey as stored (the fixtures' `customerJourney`; Stigg's productSettings plus the usage reset rule). */
export interface CustomerJourney {
  subscriptionStartSetup: string;
  subscriptionStartPlanId?: string | null;
  subscriptionEndSetup: string;
  downgradePlanId?: string | null;
  subscriptionCancellationTime: string;
  downgradeAtEndOfBillingPeriod?: boolean;
  prorateAtEndOfBillingPeriod?: boolean | null;
  usageResetCutoffRule?: string;
}

export interface CreateProductInput {
  id: string;
  displayName: string;
  description?: string | null;
  multipleSubscriptions?: boolean;
  metadata?: Record<string, string> | null;
  /** the journey a product starts with (the fixtures' defaults) */
  customerJourney: CustomerJourney;
}

/** Fields left out are kept; `null` clears a nullable one (metadata: to none). */
export interface UpdateProductInput {
  displayName?: string;
  description?: string | null;
  multipleSubscriptions?: boolean;
  metadata?: Record<string, string> | null;
  productSettings?: Omit<CustomerJourney, 'usageResetCutoffRule' | 'downgradeAtEndOfBillingPeriod'>;
  usageResetCutoffRule?: string;
}

export interface DuplicateProductInput {
  targetId: string;
  displayName?: string;
  description?: string | null;
}

const LIVE_STATUSES = ['ACTIVE', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING'];

export const journeyOf = (row: ProductRow) => row.customerJourney as unknown as CustomerJourney;

function assertEntityId(id: string, field: string): void {
  if (id.length > 255 || !ENTITY_ID_PATTERN.test(id)) throw badInput(`${field} ${JSON.stringify(id)} must match ^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$ (1-255 characters)`, { field });
}

function read(db: Db, id: string): ProductRow {
  invalidateCatalog(db);
  return catalog.requireProduct(db, id);
}

/** The plans a journey names must be plans of the product; a FREE_PLAN or TRIAL_PERIOD start needs one, as DOWNGRADE_TO_FREE does. */
function checkJourney(db: Db, productId: string, journey: CustomerJourney): void {
  const plans = new Set(catalog.plans(db, productId).map((p) => p.id));
  for (const field of ['subscriptionStartPlanId', 'downgradePlanId'] as const) {
    const planId = journey[field];
    if (planId && !plans.has(planId)) throw badInput(`productSettings.${field}: ${planId} is not a plan of product ${productId}`, { field: `productSettings.${field}` });
  }
  if (journey.subscriptionStartSetup !== 'PLAN_SELECTION' && !journey.subscriptionStartPlanId) {
    throw badInput(`productSettings.subscriptionStartPlanId is required when subscriptionStartSetup is ${journey.subscriptionStartSetup}`, { field: 'productSettings.subscriptionStartPlanId' });
  }
  if (journey.subscriptionEndSetup === 'DOWNGRADE_TO_FREE' && !journey.downgradePlanId) {
    throw badInput('productSettings.downgradePlanId is required when subscriptionEndSetup is DOWNGRADE_TO_FREE', { field: 'productSettings.downgradePlanId' });
  }
}

const exists = (db: Db, id: string) => db.select({ id: t.products.id }).from(t.products).where(eq(t.products.id, id)).get() !== undefined;

const duplicated = (what: string, id: string) => new EmulatorError('DuplicatedEntityNotAllowed', `a ${what} with id ${id} already exists`, 409, { id });

export function createProduct(env: Environment, nowMs: number, input: CreateProductInput): ProductRow {
  assertEntityId(input.id, 'id');
  const now = iso(nowMs);
  const created = env.transaction((db) => {
    if (exists(db, input.id)) throw duplicated('product', input.id);
    db.insert(t.products)
      .values({
        id: input.id,
        displayName: input.displayName,
        description: input.description ?? null,
        multipleSubscriptions: input.multipleSubscriptions ?? false,
        customerJourney: input.customerJourney as unknown as Record<string, unknown>,
        metadata: input.metadata ?? {},
        status: 'PUBLISHED',
        createdAt: now,
        updatedAt: now,
      })
      .run();
    const stored = read(db, input.id);
    catalogWebhooks.product(db, nowMs, 'product.created', stored);
    return stored;
  });
  invalidateCatalog(env.db);
  return created;
}

export function updateProduct(env: Environment, nowMs: number, id: string, input: UpdateProductInput): ProductRow {
  const updated = env.transaction((db) => {
    const existing = catalog.requireProduct(db, id);
    const patch: Partial<ProductRow> = {};
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.description !== undefined) patch.description = input.description;
    if (input.metadata !== undefined) patch.metadata = input.metadata ?? {};
    if (input.multipleSubscriptions !== undefined && input.multipleSubscriptions !== existing.multipleSubscriptions) {
      // E33 (as the fixtures): a product's subscription type cannot change once it has subscriptions
      if (catalog.productHasSubscriptions(db, id)) throw badInput(`product ${id}: multipleSubscriptions cannot change, the product has subscriptions`, { field: 'multipleSubscriptions' });
      patch.multipleSubscriptions = input.multipleSubscriptions;
    }
    if (input.productSettings !== undefined || input.usageResetCutoffRule !== undefined) {
      const journey: CustomerJourney = { ...journeyOf(existing) };
      if (input.productSettings) {
        const s = input.productSettings;
        Object.assign(journey, {
          subscriptionStartSetup: s.subscriptionStartSetup,
          subscriptionStartPlanId: s.subscriptionStartPlanId ?? null,
          subscriptionEndSetup: s.subscriptionEndSetup,
          downgradePlanId: s.downgradePlanId ?? null,
          subscriptionCancellationTime: s.subscriptionCancellationTime,
          prorateAtEndOfBillingPeriod: s.prorateAtEndOfBillingPeriod ?? null,
        });
      }
      if (input.usageResetCutoffRule !== undefined) journey.usageResetCutoffRule = input.usageResetCutoffRule;
      checkJourney(db, id, journey);
      patch.customerJourney = journey as unknown as Record<string, unknown>;
    }
    db.update(t.products)
      .set({ ...patch, updatedAt: iso(nowMs) })
      .where(eq(t.products.id, id))
      .run();
    const stored = read(db, id);
    catalogWebhooks.product(db, nowMs, 'product.updated', stored);
    return stored;
  });
  invalidateCatalog(env.db);
  return updated;
}

function setStatus(env: Environment, nowMs: number, id: string, status: ProductStatus, check: (db: Db) => void): ProductRow {
  const row = env.transaction((db) => {
    const existing = catalog.requireProduct(db, id);
    // archiving an archived product (or unarchiving a published one) changes nothing and sends nothing
    if (existing.status === status) return existing;
    check(db);
    db.update(t.products).set({ status, updatedAt: iso(nowMs) }).where(eq(t.products.id, id)).run();
    const stored = read(db, id);
    // the catalog documents no product.archived / product.deleted page: a status change is a product.updated
    catalogWebhooks.product(db, nowMs, 'product.updated', stored);
    return stored;
  });
  invalidateCatalog(env.db);
  return row;
}

/** Archive: refused while the product has a live subscription (active, in trial, not started or payment pending). */
export function archiveProduct(env: Environment, nowMs: number, id: string): ProductRow {
  return setStatus(env, nowMs, id, 'ARCHIVED', (db) => {
    const live = db
      .select({ id: t.subscriptions.id })
      .from(t.subscriptions)
      .where(and(eq(t.subscriptions.productId, id), inArray(t.subscriptions.status, LIVE_STATUSES)))
      .limit(1)
      .get();
    if (live) throw new EmulatorError('CannotArchiveProductError', `product ${id} cannot be archived: it has live subscriptions (${live.id})`, 400, { productId: id });
  });
}

export function unarchiveProduct(env: Environment, nowMs: number, id: string): ProductRow {
  return setStatus(env, nowMs, id, 'PUBLISHED', () => {});
}

/** The id of a package's copy in a duplicated product. */
export const duplicatedPackageId = (sourceId: string, targetProductId: string) => `${sourceId}-${targetProductId}`;

/**
 * Duplicate a product with its plans and add-ons (their latest versions, with their credit
 * entitlements), under `targetId`. A copied package's id is `<source id>-<targetId>`; references
 * inside the product (base plans, compatible add-ons, add-on dependencies, the journey's plans)
 * point at the copies. The copy is PUBLISHED, whatever the source's status. product.created, then
 * plan.created and addon.created for each copy.
 */
export function duplicateProduct(env: Environment, nowMs: number, sourceId: string, input: DuplicateProductInput): ProductRow {
  assertEntityId(input.targetId, 'targetId');
  const now = iso(nowMs);
  const created = env.transaction((db) => {
    const source = catalog.requireProduct(db, sourceId);
    if (exists(db, input.targetId)) throw duplicated('product', input.targetId);
    const plans = catalog.plans(db, sourceId);
    const addons = catalog.addons(db, sourceId);
    const planIds = new Map(plans.map((p) => [p.id, duplicatedPackageId(p.id, input.targetId)]));
    const addonIds = new Map(addons.map((a) => [a.id, duplicatedPackageId(a.id, input.targetId)]));
    for (const id of [...planIds.values(), ...addonIds.values()]) assertEntityId(id, 'targetId');
    const takenPlan = planIds.size > 0 ? db.select({ id: t.plans.id }).from(t.plans).where(inArray(t.plans.id, [...planIds.values()])).get() : undefined;
    if (takenPlan) throw duplicated('plan', takenPlan.id);
    const takenAddon = addonIds.size > 0 ? db.select({ id: t.addons.id }).from(t.addons).where(inArray(t.addons.id, [...addonIds.values()])).get() : undefined;
    if (takenAddon) throw duplicated('add-on', takenAddon.id);

    const journey = { ...journeyOf(source) };
    if (journey.subscriptionStartPlanId) journey.subscriptionStartPlanId = planIds.get(journey.subscriptionStartPlanId) ?? journey.subscriptionStartPlanId;
    if (journey.downgradePlanId) journey.downgradePlanId = planIds.get(journey.downgradePlanId) ?? journey.downgradePlanId;
    db.insert(t.products)
      .values({
        id: input.targetId,
        displayName: input.displayName ?? source.displayName,
        description: input.description !== undefined ? input.description : source.description,
        multipleSubscriptions: source.multipleSubscriptions,
        customerJourney: journey as unknown as Record<string, unknown>,
        metadata: source.metadata,
        status: 'PUBLISHED',
        createdAt: now,
        updatedAt: now,
      })
      .run();

    const position = db.select({ id: t.plans.id }).from(t.plans).all().length;
    plans.forEach((plan: PlanRow, i) => {
      db.insert(t.plans)
        .values({
          ...plan,
          id: planIds.get(plan.id)!,
          productId: input.targetId,
          basePlanId: plan.basePlanId ? (planIds.get(plan.basePlanId) ?? plan.basePlanId) : null,
          compatibleAddonIds: plan.compatibleAddonIds.map((id) => addonIds.get(id) ?? id),
          position: position + i,
          versionNumber: 1,
          earlierVersions: [],
          createdAt: now,
          updatedAt: now,
        })
        .run();
    });
    addons.forEach((addon: AddonRow) => {
      db.insert(t.addons)
        .values({ ...addon, id: addonIds.get(addon.id)!, productId: input.targetId, dependencies: addon.dependencies.map((id) => addonIds.get(id) ?? id), createdAt: now, updatedAt: now })
        .run();
    });
    copyPackageCredits(db, 'PLAN', planIds);
    copyPackageCredits(db, 'ADDON', addonIds);

    const stored = read(db, input.targetId);
    catalogWebhooks.product(db, nowMs, 'product.created', stored);
    // the copies are plans and add-ons created (their pages: "a plan is created", "an add-on is created")
    for (const id of planIds.values()) recordPackageEvent(db, nowMs, 'PLAN', 'plan.created', id);
    for (const id of addonIds.values()) recordPackageEvent(db, nowMs, 'ADDON', 'addon.created', id);
    return stored;
  });
  invalidateCatalog(env.db);
  return created;
}

function copyPackageCredits(db: Db, packageType: 'PLAN' | 'ADDON', ids: Map<string, string>): void {
  if (ids.size === 0) return;
  const rows = db
    .select()
    .from(t.packageCredits)
    .where(and(eq(t.packageCredits.packageType, packageType), inArray(t.packageCredits.packageId, [...ids.keys()]), notInArray(t.packageCredits.packageId, [...ids.values()])))
    .all();
  for (const row of rows) db.insert(t.packageCredits).values({ ...row, packageId: ids.get(row.packageId)! }).run();
}
