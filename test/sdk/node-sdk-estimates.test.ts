/**
 * The official @stigg/node-server-sdk (3.95.0) estimating over a real socket against the built-in
 * demo seed, clock frozen: estimateSubscription and estimateSubscriptionUpdate with the SDK pages'
 * inputs and documented results, previewSubscription and previewNextInvoice, and a refused estimate.
 */
import { randomUUID } from 'node:crypto';
import { BillingPeriod, Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

let emu: Emulator;
let url: string;
let stigg: Stigg;
const envId = `sdk-est-${randomUUID()}`;
const usd = (amount: number) => ({ amount, currency: 'USD' });

const moveClock = async (to: string) => {
  const res = await fetch(`${url}/_emulator/environments/${envId}/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, frozen: true }) });
  expect(res.status).toBe(200);
};

beforeAll(async () => {
  emu = testEmulator();
  url = (await emu.listen()).url;
  stigg = Stigg.initialize({ apiKey: `server-${envId}`, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  await stigg?.close();
  await emu.close();
});

describe('@stigg/node-server-sdk estimates', () => {
  it('estimateSubscriptionUpdate: the documented proration (credit -10, debit 17, total 7)', async () => {
    await moveClock('2025-03-01T00:01:06.000Z');
    const estimate = await stigg.estimateSubscriptionUpdate({
      subscriptionId: 'subscription-plan-revvenu-growth-dfe598',
      billableFeatures: [{ featureId: 'feature-01-templates', quantity: 7 }],
      addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }],
    });
    expect(estimate.subTotal).toMatchObject(usd(7));
    expect(estimate.total).toMatchObject(usd(7));
    expect(estimate.proration).toMatchObject({ credit: usd(-10), debit: usd(17), netAmount: usd(7) });
    expect(new Date(estimate.proration!.prorationDate).toISOString()).toBe('2025-03-01T00:01:06.000Z');
    expect(new Date(estimate.billingPeriodRange.start!).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(estimate.subscription).toMatchObject({ total: usd(17) });
  });

  it('estimateSubscription: the documented estimate (30 USD, one month from now, no proration)', async () => {
    await moveClock('2025-03-10T12:00:00.000Z');
    const estimate = await stigg.estimateSubscription({
      customerId: 'customer-demo-01',
      billingPeriod: BillingPeriod.Monthly,
      planId: 'plan-revvenu-essentials',
      billableFeatures: [{ featureId: 'feature-01-templates', quantity: 2 }],
      addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }],
      billingCountryCode: 'DK',
      resourceId: 'resource-01',
    });
    expect(estimate.subTotal).toMatchObject(usd(30));
    expect(estimate.total).toMatchObject(usd(30));
    expect(estimate.proration ?? null).toBeNull();
    expect(new Date(estimate.billingPeriodRange.start!).toISOString()).toBe('2025-03-10T12:00:00.000Z');
    expect(new Date(estimate.billingPeriodRange.end!).toISOString()).toBe('2025-04-10T12:00:00.000Z');
  });

  it('a refused estimate: an add-on the plan does not allow, a quantity above the maximum', async () => {
    await expect(
      stigg.estimateSubscriptionUpdate({ subscriptionId: 'subscription-plan-revvenu-growth-dfe598', addons: [{ addonId: 'addon-10-campaigns', quantity: 11 }] }),
    ).rejects.toThrow(/at most 10/);
    await expect(
      stigg.estimateSubscription({ customerId: 'customer-demo-01', planId: 'plan-revvenu-essentials', billingPeriod: BillingPeriod.Monthly, addons: [{ addonId: 'addon-extra-stuff' }] }),
    ).rejects.toThrow(/not compatible/);
  });

  it('previewSubscription and previewNextInvoice', async () => {
    const preview = await stigg.previewSubscription({ customerId: 'customer-id', planId: 'plan-revvenu-essentials', billingPeriod: BillingPeriod.Monthly });
    expect(preview.immediateInvoice.total).toMatchObject(usd(20));
    expect(preview.recurringInvoice?.total).toMatchObject(usd(20));
    const next = await stigg.previewNextInvoice({ subscriptionId: 'subscription-plan-revvenu-growth-dfe598' });
    expect(next.total).toMatchObject(usd(10));
    expect(next.lines.map((l) => l.type)).toEqual(['InAdvanceCommitmentCharge', 'AddonCharge']);
  });
});
