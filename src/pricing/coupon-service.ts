/**
 * Coupons of the catalog: createOneCoupon, a coupon PERCENTAGE (percentOff) or FIXED (one amount
 * off, in one currency), forever or for a number of months; updating its name, description and
 * metadata (its discount never changes); archiving it (an archived coupon is no longer applied:
 * ArchivedCouponCantBeApplied). One transaction each; a bad input writes nothing. Each records
 * its webhook in the same transaction: coupon.created, coupon.updated for an update or an archive
 * (Stigg's coupon pages: "a coupon is created", "a coupon changes"; no coupon.archived page).
 */
import { asc, desc, eq } from 'drizzle-orm';
import { catalog, invalidateCatalog, type CouponRow } from '../catalog/catalog-service.js';
import { normaliseMetadata } from '../customers/customer-rules.js';
import { coupons } from '../db/schema.js';
import type { Db } from '../db/open-database.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { ENTITY_ID_PATTERN } from '../ids.js';
import { iso } from '../time.js';
import { catalogWebhooks } from '../webhooks/catalog-webhooks.js';

export interface CreateCouponInput {
  refId: string;
  name: string;
  description?: string | null;
  type?: string | null;
  percentOff?: number | null;
  amountsOff?: { amount: number; currency: string }[] | null;
  /** deprecated: the percent (PERCENTAGE) or the amount in USD (FIXED) */
  discountValue?: number | null;
  durationInMonths?: number | null;
  additionalMetaData?: Record<string, unknown> | null;
}

/** The coupon's stored discount: type, value and currency, from the input's several ways of saying it. */
function discountOf(input: CreateCouponInput): { type: 'PERCENTAGE' | 'FIXED'; value: number; currency: string | null } {
  const fixed = input.type === 'FIXED' || (!input.type && !!input.amountsOff?.length && input.percentOff == null);
  if (!fixed) {
    if (input.amountsOff?.length) throw badInput('amountsOff is for FIXED coupons');
    const value = input.percentOff ?? input.discountValue;
    if (value === null || value === undefined || !Number.isFinite(value) || value <= 0 || value > 100) {
      throw badInput('a PERCENTAGE coupon needs percentOff greater than 0 and at most 100');
    }
    return { type: 'PERCENTAGE', value, currency: null };
  }
  if (input.percentOff !== null && input.percentOff !== undefined) throw badInput('percentOff is for PERCENTAGE coupons');
  const amounts = input.amountsOff?.length ? input.amountsOff : input.discountValue != null ? [{ amount: input.discountValue, currency: 'USD' }] : [];
  if (amounts.length === 0) throw badInput('a FIXED coupon needs amountsOff');
  if (amounts.length > 1) throw badInput('the emulator keeps one amount off per coupon: give amountsOff in one currency');
  const [{ amount, currency }] = amounts as [{ amount: number; currency: string }];
  if (!Number.isFinite(amount) || amount <= 0) throw badInput('amountsOff amount must be greater than 0');
  if (!/^[A-Z]{3}$/.test(currency)) throw badInput(`amountsOff currency must be an ISO 4217 code, got ${currency}`);
  return { type: 'FIXED', value: amount, currency };
}

export function createCoupon(env: Environment, nowMs: number, input: CreateCouponInput): CouponRow {
  if (!input.refId || input.refId.length > 255 || !ENTITY_ID_PATTERN.test(input.refId)) {
    throw badInput('refId must match ^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$ (1-255 characters)', { field: 'refId' });
  }
  if (!input.name || !input.name.trim()) throw badInput('name is required', { field: 'name' });
  const duration = input.durationInMonths ?? null;
  if (duration !== null && (!Number.isInteger(duration) || duration < 1)) throw badInput('durationInMonths must be a positive whole number of months');
  const discount = discountOf(input);
  const metadata = normaliseMetadata(input.additionalMetaData ?? undefined, 'additionalMetaData') ?? {};
  const row = env.transaction((db) => {
    if (db.select({ id: coupons.id }).from(coupons).where(eq(coupons.id, input.refId)).get()) {
      throw new EmulatorError('DuplicatedEntityNotAllowed', `coupon ${input.refId} already exists`, 409, { id: input.refId });
    }
    const now = iso(nowMs);
    const values: CouponRow = {
      id: input.refId,
      name: input.name,
      description: input.description ?? null,
      type: discount.type,
      discountValue: discount.value,
      currency: discount.currency,
      durationInMonths: duration,
      status: 'ACTIVE',
      metadata,
      createdAt: now,
      updatedAt: now,
    };
    db.insert(coupons).values(values).run();
    catalogWebhooks.coupon(db, nowMs, 'coupon.created', storedCoupon(db, values.id));
    return values;
  });
  invalidateCatalog(env.db);
  return row;
}

export interface UpdateCouponInput {
  name?: string;
  description?: string | null;
  /** null clears it */
  metadata?: Record<string, unknown> | null;
}

/** The coupon as the transaction left it (the catalog cache is read once per database: not here). */
function storedCoupon(db: Db, id: string): CouponRow {
  return db.select().from(coupons).where(eq(coupons.id, id)).get()!;
}

function requireCoupon(db: Db, id: string): CouponRow {
  const row = catalog.coupon(db, id);
  if (!row) throw notFound('CouponNotFound', 'Coupon', id);
  return row;
}

/** updateCoupon: the name, description and metadata given change; coupon.updated. */
export function updateCoupon(env: Environment, nowMs: number, id: string, input: UpdateCouponInput): CouponRow {
  if (input.name !== undefined && !input.name.trim()) throw badInput('name must not be empty', { field: 'name' });
  const metadata = input.metadata === undefined ? undefined : (normaliseMetadata(input.metadata, 'metadata') ?? {});
  env.transaction((db) => {
    requireCoupon(db, id);
    const patch: Partial<CouponRow> = { updatedAt: iso(nowMs) };
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (metadata !== undefined) patch.metadata = metadata;
    db.update(coupons).set(patch).where(eq(coupons.id, id)).run();
    catalogWebhooks.coupon(db, nowMs, 'coupon.updated', storedCoupon(db, id));
  });
  invalidateCatalog(env.db);
  return requireCoupon(env.db, id);
}

/** archiveCoupon: ARCHIVED (customers that have it keep it), coupon.updated; archiving an archived coupon changes nothing and sends nothing. */
export function archiveCoupon(env: Environment, nowMs: number, id: string): CouponRow {
  env.transaction((db) => {
    if (requireCoupon(db, id).status === 'ARCHIVED') return;
    db.update(coupons).set({ status: 'ARCHIVED', updatedAt: iso(nowMs) }).where(eq(coupons.id, id)).run();
    catalogWebhooks.coupon(db, nowMs, 'coupon.updated', storedCoupon(db, id));
  });
  invalidateCatalog(env.db);
  return requireCoupon(env.db, id);
}

/** The catalog's coupons (every status), newest first (as GraphQL's coupons list them by default). */
export const listCoupons = (env: Environment): CouponRow[] => env.db.select().from(coupons).orderBy(desc(coupons.createdAt), asc(coupons.id)).all();
