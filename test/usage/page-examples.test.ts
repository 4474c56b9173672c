/**
 * The SDK pages' raw-event example (Python and Go pages: customer-test-id, user_login, resource-01)
 * replayed over HTTP through every official client's own documents against the demo seed, and
 * every client document of the fields this area serves answered (none NotSupportedByEmulator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { DEMO_FIXTURES_DIR } from '../../src/paths.js';
import { clientOperation, type Client } from '../support/documents.js';
import { gql, newEnvironment, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [DEMO_FIXTURES_DIR] });
});
afterAll(() => emu.close());

/** The page's event (timestamp as on the page). */
const PAGE_EVENT = {
  customerId: 'customer-test-id',
  resourceId: 'resource-01',
  eventName: 'user_login',
  idempotencyKey: '227c1b73-883a-457b-b715-6ba5a2c69ce4',
  dimensions: { user_id: 'user-01', user_email: 'john@example.com' },
  timestamp: '2022-10-26T15:01:55.768Z',
};

const REPORT_EVENT_CLIENTS: Client[] = ['node', 'node-4', 'python', 'python-6', 'go'];

describe('the pages raw-event example', () => {
  it.each(REPORT_EVENT_CLIENTS)('%s: ReportEvent answers null, stores the event once, and the history shows it', async (client) => {
    const { serverKey } = newEnvironment('page');
    const document = clientOperation(client, 'ReportEvent');
    const first = await gql(emu, serverKey, document, { input: { usageEvents: [PAGE_EVENT] } });
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({ reportEvent: null });
    // "It's also possible to send a batch of events in one invocation": the same event again is not counted twice
    const batch = await gql(emu, serverKey, document, { input: { usageEvents: [PAGE_EVENT, { ...PAGE_EVENT, idempotencyKey: 'second', dimensions: { user_id: 'user-02' } }] } });
    expect(batch.errors).toBeUndefined();
    const history = await gql(emu, serverKey, clientOperation(client === 'node-4' ? 'node-4' : 'go', 'GetUsageHistoryV2'), {
      input: { customerId: 'customer-test-id', resourceId: 'resource-01', featureId: 'feature-06-active-users', startDate: '2022-10-01T00:00:00Z', groupBy: ['user_id'] },
    });
    expect(history.errors).toBeUndefined();
    expect(history.data!.usageHistoryV2.series).toEqual([
      { tags: [{ key: 'user_id', value: 'user-01' }], points: [{ timestamp: '2022-10-26T15:01:55.768Z', value: 1, isResetPoint: false }] },
      { tags: [{ key: 'user_id', value: 'user-02' }], points: [{ timestamp: '2022-10-26T15:01:55.768Z', value: 1, isResetPoint: false }] },
    ]);
  });

  it('a subscribed customer (Basic: 100 monthly active users) sees the unique users of this month', async () => {
    const { serverKey } = newEnvironment('page');
    const now = '2025-01-01T00:00:00.000Z';
    const events = ['user-01', 'user-02', 'user-01'].map((user, i) => ({ ...PAGE_EVENT, customerId: 'customer-id', resourceId: undefined, idempotencyKey: `login-${i}`, dimensions: { user_id: user }, timestamp: undefined }));
    const sent = await gql(emu, serverKey, clientOperation('python', 'ReportEvent'), { input: { usageEvents: events } });
    expect(sent.errors).toBeUndefined();
    const check = await gql(emu, serverKey, clientOperation('python', 'GetEntitlement'), { query: { customerId: 'customer-id', featureId: 'feature-06-active-users' } });
    expect(check.data!.entitlement).toMatchObject({ isGranted: true, currentUsage: 2, usageLimit: 100, usagePeriodStart: now });
  });
});

describe('every client document of the area is served', () => {
  const cases: [Client, string, Record<string, unknown>][] = [];
  const docs: Record<string, [Client[], Record<string, unknown>]> = {
    ReportEvent: [REPORT_EVENT_CLIENTS, { input: { usageEvents: [{ ...PAGE_EVENT, customerId: 'customer-id', resourceId: null }] } }],
    GetUsageHistory: [['node', 'node-4', 'browser', 'python', 'python-6', 'go'], { usageHistoryInput: { customerRefId: 'customer-id', featureRefId: 'feature-06-active-users', startDate: '2024-12-01T00:00:00Z' } }],
    GetUsageHistoryV2: [['node', 'node-4', 'browser', 'python', 'python-6', 'go'], { input: { customerId: 'customer-id', featureId: 'feature-06-active-users', startDate: '2024-12-01T00:00:00Z' } }],
    GetEntitlementV2: [['python-6', 'go'], { query: { customerId: 'customer-id', featureId: 'feature-06-active-users' } }],
    ReportEntitlementCheckRequested: [
      ['node', 'browser', 'python', 'python-6', 'go'],
      { entitlementCheckRequested: { customerId: 'customer-id', featureId: 'feature-06-active-users', entitlementCheckResult: { hasAccess: true } } },
    ],
  };
  for (const [operation, [clients, variables]] of Object.entries(docs)) for (const client of clients) cases.push([client, operation, variables]);

  it.each(cases)('%s %s', async (client, operation, variables) => {
    const { serverKey, clientKey } = newEnvironment('docs');
    // the browser SDK sends its documents with a client (publishable) key
    const answer = await gql(emu, client === 'browser' ? clientKey : serverKey, clientOperation(client, operation), variables);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toBeTruthy();
  });
});
