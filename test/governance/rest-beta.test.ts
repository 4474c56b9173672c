import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { governanceClient, governanceEmulator } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = governanceEmulator();
});
afterAll(() => emu.close());

describe('REST beta: authentication', () => {
  it('answers 401 without an API key (E128) and 403 for a client key on management routes', async () => {
    const res = await emu.request('/api/v1-beta/entity-types');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Invalid or missing API key' } });

    const { envId } = governanceClient(emu);
    const client = await emu.request('/api/v1-beta/entity-types', { headers: { 'x-api-key': `client-${envId}` } });
    expect(client.status).toBe(403);
    expect(((await client.json()) as { error: { code: string } }).error.code).toBe('IdentityForbidden');
    const check = await emu.request('/api/v1-beta/customers/cus-acme/entitlements/check?featureId=credits', { headers: { 'x-api-key': `client-${envId}` } });
    expect(check.status).toBe(200);
  });

  it('shares the state of the governance API: server-<env> and x-stigg-environment-id <env> are one world', async () => {
    const { beta, ingest } = governanceClient(emu);
    await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 2 }]);
    const res = await beta('GET', '/customers/cus-acme/entitlements/check?featureId=credits&requestedUsage=1&dimensions[agentId]=drafter');
    expect(res.body.data.chains[0][0]).toMatchObject({ entityId: 'drafter', currentUsage: 2 });
  });
});

describe('REST beta: entity types', () => {
  it('upserts idempotently (E118) and lists with pagination', async () => {
    const { beta } = governanceClient(emu);
    const body = { types: [{ id: 'user', displayName: 'User', attributionKeys: ['userId'], description: 'people' }] };
    const first = await beta('PUT', '/entity-types', body);
    const second = await beta('PUT', '/entity-types', body);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body.data[0]).toMatchObject({ id: 'user', displayName: 'User', description: 'people', attributionKeys: ['userId'] });

    const cleared = await beta('PUT', '/entity-types', { types: [{ id: 'user', description: '' }] });
    expect(cleared.body.data[0]).toMatchObject({ description: null, displayName: 'User' });

    const page1 = await beta('GET', '/entity-types?limit=2');
    expect(page1.body.data.map((t: { id: string }) => t.id)).toEqual(['agent', 'department']);
    expect(page1.body.pagination).toEqual({ next: 'department', prev: null });
    const page2 = await beta('GET', `/entity-types?limit=2&after=${page1.body.pagination.next}`);
    expect(page2.body.data.map((t: { id: string }) => t.id)).toEqual(['model', 'org']);
    expect(page2.body.pagination).toEqual({ next: 'org', prev: 'model' });
    const back = await beta('GET', `/entity-types?limit=2&before=model`);
    expect(back.body.data.map((t: { id: string }) => t.id)).toEqual(['agent', 'department']);

    const many = { types: Array.from({ length: 101 }, (_, i) => ({ id: `t-${i}`, displayName: 'T' })) };
    expect((await beta('PUT', '/entity-types', many)).status).toBe(400);
  });
});

