/**
 * The v1-beta methods (governance: entity types, entities, assignments, the governance tree and
 * the entitlement check with chains) through Stigg's TypeScript REST SDK, on the demo seed's
 * governance tree (fixtures/demo/40-governance.yaml: owner cus-acme, org-acme > team-eng, gpt-4o).
 */
import { describe, expect, it } from 'vitest';
import { Stigg, useEmulator } from './harness.js';

const emulator = useEmulator();
const error = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('v1Beta.entityTypes.list', () => {
  it("lists the environment's entity types, paged", async () => {
    const { stigg } = emulator.env();
    const page = await stigg.v1Beta.entityTypes.list({ limit: 2 });
    expect(page.data.map((t) => t.id)).toEqual(['model', 'org']);
    expect(page.data[1]).toMatchObject({ id: 'org', displayName: 'Organization', attributionKeys: ['orgId'], description: null });
    const all = [];
    for await (const t of stigg.v1Beta.entityTypes.list({ limit: 2 })) all.push(t.id);
    expect(all).toEqual(['model', 'org', 'team']);
  });
});

describe('v1Beta.entityTypes.upsert', () => {
  it('creates and updates entity types', async () => {
    const { stigg } = emulator.env();
    const { data } = await stigg.v1Beta.entityTypes.upsert({ types: [{ id: 'project', displayName: 'Project', attributionKeys: ['projectId'], description: 'a project' }] });
    expect(data).toEqual([expect.objectContaining({ id: 'project', displayName: 'Project', attributionKeys: ['projectId'], description: 'a project' })]);
  });
  it('refuses an invalid body with BadRequestError', async () => {
    const { stigg } = emulator.env();
    expect(await error(stigg.v1Beta.entityTypes.upsert({ types: [{ id: '', displayName: 'x', attributionKeys: [] }] }))).toBeInstanceOf(Stigg.BadRequestError);
  });
});

describe('v1Beta.customers.entities.list', () => {
  it("lists an owner's entities", async () => {
    const { stigg } = emulator.env();
    const ids = [];
    for await (const e of stigg.v1Beta.customers.entities.list('cus-acme')) ids.push(e.id);
    expect(ids.sort()).toEqual(['gpt-4o', 'org-acme', 'team-eng']);
  });
});

describe('v1Beta.customers.entities.retrieve', () => {
  it('answers one entity', async () => {
    const { stigg } = emulator.env();
    const { data } = await stigg.v1Beta.customers.entities.retrieve('team-eng', { id: 'cus-acme' });
    expect(data).toMatchObject({ id: 'team-eng', entityTypeId: 'team', displayName: 'Engineering', archivedAt: null });
  });
  it('throws NotFoundError for an unknown entity', async () => {
    const { stigg } = emulator.env();
    expect(await error(stigg.v1Beta.customers.entities.retrieve('nope', { id: 'cus-acme' }))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1Beta.customers.entities.upsert', () => {
  it('creates an entity under a parent', async () => {
    const { stigg } = emulator.env();
    const { data } = await stigg.v1Beta.customers.entities.upsert('cus-acme', { entities: [{ id: 'team-ops', entityTypeId: 'team', parentId: 'org-acme', displayName: 'Ops' }] } as never);
    expect(data).toEqual([expect.objectContaining({ id: 'team-ops', entityTypeId: 'team', displayName: 'Ops' })]);
  });
});

describe('v1Beta.customers.entities.archive', () => {
  it('archives entities by id', async () => {
    const { stigg } = emulator.env();
    const { data } = await stigg.v1Beta.customers.entities.archive('cus-acme', { ids: ['gpt-4o'] });
    expect(data.ids).toEqual(['gpt-4o']);
    const { data: entity } = await stigg.v1Beta.customers.entities.retrieve('gpt-4o', { id: 'cus-acme' });
    expect(entity.archivedAt).not.toBeNull();
  });
});

describe('v1Beta.customers.entities.unarchive', () => {
  it('unarchives entities by id', async () => {
    const { stigg } = emulator.env();
    await stigg.v1Beta.customers.entities.archive('cus-acme', { ids: ['gpt-4o'] });
    const { data } = await stigg.v1Beta.customers.entities.unarchive('cus-acme', { ids: ['gpt-4o'] });
    expect(data.ids).toEqual(['gpt-4o']);
  });
});

describe('v1Beta.customers.assignments.list', () => {
  it("lists an owner's budget assignments", async () => {
    const { stigg } = emulator.env();
    const rows = [];
    for await (const a of stigg.v1Beta.customers.assignments.list('cus-acme', { entityId: 'team-eng' })) rows.push(a);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ entityId: 'team-eng', featureId: 'ai-tokens', parentId: 'org-acme', cadence: 'P1M' });
  });
});

describe('v1Beta.customers.assignments.upsert', () => {
  it('sets a budget', async () => {
    const { stigg } = emulator.env();
    const { data } = await stigg.v1Beta.customers.assignments.upsert('cus-acme', { assignments: [{ entityId: 'org-acme', featureId: 'ai-tokens', usageLimit: 42, cadence: 'P1M' }] });
    expect(data[0]).toMatchObject({ entityId: 'org-acme', featureId: 'ai-tokens', usageLimit: 42 });
  });
  it('refuses an assignment naming both a feature and a currency', async () => {
    const { stigg } = emulator.env();
    const e = await error(stigg.v1Beta.customers.assignments.upsert('cus-acme', { assignments: [{ entityId: 'org-acme', featureId: 'ai-tokens', currencyId: 'c' }] }));
    expect(e).toBeInstanceOf(Stigg.BadRequestError);
  });
});

describe('v1.events.beta.customers.retrieveGovernance', () => {
  it("answers an owner's budgets with their usage", async () => {
    const { stigg } = emulator.env();
    const page = await stigg.v1.events.beta.customers.retrieveGovernance('cus-acme', { featureIds: ['ai-tokens'] } as never);
    expect(page.data.length).toBeGreaterThanOrEqual(3);
    expect(page.data[0]).toMatchObject({ featureId: 'ai-tokens', currentUsage: 0 });
  });
});

describe('v1Beta.customers.entitlements.check', () => {
  it('answers a check with governance chains', async () => {
    const { stigg } = emulator.env();
    const { data } = await stigg.v1Beta.customers.entitlements.check('cus-acme', { featureId: 'ai-tokens', requestedUsage: 10, dimensions: { teamId: 'team-eng' } } as never);
    expect(data).toMatchObject({ type: 'FEATURE', isGranted: true });
    expect((data as { chains?: unknown[] }).chains?.length).toBeGreaterThan(0);
  });
  it('a client key may call it', async () => {
    const env = emulator.env();
    const client = new Stigg({ apiKey: `client-${env.name}`, baseURL: emulator.url(), maxRetries: 0 });
    const { data } = await client.v1Beta.customers.entitlements.check('cus-acme', { featureId: 'ai-tokens' } as never);
    expect(data.isGranted).toBe(true);
  });
});
