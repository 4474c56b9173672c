/**
 * Instant columns: stored as INTEGER epoch milliseconds, seen by the code as ISO-8601 text in the
 * fixed `YYYY-MM-DDTHH:mm:ss.sssZ` form (what `iso` writes). Comparisons, ORDER BY and indexes on
 * them are numeric whatever the text's precision; drizzle converts at the boundary: values bound
 * through a column (insert and update values, `eq`/`lt`/`lte`/`gt`/`inArray` against a value,
 * `min`/`max` of the column, selected columns) are milliseconds to SQLite and ISO text back.
 *
 * A placeholder compared with an instant column is not converted by drizzle (it binds the value as
 * given): use `instantPlaceholder(name)` there, which converts the ISO text bound at execution.
 */
import { Param, sql, type DriverValueEncoder } from 'drizzle-orm';
import { customType } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds of an instant as the code hands it over (ISO text; milliseconds and Dates are accepted too). */
export function instantToMs(value: string | number | Date): number {
  const ms = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : value.getTime();
  if (!Number.isFinite(ms)) throw new TypeError(`not an instant: ${JSON.stringify(value)}`);
  // Date.parse answers whole milliseconds: a number given may carry a fraction
  return Math.trunc(ms);
}

/** The ISO text of stored epoch milliseconds. */
export function instantFromMs(value: number | bigint): string {
  if (typeof value !== 'number' && typeof value !== 'bigint') throw new TypeError(`an instant column holds ${JSON.stringify(value)}, not epoch milliseconds`);
  return new Date(Number(value)).toISOString();
}

const encoder = {
  mapToDriverValue: (value: string | number | Date | null | undefined): number | null => (value === null || value === undefined ? null : instantToMs(value)),
};

/** An instant column: INTEGER epoch milliseconds in SQLite, ISO-8601 text in TypeScript. */
export const instant = customType<{ data: string; driverData: number }>({
  dataType: () => 'integer',
  // drizzle's placeholders of nullable columns hand null over as well
  toDriver: (value) => encoder.mapToDriverValue(value) as number,
  fromDriver: (value) => instantFromMs(value),
});

/** A named placeholder for an instant, for comparisons with an instant column in prepared statements (ISO text in, milliseconds bound). */
export const instantPlaceholder = (name: string): Param => new Param(sql.placeholder(name), encoder as unknown as DriverValueEncoder<unknown, unknown>);
