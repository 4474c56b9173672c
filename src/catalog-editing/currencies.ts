/**
 * Custom currencies (credit types) written through the API: created, updated, archived and
 * unarchived, listed by status, and the plans and add-ons that use one. Each command is one
 * transaction. Stigg's archive-custom-currency page: archiving fails while an active plan or add-on
 * uses the currency; the archive-credit-type page: an archived currency gets no new grants
 * (credits/grants.ts refuses them) while its wallets are read and consumed as before.
 */
import { asc, eq } from 'drizzle-orm';
import { catalog } from '../catalog/catalog-service.js';
import { requireCurrency } from '../catalog/currencies.js';
import { normaliseMetadata } from '../customers/customer-rules.js';
import type { Db } from '../db/open-database.js';
import { creditRepo, type CustomCurrencyRow } from '../db/repositories/credits.js';
import { customCurrencies } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError } from '../errors.js';
import { ENTITY_ID_PATTERN } from '../ids.js';
import { iso } from '../time.js';

export type CurrencyStatus = 'ACTIVE' | 'ARCHIVED';

export interface CurrencyUnits {
  singular: string;
  plural: string;
}

export interface CreateCurrencyInput {
  id: string;
  displayName: string;
  description?: string | null;
  symbol?: string | null;
  units?: CurrencyUnits | null;
  metadata?: Record<string, unknown> | null;
}

export interface UpdateCurrencyInput {
  displayName?: string;
  /** '' or null clears it */
  description?: string | null;
  /** '' or null clears it */
  symbol?: string | null;
  units?: CurrencyUnits;
  /** null clears it */
  metadata?: Record<string, unknown> | null;
}

/** A plan or add-on that uses a currency (a credit entitlement or a CREDIT_BASED price). */
export interface CurrencyAssociatedEntity {
  id: string;
  displayName: string;
  type: 'Plan' | 'Addon';
}

const MAX_ID = 255;

function checkUnits(units: CurrencyUnits | null | undefined): void {
  if (!units) return;
  if (!units.singular?.trim() || !units.plural?.trim()) throw badInput('units needs both singular and plural', { field: 'units' });
}

function checkDisplayName(name: string | undefined): void {
  if (name !== undefined && !name.trim()) throw badInput('displayName must not be empty', { field: 'displayName' });
}

