/**
 * The entitlement examples of Stigg's Go and Python SDK pages, sent as those clients send them,
 * against the built-in demo seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

describe.each<Client>(['go', 'python'])('GetEntitlement through the %s client document', (client) => {
  it('customer-demo-01, feature-01-templates: granted, 3 of 3 used, as the docs show', async () => {
    const { serverKey } = newEnvironment('docs-ent');
    const res = await gql(emu, serverKey, clientOperation(client, 'GetEntitlement'), {
      query: { customerId: 'customer-demo-01', featureId: 'feature-01-templates', options: { requestedUsage: 0 } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.entitlement).toMatchObject({
      isGranted: true,
      accessDeniedReason: null,
      usageLimit: 3,
      hasUnlimitedUsage: false,
      currentUsage: 3,
      requestedUsage: 0,
      feature: {
        refId: 'feature-01-templates',
        featureType: 'NUMBER',
        meterType: 'Fluctuating',
        featureUnits: 'template',
        featureUnitsPlural: 'templates',
        displayName: 'Templates',
      },
    });
  });
});