describe('REST beta: entities', () => {
  it('requires entityTypeId on create only (E119), merges metadata (E120), archives (E127)', async () => {
    const { beta } = governanceClient(emu);
    expect((await beta('PUT', '/customers/cus-acme/entities', { entities: [{ id: 'user-1' }] })).status).toBe(400);
    const created = await beta('PUT', '/customers/cus-acme/entities', {
      entities: [{ id: 'user-1', entityTypeId: 'agent', displayName: 'Jane', metadata: { a: '1', b: '2' } }],
    });
    expect(created.body.data[0]).toMatchObject({ id: 'user-1', entityTypeId: 'agent', displayName: 'Jane', metadata: { a: '1', b: '2' }, archivedAt: null });

    const merged = await beta('PUT', '/customers/cus-acme/entities', { entities: [{ id: 'user-1', metadata: { b: '', c: '3' } }] });
    expect(merged.body.data[0]).toMatchObject({ entityTypeId: 'agent', displayName: 'Jane', metadata: { a: '1', c: '3' } });
    const omitted = await beta('PUT', '/customers/cus-acme/entities', { entities: [{ id: 'user-1', displayName: 'Jane D.' }] });
    expect(omitted.body.data[0].metadata).toEqual({ a: '1', c: '3' });

    expect((await beta('GET', '/customers/cus-acme/entities/user-1')).body.data).toMatchObject({ id: 'user-1', displayName: 'Jane D.' });
    const agents = await beta('GET', '/customers/cus-acme/entities?entityTypeId=agent&limit=100');
    expect(agents.body.data.map((e: { id: string }) => e.id)).toEqual(['drafter', 'reviewer', 'user-1']);

    expect((await beta('POST', '/customers/cus-acme/entities/archive', { ids: ['user-1'] })).body).toEqual({ data: { ids: ['user-1'] } });
    expect((await beta('GET', '/customers/cus-acme/entities?limit=100')).body.data.map((e: { id: string }) => e.id)).not.toContain('user-1');
    const withArchived = (await beta('GET', '/customers/cus-acme/entities?includeArchived=true&limit=100')).body.data;
    expect(withArchived.find((e: { id: string }) => e.id === 'user-1').archivedAt).toEqual(expect.any(String));
    expect((await beta('POST', '/customers/cus-acme/entities/unarchive', { ids: ['user-1'] })).body).toEqual({ data: { ids: ['user-1'] } });
    expect((await beta('GET', '/customers/cus-acme/entities/user-1')).body.data.archivedAt).toBeNull();

    expect((await beta('GET', '/customers/cus-nobody/entities')).status).toBe(404);
    expect((await beta('GET', '/customers/cus-acme/entities/ghost')).status).toBe(404);
  });
});

describe('REST beta: assignments', () => {
  it('requires usageLimit and cadence on create (E121), exactly one of featureId and currencyId (E123), at most 100 (E124)', async () => {
    const { beta } = governanceClient(emu);
    const put = (assignments: unknown[]) => beta('PUT', '/customers/cus-acme/assignments', { assignments });
    expect((await put([{ entityId: 'team-eng', featureId: 'credits', usageLimit: 10 }])).status).toBe(400);
    expect((await put([{ entityId: 'team-eng', featureId: 'credits', cadence: 'P1M' }])).status).toBe(400);
    expect((await put([{ entityId: 'team-eng', featureId: 'credits', currencyId: 'cred', usageLimit: 1, cadence: 'P1M' }])).status).toBe(400);
    expect((await put([{ entityId: 'team-eng', usageLimit: 1, cadence: 'P1M' }])).status).toBe(400);
    expect((await put(Array.from({ length: 101 }, () => ({ entityId: 'team-eng', featureId: 'credits', usageLimit: 1, cadence: 'P1M' })))).status).toBe(400);

    const created = await put([
      { entityId: 'team-eng', featureId: 'credits', usageLimit: 10, cadence: 'P1M' },
      { entityId: 'team-eng', currencyId: 'cred-tokens', usageLimit: 2000, cadence: 'P1M', scopeEntityIds: ['gpt-4o'] },
    ]);
    expect(created.status).toBe(200);
    const [feature, currency] = created.body.data;
    expect(feature).toMatchObject({ entityId: 'team-eng', featureId: 'credits', currencyId: null, parentId: 'dept-rnd', usageLimit: 10, cadence: 'P1M', scopeEntityIds: [] });
    expect(feature.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(currency).toMatchObject({ featureId: null, currencyId: 'cred-tokens', scopeEntityIds: ['gpt-4o'] });

    const updated = await put([{ entityId: 'team-eng', featureId: 'credits', usageLimit: 20 }]);
    expect(updated.body.data[0]).toMatchObject({ id: feature.id, usageLimit: 20, cadence: 'P1M' });

    const listed = await beta('GET', '/customers/cus-acme/assignments?entityId=team-eng&currencyId=cred-tokens');
    expect(listed.body.data).toEqual([expect.objectContaining({ id: currency.id })]);
    expect((await beta('GET', '/customers/cus-acme/assignments?featureId=a&currencyId=b')).status).toBe(400);
  });

  it('carries the hierarchy: parentId omitted keeps, null detaches, an id moves; reparenting is leaf-only (E122)', async () => {
    const { beta } = governanceClient(emu);
    const put = (assignment: Record<string, unknown>) => beta('PUT', '/customers/cus-acme/assignments', { assignments: [assignment] });
    const kept = await put({ entityId: 'drafter', featureId: 'credits', usageLimit: 6 });
    expect(kept.body.data[0]).toMatchObject({ parentId: 'team-docs', usageLimit: 6 });

    const moved = await put({ entityId: 'drafter', featureId: 'credits', parentId: 'team-eng' });
    expect(moved.body.data[0].parentId).toBe('team-eng');
    const detached = await put({ entityId: 'drafter', featureId: 'credits', parentId: null });
    expect(detached.body.data[0].parentId).toBeNull();

    // team-docs has children (reviewer): it cannot move
    const rejected = await put({ entityId: 'team-docs', featureId: 'credits', parentId: 'org-acme' });
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.message).toContain('leaf-only');
    // the same parent again is not a move
    expect((await put({ entityId: 'team-docs', featureId: 'credits', parentId: 'dept-rnd' })).status).toBe(200);
  });
});

