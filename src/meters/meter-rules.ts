/**
 * Meters (RULES 4.9, E80, E81): which raw events a metered feature counts and how they fold into
 * its running aggregate. Pure functions of the meter, the event and the aggregate so far.
 *
 * A condition's `field` names `eventName`, or a dimension (`region` or `dimensions.region`).
 * Conditions of one filter are ANDed, filters are ORed; a meter without filters counts every event.
 */

export type AggregationFunction = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'UNIQUE';

export type ConditionOperation =
  | 'EQUALS'
  | 'NOT_EQUALS'
  | 'GREATER_THAN'
  | 'GREATER_THAN_OR_EQUAL'
  | 'LESS_THAN'
  | 'LESS_THAN_OR_EQUAL'
  | 'IS_NULL'
  | 'IS_NOT_NULL'
  | 'CONTAINS'
  | 'STARTS_WITH'
  | 'ENDS_WITH'
  | 'IN';

export interface MeterCondition {
  field: string;
  operation: ConditionOperation;
  value?: string | null;
  values?: string[] | null;
}

export interface Meter {
  aggregation: { function: AggregationFunction; field?: string | null };
  filters?: { conditions: MeterCondition[] }[];
}

export interface RawEvent {
  eventName: string;
  dimensions: Record<string, unknown>;
}

/** The running aggregate of one feature in one period. */
export interface Aggregate {
  /** events that contributed: all matching ones for COUNT, those with a numeric field for SUM/AVG/MIN/MAX, with the field for UNIQUE */
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  uniqueCount: number;
}

export const EMPTY_AGGREGATE: Aggregate = { count: 0, sum: 0, min: null, max: null, uniqueCount: 0 };

/** The value of a field of an event: `eventName`, else a dimension (with or without a `dimensions.` prefix); undefined when absent. */
export function fieldOf(event: RawEvent, field: string): unknown {
  if (field === 'eventName') return event.eventName;
  const key = field.startsWith('dimensions.') ? field.slice('dimensions.'.length) : field;
  return Object.prototype.hasOwnProperty.call(event.dimensions, key) ? event.dimensions[key] : undefined;
}

const isAbsent = (v: unknown): boolean => v === undefined || v === null;

/** A number from a dimension value (numbers, and strings that are numbers); null otherwise. */
export function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function compare(v: unknown, operand: string | null | undefined, test: (a: number, b: number) => boolean): boolean {
  const a = numberOf(v);
  const b = numberOf(operand);
  return a !== null && b !== null && test(a, b);
}

/** Whether one condition holds for an event. Absent values match only IS_NULL and NOT_EQUALS. */
export function conditionHolds(event: RawEvent, c: MeterCondition): boolean {
  const v = fieldOf(event, c.field);
  const text = isAbsent(v) ? null : String(v);
  switch (c.operation) {
    case 'IS_NULL':
      return text === null;
    case 'IS_NOT_NULL':
      return text !== null;
    case 'EQUALS':
      return text !== null && (text === c.value || compare(v, c.value, (a, b) => a === b));
    case 'NOT_EQUALS':
      return text === null || !(text === c.value || compare(v, c.value, (a, b) => a === b));
    case 'GREATER_THAN':
      return compare(v, c.value, (a, b) => a > b);
    case 'GREATER_THAN_OR_EQUAL':
      return compare(v, c.value, (a, b) => a >= b);
    case 'LESS_THAN':
      return compare(v, c.value, (a, b) => a < b);
    case 'LESS_THAN_OR_EQUAL':
      return compare(v, c.value, (a, b) => a <= b);
    case 'CONTAINS':
      return text !== null && c.value != null && text.includes(c.value);
    case 'STARTS_WITH':
      return text !== null && c.value != null && text.startsWith(c.value);
    case 'ENDS_WITH':
      return text !== null && c.value != null && text.endsWith(c.value);
    case 'IN':
      return text !== null && (c.values ?? (c.value != null ? [c.value] : [])).includes(text);
  }
}

/** Whether a meter counts an event: some filter whose conditions all hold (no filters: every event). */
export function meterMatches(meter: Meter, event: RawEvent): boolean {
  const filters = meter.filters ?? [];
  if (filters.length === 0) return true;
  return filters.some((f) => f.conditions.every((c) => conditionHolds(event, c)));
}

/**
 * What an event adds to the aggregate: null when it does not contribute (a SUM/AVG/MIN/MAX event
 * without a numeric field, a UNIQUE event without the field). `unique` is the value a UNIQUE meter
 * counts once per period.
 */
export function contributionOf(meter: Meter, event: RawEvent): { amount: number; unique: string | null } | null {
  const fn = meter.aggregation.function;
  if (fn === 'COUNT') return { amount: 1, unique: null };
  const v = fieldOf(event, meter.aggregation.field ?? '');
  if (fn === 'UNIQUE') return isAbsent(v) ? null : { amount: 0, unique: typeof v === 'string' ? v : JSON.stringify(v) };
  const n = numberOf(v);
  return n === null ? null : { amount: n, unique: null };
}

/** The aggregate after one contribution (`isNewUnique`: the UNIQUE value was not yet seen in the period). */
export function fold(agg: Aggregate, contribution: { amount: number }, isNewUnique: boolean): Aggregate {
  return {
    count: agg.count + 1,
    sum: agg.sum + contribution.amount,
    min: agg.min === null ? contribution.amount : Math.min(agg.min, contribution.amount),
    max: agg.max === null ? contribution.amount : Math.max(agg.max, contribution.amount),
    uniqueCount: agg.uniqueCount + (isNewUnique ? 1 : 0),
  };
}

/** The usage an aggregate stands for (0 when nothing contributed). */
export function meterValue(fn: AggregationFunction, agg: Aggregate): number {
  switch (fn) {
    case 'COUNT':
      return agg.count;
    case 'SUM':
      return agg.sum;
    case 'AVG':
      return agg.count === 0 ? 0 : agg.sum / agg.count;
    case 'MIN':
      return agg.min ?? 0;
    case 'MAX':
      return agg.max ?? 0;
    case 'UNIQUE':
      return agg.uniqueCount;
  }
}

/** The stored meter of a feature, or null (a calculated-usage feature). */
export const meterOf = (feature: { meter: unknown }): Meter | null => (feature.meter ? (feature.meter as Meter) : null);
