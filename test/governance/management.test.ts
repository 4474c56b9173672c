import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { entryOf, governanceClient, governanceEmulator } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = governanceEmulator();
});
afterAll(() => emu.close());

describe('entity types and capabilities', () => {
  it('lists the seeded types and upserts idempotently', async () => {
    const { gov } = governanceClient(emu);
    const listed = (await gov('GET', '/entity-types')).body.types;
    // creation order, then id (the seed creates them at one instant)
    expect(listed.map((t: { id: string }) => t.id)).toEqual(['agent', 'department', 'model', 'org', 'team']);
    expect(listed.find((t: { id: string }) => t.id === 'model')).toMatchObject({ role: 'dimensional', attributionKeys: ['modelId'] });

    const body = { types: [{ id: 'user', displayName: 'User', attributionKeys: ['userId'] }] };
    const first = await gov('PUT', '/entity-types', body);
    const second = await gov('PUT', '/entity-types', body);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body.types[0]).toMatchObject({ id: 'user', role: 'hierarchical', description: null });

    // omitted fields keep their value
    const renamed = await gov('PUT', '/entity-types', { types: [{ id: 'user', displayName: 'Person' }] });
    expect(renamed.body.types[0]).toMatchObject({ displayName: 'Person', attributionKeys: ['userId'] });
  });

  it('refuses to make a type of hierarchy members dimensional', async () => {
    const { gov } = governanceClient(emu);
    const res = await gov('PUT', '/entity-types', { types: [{ id: 'team', role: 'dimensional' }] });
    expect(res.status).toBe(400);
  });

  it('upserts capabilities', async () => {
    const { gov } = governanceClient(emu);
    const res = await gov('PUT', '/capabilities', { capabilities: [{ id: 'gpu-minutes', displayName: 'GPU minutes' }] });
    expect(res.body.capabilities).toEqual([expect.objectContaining({ id: 'gpu-minutes', displayName: 'GPU minutes' })]);
    const all = (await gov('GET', '/capabilities')).body.capabilities.map((c: { id: string }) => c.id);
    expect(all).toEqual(['ai-tokens', 'credits', 'gpu-minutes']);
  });
});

