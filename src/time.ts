/** Date arithmetic on instants (UTC), with luxon: month ends clamp (Jan 31 + P1M = Feb 28/29). */
import { DateTime, Duration, Settings } from 'luxon';
import { EmulatorError } from './errors.js';

// Instants are computed in UTC and never formatted for a locale: luxon's default locale is fixed,
// which spares it asking Intl for the system's (about 20 ms at start-up, on the first date computed)
Settings.defaultLocale = 'en-US';

export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const INSTANT_BOUNDS = `${new Date(MIN_INSTANT_MS).toISOString()} .. ${new Date(MAX_INSTANT_MS).toISOString()}`;

/** Any number as an instant's text, for messages: ISO where JavaScript can write it (even out of bounds), else the number. */
export const showInstant = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));

/**
 * The text of an instant the emulator stores or answers. An instant outside the accepted range
 * (above) is refused here, wherever it was computed (a billing period or a trial that would end
 * after 9999-12-31): the command answers `BadUserInput` and writes nothing.
 */
export const iso = (ms: number | Date): string => {
  const t = typeof ms === 'number' ? ms : ms.getTime();
  if (!(t >= MIN_INSTANT_MS && t <= MAX_INSTANT_MS)) {
    throw new EmulatorError(
      'BadUserInput',
      `an instant this request leads to (${showInstant(t)}, e.g. the end of a billing period or a trial) is outside the instants the emulator accepts, ${INSTANT_BOUNDS}`,
    );
  }
  return new Date(t).toISOString();
};

export function parseIsoDuration(text: string): Duration | null {
  const d = Duration.fromISO(text);
  if (!d.isValid) return null;
  const ms = d.as('milliseconds');
  return ms > 0 ? d : null;
}

/** `at` plus an ISO-8601 duration, calendar-aware, in UTC. */
export function addDuration(atMs: number, duration: Duration | string, times = 1): number {
  const d = typeof duration === 'string' ? Duration.fromISO(duration) : duration;
  let dt = DateTime.fromMillis(atMs, { zone: 'utc' });
  // add whole multiples from the anchor so month ends do not drift (Jan 31 -> Feb 28 -> Mar 31)
  const scaled = Duration.fromObject(
    Object.fromEntries(Object.entries(d.toObject()).map(([k, v]) => [k, (v ?? 0) * times])),
  );
  dt = dt.plus(scaled);
  return dt.toMillis();
}

export function addDays(atMs: number, days: number): number {
  return DateTime.fromMillis(atMs, { zone: 'utc' }).plus({ days }).toMillis();
}

