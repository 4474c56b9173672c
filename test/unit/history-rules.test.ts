/** Usage history rules across plan changes (RULES 3.15, 4.11, E85): whose usage, spans, resets. */
import { describe, expect, it } from 'vitest';
import { historyDataFrom, historyResets, historySpans, historySubscriptions, isShown, type HistorySubscription } from '../../src/usage/history-rules.js';

const ms = (day: string) => Date.parse(`2024-${day}T00:00:00.000Z`);
const sub = (id: string, status: string, startDate: string, endDate: string | null, productId = 'p'): HistorySubscription => ({
  id,
  status,
  productId,
  resourceId: null,
  startDate: `2024-${startDate}T00:00:00.000Z`,
  endDate: endDate === null ? null : `2024-${endDate}T00:00:00.000Z`,
  billingPeriod: 'MONTHLY',
  billingAnchor: null,
});
const monthly = (s: HistorySubscription, chainStart = s.startDate) => ({ resetPeriod: 'MONTH', resetPeriodConfiguration: null, anchorMs: Date.parse(chainStart) });

describe('historySubscriptions', () => {
  const first = sub('first', 'CANCELED', '01-01', '01-10', 'other');
  const replaced = sub('replaced', 'CANCELED', '01-01', '01-15');
  const active = sub('active', 'ACTIVE', '01-15', null);
  const now = ms('02-01');

  it('the active subscriptions and the ones they replaced; the flag adds the most recent ended one and its chain', () => {
    expect(historySubscriptions([first, replaced, active], now, false)).toEqual({ included: [replaced, active], excluded: [first], hasActive: true });
    // the most recent ended one (replaced, Jan 15) is already shown: the older one stays out
    expect(historySubscriptions([first, replaced, active], now, true)).toEqual({ included: [replaced, active], excluded: [first], hasActive: true });
    const gone = { ...active, status: 'CANCELED', endDate: '2024-01-20T00:00:00.000Z' };
    expect(historySubscriptions([first, replaced, gone], now, false)).toEqual({ included: [], excluded: [first, replaced, gone], hasActive: false });
    expect(historySubscriptions([first, replaced, gone], now, true)).toEqual({ included: [replaced, gone], excluded: [first], hasActive: false });
  });

  it('usage shows in an included span, or outside every excluded span', () => {
    const spans = historySpans([active], monthly, () => null);
    expect(isShown(spans, [first], ms('01-05'))).toBe(false);
    expect(isShown(spans, [first], ms('01-12'))).toBe(true);
    expect(isShown(spans, [first], ms('01-20'))).toBe(true);
  });
});

describe('historySpans and historyResets', () => {
  it('ALWAYS_RESET: the change is a SUBSCRIPTION_CHANGE_RESET, the new periods roll from it; the old ones stop at it', () => {
    const old = sub('old', 'CANCELED', '01-01', '02-10');
    const next = sub('next', 'ACTIVE', '02-10', null);
    const spans = historySpans([old, next], monthly, () => 'ALWAYS_RESET');
    expect(spans.map((s) => [s.changeReset, s.carried])).toEqual([
      [false, false],
      [true, false],
    ]);
    expect(historyResets(spans, ms('01-01'), ms('04-01'))).toEqual([
      { ms: ms('02-01'), type: 'PERIODIC_RESET' },
      { ms: ms('02-10'), type: 'SUBSCRIPTION_CHANGE_RESET' },
      { ms: ms('03-10'), type: 'PERIODIC_RESET' },
    ]);
    // a range ending before the change: the old periods only; its data from the period's start
    expect(historyResets(spans, ms('01-01'), ms('02-05'))).toEqual([{ ms: ms('02-01'), type: 'PERIODIC_RESET' }]);
    expect(historyDataFrom(spans, ms('01-20'))).toBe(ms('01-01'));
    // after the change, the running period starts at it
    expect(historyDataFrom(spans, ms('02-20'))).toBe(ms('02-10'));
  });

  it('a change at a period boundary is one reset point, the change', () => {
    const old = sub('old', 'CANCELED', '01-01', '02-01');
    const next = sub('next', 'ACTIVE', '02-01', null);
    const spans = historySpans([old, next], monthly, () => 'ALWAYS_RESET');
    expect(historyResets(spans, ms('01-01'), ms('02-15'))).toEqual([{ ms: ms('02-01'), type: 'SUBSCRIPTION_CHANGE_RESET' }]);
  });

  it('NEVER_RESET: no reset at the change; the periods keep rolling from the chain, a boundary at the change is periodic', () => {
    const old = sub('old', 'CANCELED', '01-01', '02-01');
    const next = sub('next', 'ACTIVE', '02-01', null);
    const spans = historySpans([old, next], (s) => monthly(s, old.startDate), () => 'NEVER_RESET');
    expect(spans.map((s) => [s.changeReset, s.carried])).toEqual([
      [false, false],
      [false, true],
    ]);
    expect(historyResets(spans, ms('01-01'), ms('03-15'))).toEqual([
      { ms: ms('02-01'), type: 'PERIODIC_RESET' },
      { ms: ms('03-01'), type: 'PERIODIC_RESET' },
    ]);
  });

  it('a feature without a reset period carries over: no reset at the change', () => {
    const old = sub('old', 'CANCELED', '01-01', '02-10');
    const next = sub('next', 'ACTIVE', '02-10', null);
    const spans = historySpans([old, next], () => ({ resetPeriod: null, resetPeriodConfiguration: null, anchorMs: null }), () => 'ALWAYS_RESET');
    expect(historyResets(spans, ms('01-01'), ms('04-01'))).toEqual([]);
    expect(historyDataFrom(spans, ms('03-01'))).toBe(0);
  });
});
