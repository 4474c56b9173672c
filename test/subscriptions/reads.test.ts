/**
 * Subscription reads, sent as the official clients send them (their own GetActiveSubscriptions,
 * GetActiveSubscriptionsList, GetSubscription and GetSubscriptions documents), the edge route the
 * Node SDK reads active subscriptions from, and the Node SDK itself, against fixture subscriptions
 * (test/subscriptions/fixtures/reads.yaml; the clock starts at 2025-01-01).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { customerSubscriptions, LIVE_SUBSCRIPTIONS_FILTER } from '../../src/subscriptions/subscription-queries.js';
import { codeOf, gql, newEnvironment, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'reads.yaml');

const ALL_CLIENTS: Client[] = ['node', 'node-4', 'go', 'python', 'browser'];
/** the browser SDK does not list subscriptions */
const WITH_LIST: Client[] = ['node', 'node-4', 'go', 'python'];

type Op = 'GetActiveSubscriptions' | 'GetActiveSubscriptionsList' | 'GetSubscription' | 'GetSubscriptions';
const doc = (client: Client, name: Op) => clientOperation(client, name);

let emu: Emulator;
let url: string;
let edgeUrl: string;
beforeAll(async () => {
  emu = testEmulator({ fixtures: [FIXTURES], edgePort: 0 });
  const urls = await emu.listen();
  url = urls.url;
  edgeUrl = urls.edgeUrl!;
});
afterAll(() => emu.close());

/** The fixtures are read-only here: one environment serves every read. */
const key = () => 'server-reads';

const ids = (subs: { subscriptionId: string }[]) => subs.map((s) => s.subscriptionId);

describe.each(ALL_CLIENTS)('GetActiveSubscriptions (%s client)', (client) => {
  const active = (input: Record<string, unknown>, apiKey = key()) => gql(emu, apiKey, doc(client, 'GetActiveSubscriptions'), { input });

  it('E32 / 2.2.3: without a resource answers only the global live subscriptions, newest start first', async () => {
    const res = await active({ customerId: 'cust-a' });
    expect(res.errors).toBeUndefined();
    const subs = res.data!.getActiveSubscriptions;
    expect(ids(subs)).toEqual(['sub-a-other', 'sub-a-pro']);
    expect(subs.every((s: any) => s.resource === null)).toBe(true);
    expect(subs[1]).toMatchObject({ id: 'sub-a-pro', refId: 'sub-a-pro', status: 'ACTIVE', pricingType: 'PAID', plan: { refId: 'plan-pro' } });
    expect(subs[1].addons).toEqual([expect.objectContaining({ quantity: 2, addon: expect.objectContaining({ refId: 'addon-seats' }) })]);
  });

  it("E32: with resourceId answers that resource's live subscriptions only", async () => {
    const site1 = await active({ customerId: 'cust-a', resourceId: 'site-1' });
    expect(site1.errors).toBeUndefined();
    expect(ids(site1.data!.getActiveSubscriptions)).toEqual(['sub-a-r1']);
    expect(site1.data!.getActiveSubscriptions[0].resource).toEqual({ resourceId: 'site-1' });
    const site2 = await active({ customerId: 'cust-a', resourceId: 'site-2' });
    expect(site2.data!.getActiveSubscriptions.map((s: any) => [s.subscriptionId, s.status])).toEqual([['sub-a-r2', 'IN_TRIAL']]);
  });

  it("with resourceIds answers those resources' live subscriptions", async () => {
    const res = await active({ customerId: 'cust-a', resourceIds: ['site-1', 'site-2', 'site-3'] });
    expect(res.errors).toBeUndefined();
    // site-3's subscription has not started yet
    expect(ids(res.data!.getActiveSubscriptions)).toEqual(['sub-a-r2', 'sub-a-r1']);
  });

  it('leaves out CANCELED and NOT_STARTED subscriptions, and another customer on the same resource', async () => {
    const res = await active({ customerId: 'cust-a', resourceId: 'site-3' });
    expect(res.data!.getActiveSubscriptions).toEqual([]);
    const b = await active({ customerId: 'cust-b', resourceId: 'site-1' });
    expect(ids(b.data!.getActiveSubscriptions)).toEqual(['sub-b-r1']);
    const none = await active({ customerId: 'cust-empty' });
    expect(none.errors).toBeUndefined();
    expect(none.data!.getActiveSubscriptions).toEqual([]);
  });

  it('answers CustomerNotFound for an unknown or archived customer', async () => {
    expect(codeOf(await active({ customerId: 'cust-nope' }))).toBe('CustomerNotFound');
    expect(codeOf(await active({ customerId: 'cust-archived' }))).toBe('CustomerNotFound');
  });

  it('is allowed with a client key', async () => {
    const res = await active({ customerId: 'cust-a' }, 'client-reads');
    expect(res.errors).toBeUndefined();
    expect(ids(res.data!.getActiveSubscriptions)).toEqual(['sub-a-other', 'sub-a-pro']);
  });
});

