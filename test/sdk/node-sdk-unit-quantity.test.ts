/**
 * The official @stigg/node-server-sdk (3.95.0) with `unitQuantity`, over a real socket against the
 * built-in demo seed, clock frozen. The SDK sends it as `priceUnitAmount` on provisionCustomer's
 * subscriptionParams and on createSubscription, as `unitQuantity` elsewhere: each buys that many
 * units of plan-revvenu-growth's per-unit templates price ($1 a month each), which is the
 * customer's templates limit. A paid plan without billingPeriod is BillingPeriodMissingError.
 */
import { randomUUID } from 'node:crypto';
import { BillingPeriod, Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

const NOW = '2025-03-10T12:00:00.000Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });

let emu: Emulator;
let url: string;
let stigg: Stigg;
const envId = `sdk-units-${randomUUID()}`;

beforeAll(async () => {
  emu = testEmulator();
  url = (await emu.listen()).url;
  const res = await fetch(`${url}/_emulator/environments/${envId}/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: NOW, frozen: true }),
  });
  expect(res.status).toBe(200);
  stigg = Stigg.initialize({ apiKey: `server-${envId}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  await stigg?.close();
  await emu.close();
});

const templatesLimit = async (customerId: string) => (await stigg.getMeteredEntitlement({ customerId, featureId: 'feature-01-templates' })).usageLimit;

describe('@stigg/node-server-sdk unitQuantity', () => {
  it('provisionCustomer: subscriptionParams.unitQuantity (sent as priceUnitAmount) is the per-unit quantity', async () => {
    const result = await stigg.provisionCustomer({
      customerId: 'customer-units-1',
      name: 'Units',
      subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: BillingPeriod.Monthly, unitQuantity: 4 },
    });
    expect(result.subscription).toBeTruthy();
    expect(await templatesLimit('customer-units-1')).toBe(4);
  });

  it('provisionSubscription with unitQuantity; updateSubscription with unitQuantity', async () => {
    await stigg.provisionCustomer({ customerId: 'customer-units-2', subscriptionParams: null });
    const provisioned = await stigg.provisionSubscription({
      customerId: 'customer-units-2',
      planId: 'plan-revvenu-growth',
      billingPeriod: BillingPeriod.Monthly,
      unitQuantity: 6,
      skipTrial: true,
    });
    expect(provisioned.provisionStatus).toBe('SUCCESS');
    expect(await templatesLimit('customer-units-2')).toBe(6);
    await stigg.updateSubscription({ subscriptionId: provisioned.subscription!.id, unitQuantity: 9 });
    expect(await templatesLimit('customer-units-2')).toBe(9);
    const update = await stigg.estimateSubscriptionUpdate({ subscriptionId: provisioned.subscription!.id, unitQuantity: 12 });
    expect(update.subscription).toMatchObject({ total: usd(12) });
  });

  it('createSubscription: unitQuantity (sent as priceUnitAmount) is the per-unit quantity', async () => {
    await stigg.provisionCustomer({ customerId: 'customer-units-3', subscriptionParams: null });
    // the SDK sends the machine's time as startDate when none is given: the emulator's frozen now here
    const created = await stigg.createSubscription({
      customerId: 'customer-units-3',
      planId: 'plan-revvenu-growth',
      billingPeriod: BillingPeriod.Monthly,
      unitQuantity: 5,
      skipTrial: true,
      startDate: new Date(NOW),
    });
    expect(created).toMatchObject({ status: 'ACTIVE', totalPrice: { total: usd(5) } });
    expect(await templatesLimit('customer-units-3')).toBe(5);
  });

  it('estimateSubscription with unitQuantity: that many units at $1', async () => {
    const estimate = await stigg.estimateSubscription({
      customerId: 'customer-units-1',
      planId: 'plan-revvenu-growth',
      billingPeriod: BillingPeriod.Monthly,
      unitQuantity: 7,
      skipTrial: true,
    });
    expect(estimate.subTotal).toMatchObject(usd(7));
    expect(estimate.subscription).toMatchObject({ total: usd(7) });
  });

  it('a paid plan without billingPeriod is BillingPeriodMissingError, also when it prices one period only', async () => {
    await stigg.provisionCustomer({ customerId: 'customer-units-4', subscriptionParams: null });
    await expect(stigg.provisionSubscription({ customerId: 'customer-units-4', planId: 'plan-revvenu-growth', unitQuantity: 3, skipTrial: true })).rejects.toMatchObject({
      errorCode: 'BillingPeriodMissingError',
    });
    await expect(
      stigg.provisionCustomer({ customerId: 'customer-units-5', subscriptionParams: { planId: 'plan-revvenu-essentials', unitQuantity: 3 } }),
    ).rejects.toMatchObject({ errorCode: 'BillingPeriodMissingError' });
  });
});
