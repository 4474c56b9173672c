/** Calendar arithmetic: the fast month arithmetic agrees with luxon's on any instant (property-based). */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addMonths, periodContaining } from '../../src/time.js';

const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) });
const luxonMonths = (atMs: number, months: number) => DateTime.fromMillis(atMs, { zone: 'utc' }).plus({ months }).toMillis();

describe('month arithmetic', () => {
  it('addMonths clamps month ends exactly as luxon does', () => {
    fc.assert(fc.property(instant, fc.integer({ min: -600, max: 600 }), (at, months) => addMonths(at, months) === luxonMonths(at, months)), { numRuns: 5000 });
    expect(addMonths(Date.UTC(2024, 0, 31), 1)).toBe(Date.UTC(2024, 1, 29));
    expect(addMonths(Date.UTC(2025, 0, 31), 1)).toBe(Date.UTC(2025, 1, 28));
  });

  it('periodContaining(P1M, P3M, P1Y) is the period [anchor + k·P, anchor + (k+1)·P) that holds the instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20 * 365 * 86_400_000 }), fc.constantFrom(['P1M', 1], ['P3M', 3], ['P1Y', 12]), (anchor, offset, [step, months]) => {
        const now = anchor + offset;
        const p = periodContaining(anchor, step as string, now);
        return (
          p.start <= now &&
          now < p.end &&
          p.start === luxonMonths(anchor, p.index * (months as number)) &&
          p.end === luxonMonths(anchor, (p.index + 1) * (months as number))
        );
      }),
      { numRuns: 3000 },
    );
  });
});