/** createCustomCurrency: a new currency (DuplicatedEntityNotAllowed when its id is taken). */
export function createCustomCurrency(env: Environment, nowMs: number, input: CreateCurrencyInput): CustomCurrencyRow {
  if (!input.id || input.id.length > MAX_ID || !ENTITY_ID_PATTERN.test(input.id)) {
    throw badInput('id must match ^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$ (1-255 characters)', { field: 'id' });
  }
  checkDisplayName(input.displayName ?? '');
  checkUnits(input.units);
  const metadata = normaliseMetadata(input.metadata ?? undefined, 'metadata') ?? {};
  return env.transaction((db) => {
    if (creditRepo.currency(db, input.id)) {
      throw new EmulatorError('DuplicatedEntityNotAllowed', `custom currency ${input.id} already exists`, 409, { id: input.id });
    }
    const now = iso(nowMs);
    db.insert(customCurrencies)
      .values({
        id: input.id,
        displayName: input.displayName,
        description: input.description || null,
        symbol: input.symbol || null,
        units: input.units?.singular ?? null,
        unitsPlural: input.units?.plural ?? null,
        metadata,
        archivedAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    return creditRepo.currency(db, input.id)!;
  });
}

/** updateCustomCurrency: the fields given change; the id does not. */
export function updateCustomCurrency(env: Environment, nowMs: number, currencyId: string, input: UpdateCurrencyInput): CustomCurrencyRow {
  checkDisplayName(input.displayName);
  checkUnits(input.units);
  const metadata = input.metadata === undefined ? undefined : (normaliseMetadata(input.metadata, 'metadata') ?? {});
  return env.transaction((db) => {
    requireCurrency(db, currencyId);
    const patch: Partial<CustomCurrencyRow> = { updatedAt: iso(nowMs) };
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.description !== undefined) patch.description = input.description || null;
    if (input.symbol !== undefined) patch.symbol = input.symbol || null;
    if (input.units !== undefined) {
      patch.units = input.units.singular;
      patch.unitsPlural = input.units.plural;
    }
    if (metadata !== undefined) patch.metadata = metadata;
    db.update(customCurrencies).set(patch).where(eq(customCurrencies.id, currencyId)).run();
    return creditRepo.currency(db, currencyId)!;
  });
}

/** The plans and add-ons that use a currency, plans first, each in catalog order. */
export function currencyAssociatedEntities(db: Db, currencyId: string): CurrencyAssociatedEntity[] {
  const uses = (type: 'PLAN' | 'ADDON', pkg: { id: string; prices: unknown[] }) =>
    creditRepo.packageCredits(db, type, pkg.id).some((c) => c.currencyId === currencyId) ||
    (pkg.prices as { customCurrencyId?: string | null }[]).some((p) => p?.customCurrencyId === currencyId);
  return [
    ...catalog.plans(db).filter((p) => uses('PLAN', p)).map((p) => ({ id: p.id, displayName: p.displayName, type: 'Plan' as const })),
    ...catalog.addons(db).filter((a) => uses('ADDON', a)).map((a) => ({ id: a.id, displayName: a.displayName, type: 'Addon' as const })),
  ];
}

/** customCurrencyAssociatedEntities: CustomCurrencyNotFound for an unknown currency. */
export function listCurrencyAssociatedEntities(env: Environment, currencyId: string): CurrencyAssociatedEntity[] {
  requireCurrency(env.db, currencyId);
  return currencyAssociatedEntities(env.db, currencyId);
}

/**
 * archiveCustomCurrency: refused (IntegrityViolation) while a plan or add-on uses it; archiving an
 * archived currency changes nothing.
 */
export function archiveCustomCurrency(env: Environment, nowMs: number, currencyId: string): CustomCurrencyRow {
  return env.transaction((db) => {
    const row = requireCurrency(db, currencyId);
    if (row.archivedAt) return row;
    const used = currencyAssociatedEntities(db, currencyId);
    if (used.length > 0) {
      throw new EmulatorError(
        'IntegrityViolation',
        `custom currency ${currencyId} is used by ${used.map((e) => `${e.type.toLowerCase()} ${e.id}`).join(', ')}: remove it from them before archiving it`,
        400,
        { currencyId, associatedEntities: used.map((e) => e.id) },
      );
    }
    const now = iso(nowMs);
    db.update(customCurrencies).set({ archivedAt: now, updatedAt: now }).where(eq(customCurrencies.id, currencyId)).run();
    return creditRepo.currency(db, currencyId)!;
  });
}

/** unarchiveCustomCurrency: active again; unarchiving an active currency changes nothing. */
export function unarchiveCustomCurrency(env: Environment, nowMs: number, currencyId: string): CustomCurrencyRow {
  return env.transaction((db) => {
    const row = requireCurrency(db, currencyId);
    if (!row.archivedAt) return row;
    db.update(customCurrencies).set({ archivedAt: null, updatedAt: iso(nowMs) }).where(eq(customCurrencies.id, currencyId)).run();
    return creditRepo.currency(db, currencyId)!;
  });
}

export const currencyStatus = (row: CustomCurrencyRow): CurrencyStatus => (row.archivedAt ? 'ARCHIVED' : 'ACTIVE');

/** The environment's currencies of the given statuses (ACTIVE by default), by id. */
export function listCustomCurrencies(env: Environment, statuses: readonly CurrencyStatus[] = ['ACTIVE']): CustomCurrencyRow[] {
  const wanted = new Set(statuses.length > 0 ? statuses : ['ACTIVE']);
  return env.db
    .select()
    .from(customCurrencies)
    .orderBy(asc(customCurrencies.id))
    .all()
    .filter((row) => wanted.has(currencyStatus(row)));
}