describe('entities', () => {
  it('creates a subtree in any order, requires entityTypeId on create (E119), merges metadata (E120)', async () => {
    const { gov } = governanceClient(emu);
    const created = await gov('PUT', '/owners/cus-acme/entities', {
      entities: [
        { id: 'bot-1', entityTypeId: 'agent', parentId: 'team-qa', metadata: { a: '1', b: '2' } },
        { id: 'team-qa', entityTypeId: 'team', parentId: 'dept-rnd', displayName: 'QA' },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body.entities).toEqual([
      expect.objectContaining({ id: 'bot-1', parentId: 'team-qa', metadata: { a: '1', b: '2' } }),
      expect.objectContaining({ id: 'team-qa', parentId: 'dept-rnd', displayName: 'QA' }),
    ]);

    const missingType = await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'bot-2' }] });
    expect(missingType.status).toBe(400);
    expect(missingType.body.error.code).toBe('BadUserInput');

    const updated = await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'bot-1', metadata: { b: '', c: '3' } }] });
    expect(updated.body.entities[0]).toMatchObject({ entityTypeId: 'agent', parentId: 'team-qa', metadata: { a: '1', c: '3' } });
    const untouched = await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'bot-1', displayName: 'Bot' }] });
    expect(untouched.body.entities[0]).toMatchObject({ metadata: { a: '1', c: '3' }, displayName: 'Bot' });
    const cleared = await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'bot-1', displayName: null }] });
    expect(cleared.body.entities[0].displayName).toBeNull();

    expect((await gov('GET', '/owners/cus-acme/entities/bot-1')).body).toMatchObject({ id: 'bot-1', metadata: { a: '1', c: '3' } });
    expect((await gov('GET', '/owners/cus-acme/entities/nobody')).status).toBe(404);
  });

  it('counts usage of a new entity against its new ancestors', async () => {
    const { gov, check, ingest } = governanceClient(emu);
    await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'bot-9', entityTypeId: 'agent', parentId: 'team-docs' }] });
    await ingest([{ entityIds: ['bot-9'], capabilityId: 'credits', amount: 3 }]);
    const body = (await check({ entityIds: ['bot-9'], capabilityId: 'credits', requestedAmount: 0 })).body;
    expect(body.checks.map((c: { entityId: string }) => c.entityId)).toEqual(['team-docs', 'dept-rnd', 'org-acme']);
    expect(entryOf(body, 'team-docs').currentUsage).toBe(3);
  });

  it('rejects cycles, dimensional parents, unknown parents and types, and too many items (E124)', async () => {
    const { gov } = governanceClient(emu);
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'org-acme', parentId: 'drafter' }] })).status).toBe(400);
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'drafter', parentId: 'drafter' }] })).status).toBe(400);
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'x', entityTypeId: 'agent', parentId: 'gpt-4o' }] })).status).toBe(400);
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'x', entityTypeId: 'agent', parentId: 'ghost' }] })).status).toBe(404);
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'x', entityTypeId: 'ghost-type' }] })).status).toBe(404);
    const many = Array.from({ length: 101 }, (_, i) => ({ id: `e-${i}`, entityTypeId: 'agent' }));
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: many })).status).toBe(400);
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: [] })).status).toBe(400);
    expect((await gov('PUT', '/owners/cus-nobody/entities', { entities: [{ id: 'x', entityTypeId: 'agent' }] })).status).toBe(404);
    // nothing of a failed request is kept
    expect((await gov('GET', '/owners/cus-acme/entities/x')).status).toBe(404);
  });

  it('archives and unarchives (E127): archived entities leave listings, check and ingest', async () => {
    const { gov, check } = governanceClient(emu);
    const archived = await gov('POST', '/owners/cus-acme/entities/archive', { ids: ['reviewer'] });
    expect(archived.body.ids).toEqual(['reviewer']);
    expect(archived.body.entities[0].archivedAt).toBe(archived.body.entities[0].updatedAt);
    const listed = (await gov('GET', '/owners/cus-acme/entities')).body.entities.map((e: { id: string }) => e.id);
    expect(listed).not.toContain('reviewer');
    expect((await gov('GET', '/owners/cus-acme/entities?includeArchived=true')).body.entities.map((e: { id: string }) => e.id)).toContain('reviewer');
    expect((await check({ entityIds: ['reviewer'], capabilityId: 'credits', requestedAmount: 1 })).status).toBe(404);

    const restored = await gov('POST', '/owners/cus-acme/entities/unarchive', { ids: ['reviewer'] });
    expect(restored.body.entities[0].archivedAt).toBeNull();
    expect((await check({ entityIds: ['reviewer'], capabilityId: 'credits', requestedAmount: 1 })).status).toBe(200);
    expect((await gov('POST', '/owners/cus-acme/entities/archive', { ids: ['ghost'] })).status).toBe(404);
  });
});

