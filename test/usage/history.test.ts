/**
 * Calculated usage with idempotency keys, createdAt and dimensions; usage history (E86) and usage
 * across a plan change (E85), over HTTP with the clients' own documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { codeOf, gql } from '../support/emulator.js';
import { check, ev, events, moveClock, REPORT_USAGE_BULK, reportUsage, usageEmulator, world } from './support.js';

const HISTORY_V2 = clientOperation('go', 'GetUsageHistoryV2');
const HISTORY_V1 = clientOperation('node', 'GetUsageHistory');
const PROVISION_SUBSCRIPTION = clientOperation('node', 'ProvisionSubscription');

let emu: Emulator;
beforeAll(() => {
  emu = usageEmulator();
});
afterAll(() => emu.close());

async function historyV2(key: string, input: Record<string, unknown>) {
  const answer = await gql(emu, key, HISTORY_V2, { input });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.usageHistoryV2;
}

describe('reportUsage: idempotencyKey, createdAt, dimensions', () => {
  it('a report retried with the same idempotencyKey counts once and answers the first measurement', async () => {
    const { serverKey } = await world(emu);
    const input = { customerId: 'c-1', featureId: 'f-seats', value: 2, idempotencyKey: 'seat-add-1' };
    const first = await reportUsage(emu, serverKey, input);
    const retry = await reportUsage(emu, serverKey, input);
    expect(retry.data!.reportUsage).toEqual(first.data!.reportUsage);
    expect(first.data!.reportUsage.currentUsage).toBe(2);
    await reportUsage(emu, serverKey, { ...input, idempotencyKey: 'seat-add-2' });
    expect(await check(emu, serverKey, 'c-1', 'f-seats')).toMatchObject({ currentUsage: 4 });
  });

  it('reportUsageBulk: repeated keys in one batch and across batches count once', async () => {
    const { serverKey } = await world(emu);
    const usage = (key: string) => ({ customerId: 'c-1', featureId: 'f-seats', value: 1, idempotencyKey: key });
    const answer = await gql(emu, serverKey, REPORT_USAGE_BULK, { input: { usages: [usage('a'), usage('a'), usage('b')] } });
    expect(answer.data!.reportUsageBulk.map((u: any) => u.currentUsage)).toEqual([1, 1, 2]);
    await gql(emu, serverKey, REPORT_USAGE_BULK, { input: { usages: [usage('b'), usage('c')] } });
    expect(await check(emu, serverKey, 'c-1', 'f-seats')).toMatchObject({ currentUsage: 3 });
  });

  it('createdAt: a report of a past period stays in that period; the current usage is unchanged', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [ev('c-1', 'api.call')]);
    // f-seats never resets: an earlier createdAt still counts
    await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-seats', value: 3, createdAt: '2023-12-15T00:00:00Z' });
    expect(await check(emu, serverKey, 'c-1', 'f-seats')).toMatchObject({ currentUsage: 3 });
  });

  it('createdAt: a monthly feature counts a report in the month it falls in; not after now', async () => {
    const { id, serverKey } = await world(emu);
    await moveClock(emu, id, '2024-02-10T00:00:00Z');
    const past = await reportUsage(emu, serverKey, { customerId: 'c-2', featureId: 'f-api', value: 5, createdAt: '2024-01-20T00:00:00Z' });
    expect(past.data!.reportUsage).toMatchObject({ currentUsage: 5, usagePeriodStart: '2024-01-01T00:00:00.000Z', usagePeriodEnd: '2024-02-01T00:00:00.000Z' });
    expect(await check(emu, serverKey, 'c-2', 'f-api')).toMatchObject({ currentUsage: 0, usagePeriodStart: '2024-02-01T00:00:00.000Z' });
    const now = await reportUsage(emu, serverKey, { customerId: 'c-2', featureId: 'f-api', value: 2, createdAt: '2024-02-03T00:00:00Z' });
    expect(now.data!.reportUsage).toMatchObject({ currentUsage: 2, usagePeriodStart: '2024-02-01T00:00:00.000Z' });
    const history = await historyV2(serverKey, { customerId: 'c-2', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z' });
    expect(history.series[0].points).toEqual([
      { timestamp: '2024-01-20T00:00:00.000Z', value: 5, isResetPoint: false },
      { timestamp: '2024-02-01T00:00:00.000Z', value: 0, isResetPoint: true },
      { timestamp: '2024-02-03T00:00:00.000Z', value: 2, isResetPoint: false },
    ]);
    const later = await reportUsage(emu, serverKey, { customerId: 'c-2', featureId: 'f-api', value: 1, createdAt: '2030-01-01T00:00:00Z' });
    expect(codeOf(later)).toBe('BadUserInput');
    expect(codeOf(await reportUsage(emu, serverKey, { customerId: 'c-2', featureId: 'f-api', value: 1, createdAt: 'soon' }))).toBe('BadUserInput');
    expect(await check(emu, serverKey, 'c-2', 'f-api')).toMatchObject({ currentUsage: 2 });
    // before the subscription started: kept, in no period, never counted
    const before = await reportUsage(emu, serverKey, { customerId: 'c-2', featureId: 'f-api', value: 7, createdAt: '2023-12-20T00:00:00Z' });
    expect(before.data!.reportUsage).toMatchObject({ currentUsage: 7, usagePeriodStart: null, usagePeriodEnd: null });
    expect(await check(emu, serverKey, 'c-2', 'f-api')).toMatchObject({ currentUsage: 2 });
  });

  it('bad input: a usage report on a boolean feature, empty idempotency key, nested dimensions; nothing stored', async () => {
    const { serverKey } = await world(emu);
    expect(codeOf(await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-flag', value: 1 }))).toBe('MeteringNotAvailableForFeatureType');
    expect(codeOf(await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-seats', value: 1, idempotencyKey: ' ' }))).toBe('BadUserInput');
    expect(codeOf(await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-seats', value: 1, dimensions: { a: { b: 1 } } }))).toBe('BadUserInput');
    expect(await check(emu, serverKey, 'c-1', 'f-seats')).toMatchObject({ currentUsage: 0 });
    const history = await historyV2(serverKey, { customerId: 'c-1', featureId: 'f-seats', startDate: '2024-01-01T00:00:00Z' });
    expect(history.series).toEqual([{ tags: [], points: [] }]);
  });
});

describe('usage history', () => {
  it('calculated usage: a point per report; dimensions kept and grouped (groupBy)', async () => {
    const { id, serverKey } = await world(emu, '2024-01-02T00:00:00Z');
    await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-seats', value: 2, dimensions: { team: 'eng' } });
    await moveClock(emu, id, '2024-01-03T00:00:00Z');
    await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-seats', value: 3, dimensions: { team: 'ops' } });
    await moveClock(emu, id, '2024-01-04T00:00:00Z');
    await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-seats', value: 1, dimensions: { team: 'eng' } });
    const total = await historyV2(serverKey, { customerId: 'c-1', featureId: 'f-seats', startDate: '2024-01-01T00:00:00Z' });
    expect(total).toEqual({
      markers: [],
      series: [
        {
          tags: [],
          points: [
            { timestamp: '2024-01-02T00:00:00.000Z', value: 2, isResetPoint: false },
            { timestamp: '2024-01-03T00:00:00.000Z', value: 5, isResetPoint: false },
            { timestamp: '2024-01-04T00:00:00.000Z', value: 6, isResetPoint: false },
          ],
        },
      ],
    });
    const grouped = await historyV2(serverKey, { customerId: 'c-1', featureId: 'f-seats', startDate: '2024-01-01T00:00:00Z', groupBy: ['team'] });
    expect(grouped.series).toEqual([
      {
        tags: [{ key: 'team', value: 'eng' }],
        points: [
          { timestamp: '2024-01-02T00:00:00.000Z', value: 2, isResetPoint: false },
          { timestamp: '2024-01-04T00:00:00.000Z', value: 3, isResetPoint: false },
        ],
      },
      { tags: [{ key: 'team', value: 'ops' }], points: [{ timestamp: '2024-01-03T00:00:00.000Z', value: 3, isResetPoint: false }] },
    ]);
  });

  it('E86: raw events over months: reset points at the period boundaries and PERIODIC_RESET markers', async () => {
    const { id, serverKey } = await world(emu, '2024-01-10T00:00:00Z');
    await events(emu, serverKey, [ev('c-1', 'api.call', { region: 'a' }), ev('c-1', 'api.call', { region: 'b' })]);
    await moveClock(emu, id, '2024-02-10T00:00:00Z');
    await events(emu, serverKey, [ev('c-1', 'api.call', { region: 'a' })]);
    await moveClock(emu, id, '2024-03-05T00:00:00Z');
    const history = await historyV2(serverKey, { customerId: 'c-1', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z' });
    expect(history.markers).toEqual([
      { type: 'PERIODIC_RESET', timestamp: '2024-02-01T00:00:00.000Z' },
      { type: 'PERIODIC_RESET', timestamp: '2024-03-01T00:00:00.000Z' },
    ]);
    expect(history.series).toEqual([
      {
        tags: [],
        points: [
          { timestamp: '2024-01-10T00:00:00.000Z', value: 2, isResetPoint: false },
          { timestamp: '2024-02-01T00:00:00.000Z', value: 0, isResetPoint: true },
          { timestamp: '2024-02-10T00:00:00.000Z', value: 1, isResetPoint: false },
          { timestamp: '2024-03-01T00:00:00.000Z', value: 0, isResetPoint: true },
        ],
      },
    ]);
    const byRegion = await historyV2(serverKey, { customerId: 'c-1', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-31T00:00:00Z', groupBy: ['region'] });
    expect(byRegion.series.map((s: any) => [s.tags[0].value, s.points.map((p: any) => p.value)])).toEqual([
      ['a', [1]],
      ['b', [1]],
    ]);
    // the V1 document: usageMeasurements and groups
    const v1 = await gql(emu, serverKey, HISTORY_V1, {
      usageHistoryInput: { customerRefId: 'c-1', featureRefId: 'f-calls', startDate: '2024-01-01T00:00:00Z', groupBy: ['region'] },
    });
    expect(v1.errors).toBeUndefined();
    expect(v1.data!.usageHistory.usageMeasurements.map((p: any) => [p.date, p.value, p.isResetPoint])).toEqual([
      ['2024-01-10T00:00:00.000Z', 2, false],
      ['2024-02-01T00:00:00.000Z', 0, true],
      ['2024-02-10T00:00:00.000Z', 1, false],
      ['2024-03-01T00:00:00.000Z', 0, true],
    ]);
    expect(v1.data!.usageHistory.groups.map((g: any) => g.groupInfo)).toEqual([[{ key: 'region', value: 'a' }], [{ key: 'region', value: 'b' }]]);
    expect(v1.data!.usageHistory.markers).toHaveLength(2);
  });

  it('usageHistoryV2 pages the dimension groups when asked (paging), else answers them all with no pageInfo', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [ev('c-1', 'api.call', { region: 'a' }), ev('c-1', 'api.call', { region: 'b' }), ev('c-1', 'api.call', { region: 'c' })]);
    const input = { customerId: 'c-1', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z', groupBy: ['region'] };
    const page = async (paging?: Record<string, unknown>) => {
      const answer = await gql(emu, serverKey, `query H($input: UsageHistoryV2Input!) { usageHistoryV2(input: $input) { series { tags { value } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, { input: { ...input, paging } });
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      return answer.data!.usageHistoryV2;
    };
    const all = await page();
    expect(all.series.map((s: any) => s.tags[0].value)).toEqual(['a', 'b', 'c']);
    expect(all.pageInfo).toBeNull();
    const first = await page({ first: 2 });
    expect(first.series.map((s: any) => s.tags[0].value)).toEqual(['a', 'b']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await page({ first: 2, after: first.pageInfo.endCursor });
    expect(second.series.map((s: any) => s.tags[0].value)).toEqual(['c']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('bad input: unknown customer or feature, a boolean feature, endDate before startDate', async () => {
    const { serverKey } = await world(emu);
    const code = async (input: Record<string, unknown>) => codeOf(await gql(emu, serverKey, HISTORY_V2, { input: { customerId: 'c-1', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z', ...input } }));
    expect(await code({ customerId: 'c-ghost' })).toBe('CustomerNotFound');
    expect(await code({ featureId: 'f-ghost' })).toBe('FeatureNotFound');
    expect(await code({ featureId: 'f-flag' })).toBe('MeteringNotAvailableForFeatureType');
    expect(await code({ endDate: '2023-01-01T00:00:00Z' })).toBe('BadUserInput');
  });
});

describe('E85: usage across a plan change', () => {
  it('ALWAYS_RESET (default): monthly usage restarts at 0 with a SUBSCRIPTION_CHANGE_RESET marker; unreset usage carries over', async () => {
    const { id, serverKey } = await world(emu, '2024-01-10T00:00:00Z');
    await events(emu, serverKey, [ev('c-2', 'api.call'), ev('c-2', 'api.call')]);
    await reportUsage(emu, serverKey, { customerId: 'c-2', featureId: 'f-seats', value: 4 });
    await moveClock(emu, id, '2024-01-15T00:00:00Z');
    const upgraded = await gql(emu, serverKey, PROVISION_SUBSCRIPTION, { input: { customerId: 'c-2', planId: 'plan-metered-big' } });
    expect(upgraded.errors).toBeUndefined();
    expect(await check(emu, serverKey, 'c-2', 'f-calls')).toMatchObject({ currentUsage: 0, usageLimit: 20, usagePeriodStart: '2024-01-15T00:00:00.000Z' });
    expect(await check(emu, serverKey, 'c-2', 'f-seats')).toMatchObject({ currentUsage: 4, usageLimit: 20 });
    const history = await historyV2(serverKey, { customerId: 'c-2', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z' });
    expect(history.markers).toEqual([{ type: 'SUBSCRIPTION_CHANGE_RESET', timestamp: '2024-01-15T00:00:00.000Z' }]);
  });

  it('NEVER_RESET: the usage carries over; the periods keep rolling from the first subscription', async () => {
    const { id, serverKey } = await world(emu, '2024-01-10T00:00:00Z');
    await events(emu, serverKey, [ev('c-never', 'api.call'), ev('c-never', 'api.call'), ev('c-never', 'api.call')]);
    await moveClock(emu, id, '2024-01-15T00:00:00Z');
    const upgraded = await gql(emu, serverKey, PROVISION_SUBSCRIPTION, { input: { customerId: 'c-never', planId: 'plan-never-b' } });
    expect(upgraded.errors).toBeUndefined();
    expect(await check(emu, serverKey, 'c-never', 'f-calls')).toMatchObject({ currentUsage: 3, usageLimit: 20, usagePeriodStart: '2024-01-01T00:00:00.000Z' });
    const history = await historyV2(serverKey, { customerId: 'c-never', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z' });
    expect(history.markers).toEqual([]);
  });
});
