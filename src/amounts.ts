/**
 * Amounts: every usage value, measurement, budget amount and limit the emulator stores is a finite
 * number of at most MAX_AMOUNT (2^53 - 1, JavaScript's largest exact integer) in absolute value.
 * Inputs are checked at the boundary (amountSchema) and every sum before it is stored
 * (checkedSum), so no stored value can become Infinity or NaN.
 */
import { z } from 'zod';
import { badInput } from './errors.js';

export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

const RANGE = `between -${MAX_AMOUNT} and ${MAX_AMOUNT}`;

/** A finite number within ±MAX_AMOUNT (`nonnegative` for amounts that cannot be negative). */
export const amountSchema = (field: string, options: { nonnegative?: boolean } = {}) =>
  z
    .number({ error: `${field} must be a finite number` })
    .min(options.nonnegative ? 0 : -MAX_AMOUNT, options.nonnegative ? `${field} must not be negative` : `${field} must be ${RANGE}`)
    .max(MAX_AMOUNT, `${field} must be ${RANGE}`);

/** Throws BadUserInput unless `value` is a finite number within ±MAX_AMOUNT. */
export function checkAmount(field: string, value: unknown): number {
  // the ordinary case without building the schema (a usage report checks one on every call)
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_AMOUNT) return value;
  const parsed = amountSchema(field).safeParse(value);
  if (!parsed.success) throw badInput(parsed.error.issues[0]!.message, { field });
  return parsed.data;
}

/** `a + b`, refused with BadUserInput when the result would leave ±MAX_AMOUNT (or not be finite). */
export function checkedSum(field: string, a: number, b: number): number {
  const sum = a + b;
  if (!Number.isFinite(sum) || Math.abs(sum) > MAX_AMOUNT) {
    throw badInput(`${field} would become ${sum > 0 ? 'larger' : 'smaller'} than ${sum > 0 ? '' : '-'}${MAX_AMOUNT}: the report is refused`, { field });
  }
  return sum;
}