describe('assignments (budgets)', () => {
  it('creates, updates keeping omitted fields (E121), and keys budgets by entity, capability and scope', async () => {
    const { gov } = governanceClient(emu);
    const missing = await gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'team-eng', capabilityId: 'credits', usageLimit: 10 }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('cadence');

    const created = await gov('PUT', '/owners/cus-acme/assignments', {
      assignments: [
        { entityId: 'team-eng', capabilityId: 'credits', usageLimit: 10, cadence: 'P1M' },
        { entityId: 'team-eng', capabilityId: 'credits', usageLimit: 4, cadence: 'P1M', scopeEntityIds: ['gpt-4o'] },
      ],
    });
    expect(created.status).toBe(200);
    const [nodeWide, scoped] = created.body.assignments;
    expect(nodeWide).toMatchObject({ entityId: 'team-eng', capabilityId: 'credits', usageLimit: 10, cadence: 'P1M', scopeEntityIds: [], currentUsage: 0 });
    expect(scoped).toMatchObject({ usageLimit: 4, scopeEntityIds: ['gpt-4o'] });

    const updated = await gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'team-eng', capabilityId: 'credits', usageLimit: 12 }] });
    expect(updated.body.assignments[0]).toMatchObject({ id: nodeWide.id, usageLimit: 12, cadence: 'P1M' });

    const list = (await gov('GET', '/owners/cus-acme/assignments?entityId=team-eng&capabilityId=credits')).body.assignments;
    expect(list.map((a: { id: string }) => a.id)).toEqual([nodeWide.id, scoped.id]);
  });

  it('keeps the usage of the current period when the cadence changes', async () => {
    const { gov, check, ingest } = governanceClient(emu);
    await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 3 }]);
    const res = await gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'drafter', capabilityId: 'credits', cadence: 'P1D' }] });
    expect(res.body.assignments[0]).toMatchObject({ cadence: 'P1D', currentUsage: 3, usageLimit: 5 });
    expect(entryOf((await check({ entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: 2 })).body, 'drafter')).toMatchObject({
      currentUsage: 3,
      hasAccess: true,
    });
  });

  it('allows a budget without a cap (usageLimit null): usage is tracked, never denied', async () => {
    const { gov, check, ingest } = governanceClient(emu);
    await gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'team-eng', capabilityId: 'credits', usageLimit: null, cadence: 'P1M' }] });
    await ingest([{ entityIds: ['team-eng'], capabilityId: 'credits', amount: 50 }]);
    const body = (await check({ entityIds: ['team-eng'], capabilityId: 'credits', requestedAmount: 40 })).body;
    expect(entryOf(body, 'team-eng')).toMatchObject({ usageLimit: null, currentUsage: 50, hasAccess: true });
    // the department's 100 still applies
    expect(body.hasAccess).toBe(true);
    expect((await check({ entityIds: ['team-eng'], capabilityId: 'credits', requestedAmount: 51 })).body.hasAccess).toBe(false);
  });

  it('rejects bad budgets', async () => {
    const { gov } = governanceClient(emu);
    const put = (a: Record<string, unknown>) => gov('PUT', '/owners/cus-acme/assignments', { assignments: [a] });
    expect((await put({ entityId: 'team-eng', capabilityId: 'credits', usageLimit: -1, cadence: 'P1M' })).status).toBe(400);
    expect((await put({ entityId: 'team-eng', capabilityId: 'credits', usageLimit: 1, cadence: 'monthly' })).status).toBe(400);
    expect((await put({ entityId: 'team-eng', capabilityId: 'credits', usageLimit: 1, cadence: 'P0D' })).status).toBe(400);
    expect((await put({ entityId: 'ghost', capabilityId: 'credits', usageLimit: 1, cadence: 'P1M' })).status).toBe(404);
    expect((await put({ entityId: 'team-eng', capabilityId: 'nothing', usageLimit: 1, cadence: 'P1M' })).status).toBe(404);
    expect((await put({ entityId: 'team-eng', capabilityId: 'credits', usageLimit: 1, cadence: 'P1M', scopeEntityIds: ['ghost'] })).status).toBe(404);
  });
});

describe('the tree', () => {
  it('lists every entity in hierarchy order with its budgets, usage and utilisation', async () => {
    const { gov, ingest } = governanceClient(emu);
    await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 4 }]);
    const body = (await gov('GET', '/owners/cus-acme/tree?capabilityId=credits')).body;
    expect(body.entities.map((e: { id: string; depth: number }) => [e.id, e.depth])).toEqual([
      ['claude', 0],
      ['gpt-4o', 0],
      ['org-acme', 0],
      ['dept-rnd', 1],
      ['team-docs', 2],
      ['drafter', 3],
      ['reviewer', 3],
      ['team-eng', 2],
    ]);
    const team = body.entities.find((e: { id: string }) => e.id === 'team-docs');
    expect(team).toMatchObject({ parentId: 'dept-rnd', entityTypeId: 'team' });
    expect(team.budgets).toEqual([
      expect.objectContaining({ capabilityId: 'credits', usageLimit: 8, currentUsage: 4, utilization: 0.5, cadence: 'P1M', periodStart: '2025-01-01T00:00:00.000Z' }),
    ]);
    // without a capability filter: every budget
    const all = (await gov('GET', '/owners/cus-acme/tree')).body;
    expect(all.entities.find((e: { id: string }) => e.id === 'team-eng').budgets).toHaveLength(2);
    expect((await gov('GET', '/owners/cus-nobody/tree')).status).toBe(404);
  });
});
