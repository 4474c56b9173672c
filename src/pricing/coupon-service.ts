/**
 * createOneCoupon: a coupon in the catalog, PERCENTAGE (percentOff) or FIXED (one amount off, in
 * one currency), forever or for a number of months. One transaction; a bad input writes nothing.
 */
import { eq } from 'drizzle-orm';
import { invalidateCatalog, type CouponRow } from '../catalog/catalog-service.js';
import { normaliseMetadata } from '../customers/customer-rules.js';
import { coupons } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError } from '../errors.js';
import { ENTITY_ID_PATTERN } from '../ids.js';
import { iso } from '../time.js';

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
    return values;
  });
  invalidateCatalog(env.db);
  return row;
}
