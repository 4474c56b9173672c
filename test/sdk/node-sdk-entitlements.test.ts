/**
 * The official @stigg/node-server-sdk (3.95.0) reading entitlements and reporting usage against the
 * emulator over a real socket: the built-in demo seed plus the entitlement test catalog.
 */
import { randomUUID } from 'node:crypto';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { DEMO_FIXTURES_DIR } from '../../src/paths.js';
import { FIXTURES } from '../entitlements/support.js';
import { testEmulator } from '../support/emulator.js';

let emu: Emulator;
let stigg: Stigg;

beforeAll(async () => {
  emu = testEmulator({ fixtures: [DEMO_FIXTURES_DIR, FIXTURES] });
  const url = (await emu.listen()).url;
  stigg = Stigg.initialize({ apiKey: `server-sdk-ent-${randomUUID()}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  stigg?.close();
  await emu.close();
});

describe('@stigg/node-server-sdk entitlements', () => {
  it('getBooleanEntitlement: granted by the plan (inherited) and denied when no plan has it', async () => {
    const analytics = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
    expect(analytics).toMatchObject({ type: 'BOOLEAN', hasAccess: true, isFallback: false });
    const domain = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-03-custom-domain' });
    expect(domain.hasAccess).toBe(true);
    const basic = await stigg.getBooleanEntitlement({ customerId: 'customer-id', featureId: 'feature-04-analytics' });
    expect(basic).toMatchObject({ hasAccess: false, accessDeniedReason: 'NoFeatureEntitlementInSubscription' });
  });

  it('getNumericEntitlement: a configuration value; a metered feature is a FeatureTypeMismatch', async () => {
    const days = await stigg.getNumericEntitlement({ customerId: 'c-pro', featureId: 'f-days' });
    expect(days).toMatchObject({ type: 'NUMERIC', hasAccess: true, value: 30 });
    const mismatch = await stigg.getNumericEntitlement({ customerId: 'customer-demo-02', featureId: 'feature-seats' });
    expect(mismatch).toMatchObject({ hasAccess: false, accessDeniedReason: 'FeatureTypeMismatch' });
  });

  it('getMeteredEntitlement: limits, current usage and requestedUsage', async () => {
    const seats = await stigg.getMeteredEntitlement({ customerId: 'customer-demo-02', featureId: 'feature-seats', options: { requestedUsage: 5 } });
    expect(seats).toMatchObject({ type: 'METERED', hasAccess: true, usageLimit: 5, currentUsage: 0, requestedUsage: 5 });
    const tooMany = await stigg.getMeteredEntitlement({ customerId: 'customer-demo-02', featureId: 'feature-seats', options: { requestedUsage: 6 } });
    expect(tooMany).toMatchObject({ hasAccess: false, accessDeniedReason: 'RequestedUsageExceedingLimit' });
    // Growth: the bought quantity of the per-unit templates price is the limit
    const templates = await stigg.getMeteredEntitlement({ customerId: 'customer-id2', featureId: 'feature-01-templates' });
    expect(templates).toMatchObject({ hasAccess: true, usageLimit: 5, currentUsage: 0 });
  });

  it('reportUsage, then getMeteredEntitlement shows the new current usage', async () => {
    const reported = await stigg.reportUsage({ customerId: 'customer-id2', featureId: 'feature-01-templates', value: 2 });
    expect(reported).toMatchObject({ customerId: 'customer-id2', featureId: 'feature-01-templates', currentUsage: 2 });
    const after = await stigg.getMeteredEntitlement({ customerId: 'customer-id2', featureId: 'feature-01-templates', options: { requestedUsage: 3 } });
    expect(after).toMatchObject({ hasAccess: true, currentUsage: 2, usageLimit: 5 });
    const over = await stigg.getMeteredEntitlement({ customerId: 'customer-id2', featureId: 'feature-01-templates', options: { requestedUsage: 4 } });
    expect(over).toMatchObject({ hasAccess: false, accessDeniedReason: 'RequestedUsageExceedingLimit' });
  });
});
