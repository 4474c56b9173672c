/** The usage window of a merged entitlement comes from the source that brings the reset period (RULES 3.3, 3.14, E82). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { rest } from '../support/emulator.js';
import { check, entitlementsEmulator, moveClock, report, world } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = entitlementsEmulator();
});
afterAll(() => emu.close());

describe('merged usage window', () => {
  it('a larger promotional grant without a reset period keeps the subscription-start window of the plan', async () => {
    const { id, serverKey } = await world(emu, '2024-03-01T00:00:00Z');
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, {
      customers: [
        {
          id: 'c-window-promo',
          subscriptions: [{ planId: 'plan-starter', startDate: '2024-01-06T00:00:00Z', status: 'ACTIVE' }],
          promotionalEntitlements: [{ featureId: 'f-api', usageLimit: 5000, period: 'LIFETIME' }],
        },
      ],
    });
    expect(loaded.status).toBe(200);
    await report(emu, serverKey, { customerId: 'c-window-promo', featureId: 'f-api', value: 40 });
    await moveClock(emu, id, '2024-03-20T00:00:00Z');
    expect(await check(emu, serverKey, 'c-window-promo', 'f-api')).toMatchObject({
      usageLimit: 5000,
      resetPeriod: 'MONTH',
      usagePeriodAnchor: '2024-01-06T00:00:00.000Z',
      usagePeriodStart: '2024-03-06T00:00:00.000Z',
      usagePeriodEnd: '2024-04-06T00:00:00.000Z',
      currentUsage: 0,
    });
  });
});