describe('REST beta: the governance tree (E126)', () => {
  it('returns every node in tree mode, budgets with usage otherwise, filtered and sorted by utilisation', async () => {
    const { beta, ingest } = governanceClient(emu);
    await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 5 }]);

    const treeMode = await beta('GET', '/customers/cus-acme/governance?limit=100');
    expect(treeMode.body.data).toHaveLength(8);
    expect(treeMode.body.data.find((r: { entityId: string }) => r.entityId === 'drafter')).toMatchObject({
      parentId: 'team-docs',
      entityTypeId: 'agent',
      usageLimit: null,
      currentUsage: null,
      utilization: null,
    });

    const usage = await beta('GET', '/customers/cus-acme/governance?featureIds[]=credits&limit=100');
    expect(usage.body.data.map((r: { entityId: string; utilization: number }) => [r.entityId, r.utilization])).toEqual([
      ['drafter', 1],
      ['team-docs', 0.625],
      ['dept-rnd', 0.05],
      ['org-acme', 0.005],
      ['reviewer', 0],
    ]);
    expect(usage.body.data[0]).toMatchObject({ featureId: 'credits', cadence: 'P1M', usageLimit: 5, currentUsage: 5, usagePeriodStart: '2025-01-01T00:00:00.000Z' });

    const atLimit = await beta('GET', '/customers/cus-acme/governance?featureIds=credits&minUtilization=1');
    expect(atLimit.body.data.map((r: { entityId: string }) => r.entityId)).toEqual(['drafter']);
    const asc = await beta('GET', '/customers/cus-acme/governance?featureIds=credits&sortBy=usageLimit&order=asc&limit=2');
    expect(asc.body.data.map((r: { usageLimit: number }) => r.usageLimit)).toEqual([5, 5]);
    expect(asc.body.pagination.next).toEqual(expect.any(String));
    const scoped = await beta('GET', '/customers/cus-acme/governance?featureIds=ai-tokens&scope=scoped');
    expect(scoped.body.data).toEqual([expect.objectContaining({ entityId: 'team-eng', scopeEntityIds: ['gpt-4o'] })]);
    const teams = await beta('GET', '/customers/cus-acme/governance?entityTypeIds=team&entityIdSearch=DOCS');
    expect(teams.body.data.map((r: { entityId: string }) => r.entityId)).toEqual(['team-docs']);
    expect((await beta('GET', '/customers/cus-acme/governance?sortBy=nope')).status).toBe(400);
  });
});

