/** Usage reporting and usage windows (RULES §4: E74-E77, E82-E84). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, rest } from '../support/emulator.js';
import { check, entitlementsEmulator, moveClock, report, REPORT_USAGE_BULK, world } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = entitlementsEmulator();
});
afterAll(() => emu.close());

describe('reportUsage', () => {
  it('E74: DELTA (the default) adds, SET replaces; the answer carries the new current usage', async () => {
    const { id, serverKey } = await world(emu);
    await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 3 });
    const delta = await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 2 });
    expect(delta.data!.reportUsage).toMatchObject({ customerId: 'c-pro', featureId: 'f-seats', resourceId: null, currentUsage: 5, timestamp: '2024-01-01T12:00:00.000Z' });
    expect(typeof delta.data!.reportUsage.id).toBe('string');
    const set = await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 4, updateBehavior: 'SET' });
    expect(set.data!.reportUsage.currentUsage).toBe(4);
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ currentUsage: 4, usageUpdatedAt: '2024-01-01T12:00:00.000Z' });
    expect(id).toBeTruthy();
  });

  it('E75: a negative DELTA decreases the usage', async () => {
    const { serverKey } = await world(emu);
    await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 3 });
    const answer = await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: -1 });
    expect(answer.data!.reportUsage.currentUsage).toBe(2);
  });

  it('E76: reportUsageBulk takes up to 100 usages, all or nothing', async () => {
    const { serverKey } = await world(emu);
    const usages = (n: number) => Array.from({ length: n }, () => ({ customerId: 'c-pro', featureId: 'f-seats', value: 1 }));
    const tooMany = await gql(emu, serverKey, REPORT_USAGE_BULK, { input: { usages: usages(101) } });
    expect(codeOf(tooMany)).toBe('BadUserInput');
    const ok = await gql(emu, serverKey, REPORT_USAGE_BULK, { input: { usages: usages(100) } });
    expect(ok.data!.reportUsageBulk).toHaveLength(100);
    expect(ok.data!.reportUsageBulk[99].currentUsage).toBe(100);
    const failing = await gql(emu, serverKey, REPORT_USAGE_BULK, {
      input: { usages: [{ customerId: 'c-pro', featureId: 'f-seats', value: 5 }, { customerId: 'c-pro', featureId: 'f-nope', value: 1 }] },
    });
    expect(codeOf(failing)).toBe('FeatureNotFound');
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ currentUsage: 100 });
  });

  it('E77: a feature metered from events refuses calculated usage', async () => {
    const { serverKey } = await world(emu);
    expect(codeOf(await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-events', value: 1 }))).toBe('CannotReportUsageForEntitlementWithMeterError');
  });

  it('unknown customer, unknown feature, non-metered feature', async () => {
    const { serverKey } = await world(emu);
    expect(codeOf(await report(emu, serverKey, { customerId: 'c-ghost', featureId: 'f-seats', value: 1 }))).toBe('CustomerNotFound');
    expect(codeOf(await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-nope', value: 1 }))).toBe('FeatureNotFound');
    expect(codeOf(await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-flag', value: 1 }))).toBe('MeteringNotAvailableForFeatureType');
  });
});

describe('usage windows', () => {
  it('E82: MONTH from the subscription start: the window containing now; earlier usage does not count', async () => {
    const { id, serverKey } = await world(emu, '2024-03-01T00:00:00Z');
    await report(emu, serverKey, { customerId: 'c-window', featureId: 'f-api', value: 40 });
    await moveClock(emu, id, '2024-03-20T00:00:00Z');
    expect(await check(emu, serverKey, 'c-window', 'f-api')).toMatchObject({
      usagePeriodAnchor: '2024-01-06T00:00:00.000Z',
      usagePeriodStart: '2024-03-06T00:00:00.000Z',
      usagePeriodEnd: '2024-04-06T00:00:00.000Z',
      nextResetDate: '2024-04-06T00:00:00.000Z',
      currentUsage: 0,
    });
    const answer = await report(emu, serverKey, { customerId: 'c-window', featureId: 'f-api', value: 5 });
    expect(answer.data!.reportUsage).toMatchObject({ currentUsage: 5, usagePeriodStart: '2024-03-06T00:00:00.000Z', usagePeriodEnd: '2024-04-06T00:00:00.000Z', nextResetDate: '2024-04-06T00:00:00.000Z' });
  });

  it('E83: MONTH StartOfTheMonth: the calendar month', async () => {
    const { serverKey } = await world(emu, '2024-03-20T10:00:00Z');
    expect(await check(emu, serverKey, 'c-month-start', 'f-api')).toMatchObject({
      usagePeriodStart: '2024-03-01T00:00:00.000Z',
      usagePeriodEnd: '2024-04-01T00:00:00.000Z',
      resetPeriodConfiguration: { monthlyAccordingTo: 'StartOfTheMonth' },
    });
  });

  it('E84: WEEK EveryMonday: from the last Monday', async () => {
    const { id, serverKey } = await world(emu, '2024-03-20T10:00:00Z');
    await report(emu, serverKey, { customerId: 'c-weekly', featureId: 'f-api', value: 9 });
    expect(await check(emu, serverKey, 'c-weekly', 'f-api')).toMatchObject({
      usagePeriodStart: '2024-03-18T00:00:00.000Z',
      usagePeriodEnd: '2024-03-25T00:00:00.000Z',
      currentUsage: 9,
      resetPeriodConfiguration: { weeklyAccordingTo: 'EveryMonday' },
    });
    await moveClock(emu, id, '2024-03-25T00:00:00Z');
    expect(await check(emu, serverKey, 'c-weekly', 'f-api')).toMatchObject({ usagePeriodStart: '2024-03-25T00:00:00.000Z', currentUsage: 0 });
    const after = await report(emu, serverKey, { customerId: 'c-weekly', featureId: 'f-api', value: 1 });
    expect(after.data!.reportUsage.currentUsage).toBe(1);
  });

  it('usage without a reset period never resets', async () => {
    const { id, serverKey } = await world(emu);
    await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 6 });
    await moveClock(emu, id, '2024-05-01T00:00:00Z');
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ currentUsage: 6, usagePeriodStart: null, resetPeriod: null });
  });
});

describe('usage in exports', () => {
  it('an export keeps when usage was reported, so an import counts it in the same window only', async () => {
    const a = await world(emu, '2024-03-01T00:00:00Z');
    await report(emu, a.serverKey, { customerId: 'c-window', featureId: 'f-api', value: 40 });
    const exported = await rest(emu, 'GET', `/_emulator/environments/${a.id}/export`);
    const usage = exported.body.customers.find((c: { id: string }) => c.id === 'c-window').usage;
    expect(usage).toEqual([{ featureId: 'f-api', value: 40, updatedAt: '2024-03-01T00:00:00.000Z' }]);

    const same = await world(emu, '2024-03-02T00:00:00Z');
    expect((await rest(emu, 'POST', `/_emulator/environments/${same.id}/import`, exported.body)).status).toBe(200);
    expect(await check(emu, same.serverKey, 'c-window', 'f-api')).toMatchObject({ currentUsage: 40 });

    const later = await world(emu, '2024-03-20T00:00:00Z');
    expect((await rest(emu, 'POST', `/_emulator/environments/${later.id}/import`, exported.body)).status).toBe(200);
    expect(await check(emu, later.serverKey, 'c-window', 'f-api')).toMatchObject({ currentUsage: 0 });
  });
});
