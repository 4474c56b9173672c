/**
 * A report reads the customer's row, subscriptions and promotional grants once per series of
 * reports (remembered per connection until a write to their tables): a write between two reports
 * (the customer updated, a subscription provisioned, a promotional grant) is seen by the next
 * report's answer and events, and a rolled-back bulk report leaves nothing of its reads behind.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const REPORT = clientOperation('go', 'ReportUsage');
const REPORT_BULK = clientOperation('go', 'ReportUsageBulk');
const UPDATE_CUSTOMER = clientOperation('go', 'UpdateCustomer');
const PROVISION = clientOperation('go', 'ProvisionSubscription');
const GRANT = clientOperation('go', 'GrantPromotionalEntitlements');

const emu = testEmulator({ fixtures: [join(import.meta.dirname, '..', 'entitlements/fixtures/entitlements.yaml')], startTime: new Date('2024-01-01T00:00:00Z') });
afterAll(() => emu.close());

interface Reported {
  customer: { id: string; name: string | null };
  usageLimit: number | null;
  activeSubscriptions: { id: string; plan: { id: string } }[];
  currentUsage: number;
}

async function reportedEvents(envId: string): Promise<Reported[]> {
  const events = await rest(emu, 'GET', `/_emulator/environments/${envId}/webhooks`);
  return events.body.events.filter((e: { type: string }) => e.type === 'measurement.reported').map((e: { payload: Reported }) => e.payload);
}

describe('the customer as a report reads it', () => {
  it('follows writes to the customer and its subscriptions between reports', async () => {
    const env = newEnvironment('reads');
    const report = async (value: number) => {
      const res = await gql(emu, env.serverKey, REPORT, { input: { customerId: 'c-pro', featureId: 'f-seats', value } });
      expect(res.errors).toBeUndefined();
      return res.data!.reportUsage.currentUsage as number;
    };
    expect(await report(1)).toBe(1);
    expect(await report(1)).toBe(2);
    const renamed = await gql(emu, env.serverKey, UPDATE_CUSTOMER, { input: { customerId: 'c-pro', name: 'Renamed' } });
    expect(renamed.errors).toBeUndefined();
    expect(await report(1)).toBe(3);
    const provisioned = await gql(emu, env.serverKey, PROVISION, { input: { customerId: 'c-pro', planId: 'plan-soft', billingPeriod: 'MONTHLY' } });
    expect(provisioned.errors).toBeUndefined();
    await report(1);
    const granted = await gql(emu, env.serverKey, GRANT, { input: { customerId: 'c-pro', promotionalEntitlements: [{ featureId: 'f-seats', usageLimit: 500, period: 'LIFETIME' }] } });
    expect(granted.errors).toBeUndefined();
    await report(1);

    const events = await reportedEvents(env.id);
    expect(events).toHaveLength(5);
    expect(events.map((e) => e.customer.name === 'Renamed')).toEqual([false, false, true, true, true]);
    expect(events.map((e) => e.usageLimit)).toEqual([10, 10, 10, 10, 500]);
    expect(events[0]!.activeSubscriptions.map((s) => s.plan.id)).toEqual(['plan-pro']);
    expect(events[3]!.activeSubscriptions.map((s) => s.plan.id)).toEqual(['plan-soft']);
  });

  it('a rolled-back bulk report records nothing, and the next report reads afresh', async () => {
    const env = newEnvironment('reads');
    const bulk = await gql(emu, env.serverKey, REPORT_BULK, {
      input: {
        usages: [
          { customerId: 'c-pro', featureId: 'f-seats', value: 1 },
          { customerId: 'c-nope', featureId: 'f-seats', value: 1 },
        ],
      },
    });
    expect(bulk.errors?.length).toBeGreaterThan(0);
    expect(await reportedEvents(env.id)).toEqual([]);
    const res = await gql(emu, env.serverKey, REPORT, { input: { customerId: 'c-pro', featureId: 'f-seats', value: 2 } });
    expect(res.data!.reportUsage.currentUsage).toBe(2);
    expect((await reportedEvents(env.id)).map((e) => e.activeSubscriptions.map((s) => s.plan.id))).toEqual([['plan-pro']]);
  });
});
