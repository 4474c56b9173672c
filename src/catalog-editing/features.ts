/**
 * Catalog editing: features. Creating, updating, archiving and unarchiving a feature write the same
 * `features` table the fixtures seed, in one transaction per call stamped with the environment's
 * clock, with the webhook events Stigg documents for features (feature.created, feature.updated).
 * The cached catalog is dropped in the transaction and after it, so every read (GraphQL, REST,
 * the inspector) sees the change at once.
 */
import { eq } from 'drizzle-orm';
import { asEntitlements, asPrices } from '../catalog/catalog-rules.js';
import { catalog, invalidateCatalog, type FeatureRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import * as t from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError } from '../errors.js';
import { ENTITY_ID_PATTERN } from '../ids.js';
import { iso } from '../time.js';
import { catalogWebhooks } from '../webhooks/catalog-webhooks.js';

export type FeatureType = 'BOOLEAN' | 'NUMBER' | 'ENUM';
/** The meter types as stored (the fixtures' and GraphQL's spelling). */
export type StoredMeterType = 'None' | 'Fluctuating' | 'Incremental';
export type FeatureStatus = 'NEW' | 'ACTIVE' | 'SUSPENDED';

export interface EnumValue {
  value: string;
  displayName: string;
}

export interface UnitTransformation {
  divide: number;
  round: 'UP' | 'DOWN';
  featureUnits: string | null;
  featureUnitsPlural: string | null;
}

export interface MeterDefinition {
  aggregation: { function: string; field?: string | null };
  filters: { conditions: { field: string; operation: string; value?: string | null; values?: string[] | null }[] }[];
}

export interface CreateFeatureInput {
  id: string;
  displayName: string;
  featureType: FeatureType;
  description?: string | null;
  featureStatus?: FeatureStatus;
  meterType?: StoredMeterType;
  units?: string | null;
  unitsPlural?: string | null;
  enumValues?: EnumValue[];
  metadata?: Record<string, string>;
  meter?: MeterDefinition | null;
  unitTransformation?: UnitTransformation | null;
}

/** Fields left out are kept; `null` clears a nullable one. */
export interface UpdateFeatureInput {
  displayName?: string;
  description?: string | null;
  units?: string | null;
  unitsPlural?: string | null;
  enumValues?: EnumValue[];
  metadata?: Record<string, string>;
  meter?: MeterDefinition;
  unitTransformation?: UnitTransformation | null;
}

const isMetered = (row: Pick<FeatureRow, 'featureType' | 'meterType'>) => row.featureType === 'NUMBER' && row.meterType !== 'None';

/** A feature's shape rules (the fixtures' model checks the same): meters on metered NUMBER features, enum values on ENUM ones. */
function checkShape(row: Pick<FeatureRow, 'id' | 'featureType' | 'meterType' | 'enumValues' | 'meter' | 'unitTransformation'>): void {
  if (row.featureType !== 'NUMBER' && row.meterType !== 'None') {
    throw new EmulatorError('MeteringNotAvailableForFeatureType', `feature ${row.id}: a ${row.featureType} feature cannot be metered (meterType must be None)`);
  }
  if (row.featureType === 'ENUM' && row.enumValues.length === 0) {
    throw badInput(`feature ${row.id}: an ENUM feature needs enumConfiguration (one value at least)`, { field: 'enumConfiguration' });
  }
  if (row.featureType !== 'ENUM' && row.enumValues.length > 0) {
    throw badInput(`feature ${row.id}: enumConfiguration is for ENUM features only`, { field: 'enumConfiguration' });
  }
  const values = row.enumValues.map((e) => e.value);
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) throw badInput(`feature ${row.id}: enum value ${repeated} appears more than once`, { field: 'enumConfiguration' });
  if (row.meter && !isMetered(row)) {
    throw new EmulatorError('MeterMustBeAssociatedToMeteredFeature', `feature ${row.id}: a meter needs a metered feature (featureType NUMBER, meterType Incremental or Fluctuating)`);
  }
  if (row.unitTransformation && !isMetered(row)) {
    throw badInput(`feature ${row.id}: unitTransformation is for metered features only (featureType NUMBER, meterType Incremental or Fluctuating)`, { field: 'unitTransformation' });
  }
}

/** The plans and add-ons whose latest version grants the feature or prices it (what blocks archiving it). */
export function packagesUsingFeature(db: Db, featureId: string): string[] {
  const uses = (pkg: { entitlements: Record<string, unknown>[]; prices: Record<string, unknown>[] }) =>
    asEntitlements(pkg.entitlements).some((e) => e.featureId === featureId) || asPrices(pkg.prices).some((p) => p.featureId === featureId);
  return [...catalog.plans(db).filter(uses).map((p) => `plan ${p.id}`), ...catalog.addons(db).filter(uses).map((a) => `add-on ${a.id}`)];
}

