/**
 * The official @stigg/node-server-sdk (3.95.0) reading usage history across an upgrade over a real
 * socket: reportUsage, provisionSubscription to a bigger plan of the same product (the change
 * replaces the subscription and restarts the monthly usage), then getUsageHistoryV2 for a range
 * ending before the change and one spanning it, with and without includeInactiveSubscriptions
 * (not in the SDK's input type; the SDK sends the input as given).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, '..', 'usage', 'fixtures', 'history-plan-changes.yaml');

let emu: Emulator;
let stigg: Stigg;
let environmentId: string;

async function moveClock(to: string) {
  const moved = await rest(emu, 'POST', `/_emulator/environments/${environmentId}/clock`, { to, frozen: true });
  if (moved.status !== 200) throw new Error(JSON.stringify(moved.body));
}

beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES], startTime: new Date('2024-01-01T00:00:00.000Z') });
  const url = (await emu.listen()).url;
  environmentId = `sdk-history-${randomUUID()}`;
  await moveClock('2024-01-10T00:00:00Z');
  stigg = Stigg.initialize({ apiKey: `server-${environmentId}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  stigg?.close();
  await emu.close();
});

const point = (day: string, value: number, isResetPoint = false) => ({ timestamp: `2024-01-${day}T00:00:00.000Z`, value, isResetPoint });

describe('@stigg/node-server-sdk getUsageHistoryV2 across an upgrade', () => {
  it('the old subscription points stay; the upgrade is a reset point with a SUBSCRIPTION_CHANGE_RESET marker', async () => {
    await stigg.reportUsage({ customerId: 'c-up', featureId: 'f-api', value: 5 });
    await moveClock('2024-01-15T00:00:00Z');
    const upgraded = await stigg.provisionSubscription({ customerId: 'c-up', planId: 'plan-pro' });
    expect(upgraded.subscription).toMatchObject({ planId: 'plan-pro', status: 'ACTIVE' });
    await moveClock('2024-01-20T00:00:00Z');
    const after = await stigg.reportUsage({ customerId: 'c-up', featureId: 'f-api', value: 2 });
    expect(after.currentUsage).toBe(2);

    const history = async (endDate?: string, includeInactiveSubscriptions?: boolean) => {
      const input = { customerId: 'c-up', featureId: 'f-api', startDate: '2024-01-01T00:00:00Z', endDate, includeInactiveSubscriptions };
      const answer = await stigg.getUsageHistoryV2(input as Parameters<Stigg['getUsageHistoryV2']>[0]);
      return { markers: answer.markers.map(({ type, timestamp }) => ({ type, timestamp })), points: answer.series.flatMap((s) => s.points.map(({ timestamp, value, isResetPoint }) => ({ timestamp, value, isResetPoint }))) };
    };
    for (const includeInactive of [undefined, true]) {
      expect(await history('2024-01-14T00:00:00Z', includeInactive)).toEqual({ markers: [], points: [point('10', 5)] });
      expect(await history(undefined, includeInactive)).toEqual({
        markers: [{ type: 'SUBSCRIPTION_CHANGE_RESET', timestamp: '2024-01-15T00:00:00.000Z' }],
        points: [point('10', 5), point('15', 0, true), point('20', 2)],
      });
    }
  });
});