describe.each(ALL_CLIENTS)('GetActiveSubscriptionsList (%s client)', (client) => {
  it('answers the slim shape of the live subscriptions in scope', async () => {
    const res = await gql(emu, key(), doc(client, 'GetActiveSubscriptionsList'), { input: { customerId: 'cust-a', resourceId: 'site-2' } });
    expect(res.errors).toBeUndefined();
    const subs = res.data!.getActiveSubscriptions;
    expect(subs).toHaveLength(1);
    // the fields every client's slim fragment selects
    const s = subs[0];
    expect([s.subscriptionId, s.status, s.pricingType, s.startDate, s.trialEndDate]).toEqual([
      'sub-a-r2',
      'IN_TRIAL',
      'PAID',
      '2024-12-10T00:00:00.000Z',
      '2025-01-09T00:00:00.000Z',
    ]);
    expect(s.customer.customerId).toBe('cust-a');
    expect(s.payingCustomer).toBeNull();
    expect(s.resource).toEqual({ resourceId: 'site-2' });
    expect(s.plan).toMatchObject({ planId: 'plan-site-pro', displayName: 'Site Pro' });
    expect(s.addons).toEqual([]);
  });
});

describe.each(ALL_CLIENTS)('GetSubscription (%s client)', (client) => {
  const get = (subscriptionId: string, apiKey = key()) => gql(emu, apiKey, doc(client, 'GetSubscription'), { input: { subscriptionId } });

  it('answers any subscription by id, whatever its status', async () => {
    const res = await get('sub-a-old');
    expect(res.errors).toBeUndefined();
    expect(res.data!.getSubscription).toMatchObject({
      subscriptionId: 'sub-a-old',
      status: 'CANCELED',
      cancellationDate: '2024-12-01T00:00:00.000Z',
      plan: { refId: 'plan-basic' },
    });
    const scheduled = await get('sub-a-r3');
    expect(scheduled.data!.getSubscription).toMatchObject({ status: 'NOT_STARTED', resource: { resourceId: 'site-3' } });
  });

  it('answers SubscriptionNotFound for an unknown id', async () => {
    const res = await get('sub-nope');
    expect(codeOf(res)).toBe('SubscriptionNotFound');
  });

  it('is allowed with a client key', async () => {
    const res = await get('sub-a-pro', 'client-reads');
    expect(res.errors).toBeUndefined();
    expect(res.data!.getSubscription.subscriptionId).toBe('sub-a-pro');
  });
});

