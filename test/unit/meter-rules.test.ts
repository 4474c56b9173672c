/** Meter rules (E80, E81): conditions, and the running aggregate equal to aggregating all events at once (fast-check, fixed seed). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionHolds, contributionOf, EMPTY_AGGREGATE, fold, meterMatches, meterValue, type AggregationFunction, type Meter, type RawEvent } from '../../src/meters/meter-rules.js';

const event = (eventName: string, dimensions: Record<string, unknown> = {}): RawEvent => ({ eventName, dimensions });

describe('conditions', () => {
  it('each operation; absent values match IS_NULL and NOT_EQUALS only', () => {
    const e = event('api.call', { region: 'us-east-1', size: '12', n: 3 });
    const holds = (field: string, operation: any, value?: string, values?: string[]) => conditionHolds(e, { field, operation, value, values });
    expect(holds('eventName', 'EQUALS', 'api.call')).toBe(true);
    expect(holds('dimensions.region', 'EQUALS', 'us-east-1')).toBe(true);
    expect(holds('region', 'NOT_EQUALS', 'eu')).toBe(true);
    expect(holds('size', 'GREATER_THAN', '11')).toBe(true);
    expect(holds('size', 'GREATER_THAN_OR_EQUAL', '12')).toBe(true);
    expect(holds('n', 'LESS_THAN', '3')).toBe(false);
    expect(holds('n', 'LESS_THAN_OR_EQUAL', '3')).toBe(true);
    expect(holds('n', 'EQUALS', '3.0')).toBe(true);
    expect(holds('region', 'CONTAINS', 'east')).toBe(true);
    expect(holds('region', 'STARTS_WITH', 'us-')).toBe(true);
    expect(holds('region', 'ENDS_WITH', '-1')).toBe(true);
    expect(holds('region', 'IN', undefined, ['eu', 'us-east-1'])).toBe(true);
    expect(holds('region', 'GREATER_THAN', '1')).toBe(false);
    expect(holds('missing', 'IS_NULL')).toBe(true);
    expect(holds('missing', 'IS_NOT_NULL')).toBe(false);
    expect(holds('missing', 'NOT_EQUALS', 'x')).toBe(true);
    expect(holds('missing', 'EQUALS', 'x')).toBe(false);
    expect(holds('missing', 'IN', undefined, ['x'])).toBe(false);
  });

  it('filters are ORed, their conditions ANDed; no filters count every event', () => {
    const meter: Meter = {
      aggregation: { function: 'COUNT' },
      filters: [
        { conditions: [{ field: 'eventName', operation: 'EQUALS', value: 'a' }, { field: 'k', operation: 'EQUALS', value: '1' }] },
        { conditions: [{ field: 'eventName', operation: 'EQUALS', value: 'b' }] },
      ],
    };
    expect(meterMatches(meter, event('a', { k: 1 }))).toBe(true);
    expect(meterMatches(meter, event('a', { k: 2 }))).toBe(false);
    expect(meterMatches(meter, event('b'))).toBe(true);
    expect(meterMatches({ aggregation: { function: 'COUNT' } }, event('anything'))).toBe(true);
  });
});

describe('running aggregates', () => {
  const functions: AggregationFunction[] = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'UNIQUE'];
  const arbEvent = fc.record({
    eventName: fc.constantFrom('llm', 'login', 'other'),
    dimensions: fc.record({ v: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom('u1', 'u2', 'u3', '7', ''), fc.constant(undefined)) }, { requiredKeys: [] }),
  });

  it.each(functions)('%s: folding events one at a time equals aggregating them all at once', (fn) => {
    const field = fn === 'COUNT' ? null : 'v';
    const meter: Meter = { aggregation: { function: fn, field }, filters: [{ conditions: [{ field: 'eventName', operation: 'IN', values: ['llm', 'login'] }] }] };
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 60 }), (events) => {
        let agg = EMPTY_AGGREGATE;
        const seen = new Set<string>();
        for (const e of events) {
          if (!meterMatches(meter, e)) continue;
          const c = contributionOf(meter, e);
          if (!c) continue;
          const isNew = c.unique !== null && !seen.has(c.unique);
          if (c.unique !== null) seen.add(c.unique);
          agg = fold(agg, c, isNew);
        }
        const matching = events.filter((e) => e.eventName !== 'other');
        const raw = matching.map((e) => e.dimensions.v);
        const numbers = raw.filter((v) => v !== undefined && v !== '' && Number.isFinite(Number(v))).map(Number);
        const expected: Record<AggregationFunction, number> = {
          COUNT: matching.length,
          SUM: numbers.reduce((a, b) => a + b, 0),
          AVG: numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : 0,
          MIN: numbers.length ? Math.min(...numbers) : 0,
          MAX: numbers.length ? Math.max(...numbers) : 0,
          UNIQUE: new Set(raw.filter((v) => v !== undefined).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))).size,
        };
        expect(meterValue(fn, agg)).toBeCloseTo(expected[fn], 9);
      }),
      { seed: 9, numRuns: 200 },
    );
  });
});
