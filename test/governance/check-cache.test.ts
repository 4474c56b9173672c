/**
 * The check remembers its reads per connection until the next write: every write after a check
 * (ingest, budget and entity changes, a snapshot restore, a reset, a write outside governance) is
 * seen by the next check, and a failed command leaves nothing behind. Over a socket the headers are
 * read from Node's request: authentication, CORS and the journal apply there as in-process. Ingests
 * remember their reads while only their own usage is written, and see every other write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { governanceClient, governanceEmulator } from './support.js';

let emu: Emulator;
let url: string;
beforeAll(async () => {
  emu = governanceEmulator();
  url = (await emu.listen()).url;
});
afterAll(() => emu.close());

const credits = (entityIds: string[], requestedAmount: number | null) => ({ entityIds, capabilityId: 'credits', requestedAmount });
const usageOf = (body: { checks: { entityId: string; currentUsage: number }[] }, entityId: string) => body.checks.find((c) => c.entityId === entityId)?.currentUsage;

describe('the check after a write', () => {
  it('sees usage ingested after a check (and the same answer twice without a write)', async () => {
    const { check, ingest } = governanceClient(emu);
    const first = await check(credits(['drafter'], 1));
    expect(first.status).toBe(200);
    expect(usageOf(first.body, 'drafter')).toBe(0);
    expect((await check(credits(['drafter'], 1))).body).toEqual(first.body);
    // another amount is another decision
    expect((await check(credits(['drafter'], 6))).body.hasAccess).toBe(false);
    expect((await check(credits(['drafter'], 5))).body.hasAccess).toBe(true);
    expect((await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 4 }])).status).toBe(200);
    const after = await check(credits(['drafter'], 2));
    expect(usageOf(after.body, 'drafter')).toBe(4);
    expect(after.body.hasAccess).toBe(false);
  });

  it('sees a changed budget, an archived entity and a new entity', async () => {
    const { check, gov } = governanceClient(emu);
    expect((await check(credits(['drafter'], 5))).body.hasAccess).toBe(true);
    await gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'drafter', capabilityId: 'credits', usageLimit: 2 }] });
    expect((await check(credits(['drafter'], 5))).body.hasAccess).toBe(false);

    expect((await check(credits(['reviewer'], 1))).status).toBe(200);
    expect((await gov('POST', '/owners/cus-acme/entities/archive', { ids: ['reviewer'] })).status).toBe(200);
    expect((await check(credits(['reviewer'], 1))).status).toBe(404);

    expect((await check(credits(['writer'], 1))).status).toBe(404);
    await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'writer', entityTypeId: 'agent', parentId: 'team-docs' }] });
    const added = await check(credits(['writer'], 1));
    expect(added.status).toBe(200);
    expect(added.body.checks.map((c: { entityId: string }) => c.entityId)).toEqual(['team-docs', 'dept-rnd', 'org-acme']);
  });

  it('sees a snapshot restore and a reset', async () => {
    const { check, ingest, admin } = governanceClient(emu);
    await check(credits(['drafter'], 1));
    expect((await admin('POST', '/snapshots', { name: 'before' })).status).toBe(201);
    await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 3 }]);
    expect(usageOf((await check(credits(['drafter'], 1))).body, 'drafter')).toBe(3);
    expect((await admin('POST', '/snapshots/before/restore')).status).toBe(200);
    expect(usageOf((await check(credits(['drafter'], 1))).body, 'drafter')).toBe(0);
    await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 2 }]);
    expect(usageOf((await check(credits(['drafter'], 1))).body, 'drafter')).toBe(2);
    expect((await admin('POST', '/reset')).status).toBe(200);
    expect(usageOf((await check(credits(['drafter'], 1))).body, 'drafter')).toBe(0);
  });

  it('sees a write outside governance (the owner archived and deleted by the GraphQL API is gone)', async () => {
    const client = governanceClient(emu);
    expect((await client.check(credits(['drafter'], 1))).status).toBe(200);
    const env = emu.registry.get(client.envId);
    env.sqlite.prepare('DELETE FROM customers WHERE id = ?').run('cus-acme');
    expect((await client.check(credits(['drafter'], 1))).status).toBe(404);
  });

  it('keeps nothing of a failed ingest (one transaction)', async () => {
    const { check, ingest } = governanceClient(emu);
    await check(credits(['drafter'], 1));
    const failed = await ingest([
      { entityIds: ['drafter'], capabilityId: 'credits', amount: 1 },
      { entityIds: ['ghost'], capabilityId: 'credits', amount: 1 },
    ]);
    expect(failed.status).toBe(404);
    expect(usageOf((await check(credits(['drafter'], 1))).body, 'drafter')).toBe(0);
  });

  it('moves to the next period when the clock does', async () => {
    const { check, ingest, advance } = governanceClient(emu);
    await ingest([{ entityIds: ['drafter'], capabilityId: 'credits', amount: 5 }]);
    const full = await check(credits(['drafter'], 1));
    expect(full.body.hasAccess).toBe(false);
    expect((await advance('P1M')).status).toBe(200);
    const next = await check(credits(['drafter'], 1));
    expect(next.body.hasAccess).toBe(true);
    expect(next.body.checks[0].periodStart).toBe('2025-02-01T00:00:00.000Z');
  });
});

describe('the ingest after a write', () => {
  // ingests remember what they read (owner, entities, budgets) while only their own usage and keys are written
  const spend = (entityIds: string[], amount = 1) => ({ entityIds, capabilityId: 'credits', amount });
  const checksOf = async (check: (b: unknown) => Promise<{ body: any }>) =>
    (await check(credits(['drafter'], 0))).body.checks as { entityId: string; scopeEntityIds: string[]; currentUsage: number }[];

  it('counts repeated ingests, then sees a new budget, a moved entity, an archived one and a deleted owner', async () => {
    const client = governanceClient(emu);
    const { check, ingest, gov } = client;
    for (let i = 0; i < 3; i++) expect((await ingest([spend(['drafter'])])).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await checksOf(check)).find((c) => c.entityId === 'team-docs')?.currentUsage).toBe(3);
    // a budget added between two ingests counts the next one
    expect((await gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'drafter', capabilityId: 'credits', usageLimit: 50, cadence: 'P1M', scopeEntityIds: ['team-docs'] }] })).status).toBe(200);
    await ingest([spend(['drafter'], 2)]);
    expect((await checksOf(check)).find((c) => c.scopeEntityIds.length === 1)?.currentUsage).toBe(2);
    // drafter moved under team-eng: team-docs no longer counts
    expect((await gov('PUT', '/owners/cus-acme/entities', { entities: [{ id: 'drafter', parentId: 'team-eng' }] })).status).toBe(200);
    await ingest([spend(['drafter'])]);
    expect((await checksOf(check)).map((c) => c.entityId)).not.toContain('team-docs');
    // archived
    expect((await gov('POST', '/owners/cus-acme/entities/archive', { ids: ['reviewer'] })).status).toBe(200);
    expect((await ingest([spend(['reviewer'])])).status).toBe(404);
    // the owner deleted outside governance
    expect((await ingest([spend(['drafter'])])).status).toBe(200);
    emu.registry.get(client.envId).sqlite.prepare('DELETE FROM customers WHERE id = ?').run('cus-acme');
    expect((await ingest([spend(['drafter'])])).status).toBe(404);
  });

  it('forgets nothing it should after a failed ingest and a repeated idempotency key', async () => {
    const { check, ingest, gov } = governanceClient(emu);
    expect((await ingest([{ ...spend(['drafter']), idempotencyKey: 'k1' }])).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await ingest([{ ...spend(['drafter']), idempotencyKey: 'k1' }])).body).toEqual({ accepted: 0, duplicates: 1 });
    expect((await ingest([spend(['drafter']), spend(['ghost'])])).status).toBe(404);
    expect((await gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'drafter', capabilityId: 'credits', usageLimit: 50, cadence: 'P1M', scopeEntityIds: ['team-docs'] }] })).status).toBe(200);
    expect((await ingest([{ ...spend(['drafter']), idempotencyKey: 'k2' }])).body).toEqual({ accepted: 1, duplicates: 0 });
    const checks = await checksOf(check);
    expect(checks.find((c) => c.entityId === 'drafter' && c.scopeEntityIds.length === 0)?.currentUsage).toBe(2);
    expect(checks.find((c) => c.scopeEntityIds.length === 1)?.currentUsage).toBe(1);
  });
});

describe('over a socket', () => {
  it('authenticates from the headers, adds CORS and journals the check', async () => {
    const client = governanceClient(emu);
    const body = JSON.stringify(credits(['drafter'], 1));
    const ok = await fetch(`${url}/governance/owners/cus-acme/check`, { method: 'POST', headers: { ...client.headers, origin: 'http://app.test' }, body });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await ok.json()) as { hasAccess: boolean }).hasAccess).toBe(true);

    const { authorization: _a, ...noAuth } = client.headers;
    const refused = await fetch(`${url}/governance/owners/cus-acme/check`, { method: 'POST', headers: noAuth, body });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('Unauthenticated');

    const big = await fetch(`${url}/governance/owners/cus-acme/check`, { method: 'POST', headers: client.headers, body: JSON.stringify({ ...credits(['drafter'], 1), pad: 'x'.repeat(5 * 1024 * 1024) }) });
    expect(big.status).toBe(413);

    const checks = (await client.admin('GET', '/requests?operationName=check')).body.requests as { httpStatus: number; variables: unknown }[];
    expect(checks.map((e) => e.httpStatus)).toEqual([200, 401]);
    expect(checks[0]!.variables).toEqual(credits(['drafter'], 1));
  });
});
