/**
 * The official @stigg/node-server-sdk (3.95.0) against the emulator over a real socket.
 */
import { randomUUID } from 'node:crypto';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

let emu: Emulator;
let url: string;
let stigg: Stigg;

beforeAll(async () => {
  emu = testEmulator();
  url = (await emu.listen()).url;
  stigg = Stigg.initialize({
    apiKey: `server-sdk-${randomUUID()}`,
    baseUri: url,
    enableEdge: false,
    realtimeUpdatesEnabled: false,
  });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  stigg?.close();
  await emu.close();
});

describe('@stigg/node-server-sdk', () => {
  it('provisions, reads and updates a customer', async () => {
    const provisioned = await stigg.provisionCustomer({
      customerId: 'customer-sdk-1',
      name: 'SDK Customer',
      email: 'sdk@example.test',
      metadata: { source: 'sdk-test' },
      subscriptionParams: null,
    });
    expect(provisioned.customer).toMatchObject({ id: 'customer-sdk-1', name: 'SDK Customer', email: 'sdk@example.test' });

    const customer = await stigg.getCustomer('customer-sdk-1');
    expect(customer).toMatchObject({ id: 'customer-sdk-1', name: 'SDK Customer', email: 'sdk@example.test', metadata: { source: 'sdk-test' } });
    expect(customer.subscriptions).toEqual([]);
    expect(customer.hasPaymentMethod).toBe(false);

    const updated = await stigg.updateCustomer({ customerId: 'customer-sdk-1', name: 'Renamed' });
    expect(updated).toMatchObject({ id: 'customer-sdk-1', name: 'Renamed', email: 'sdk@example.test' });
    expect((await stigg.getCustomer('customer-sdk-1')).name).toBe('Renamed');
  });

  it('provisions a customer with a subscription to a demo plan and reads it back', async () => {
    const provisioned = await stigg.provisionCustomer({
      customerId: 'customer-sdk-2',
      subscriptionParams: { planId: 'plan-revvenu-basic' },
    });
    expect(provisioned.subscriptionDecisionStrategy).toBe('REQUESTED_PLAN');
    expect(provisioned.subscription?.planId).toBe('plan-revvenu-basic');
    expect(provisioned.subscription?.status).toBe('ACTIVE');
    const customer = await stigg.getCustomer('customer-sdk-2');
    expect(customer.subscriptions.map((s) => s.plan.id)).toEqual(['plan-revvenu-basic']);
  });

  it('surfaces Stigg error codes', async () => {
    await expect(stigg.getCustomer('customer-that-does-not-exist')).rejects.toThrow(/not found/i);
  });
});