describe.each(WITH_LIST)('GetSubscriptions (%s client)', (client) => {
  const list = (variables: Record<string, unknown>) => gql(emu, key(), doc(client, 'GetSubscriptions'), variables);

  it("filters as the Node SDK's getSubscriptions does (customerId, status in, productId) and pages", async () => {
    const res = await list({ filter: { customerId: { eq: 'cust-a' }, status: { in: ['ACTIVE', 'IN_TRIAL'] } }, paging: { first: 10 } });
    expect(res.errors).toBeUndefined();
    // default sorting: createdAt (= startDate in the fixtures) newest first
    expect(res.data!.subscriptions.edges.map((e: any) => e.node.subscriptionId)).toEqual(['sub-a-other', 'sub-a-r2', 'sub-a-pro', 'sub-a-r1']);
    expect(res.data!.subscriptions.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const node = res.data!.subscriptions.edges[1].node;
    expect(node).toMatchObject({ subscriptionId: 'sub-a-r2', status: 'IN_TRIAL', customer: { customerId: 'cust-a' }, resource: { resourceId: 'site-2' }, plan: { planId: 'plan-site-pro' } });

    const page1 = await list({ filter: { productId: { in: ['p-multi'] } }, paging: { first: 2 } });
    expect(page1.data!.subscriptions.edges.map((e: any) => e.node.subscriptionId)).toEqual(['sub-a-r3', 'sub-b-r1']);
    expect(page1.data!.subscriptions.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = await list({ filter: { productId: { in: ['p-multi'] } }, paging: { first: 2, after: page1.data!.subscriptions.pageInfo.endCursor } });
    expect(page2.data!.subscriptions.edges.map((e: any) => e.node.subscriptionId)).toEqual(['sub-a-r2', 'sub-a-r1']);
    expect(page2.data!.subscriptions.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });
});

describe('the subscriptions connection', () => {
  const QUERY = `query Subs($filter: SubscriptionQueryFilter, $paging: CursorPaging, $sorting: [SubscriptionQuerySort!]) {
    subscriptions(filter: $filter, paging: $paging, sorting: $sorting) {
      edges { cursor node { subscriptionId status } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }`;
  const list = async (variables: Record<string, unknown>) => {
    const res = await gql(emu, key(), QUERY, variables);
    expect(res.errors).toBeUndefined();
    return res.data!.subscriptions as {
      edges: { cursor: string; node: { subscriptionId: string; status: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
      totalCount: number;
    };
  };
  const idsOf = (c: { edges: { node: { subscriptionId: string } }[] }) => c.edges.map((e) => e.node.subscriptionId);

  it('answers the first 10 by default, newest created first, with the total count', async () => {
    const all = await list({});
    expect(all.totalCount).toBe(10);
    expect(idsOf(all)).toEqual([
      'sub-a-r3',
      'sub-a-other',
      'sub-b-r1',
      'sub-b-basic',
      'sub-a-r2',
      'sub-a-pro',
      'sub-archived',
      'sub-a-r1',
      'sub-a-r1-old',
      'sub-a-old',
    ]);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('filters on stored facts: status, resource scope, dates, pricing type, plan, customer, and/or', async () => {
    expect(idsOf(await list({ filter: { status: { eq: 'CANCELED' } } }))).toEqual(['sub-archived', 'sub-a-r1-old', 'sub-a-old']);
    expect(idsOf(await list({ filter: { status: { eq: 'NOT_STARTED' } } }))).toEqual(['sub-a-r3']);
    expect(idsOf(await list({ filter: { customerId: { eq: 'cust-a' }, resourceId: { is: null } } }))).toEqual(['sub-a-other', 'sub-a-pro', 'sub-a-old']);
    expect(idsOf(await list({ filter: { resourceId: { eq: 'site-1' } } }))).toEqual(['sub-b-r1', 'sub-a-r1', 'sub-a-r1-old']);
    expect(idsOf(await list({ filter: { subscriptionId: { in: ['sub-a-pro', 'sub-b-basic'] } } }))).toEqual(['sub-b-basic', 'sub-a-pro']);
    expect(idsOf(await list({ filter: { startDate: { gte: '2024-12-15T00:00:00Z', lt: '2025-01-01T00:00:00Z' } } }))).toEqual([
      'sub-a-other',
      'sub-b-r1',
      'sub-b-basic',
    ]);
    expect(idsOf(await list({ filter: { cancellationDate: { isNot: null }, endDate: { lte: '2024-12-01T00:00:00Z' } } }))).toEqual([
      'sub-a-r1-old',
      'sub-a-old',
    ]);
    expect(idsOf(await list({ filter: { createdAt: { lt: '2024-10-01T00:00:00Z' } } }))).toEqual(['sub-a-r1-old', 'sub-a-old']);
    expect(idsOf(await list({ filter: { pricingType: { eq: 'PAID' } } }))).toEqual(['sub-a-r2', 'sub-a-pro', 'sub-a-r1-old']);
    expect(idsOf(await list({ filter: { plan: { refId: { eq: 'plan-site' } } } }))).toEqual(['sub-a-r3', 'sub-b-r1', 'sub-a-r1']);
    expect(idsOf(await list({ filter: { plan: { id: { in: ['plan-basic'] } } } }))).toEqual(['sub-b-basic', 'sub-archived', 'sub-a-old']);
    expect(idsOf(await list({ filter: { customer: { refId: { eq: 'cust-b' } } } }))).toEqual(['sub-b-r1', 'sub-b-basic']);
    expect(idsOf(await list({ filter: { customer: { name: { iLike: 'go%' } } } }))).toEqual(['sub-archived']);
    expect(idsOf(await list({ filter: { resource: { resourceId: { eq: 'site-2' } } } }))).toEqual(['sub-a-r2']);
    expect(
      idsOf(await list({ filter: { or: [{ status: { eq: 'IN_TRIAL' } }, { and: [{ customerId: { eq: 'cust-b' } }, { productId: { eq: 'p-single' } }] }] } })),
    ).toEqual(['sub-b-basic', 'sub-a-r2']);
  });

  it('sorts by the given fields, ties by id', async () => {
    expect(idsOf(await list({ filter: { customerId: { eq: 'cust-a' } }, sorting: [{ field: 'startDate', direction: 'ASC' }] }))).toEqual([
      'sub-a-old',
      'sub-a-r1-old',
      'sub-a-r1',
      'sub-a-pro',
      'sub-a-r2',
      'sub-a-other',
      'sub-a-r3',
    ]);
    expect(
      idsOf(
        await list({
          filter: { customerId: { eq: 'cust-a' } },
          sorting: [
            { field: 'status', direction: 'DESC' },
            { field: 'startDate', direction: 'DESC' },
          ],
        }),
      ),
    ).toEqual(['sub-a-r3', 'sub-a-r2', 'sub-a-r1-old', 'sub-a-old', 'sub-a-other', 'sub-a-pro', 'sub-a-r1']);
    const byResource = await list({ filter: { customerId: { eq: 'cust-a' } }, sorting: [{ field: 'resourceId', direction: 'ASC', nulls: 'NULLS_LAST' }] });
    expect(idsOf(byResource)).toEqual(['sub-a-r1', 'sub-a-r1-old', 'sub-a-r2', 'sub-a-r3', 'sub-a-old', 'sub-a-other', 'sub-a-pro']);
  });

  it('pages with first/after and last/before, with page boundaries and the total of the filter', async () => {
    const filter = { customerId: { eq: 'cust-a' } };
    const sorting = [{ field: 'subscriptionId', direction: 'ASC' }];
    const all = ['sub-a-old', 'sub-a-other', 'sub-a-pro', 'sub-a-r1', 'sub-a-r1-old', 'sub-a-r2', 'sub-a-r3'];
    const seen: string[] = [];
    let after: string | null = null;
    const pages: boolean[] = [];
    for (;;) {
      const page = await list({ filter, sorting, paging: { first: 3, ...(after ? { after } : {}) } });
      expect(page.totalCount).toBe(7);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...idsOf(page));
      pages.push(page.pageInfo.hasNextPage);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(pages).toEqual([true, true, false]);

    // exactly one page: no next page
    const exact = await list({ filter, sorting, paging: { first: 7 } });
    expect(exact.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    // past the end: empty, no cursors
    const last = await list({ filter, sorting, paging: { first: 3 } });
    const beyond = await list({ filter, sorting, paging: { first: 3, after: (await list({ filter, sorting, paging: { first: 7 } })).pageInfo.endCursor } });
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });

    // backwards: the 2 before the 4th
    const fourth = (await list({ filter, sorting, paging: { first: 4 } })).edges[3]!.cursor;
    const before = await list({ filter, sorting, paging: { last: 2, before: fourth } });
    expect(idsOf(before)).toEqual(['sub-a-other', 'sub-a-pro']);
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(last.edges[2]!.cursor).toBe(before.pageInfo.endCursor);
  });

  it('answers BadUserInput for a cursor it did not give', async () => {
    const res = await gql(emu, key(), QUERY, { paging: { first: 2, after: 'not-a-cursor' } });
    expect(codeOf(res)).toBe('BadUserInput');
  });

  it('is refused with a client key', async () => {
    const res = await gql(emu, 'client-reads', QUERY, {});
    expect(codeOf(res)).toBe('IdentityForbidden');
  });
});

describe('Customer.subscriptions', () => {
  const db = () => emu.registry.resolve(key()).environment.db;
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('over GraphQL answers every subscription of the customer (the schema declares no filter argument)', async () => {
    const res = await gql(emu, key(), `query { getCustomerByRefId(input: { customerId: "cust-a" }) { subscriptions { subscriptionId status } } }`);
    expect(res.errors).toBeUndefined();
    expect(ids(res.data!.getCustomerByRefId.subscriptions).sort()).toEqual(
      ['sub-a-old', 'sub-a-other', 'sub-a-pro', 'sub-a-r1', 'sub-a-r1-old', 'sub-a-r2', 'sub-a-r3'],
    );
  });

  it("with Stigg's relation defaults answers the ACTIVE and IN_TRIAL ones, newest created first, global and per resource", () => {
    const rows = customerSubscriptions(db(), now, 'cust-a', { filter: LIVE_SUBSCRIPTIONS_FILTER, sorting: [{ field: 'createdAt', direction: 'DESC' }] });
    expect(rows.map((r) => r.id)).toEqual(['sub-a-other', 'sub-a-r2', 'sub-a-pro', 'sub-a-r1']);
  });

  it('honours a CustomerSubscriptionFilter and CustomerSubscriptionSort', () => {
    const list = (filter: Record<string, unknown>, sorting?: { field: string; direction: string }[]) =>
      customerSubscriptions(db(), now, 'cust-a', { filter, sorting }).map((r) => r.id);
    expect(list({ status: { eq: 'CANCELED' } }, [{ field: 'startDate', direction: 'ASC' }])).toEqual(['sub-a-old', 'sub-a-r1-old']);
    expect(list({ resourceId: { eq: 'site-1' }, plan: { refId: { eq: 'plan-site' } } })).toEqual(['sub-a-r1']);
    expect(list({ addons: { quantity: { gte: 2 } } })).toEqual(['sub-a-pro']);
    expect(list({ trialEndDate: { isNot: null } })).toEqual(['sub-a-r2']);
    expect(list({ status: { in: ['ACTIVE', 'IN_TRIAL'] } }, [{ field: 'id', direction: 'DESC' }])).toEqual(['sub-a-r2', 'sub-a-r1', 'sub-a-pro', 'sub-a-other']);
    expect(list({ currentBillingPeriodEnd: { gt: '2025-01-09T12:00:00Z' }, status: { eq: 'ACTIVE' } }, [{ field: 'currentBillingPeriodEnd', direction: 'ASC' }])).toEqual([
      'sub-a-other', // free, from 2024-12-20: the period ends 2025-01-20
      'sub-a-pro', // monthly, periods end on the 1st: 2025-02-01 (ties by id)
      'sub-a-r1',
    ]);
  });
});

describe('edge: GET /v1/c/{customerId}/subscriptions.json', () => {
  const get = async (base: string, path: string, apiKey = key()) => {
    const res = await fetch(`${base}${path}`, { headers: { 'x-api-key': apiKey, 'x-api-version': '1' } });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('answers the global live subscriptions, on both ports, as the SDK list document does over GraphQL', async () => {
    const graphql = await gql(emu, key(), doc('node', 'GetActiveSubscriptionsList'), { input: { customerId: 'cust-a' } });
    // the edge answers the Python SDK 6.25.0 selection, a superset of the Node SDK's
    const python = await gql(emu, key(), doc('python-6', 'GetActiveSubscriptionsList'), { input: { customerId: 'cust-a' } });
    for (const base of [url, edgeUrl]) {
      const res = await get(base, '/v1/c/cust-a/subscriptions.json?');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { getActiveSubscriptions: python.data!.getActiveSubscriptions } });
      expect(res.body).toMatchObject({ data: { getActiveSubscriptions: graphql.data!.getActiveSubscriptions } });
      expect(ids(res.body.data.getActiveSubscriptions)).toEqual(['sub-a-other', 'sub-a-pro']);
    }
  });

  it('answers a resource with resourceId, several with resourceIds', async () => {
    const one = await get(edgeUrl, '/v1/c/cust-a/subscriptions.json?resourceId=site-1');
    expect(one.body.data.getActiveSubscriptions).toEqual([
      expect.objectContaining({ subscriptionId: 'sub-a-r1', status: 'ACTIVE', resource: { resourceId: 'site-1' }, plan: expect.objectContaining({ planId: 'plan-site', displayName: 'Site' }) }),
    ]);
    const many = await get(edgeUrl, '/v1/c/cust-a/subscriptions.json?resourceIds=site-1&resourceIds=site-2');
    expect(ids(many.body.data.getActiveSubscriptions)).toEqual(['sub-a-r2', 'sub-a-r1']);
  });

  it('answers CustomerNotFound in errors, journals the request, and answers an injected fault', async () => {
    const { id, serverKey } = newEnvironment('edge-subs');
    // the environment is seeded from the same fixtures
    const missing = await get(edgeUrl, '/v1/c/cust-nope/subscriptions.json', serverKey);
    expect(missing.status).toBe(200);
    expect(missing.body.data).toBeNull();
    expect(missing.body.errors[0].extensions.code).toBe('CustomerNotFound');
    expect((await get(edgeUrl, '/v1/c/cust-b/subscriptions.json', serverKey)).body.data.getActiveSubscriptions).toHaveLength(1);

    await fetch(`${url}/_emulator/environments/${id}/faults`, { method: 'POST', body: JSON.stringify({ route: 'edge', status: 503, times: 1 }) });
    const faulted = await get(edgeUrl, '/v1/c/cust-b/subscriptions.json', serverKey);
    expect(faulted.status).toBe(503);
    expect(faulted.body.errors[0].extensions.code).toBe('ServiceUnavailable');

    const journal = (await (await fetch(`${url}/_emulator/environments/${id}/requests`)).json()) as {
      requests: { transport: string; operationName: string; status: string; errorCodes: string[] }[];
    };
    expect(journal.requests.map((r) => [r.transport, r.operationName, r.status, r.errorCodes])).toEqual([
      ['edge', 'active-subscriptions', 'error', ['CustomerNotFound']],
      ['edge', 'active-subscriptions', 'ok', []],
      ['edge', 'active-subscriptions', 'error', ['ServiceUnavailable']],
    ]);
  });

  it('answers 401 without a key', async () => {
    const res = await fetch(`${edgeUrl}/v1/c/cust-a/subscriptions.json`);
    expect(res.status).toBe(401);
  });
});

describe.each([
  ['edge on', true],
  ['edge off', false],
] as const)('@stigg/node-server-sdk subscription reads (%s)', (_name, enableEdge) => {
  let stigg: Stigg;
  const envId = `sdk-subs-${randomUUID()}`;
  beforeAll(async () => {
    stigg = Stigg.initialize({
      apiKey: `server-${envId}`,
      baseUri: url,
      ...(enableEdge ? { baseEdgeUri: edgeUrl } : { enableEdge: false }),
      realtimeUpdatesEnabled: false,
    });
    await stigg.waitForInitialization();
  });
  afterAll(() => stigg?.close());

  it('getActiveSubscriptions: global without a resource, the resource with one', async () => {
    const global = await stigg.getActiveSubscriptions({ customerId: 'cust-a' });
    expect(global.map((s) => s.id)).toEqual(['sub-a-other', 'sub-a-pro']);
    expect(global[1]).toMatchObject({ id: 'sub-a-pro', status: 'ACTIVE', plan: { id: 'plan-pro' } });
    expect(global[1]!.addons.map((a) => [a.addon.id, a.quantity])).toEqual([['addon-seats', 2]]);
    const site2 = await stigg.getActiveSubscriptions({ customerId: 'cust-a', resourceId: 'site-2' });
    expect(site2.map((s) => [s.id, s.status])).toEqual([['sub-a-r2', 'IN_TRIAL']]);
    await expect(stigg.getActiveSubscriptions({ customerId: 'cust-nope' })).rejects.toThrow(/not found/i);
  });

  it('getActiveSubscriptionsList: the slim list, global and per resource', async () => {
    const global = await stigg.getActiveSubscriptionsList({ customerId: 'cust-a' });
    expect(global.map((s) => s.subscriptionId)).toEqual(['sub-a-other', 'sub-a-pro']);
    expect(global[1]).toMatchObject({ subscriptionId: 'sub-a-pro', status: 'ACTIVE', pricingType: 'PAID', plan: { planId: 'plan-pro', displayName: 'Pro' } });
    const sites = await stigg.getActiveSubscriptionsList({ customerId: 'cust-a', resourceId: 'site-1' });
    expect(sites.map((s) => [s.subscriptionId, s.resource?.resourceId])).toEqual([['sub-a-r1', 'site-1']]);

    const journal = (await (await fetch(`${url}/_emulator/environments/${envId}/requests`)).json()) as { requests: { transport: string; operationName: string }[] };
    const viaEdge = journal.requests.filter((r) => r.transport === 'edge' && r.operationName === 'active-subscriptions');
    expect(viaEdge.length).toBe(enableEdge ? 2 : 0);
  });

  it('getSubscription: any subscription by id; an unknown id is an error', async () => {
    const sub = await stigg.getSubscription({ subscriptionId: 'sub-a-old' });
    expect(sub).toMatchObject({ id: 'sub-a-old', status: 'CANCELED', plan: { id: 'plan-basic' } });
    await expect(stigg.getSubscription({ subscriptionId: 'sub-nope' })).rejects.toThrow(/not found/i);
  });
});
