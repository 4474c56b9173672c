// The Vitest example of docs/testing.md, as written there (test/docs/doctest.test.ts checks that the two are
// the same, but for the import of 'stigg-emulator', which here is the sources).
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';

let emu: RunningEmulator;
let stigg: Stigg;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, startTime: '2025-01-01T00:00:00Z' });
  // apiKey, baseUri and baseEdgeUri of this emulator; realtime off: every read asks the emulator
  stigg = Stigg.initialize({ ...emu.sdk, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  await stigg.close();
  await emu.close();
});

// keep the test's clock in step with the environment's (see "Clock skew" below)
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(emu.environment('local').now());
});
afterEach(() => {
  vi.useRealTimers();
});

test('a Growth customer sends up to 80 campaigns a month', async () => {
  await stigg.reportUsage({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 5 });
  const campaigns = await stigg.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
  expect(campaigns).toMatchObject({ hasAccess: true, usageLimit: 80, currentUsage: 5 });
  const analytics = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
  expect(analytics.hasAccess).toBe(true);
});
