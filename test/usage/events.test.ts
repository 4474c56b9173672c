/** Raw events and meters (RULES 4.7-4.9: E77-E81, E87, E102) over HTTP with the Node client's documents. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, rest } from '../support/emulator.js';
import { check, ev, events, moveClock, reportUsage, sendEvents, usageEmulator, world } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = usageEmulator();
});
afterAll(() => emu.close());

describe('reportEvent', () => {
  it('E80: COUNT filtered on the event name counts the matching events only', async () => {
    const { serverKey } = await world(emu);
    expect(await events(emu, serverKey, [ev('c-1', 'api.call'), ev('c-1', 'api.call'), ev('c-1', 'api.call'), ev('c-1', 'other')])).toBeNull();
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 3, usageLimit: 10, isGranted: true, usageUpdatedAt: '2024-01-01T12:00:00.000Z' });
    // the other customer's usage is its own
    expect(await check(emu, serverKey, 'c-2', 'f-calls')).toMatchObject({ currentUsage: 0 });
  });

  it('E80: SUM, UNIQUE, MAX, MIN and AVG on a field', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [
      ev('c-1', 'llm', { tokens: 10 }),
      ev('c-1', 'llm', { tokens: '20' }),
      ev('c-1', 'llm', { model: 'no tokens' }),
      ev('c-1', 'login', { userId: 'u1' }),
      ev('c-1', 'login', { userId: 'u1' }),
      ev('c-1', 'login', { userId: 'u2' }),
      ev('c-1', 'login', {}),
    ]);
    expect(await check(emu, serverKey, 'c-1', 'f-tokens')).toMatchObject({ currentUsage: 30 });
    expect(await check(emu, serverKey, 'c-1', 'f-users')).toMatchObject({ currentUsage: 2 });
    expect(await check(emu, serverKey, 'c-1', 'f-peak')).toMatchObject({ currentUsage: 20 });
    expect(await check(emu, serverKey, 'c-1', 'f-least')).toMatchObject({ currentUsage: 10 });
    expect(await check(emu, serverKey, 'c-1', 'f-mean')).toMatchObject({ currentUsage: 15 });
  });

  it('E81: a dimension condition (region EQUALS us-east-1) counts only events with that value', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [
      ev('c-1', 'api.call', { region: 'us-east-1' }),
      ev('c-1', 'api.call', { region: 'eu-west-1' }),
      ev('c-1', 'api.call'),
      ev('c-1', 'other', { region: 'us-east-1' }),
    ]);
    expect(await check(emu, serverKey, 'c-1', 'f-us-calls')).toMatchObject({ currentUsage: 1 });
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 3 });
  });

  it('E81: conditions of a filter are ANDed, filters ORed (STARTS_WITH, GREATER_THAN_OR_EQUAL, IN)', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [
      ev('c-1', 'op.read', { size: 10, tier: 'gold' }),
      ev('c-1', 'op.write', { size: '12', tier: 'silver' }),
      ev('c-1', 'op.read', { size: 9, tier: 'gold' }),
      ev('c-1', 'op.read', { size: 50, tier: 'bronze' }),
      ev('c-1', 'xop.read', { size: 50, tier: 'gold' }),
      ev('c-1', 'op.special'),
    ]);
    expect(await check(emu, serverKey, 'c-1', 'f-ops')).toMatchObject({ currentUsage: 3 });
  });

  it('E78: an event retried with the same idempotency key counts once, in one batch or across batches', async () => {
    const { serverKey } = await world(emu);
    const once = ev('c-1', 'api.call');
    await events(emu, serverKey, [once, once, ev('c-1', 'api.call')]);
    await events(emu, serverKey, [once]);
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 2 });
    // the same key for another customer or another event name is another event
    await events(emu, serverKey, [{ ...once, customerId: 'c-2' }, { ...once, eventName: 'login', dimensions: { userId: 'x' } }]);
    expect(await check(emu, serverKey, 'c-2', 'f-calls')).toMatchObject({ currentUsage: 1 });
    expect(await check(emu, serverKey, 'c-1', 'f-users')).toMatchObject({ currentUsage: 1 });
  });

  it('E79: a missing timestamp is the server time; an event falls in the period of its timestamp', async () => {
    const { id, serverKey } = await world(emu, '2024-02-10T00:00:00Z');
    await events(emu, serverKey, [ev('c-1', 'api.call'), ev('c-1', 'api.call', {}, { timestamp: '2024-01-20T00:00:00Z' })]);
    // the January event is in the January period: not counted in February's
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 1, usagePeriodStart: '2024-02-01T00:00:00.000Z' });
    // usage resets with the period
    await moveClock(emu, id, '2024-03-01T00:00:00Z');
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 0, usagePeriodStart: '2024-03-01T00:00:00.000Z' });
    // an event stamped ahead of time counts once its period comes
    await events(emu, serverKey, [ev('c-1', 'api.call', {}, { timestamp: '2024-04-02T00:00:00Z' })]);
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 0 });
    await moveClock(emu, id, '2024-04-05T00:00:00Z');
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 1 });
  });

  it('hard limit: the check denies once the events reach the limit', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, Array.from({ length: 10 }, () => ev('c-1', 'api.call')));
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 10, isGranted: true });
    expect(await check(emu, serverKey, 'c-1', 'f-calls', { requestedUsage: 1 })).toMatchObject({ isGranted: false, accessDeniedReason: 'RequestedUsageExceedingLimit' });
  });

  it('E87: events of a customer without the feature are stored; the check stays denied', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [ev('c-none', 'api.call')]);
    expect(await check(emu, serverKey, 'c-none', 'f-calls')).toMatchObject({ isGranted: false, accessDeniedReason: 'NoActiveSubscription' });
  });

  it('resource scope: events of a resource count in that resource only', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [ev('c-1', 'api.call', {}, { resourceId: 'r-1' }), ev('c-1', 'api.call')]);
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 1 });
  });

  it('E77: reportUsage on a feature with an event meter answers CannotReportUsageForEntitlementWithMeterError', async () => {
    const { serverKey } = await world(emu);
    expect(codeOf(await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-calls', value: 1 }))).toBe('CannotReportUsageForEntitlementWithMeterError');
  });

  it('E102: one entitlement.usage_exceeded per crossing, from events too', async () => {
    const { id, serverKey } = await world(emu);
    await events(emu, serverKey, Array.from({ length: 7 }, () => ev('c-1', 'api.call')));
    // 7 -> 12 crosses 80 and 100 in one batch, one event at a time: 8 crosses 80, 10 crosses 100
    await events(emu, serverKey, Array.from({ length: 5 }, () => ev('c-1', 'api.call')));
    await events(emu, serverKey, [ev('c-1', 'api.call')]);
    const log = await rest(emu, 'GET', `/_emulator/environments/${id}/webhooks?type=entitlement.usage_exceeded`);
    const exceeded = log.body.events.filter((e: any) => e.payload.feature?.id === 'f-calls');
    expect(exceeded.map((e: any) => e.payload.thresholdPercentage).sort()).toEqual([100, 80]);
  });
});

describe('reportEvent: bad input, nothing stored', () => {
  it.each([
    ['idempotencyKey', { idempotencyKey: '' }],
    ['customerId', { customerId: '' }],
    ['eventName', { eventName: ' ' }],
    ['timestamp', { timestamp: 'yesterday' }],
  ])('E79: an event without a valid %s is rejected with the whole batch', async (_field, broken) => {
    const { serverKey } = await world(emu);
    const answer = await sendEvents(emu, serverKey, [ev('c-1', 'api.call'), { ...ev('c-1', 'api.call'), ...broken }]);
    expect(codeOf(answer)).toBe('BadUserInput');
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 0 });
  });

  it('a field missing from the input is refused by GraphQL validation', async () => {
    const { serverKey } = await world(emu);
    const { idempotencyKey: _k, ...noKey } = ev('c-1', 'api.call');
    const answer = await sendEvents(emu, serverKey, [noKey as never]);
    expect(answer.errors).toBeTruthy();
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 0 });
  });

  it('a batch over 1,000 events is rejected; 1,000 are accepted', async () => {
    const { serverKey } = await world(emu);
    const tooMany = await sendEvents(emu, serverKey, Array.from({ length: 1001 }, () => ev('c-1', 'other')));
    expect(codeOf(tooMany)).toBe('BadUserInput');
    await events(emu, serverKey, Array.from({ length: 1000 }, () => ev('c-2', 'api.call')));
    expect(await check(emu, serverKey, 'c-2', 'f-calls')).toMatchObject({ currentUsage: 1000 });
  });

  it('an unknown customer fails the batch (CustomerNotFound); dimensions must be flat', async () => {
    const { serverKey } = await world(emu);
    expect(codeOf(await sendEvents(emu, serverKey, [ev('c-1', 'api.call'), ev('c-ghost', 'api.call')]))).toBe('CustomerNotFound');
    expect(codeOf(await sendEvents(emu, serverKey, [ev('c-1', 'api.call', { nested: { a: 1 } })]))).toBe('BadUserInput');
    expect(await check(emu, serverKey, 'c-1', 'f-calls')).toMatchObject({ currentUsage: 0 });
  });
});

describe('meters in fixtures', () => {
  it('a meter loaded into a running environment counts at once; invalid meters are refused with their paths', async () => {
    const { id, serverKey } = await world(emu);
    const load = (body: unknown) => rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, body);
    const bad = await load({
      features: [
        { id: 'f-bad-sum', featureType: 'NUMBER', meterType: 'Incremental', meter: { aggregation: { function: 'SUM' } } },
        { id: 'f-bad-flag', featureType: 'BOOLEAN', meter: { aggregation: { function: 'COUNT' } } },
        { id: 'f-bad-cond', featureType: 'NUMBER', meterType: 'Incremental', meter: { aggregation: { function: 'COUNT' }, filters: [{ conditions: [{ field: 'x', operation: 'EQUALS' }] }] } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('features.0.meter.aggregation.field');
    expect(bad.body.error.message).toContain('features.1.meter');
    expect(bad.body.error.message).toContain('features.2.meter.filters.0.conditions.0.value');
    const usage = await load({
      features: [{ id: 'f-views', featureType: 'NUMBER', meterType: 'Incremental', meter: { aggregation: { function: 'COUNT' } } }],
      customers: [{ id: 'c-views', usage: [{ featureId: 'f-views', value: 3 }] }],
    });
    expect(usage.status).toBe(400);
    expect(usage.body.error.message).toContain('usage.0.featureId: feature "f-views" is metered from raw events');
    const ok = await load({
      features: [{ id: 'f-downloads', featureType: 'NUMBER', meterType: 'Incremental', meter: { aggregation: { function: 'COUNT' }, filters: [{ conditions: [{ field: 'eventName', operation: 'IN', values: ['download', 'export'] }] }] } }],
      plans: [{ id: 'plan-downloads', productId: 'p-main', entitlements: [{ featureId: 'f-downloads', usageLimit: 5, resetPeriod: 'DAY' }] }],
      customers: [{ id: 'c-downloads', subscriptions: [{ planId: 'plan-downloads', startDate: '2024-01-01T00:00:00Z' }] }],
    });
    expect(ok.status).toBe(200);
    await events(emu, serverKey, [ev('c-downloads', 'download'), ev('c-downloads', 'export'), ev('c-downloads', 'view')]);
    expect(await check(emu, serverKey, 'c-downloads', 'f-downloads')).toMatchObject({ currentUsage: 2, usagePeriodStart: '2024-01-01T00:00:00.000Z', usagePeriodEnd: '2024-01-02T00:00:00.000Z' });
  });
});

describe('events in fixtures, export and import', () => {
  it('a customer fixture seeds raw events; an export carries them and an import counts them the same', async () => {
    const { id, serverKey } = await world(emu);
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, {
      customers: [
        {
          id: 'c-seeded',
          subscriptions: [{ planId: 'plan-metered', startDate: '2024-01-01T00:00:00Z' }],
          events: [
            { eventName: 'api.call' },
            { eventName: 'api.call', dimensions: { region: 'us-east-1' } },
            { eventName: 'login', idempotencyKey: 'l-1', dimensions: { userId: 'u1' }, timestamp: '2024-01-01T06:00:00Z' },
            { eventName: 'login', idempotencyKey: 'l-1', dimensions: { userId: 'u1' }, timestamp: '2024-01-01T06:00:00Z' },
            { eventName: 'api.call', timestamp: '2023-12-31T00:00:00Z' },
          ],
        },
      ],
    });
    expect(loaded.status).toBe(200);
    expect(await check(emu, serverKey, 'c-seeded', 'f-calls')).toMatchObject({ currentUsage: 2 });
    expect(await check(emu, serverKey, 'c-seeded', 'f-us-calls')).toMatchObject({ currentUsage: 1 });
    expect(await check(emu, serverKey, 'c-seeded', 'f-users')).toMatchObject({ currentUsage: 1 });

    const exported = await rest(emu, 'GET', `/_emulator/environments/${id}/export`);
    const seeded = exported.body.customers.find((c: any) => c.id === 'c-seeded');
    expect(seeded.events).toHaveLength(4);
    expect(seeded.events[2]).toEqual({ eventName: 'login', idempotencyKey: 'l-1', dimensions: { userId: 'u1' }, timestamp: '2024-01-01T06:00:00.000Z' });

    const other = await world(emu);
    const imported = await rest(emu, 'POST', `/_emulator/environments/${other.id}/import`, exported.body);
    expect(imported.status).toBe(200);
    expect(await check(emu, other.serverKey, 'c-seeded', 'f-calls')).toMatchObject({ currentUsage: 2 });
    expect(await check(emu, other.serverKey, 'c-seeded', 'f-users')).toMatchObject({ currentUsage: 1 });
    const again = await rest(emu, 'GET', `/_emulator/environments/${other.id}/export`);
    expect(again.body.customers.find((c: any) => c.id === 'c-seeded').events).toEqual(seeded.events);
  });
});