/** `at` plus whole months in UTC, the day clamped to the target month's length (as luxon does), without allocating a DateTime. */
export function addMonths(atMs: number, months: number): number {
  const d = new Date(atMs);
  const total = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** The whole months of a duration made of years and months only, else null. */
function wholeMonths(d: Duration): number | null {
  const o = d.toObject();
  for (const [unit, value] of Object.entries(o)) if (unit !== 'years' && unit !== 'months' && value) return null;
  const months = (o.years ?? 0) * 12 + (o.months ?? 0);
  return Number.isInteger(months) && months > 0 ? months : null;
}

const durations = new Map<string, Duration>();
const durationOf = (text: string): Duration => {
  let d = durations.get(text);
  if (!d) {
    d = Duration.fromISO(text);
    durations.set(text, d);
  }
  return d;
};

/**
 * The period of a cadence that contains `nowMs`, for periods that start at `anchorMs` and roll
 * every `duration`. Before the anchor, the first period is answered.
 */
export function periodContaining(anchorMs: number, duration: Duration | string, nowMs: number): { start: number; end: number; index: number } {
  const d = typeof duration === 'string' ? durationOf(duration) : duration;
  const months = wholeMonths(d);
  if (months !== null) {
    // calendar months: estimate the index from the month difference, then correct by one at most
    if (nowMs < anchorMs) return { start: anchorMs, end: addMonths(anchorMs, months), index: 0 };
    const a = new Date(anchorMs);
    const n = new Date(nowMs);
    let index = Math.max(0, Math.floor(((n.getUTCFullYear() - a.getUTCFullYear()) * 12 + n.getUTCMonth() - a.getUTCMonth()) / months));
    while (index > 0 && addMonths(anchorMs, index * months) > nowMs) index -= 1;
    while (addMonths(anchorMs, (index + 1) * months) <= nowMs) index += 1;
    return { start: addMonths(anchorMs, index * months), end: addMonths(anchorMs, (index + 1) * months), index };
  }
  if (nowMs < anchorMs) return { start: anchorMs, end: addDuration(anchorMs, d, 1), index: 0 };
  // estimate the index from the nominal length, then correct for calendar units
  const nominal = Math.max(1, d.as('milliseconds'));
  let index = Math.max(0, Math.floor((nowMs - anchorMs) / nominal) - 1);
  while (addDuration(anchorMs, d, index + 1) <= nowMs) index += 1;
  while (index > 0 && addDuration(anchorMs, d, index) > nowMs) index -= 1;
  return { start: addDuration(anchorMs, d, index), end: addDuration(anchorMs, d, index + 1), index };
}

/**
 * The instants the emulator accepts: 1970-01-01T00:00:00.000Z through 9999-12-31T23:59:59.999Z.
 * Instants are stored as INTEGER epoch milliseconds (db/instant-column.ts), so SQL compares and
 * orders them as numbers (`next_due_at <= ?`); the code sees them as text in the fixed
 * `YYYY-MM-DDTHH:mm:ss.sssZ` form (what `iso` writes). With the year bounded to four digits that
 * text also sorts in time order (a year past 9999 would be written `+010000-…`, which sorts before
 * every four-digit year), and no clock move runs towards the end of Date's range.
 */

/** An ISO-8601 date or date-time: a date alone (UTC midnight), or a date-time with an optional offset. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i;

export const instantInBounds = (ms: number): boolean => Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;

/**
 * The milliseconds of an accepted instant: ISO-8601 text (or, where `numbers`, epoch milliseconds
 * or a Date) within the bounds above; else the reason it is refused.
 */
export function checkInstant(value: unknown, field: string, numbers = false): { ms: number } | { error: string } {
  let ms: number;
  if (value instanceof Date && numbers) ms = value.getTime();
  else if (typeof value === 'number' && numbers) ms = value;
  else if (typeof value === 'string' && ISO_INSTANT.test(value.trim())) ms = Date.parse(value.trim());
  else return { error: `${field} must be an ISO-8601 instant (e.g. 2025-01-01T00:00:00Z), got ${JSON.stringify(value)?.slice(0, 80)}` };
  if (!Number.isFinite(ms)) return { error: `${field} must be a valid ISO-8601 instant, got ${JSON.stringify(value)?.slice(0, 80)}` };
  if (!instantInBounds(ms)) return { error: `${field} must be between ${INSTANT_BOUNDS}, got ${JSON.stringify(value)?.slice(0, 80)}` };
  return { ms };
}

/** Bounds on an instant, as the list filters give them (`createdAt[gt]=...&createdAt[lte]=...`), ISO-8601. */
export interface InstantRange {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
}

/** Whether an ISO instant lies within every bound given (none given: it does). */
export function inInstantRange(at: string, range: InstantRange | undefined): boolean {
  if (!range) return true;
  const t = Date.parse(at);
  const bound = (v: string | undefined) => (v === undefined ? null : Date.parse(v));
  const [gt, gte, lt, lte] = [bound(range.gt), bound(range.gte), bound(range.lt), bound(range.lte)];
  return (gt === null || t > gt) && (gte === null || t >= gte) && (lt === null || t < lt) && (lte === null || t <= lte);
}
