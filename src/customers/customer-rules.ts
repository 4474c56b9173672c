/** Customer rules: pure functions of stored facts and input. */
import { badInput } from '../errors.js';
import { addDays, addMonths, iso } from '../time.js';
import { CUSTOMER_ID_PATTERN } from '../ids.js';
import { assertJsonDepth } from '../json-depth.js';

/** E6: 1-255 characters, ^[a-zA-Z0-9][a-zA-Z0-9_|.@-]*$ */
export function assertCustomerId(id: unknown, field = 'customerId'): string {
  if (typeof id !== 'string' || id.length === 0) throw badInput(`${field} is required`, { field });
  if (id.length > 255) throw badInput(`${field} must be at most 255 characters`, { field });
  if (!CUSTOMER_ID_PATTERN.test(id)) throw badInput(`${field} "${id}" must match ^[a-zA-Z0-9][a-zA-Z0-9_|.@-]*$`, { field });
  return id;
}

/** Metadata is a flat map of strings (Stigg's additionalMetaData), nested at most MAX_JSON_DEPTH levels. */
export function normaliseMetadata(value: unknown, field = 'additionalMetaData'): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput(`${field} must be an object of key/value pairs`, { field });
  // a nested value is stored as its JSON text: bounded first, so encoding it cannot exhaust the stack
  assertJsonDepth(value, field);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
export function assertEmail(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== 'string' || !EMAIL.test(value)) throw badInput(`email "${String(value)}" is not a valid email address`, { field: 'email' });
  return value;
}

/** Billing information with `changes` merged in (a null value removes its key); null when nothing is left. */
export function mergeBillingInformation(stored: unknown, changes: Record<string, unknown>): Record<string, unknown> | null {
  const merged: Record<string, unknown> = stored && typeof stored === 'object' && !Array.isArray(stored) ? { ...(stored as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : null;
}
/** A string field of a customer's billing information (currency, language, timezone), or null. */
export function billingInfoField(customer: { billingInformation: unknown }, field: string): string | null {
  const info = customer.billingInformation;
  if (!info || typeof info !== 'object') return null;
  const value = (info as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

/** A customer's default payment method, as the REST API answers it. */
export interface PaymentMethodDetails {
  billingId: string | null;
  cardExpiryMonth: number | null;
  cardExpiryYear: number | null;
  cardLast4Digits: string | null;
  type: 'CARD' | 'BANK' | 'CASH_APP';
}

const PAYMENT_METHOD_TYPES = new Set(['CARD', 'BANK', 'CASH_APP']);

/**
 * The default payment method of a customer: the details given with it (billingInformation
 * `defaultPaymentMethod`), else, when the customer has one (a paymentMethodId, a paid checkout),
 * a card known by its id only; null when it has none.
 */
export function defaultPaymentMethodOf(customer: { hasPaymentMethod: boolean; billingInformation: unknown }): PaymentMethodDetails | null {
  if (!customer.hasPaymentMethod) return null;
  const info = (customer.billingInformation && typeof customer.billingInformation === 'object' ? customer.billingInformation : {}) as Record<string, unknown>;
  const details = (info.defaultPaymentMethod && typeof info.defaultPaymentMethod === 'object' ? info.defaultPaymentMethod : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    billingId: str(details.billingId) ?? str(info.paymentMethodId),
    cardExpiryMonth: num(details.cardExpiryMonth),
    cardExpiryYear: num(details.cardExpiryYear),
    cardLast4Digits: str(details.cardLast4Digits),
    type: typeof details.type === 'string' && PAYMENT_METHOD_TYPES.has(details.type) ? (details.type as PaymentMethodDetails['type']) : 'CARD',
  };
}

/** E11: an import
 with updatedAt older than the stored customer's updatedAt is skipped. */
export function importIsStale(storedUpdatedAt: string | null | undefined, importUpdatedAt: string | null | undefined): boolean {
  if (!storedUpdatedAt || !importUpdatedAt) return false;
  return Date.parse(importUpdatedAt) < Date.parse(storedUpdatedAt);
}

/** A promotional grant's status at `nowMs`: an Active grant past its end date reads as Expired. */
export function promotionalEntitlementStatus(grant: { status: string; endDate: string | null }, nowMs: number): string {
  return grant.status === 'Active' && grant.endDate !== null && Date.parse(grant.endDate) <= nowMs ? 'Expired' : grant.status;
}

/**
 * E88, RULES 5.4: when a promotional grant starting at `startMs` ends: one week, one month, six
 * months or one year later; LIFETIME never; CUSTOM at `customEndDate`, which is required and must
 * be after the start.
 */
export function promotionEndDate(period: string, startMs: number, customEndDate: string | null | undefined): string | null {
  switch (period) {
    case 'ONE_WEEK':
      return iso(addDays(startMs, 7));
    case 'ONE_MONTH':
      return iso(addMonths(startMs, 1));
    case 'SIX_MONTH':
      return iso(addMonths(startMs, 6));
    case 'ONE_YEAR':
      return iso(addMonths(startMs, 12));
    case 'LIFETIME':
      return null;
    case 'CUSTOM': {
      if (!customEndDate) throw badInput('customEndDate is required with period CUSTOM');
      const endMs = Date.parse(customEndDate);
      if (Number.isNaN(endMs)) throw badInput('customEndDate must be an ISO-8601 date');
      if (endMs <= startMs) throw badInput('customEndDate must be in the future');
      return iso(endMs);
    }
    default:
      throw badInput(`unknown period ${period}`);
  }
}

/** How long before its end date promotionalEntitlement.ends_soon goes out (its page: always 7 days). */
export const PROMOTION_NOTICE_DAYS = 7;

/** The instant promotionalEntitlement.ends_soon is due for a grant, or null (no end date, or the instant is not after `fromIso`). */
export function promotionNoticeAt(fromIso: string, endDate: string | null): string | null {
  if (!endDate) return null;
  const atMs = Date.parse(endDate) - PROMOTION_NOTICE_DAYS * 86_400_000;
  return atMs > Date.parse(fromIso) ? iso(atMs) : null;
}