function read(db: Db, id: string): FeatureRow {
  invalidateCatalog(db);
  return catalog.requireFeature(db, id);
}

function assertEntityId(id: string): void {
  if (id.length > 255 || !ENTITY_ID_PATTERN.test(id)) throw badInput(`feature id ${JSON.stringify(id)} must match ^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$ (1-255 characters)`, { field: 'id' });
}

export function createFeature(env: Environment, nowMs: number, input: CreateFeatureInput): FeatureRow {
  assertEntityId(input.id);
  const now = iso(nowMs);
  const row: FeatureRow = {
    id: input.id,
    displayName: input.displayName,
    description: input.description ?? null,
    featureType: input.featureType,
    meterType: input.meterType ?? 'None',
    units: input.units ?? null,
    unitsPlural: input.unitsPlural ?? null,
    enumValues: input.enumValues ?? [],
    meter: (input.meter ?? null) as Record<string, unknown> | null,
    metadata: input.metadata ?? {},
    status: input.featureStatus ?? 'ACTIVE',
    unitTransformation: (input.unitTransformation ?? null) as Record<string, unknown> | null,
    createdAt: now,
    updatedAt: now,
  };
  checkShape(row);
  const created = env.transaction((db) => {
    if (db.select({ id: t.features.id }).from(t.features).where(eq(t.features.id, row.id)).get()) {
      throw new EmulatorError('DuplicatedEntityNotAllowed', `a feature with id ${row.id} already exists`, 409, { id: row.id });
    }
    db.insert(t.features).values(row).run();
    const stored = read(db, row.id);
    catalogWebhooks.feature(db, nowMs, 'feature.created', stored);
    return stored;
  });
  invalidateCatalog(env.db);
  return created;
}

export function updateFeature(env: Environment, nowMs: number, id: string, input: UpdateFeatureInput): FeatureRow {
  const updated = env.transaction((db) => {
    const existing = catalog.requireFeature(db, id);
    const patch: Partial<FeatureRow> = {};
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.description !== undefined) patch.description = input.description;
    if (input.units !== undefined) patch.units = input.units;
    if (input.unitsPlural !== undefined) patch.unitsPlural = input.unitsPlural;
    if (input.enumValues !== undefined) patch.enumValues = input.enumValues;
    if (input.metadata !== undefined) patch.metadata = input.metadata;
    if (input.meter !== undefined) patch.meter = input.meter as unknown as Record<string, unknown>;
    if (input.unitTransformation !== undefined) patch.unitTransformation = input.unitTransformation as Record<string, unknown> | null;
    checkShape({ ...existing, ...patch });
    db.update(t.features)
      .set({ ...patch, updatedAt: iso(nowMs) })
      .where(eq(t.features.id, id))
      .run();
    const stored = read(db, id);
    catalogWebhooks.feature(db, nowMs, 'feature.updated', stored);
    return stored;
  });
  invalidateCatalog(env.db);
  return updated;
}

function setStatus(env: Environment, nowMs: number, id: string, status: FeatureStatus, check: (db: Db, row: FeatureRow) => void): FeatureRow {
  const row = env.transaction((db) => {
    const existing = catalog.requireFeature(db, id);
    // archiving an archived feature (or unarchiving an active one) changes nothing and sends nothing
    if ((status === 'SUSPENDED') === (existing.status === 'SUSPENDED')) return existing;
    check(db, existing);
    db.update(t.features).set({ status, updatedAt: iso(nowMs) }).where(eq(t.features.id, id)).run();
    const stored = read(db, id);
    // the catalog documents no feature.archived page: a status change is a feature.updated
    catalogWebhooks.feature(db, nowMs, 'feature.updated', stored);
    return stored;
  });
  invalidateCatalog(env.db);
  return row;
}

/**
 * Archive (SUSPENDED): refused while a plan or add-on grants or prices the feature (Stigg: "It's
 * not possible to archive a feature if it's in use by a published plan or add-on").
 */
export function archiveFeature(env: Environment, nowMs: number, id: string): FeatureRow {
  return setStatus(env, nowMs, id, 'SUSPENDED', (db) => {
    const users = packagesUsingFeature(db, id);
    if (users.length > 0) {
      throw new EmulatorError('CannotArchiveFeatureError', `feature ${id} cannot be archived: it is in use by ${users.join(', ')}; publish versions without it first`, 400, { featureId: id, usedBy: users });
    }
  });
}

/** Unarchive: ACTIVE again. */
export function unarchiveFeature(env: Environment, nowMs: number, id: string): FeatureRow {
  return setStatus(env, nowMs, id, 'ACTIVE', () => {});
}