describe('REST beta: entitlement check with chains (E125, E125a)', () => {
  it('answers chains per resolved dimension, and BudgetExceeded when a node denies', async () => {
    const { beta, ingest } = governanceClient(emu);
    await ingest([{ entityIds: ['reviewer'], capabilityId: 'credits', amount: 7 }]);
    const res = await beta('GET', '/customers/cus-acme/entitlements/check?featureId=credits&requestedUsage=2&dimensions[agentId]=drafter');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ customerId: 'cus-acme', featureId: 'credits', isGranted: false, accessDeniedReason: 'BudgetExceeded', requestedUsage: 2 });
    expect(res.body.data.chains).toHaveLength(1);
    expect(res.body.data.chains[0].map((n: { entityId: string; isGranted: boolean; currentUsage: number }) => [n.entityId, n.isGranted, n.currentUsage])).toEqual([
      ['drafter', true, 0],
      ['team-docs', false, 7],
      ['dept-rnd', true, 7],
      ['org-acme', true, 7],
    ]);
    expect(res.body.data.chains[0][1]).toMatchObject({ usageLimit: 8, scopeEntityIds: [] });

    const ok = await beta('GET', '/customers/cus-acme/entitlements/check?featureId=credits&requestedUsage=1&dimensions[agentId]=drafter');
    expect(ok.body.data).toMatchObject({ isGranted: true, accessDeniedReason: null });

    // omitted requestedUsage: granted while some budget is left
    expect((await beta('GET', '/customers/cus-acme/entitlements/check?featureId=credits&dimensions[agentId]=drafter')).body.data.isGranted).toBe(true);
  });

  it('includes entities without a budget as unlimited nodes, and scoped budgets when the dimension resolves them', async () => {
    const { beta } = governanceClient(emu);
    const res = await beta('GET', '/customers/cus-acme/entitlements/check?featureId=ai-tokens&requestedUsage=25000&dimensions[teamId]=team-eng&dimensions[modelId]=gpt-4o');
    expect(res.body.data.isGranted).toBe(false);
    expect(res.body.data.chains).toHaveLength(2);
    expect(res.body.data.chains[0].map((n: { entityId: string; scopeEntityIds: string[]; usageLimit: number | null }) => [n.entityId, n.scopeEntityIds, n.usageLimit])).toEqual([
      ['team-eng', [], 100000],
      ['team-eng', ['gpt-4o'], 20000],
      ['dept-rnd', [], null],
      ['org-acme', [], null],
    ]);
    expect(res.body.data.chains[1]).toEqual([expect.objectContaining({ entityId: 'gpt-4o', usageLimit: null, isGranted: true })]);
  });

  it('omits chains without dimensions, answers empty chains with no budget anywhere (E125a), and denies an unknown customer', async () => {
    const { beta } = governanceClient(emu);
    const plain = await beta('GET', '/customers/cus-acme/entitlements/check?featureId=credits&requestedUsage=1');
    expect(plain.body.data).toMatchObject({ isGranted: true, accessDeniedReason: null });
    expect(plain.body.data).not.toHaveProperty('chains');

    const none = await beta('GET', '/customers/cus-acme/entitlements/check?featureId=ai-tokens&requestedUsage=1&dimensions[agentId]=drafter');
    expect(none.body.data).toMatchObject({ isGranted: true, chains: [] });

    const unknown = await beta('GET', '/customers/cus-nobody/entitlements/check?featureId=credits');
    expect(unknown.body.data).toMatchObject({ isGranted: false, accessDeniedReason: 'CustomerNotFound' });

    expect((await beta('GET', '/customers/cus-acme/entitlements/check')).status).toBe(400);
    expect((await beta('GET', '/customers/cus-acme/entitlements/check?featureId=a&currencyId=b')).status).toBe(400);
    expect((await beta('GET', '/customers/cus-acme/entitlements/check?featureId=credits&requestedUsage=-1')).status).toBe(400);
  });

  it('fails closed with a governance fault', async () => {
    const { beta, admin } = governanceClient(emu);
    await admin('POST', '/faults', { route: 'governance', status: 503, times: 1 });
    const res = await beta('GET', '/customers/cus-acme/entitlements/check?featureId=credits&dimensions[agentId]=drafter');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('ServiceUnavailable');
    await admin('POST', '/faults', { route: 'v1-beta', status: 500, times: 1 });
    expect((await beta('GET', '/entity-types')).status).toBe(500);
    expect((await beta('GET', '/entity-types')).status).toBe(200);
  });
});
