/**
 * Usage history across plan changes (RULES 3.12, 3.15, 4.11, E85): usage reported under a
 * subscription a plan change replaced stays in usageHistory / usageHistoryV2; a plan change that
 * restarts the usage is a reset point with a SUBSCRIPTION_CHANGE_RESET marker; and
 * includeInactiveSubscriptions adds the usage of the most recent cancelled or expired
 * subscription. Over HTTP with the clients' own documents.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, testEmulator } from '../support/emulator.js';
import { check, ev, events, moveClock, reportUsage, T0, world } from './support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'history-plan-changes.yaml');
const HISTORY_V2 = clientOperation('go', 'GetUsageHistoryV2');
const HISTORY_V1 = clientOperation('node', 'GetUsageHistory');
const PROVISION_SUBSCRIPTION = clientOperation('node', 'ProvisionSubscription');
const CANCEL_SUBSCRIPTION = clientOperation('node', 'CancelSubscription');

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES], startTime: T0 });
});
afterAll(() => emu.close());

const point = (timestamp: string, value: number, isResetPoint = false) => ({ timestamp: `${timestamp}T00:00:00.000Z`, value, isResetPoint });
const reset = (timestamp: string) => point(timestamp, 0, true);
const marker = (type: 'PERIODIC_RESET' | 'SUBSCRIPTION_CHANGE_RESET', timestamp: string) => ({ type, timestamp: `${timestamp}T00:00:00.000Z` });

async function historyV2(key: string, input: Record<string, unknown>) {
  const answer = await gql(emu, key, HISTORY_V2, { input });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.usageHistoryV2;
}

/** The history with and without includeInactiveSubscriptions. */
async function bothWays(key: string, input: Record<string, unknown>) {
  return { without: await historyV2(key, input), with: await historyV2(key, { ...input, includeInactiveSubscriptions: true }) };
}

async function report(key: string, input: Record<string, unknown>) {
  const answer = await reportUsage(emu, key, input);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.reportUsage;
}

async function provision(key: string, customerId: string, planId: string) {
  const answer = await gql(emu, key, PROVISION_SUBSCRIPTION, { input: { customerId, planId } });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.provisionSubscription;
}

async function cancel(key: string, subscriptionRefId: string) {
  const answer = await gql(emu, key, CANCEL_SUBSCRIPTION, { input: { subscriptionRefId, subscriptionCancellationTime: 'IMMEDIATE' } });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.cancelSubscription;
}

