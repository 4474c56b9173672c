/**
 * The V2 reads and streams: entitlementV2 and entitlementsState.entitlementsV2 (the EntitlementUnion),
 * entitlementsUpdatedV2 and usageUpdatedV2 over a real WebSocket with the Node SDK 4.x documents,
 * and reportEntitlementCheckRequested kept in the request journal.
 */
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { codeOf, gql, rest } from '../support/emulator.js';
import { collect, waitFor, waitForListener, wsClient } from '../realtime/support.js';
import { ev, events, reportUsage, usageEmulator, world } from './support.js';

const GET_ENTITLEMENT_V2 = clientOperation('go', 'GetEntitlementV2');
const GET_STATE = clientOperation('go', 'GetEntitlementsState');
const ON_ENTITLEMENTS_V2 = clientOperation('node-4', 'OnEntitlementsUpdatedV2');
const ON_USAGE_V2 = clientOperation('node-4', 'OnUsageUpdatedV2');
const CHECK_REQUESTED = clientOperation('python', 'ReportEntitlementCheckRequested');
const PROVISION_SUBSCRIPTION = clientOperation('node', 'ProvisionSubscription');

let emu: Emulator;
let url: string;
const clients: Client[] = [];
beforeAll(async () => {
  emu = usageEmulator();
  url = (await emu.listen()).url;
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await emu.close();
});

describe('entitlementV2 and entitlementsV2', () => {
  it('a feature check answers the FeatureEntitlement member, with the usage of the events', async () => {
    const { serverKey } = await world(emu);
    await events(emu, serverKey, [ev('c-1', 'api.call'), ev('c-1', 'api.call')]);
    const answer = await gql(emu, serverKey, GET_ENTITLEMENT_V2, { query: { customerId: 'c-1', featureId: 'f-calls', options: { requestedUsage: 9 } } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.entitlementV2).toMatchObject({
      __typename: 'FeatureEntitlement',
      isGranted: false,
      accessDeniedReason: 'RequestedUsageExceedingLimit',
      currentUsage: 2,
      usageLimit: 10,
      resetPeriod: 'MONTH',
      usagePeriodStart: '2024-01-01T00:00:00.000Z',
      feature: { refId: 'f-calls' },
    });
    const state = await gql(emu, serverKey, GET_STATE, { query: { customerId: 'c-1' } });
    expect(state.errors).toBeUndefined();
    const v2 = state.data!.entitlementsState.entitlementsV2.find((e: any) => e.feature.refId === 'f-calls');
    expect(v2).toMatchObject({ __typename: 'FeatureEntitlement', currentUsage: 2, isGranted: true });
  });

  it('bad input: a currency (no custom currency exists), neither a feature nor a currency, both', async () => {
    const { serverKey } = await world(emu);
    const code = async (query: Record<string, unknown>) => codeOf(await gql(emu, serverKey, GET_ENTITLEMENT_V2, { query: { customerId: 'c-1', ...query } }));
    expect(await code({ currencyId: 'cur-credits' })).toBe('CustomCurrencyNotFound');
    expect(await code({})).toBe('BadUserInput');
    expect(await code({ featureId: 'f-calls', currencyId: 'cur-credits' })).toBe('BadUserInput');
  });
});

describe('entitlementsUpdatedV2 and usageUpdatedV2 over WebSocket', () => {
  it('usageUpdatedV2 after events and after a usage report', async () => {
    const { id, serverKey } = await world(emu);
    const client = wsClient(url, { headers: { 'X-API-KEY': serverKey } });
    clients.push(client);
    const usage = collect(client, ON_USAGE_V2);
    await waitForListener(emu, id, 'usageUpdatedV2');
    await events(emu, serverKey, [ev('c-1', 'api.call'), ev('c-1', 'api.call'), ev('c-1', 'other')]);
    const fromEvents = await waitFor(() => usage.values.find((v) => v.usageUpdatedV2.entitlementReference.id === 'f-calls'));
    expect(fromEvents.usageUpdatedV2).toEqual({
      customerId: 'c-1',
      resourceId: null,
      entitlementReference: { id: 'f-calls', type: 'FEATURE' },
      usage: { currentUsage: 2, usageUpdatedAt: '2024-01-01T12:00:00.000Z', usagePeriodStart: '2024-01-01T00:00:00.000Z', usagePeriodEnd: '2024-02-01T00:00:00.000Z' },
    });
    await reportUsage(emu, serverKey, { customerId: 'c-1', featureId: 'f-seats', value: 3 });
    const fromReport = await waitFor(() => usage.values.find((v) => v.usageUpdatedV2.entitlementReference.id === 'f-seats'));
    expect(fromReport.usageUpdatedV2.usage).toMatchObject({ currentUsage: 3, usagePeriodStart: null, usagePeriodEnd: null });
    expect(usage.errors).toEqual([]);
    usage.stop();
  });

  it('entitlementsUpdatedV2 after a plan change, with the entitlements as the union', async () => {
    const { id, serverKey } = await world(emu);
    const client = wsClient(url, { headers: { 'X-API-KEY': serverKey } });
    clients.push(client);
    const updates = collect(client, ON_ENTITLEMENTS_V2);
    await waitForListener(emu, id, 'entitlementsUpdatedV2');
    const upgraded = await gql(emu, serverKey, PROVISION_SUBSCRIPTION, { input: { customerId: 'c-2', planId: 'plan-metered-big' } });
    expect(upgraded.errors).toBeUndefined();
    const update = await waitFor(() =>
      updates.values.find((v) => v.entitlementsUpdatedV2.customerId === 'c-2' && v.entitlementsUpdatedV2.entitlements.some((e: any) => e.usageLimit === 20)),
    );
    expect(update.entitlementsUpdatedV2.accessDeniedReason).toBeNull();
    const calls = update.entitlementsUpdatedV2.entitlements.find((e: any) => e.feature.refId === 'f-calls');
    expect(calls).toMatchObject({ __typename: 'FeatureEntitlement', usageLimit: 20, currentUsage: 0, isGranted: true });
    expect(updates.errors).toEqual([]);
    updates.stop();
  });
});

describe('reportEntitlementCheckRequested', () => {
  it('is accepted and kept in the request journal; it changes nothing', async () => {
    const { id, serverKey } = await world(emu);
    const variables = {
      entitlementCheckRequested: {
        customerId: 'c-1',
        featureId: 'f-calls',
        requestedUsage: 1,
        entitlementCheckResult: { hasAccess: true, currentUsage: 0, usageLimit: 10, requestedUsage: 1 },
      },
    };
    const answer = await gql(emu, serverKey, CHECK_REQUESTED, variables);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.reportEntitlementCheckRequested).toBe(true);
    const journal = await rest(emu, 'GET', `/_emulator/environments/${id}/requests?operationName=ReportEntitlementCheckRequested`);
    expect(journal.body.requests).toHaveLength(1);
    expect(journal.body.requests[0]).toMatchObject({ status: 'ok', variables });
    const empty = await gql(emu, serverKey, CHECK_REQUESTED, { entitlementCheckRequested: { ...variables.entitlementCheckRequested, customerId: '' } });
    expect(codeOf(empty)).toBe('BadUserInput');
  });
});