describe('an upgrade (ALWAYS_RESET, the default)', () => {
  /** c-up on plan-basic from Jan 1; reports and events on Jan 10 and 12, the upgrade to plan-pro on Jan 15, more on Jan 20. */
  async function upgraded() {
    const env = await world(emu, '2024-01-10T00:00:00Z');
    const key = env.serverKey;
    await report(key, { customerId: 'c-up', featureId: 'f-api', value: 5, dimensions: { team: 'eng' } });
    await report(key, { customerId: 'c-up', featureId: 'f-seats', value: 4 });
    await events(emu, key, [ev('c-up', 'api.call'), ev('c-up', 'api.call')]);
    await moveClock(emu, env.id, '2024-01-12T00:00:00Z');
    await report(key, { customerId: 'c-up', featureId: 'f-api', value: 3, dimensions: { team: 'ops' } });
    await moveClock(emu, env.id, '2024-01-15T00:00:00Z');
    const result = await provision(key, 'c-up', 'plan-pro');
    expect(result.subscription).toMatchObject({ plan: { id: 'plan-pro' } });
    expect(await check(emu, key, 'c-up', 'f-api')).toMatchObject({ currentUsage: 0, usageLimit: 1000, usagePeriodStart: '2024-01-15T00:00:00.000Z' });
    await moveClock(emu, env.id, '2024-01-20T00:00:00Z');
    expect(await report(key, { customerId: 'c-up', featureId: 'f-api', value: 2, dimensions: { team: 'eng' } })).toMatchObject({ currentUsage: 2 });
    await report(key, { customerId: 'c-up', featureId: 'f-seats', value: 1 });
    await events(emu, key, [ev('c-up', 'api.call')]);
    return env;
  }

  it('a range ending before the change: the old subscription points, no marker, with and without includeInactiveSubscriptions', async () => {
    const { serverKey } = await upgraded();
    const input = { customerId: 'c-up', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-14T00:00:00Z' };
    const expected = { markers: [], series: [{ tags: [], points: [point('2024-01-10', 5), point('2024-01-12', 8)] }] };
    expect(await bothWays(serverKey, input)).toEqual({ without: expected, with: expected });
    const calls = await historyV2(serverKey, { customerId: 'c-up', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-14T00:00:00Z' });
    expect(calls.series).toEqual([{ tags: [], points: [point('2024-01-10', 2)] }]);
    // a range inside the first period, after its start: the running value is the period's
    const grouped = await historyV2(serverKey, { ...input, startDate: '2024-01-11T00:00:00Z', groupBy: ['team'] });
    expect(grouped.series).toEqual([
      { tags: [{ key: 'team', value: 'eng' }], points: [] },
      { tags: [{ key: 'team', value: 'ops' }], points: [point('2024-01-12', 3)] },
    ]);
  });

  it('a range spanning the change: points of both subscriptions, the change a reset point with a SUBSCRIPTION_CHANGE_RESET marker', async () => {
    const { serverKey } = await upgraded();
    const input = { customerId: 'c-up', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z' };
    const expected = {
      markers: [marker('SUBSCRIPTION_CHANGE_RESET', '2024-01-15')],
      series: [{ tags: [], points: [point('2024-01-10', 5), point('2024-01-12', 8), reset('2024-01-15'), point('2024-01-20', 2)] }],
    };
    expect(await bothWays(serverKey, input)).toEqual({ without: expected, with: expected });
    // groups restart at the change too
    const grouped = await historyV2(serverKey, { ...input, groupBy: ['team'] });
    expect(grouped.series).toEqual([
      { tags: [{ key: 'team', value: 'eng' }], points: [point('2024-01-10', 5), reset('2024-01-15'), point('2024-01-20', 2)] },
      { tags: [{ key: 'team', value: 'ops' }], points: [point('2024-01-12', 3), reset('2024-01-15')] },
    ]);
    // raw events: the meter's aggregate restarts at the change
    const calls = await historyV2(serverKey, { customerId: 'c-up', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z' });
    expect(calls).toEqual({ markers: [marker('SUBSCRIPTION_CHANGE_RESET', '2024-01-15')], series: [{ tags: [], points: [point('2024-01-10', 2), reset('2024-01-15'), point('2024-01-20', 1)] }] });
    // usage that never resets carries over: no reset point, no marker
    const seats = await historyV2(serverKey, { customerId: 'c-up', featureId: 'f-seats', startDate: '2024-01-01T00:00:00Z' });
    expect(seats).toEqual({ markers: [], series: [{ tags: [], points: [point('2024-01-10', 4), point('2024-01-20', 5)] }] });
    // the V1 document answers the same points and markers
    const v1 = await gql(emu, serverKey, HISTORY_V1, { usageHistoryInput: { customerRefId: 'c-up', featureRefId: 'f-api', startDate: '2024-01-01T00:00:00Z' } });
    expect(v1.errors).toBeUndefined();
    expect(v1.data!.usageHistory.usageMeasurements).toEqual(expected.series[0]!.points.map((p) => ({ date: p.timestamp, value: p.value, isResetPoint: p.isResetPoint })));
    expect(v1.data!.usageHistory.markers).toEqual(expected.markers);
  });

  it('after the change the periods roll from the new subscription: a PERIODIC_RESET a month after it', async () => {
    const { id, serverKey } = await upgraded();
    await moveClock(emu, id, '2024-02-20T00:00:00Z');
    await report(serverKey, { customerId: 'c-up', featureId: 'f-api', value: 7 });
    const history = await historyV2(serverKey, { customerId: 'c-up', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z' });
    expect(history.markers).toEqual([marker('SUBSCRIPTION_CHANGE_RESET', '2024-01-15'), marker('PERIODIC_RESET', '2024-02-15')]);
    expect(history.series[0].points).toEqual([point('2024-01-10', 5), point('2024-01-12', 8), reset('2024-01-15'), point('2024-01-20', 2), reset('2024-02-15'), point('2024-02-20', 7)]);
    // a range starting after the change shows only the new subscription's points
    const later = await historyV2(serverKey, { customerId: 'c-up', featureId: 'f-api', startDate: '2024-01-16T00:00:00Z' });
    expect(later.series[0].points).toEqual([point('2024-01-20', 2), reset('2024-02-15'), point('2024-02-20', 7)]);
  });
});

describe('a plan change that carries the usage over (NEVER_RESET)', () => {
  it('no reset point at the change; the periods keep rolling from the first subscription', async () => {
    const { id, serverKey } = await world(emu, '2024-01-10T00:00:00Z');
    await report(serverKey, { customerId: 'c-never', featureId: 'f-api', value: 3 });
    await moveClock(emu, id, '2024-01-15T00:00:00Z');
    await provision(serverKey, 'c-never', 'plan-never-b');
    await moveClock(emu, id, '2024-01-20T00:00:00Z');
    expect(await report(serverKey, { customerId: 'c-never', featureId: 'f-api', value: 2 })).toMatchObject({ currentUsage: 5 });
    await moveClock(emu, id, '2024-02-05T00:00:00Z');
    const history = await historyV2(serverKey, { customerId: 'c-never', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z' });
    expect(history).toEqual({
      markers: [marker('PERIODIC_RESET', '2024-02-01')],
      series: [{ tags: [], points: [point('2024-01-10', 3), point('2024-01-20', 5), reset('2024-02-01')] }],
    });
  });
});

describe('includeInactiveSubscriptions', () => {
  it('a cancelled subscription: its usage only with includeInactiveSubscriptions, and no markers (no active subscription)', async () => {
    const { id, serverKey } = await world(emu, '2024-01-10T00:00:00Z');
    await report(serverKey, { customerId: 'c-gone', featureId: 'f-api', value: 4 });
    await moveClock(emu, id, '2024-01-15T00:00:00Z');
    expect(await cancel(serverKey, 'sub-gone')).toMatchObject({ status: 'CANCELED' });
    await moveClock(emu, id, '2024-03-01T00:00:00Z');
    const history = await bothWays(serverKey, { customerId: 'c-gone', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z' });
    expect(history).toEqual({
      without: { markers: [], series: [{ tags: [], points: [] }] },
      with: { markers: [], series: [{ tags: [], points: [point('2024-01-10', 4)] }] },
    });
    // usageHistory (V1) has no such input: the cancelled subscription's usage is not shown
    const v1 = await gql(emu, serverKey, HISTORY_V1, { usageHistoryInput: { customerRefId: 'c-gone', featureRefId: 'f-api', startDate: '2024-01-01T00:00:00Z' } });
    expect(v1.data!.usageHistory).toMatchObject({ usageMeasurements: [], markers: [] });
  });

  it('only the most recent cancelled subscription is added; an active one is always shown', async () => {
    const { id, serverKey } = await world(emu, '2024-01-05T00:00:00Z');
    await report(serverKey, { customerId: 'c-twice', featureId: 'f-api', value: 1 });
    await moveClock(emu, id, '2024-01-10T00:00:00Z');
    await cancel(serverKey, 'sub-first');
    await moveClock(emu, id, '2024-01-20T00:00:00Z');
    const second = await provision(serverKey, 'c-twice', 'plan-basic');
    await moveClock(emu, id, '2024-01-25T00:00:00Z');
    expect(await report(serverKey, { customerId: 'c-twice', featureId: 'f-api', value: 2 })).toMatchObject({ currentUsage: 2 });
    const input = { customerId: 'c-twice', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z' };
    // with an active subscription: its usage; the flag adds the cancelled one's
    expect(await bothWays(serverKey, input)).toEqual({
      without: { markers: [], series: [{ tags: [], points: [point('2024-01-25', 2)] }] },
      with: { markers: [], series: [{ tags: [], points: [point('2024-01-05', 1), point('2024-01-25', 2)] }] },
    });
    await moveClock(emu, id, '2024-02-01T00:00:00Z');
    await cancel(serverKey, second.subscription.id);
    await moveClock(emu, id, '2024-02-05T00:00:00Z');
    // both cancelled: the flag adds the most recent one only
    expect(await bothWays(serverKey, input)).toEqual({
      without: { markers: [], series: [{ tags: [], points: [] }] },
      with: { markers: [], series: [{ tags: [], points: [point('2024-01-25', 2)] }] },
    });
  });

  it('usage reported while the customer had no subscription is shown (no subscription excludes it)', async () => {
    const { serverKey } = await world(emu, '2024-01-10T00:00:00Z');
    await events(emu, serverKey, [ev('c-none', 'api.call'), ev('c-none', 'api.call')]);
    const history = await historyV2(serverKey, { customerId: 'c-none', featureId: 'f-calls', startDate: '2024-01-01T00:00:00Z' });
    expect(history).toEqual({ markers: [], series: [{ tags: [], points: [point('2024-01-10', 2)] }] });
  });
});
