import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { entryOf, governanceClient, governanceEmulator } from './support.js';

let emu: Emulator;
beforeAll(() => {
  emu = governanceEmulator();
});
afterAll(() => emu.close());

const credits = (entityIds: string[], requestedAmount: number) => ({ entityIds, capabilityId: 'credits', requestedAmount });
const spend = (entityIds: string[], amount: number, extra: Record<string, unknown> = {}) => ({ entityIds, capabilityId: 'credits', amount, ...extra });

describe('authentication (E105)', () => {
  const cases: [string, (h: Record<string, string>) => Record<string, string>][] = [
    ['no Authorization', ({ authorization: _a, ...h }) => h],
    ['an empty bearer token', (h) => ({ ...h, authorization: 'Bearer ' })],
    ['another scheme', (h) => ({ ...h, authorization: 'Basic abc' })],
    ['no x-stigg-account-id', ({ 'x-stigg-account-id': _a, ...h }) => h],
    ['no x-stigg-environment-id', ({ 'x-stigg-environment-id': _a, ...h }) => h],
  ];
  it.each(cases)('answers 401 with %s', async (_name, strip) => {
    const client = governanceClient(emu);
    const res = await emu.request('/governance/owners/cus-acme/check', {
      method: 'POST',
      headers: strip(client.headers),
      body: JSON.stringify(credits(['drafter'], 1)),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('Unauthenticated');
    expect(body.error.message).toBeTruthy();
  });

  it('answers 401 on management routes too, and 400 for an invalid environment name', async () => {
    const client = governanceClient(emu);
    const { authorization: _a, ...noAuth } = client.headers;
    expect((await emu.request('/governance/entity-types', { headers: noAuth })).status).toBe(401);
    const bad = await client.gov('GET', '/entity-types', undefined, { 'x-stigg-environment-id': 'bad env!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BadUserInput');
  });
});

describe('the documented example: two agents under one team budget (E110, E111)', () => {
  it('stops the drafter by its own cap while the reviewer keeps working, then the team cap stops the reviewer', async () => {
    const { check, ingest } = governanceClient(emu);

    // the drafter works until its own cap of 5
    expect((await check(credits(['drafter'], 3))).body.hasAccess).toBe(true);
    expect((await ingest([spend(['drafter'], 3)])).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await check(credits(['drafter'], 2))).body.hasAccess).toBe(true);
    await ingest([spend(['drafter'], 2)]);

    // drafter 5/5, team 5/8: the drafter is stopped by its own cap
    const drafter = (await check(credits(['drafter'], 1))).body;
    expect(drafter.hasAccess).toBe(false);
    expect(entryOf(drafter, 'drafter')).toMatchObject({ usageLimit: 5, currentUsage: 5, requestedAmount: 1, hasAccess: false, entityTypeId: 'agent' });
    expect(entryOf(drafter, 'team-docs')).toMatchObject({ usageLimit: 8, currentUsage: 5, hasAccess: true, entityTypeId: 'team' });

    // the reviewer keeps working (E111)
    const reviewer = (await check(credits(['reviewer'], 1))).body;
    expect(reviewer.hasAccess).toBe(true);
    await ingest([spend(['reviewer'], 2)]);

    // team 7/8, reviewer 2/5: a request of 2 is stopped by the team cap although the reviewer has budget left (E110)
    const stopped = (await check(credits(['reviewer'], 2))).body;
    expect(stopped.hasAccess).toBe(false);
    expect(entryOf(stopped, 'reviewer')).toMatchObject({ usageLimit: 5, currentUsage: 2, hasAccess: true });
    expect(entryOf(stopped, 'team-docs')).toMatchObject({ usageLimit: 8, currentUsage: 7, hasAccess: false });
    // a request of 1 still fits the team
    expect((await check(credits(['reviewer'], 1))).body.hasAccess).toBe(true);
  });

  it('answers one entry per applying budget, nearest first, with the contract fields', async () => {
    const { check } = governanceClient(emu);
    const body = (await check(credits(['drafter'], 1))).body;
    expect(body.checks.map((c: { entityId: string }) => c.entityId)).toEqual(['drafter', 'team-docs', 'dept-rnd', 'org-acme']);
    expect(body.checks[0]).toEqual({
      entityId: 'drafter',
      entityTypeId: 'agent',
      capabilityId: 'credits',
      scopeEntityIds: [],
      usageLimit: 5,
      currentUsage: 0,
      requestedAmount: 1,
      hasAccess: true,
      periodStart: '2025-01-01T00:00:00.000Z',
      periodEnd: '2025-02-01T00:00:00.000Z',
    });
  });
});

describe('opt-in (E106)', () => {
  it('allows with no checks when no budget exists for the capability anywhere in the ancestry', async () => {
    const { check } = governanceClient(emu);
    expect((await check({ entityIds: ['drafter'], capabilityId: 'ai-tokens', requestedAmount: 1000 })).body).toEqual({ hasAccess: true, checks: [] });
    expect((await check({ entityIds: ['gpt-4o'], capabilityId: 'credits', requestedAmount: 1000 })).body).toEqual({ hasAccess: true, checks: [] });
    expect((await check({ entityIds: ['drafter'], capabilityId: 'undeclared-capability', requestedAmount: 5 })).body).toEqual({ hasAccess: true, checks: [] });
  });
});

describe('check never changes state (E112)', () => {
  it('answers the same twice', async () => {
    const { check, ingest } = governanceClient(emu);
    await ingest([spend(['drafter'], 1)]);
    const first = await check(credits(['drafter'], 4));
    const second = await check(credits(['drafter'], 4));
    expect(second.body).toEqual(first.body);
    expect(entryOf(second.body, 'drafter').currentUsage).toBe(1);
  });
});

describe('ingest (E113)', () => {
  it('counts against the entity and every ancestor, and never blocks', async () => {
    const { check, ingest } = governanceClient(emu);
    const res = await ingest([spend(['drafter'], 3)]);
    expect(res.status).toBe(200);
    const after = (await check(credits(['drafter'], 0))).body;
    expect(after.checks.map((c: { currentUsage: number }) => c.currentUsage)).toEqual([3, 3, 3, 3]);

    // over every limit: still accepted and counted
    expect((await ingest([spend(['drafter'], 500)])).body).toEqual({ accepted: 1, duplicates: 0 });
    const over = (await check(credits(['drafter'], 0))).body;
    expect(entryOf(over, 'drafter')).toMatchObject({ currentUsage: 503, hasAccess: false });
    expect(entryOf(over, 'org-acme')).toMatchObject({ currentUsage: 503, hasAccess: true });
    expect(over.hasAccess).toBe(false);
  });

  it('counts a multi-event request and leaves siblings alone', async () => {
    const { check, ingest } = governanceClient(emu);
    expect((await ingest([spend(['drafter'], 1), spend(['reviewer'], 2), spend(['team-docs'], 0.5)])).body).toEqual({ accepted: 3, duplicates: 0 });
    const body = (await check(credits(['reviewer'], 0))).body;
    expect(entryOf(body, 'reviewer').currentUsage).toBe(2);
    expect(entryOf(body, 'team-docs').currentUsage).toBe(3.5);
    expect(entryOf((await check(credits(['drafter'], 0))).body, 'drafter').currentUsage).toBe(1);
  });

  it('accepts a single event without the events wrapper and a past timestamp', async () => {
    const { gov, check } = governanceClient(emu);
    const res = await gov('POST', '/owners/cus-acme/ingest', { ...spend(['drafter'], 2), timestamp: '2025-01-01T00:00:00Z' });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0 });
    expect(entryOf((await check(credits(['drafter'], 0))).body, 'drafter').currentUsage).toBe(2);
  });

  it('keeps owners apart', async () => {
    const { check, ingest } = governanceClient(emu);
    await ingest([spend(['drafter'], 4)], 'cus-other');
    expect(entryOf((await check(credits(['drafter'], 0))).body, 'drafter').currentUsage).toBe(0);
    expect((await check(credits(['drafter'], 0), 'cus-other')).body.checks).toEqual([expect.objectContaining({ entityId: 'drafter', currentUsage: 4 })]);
  });
});

describe('scoped budgets (E117)', () => {
  const tokens = (entityIds: string[], requestedAmount: number) => ({ entityIds, capabilityId: 'ai-tokens', requestedAmount });

  it('applies the node-wide and the scoped budget when the scope is resolved, only the node-wide one otherwise', async () => {
    const { check } = governanceClient(emu);
    const withModel = (await check(tokens(['team-eng', 'gpt-4o'], 25000))).body;
    expect(withModel.checks).toHaveLength(2);
    expect(entryOf(withModel, 'team-eng')).toMatchObject({ usageLimit: 100000, hasAccess: true });
    expect(entryOf(withModel, 'team-eng', ['gpt-4o'])).toMatchObject({ usageLimit: 20000, hasAccess: false });
    expect(withModel.hasAccess).toBe(false);

    const otherModel = (await check(tokens(['team-eng', 'claude'], 25000))).body;
    expect(otherModel.checks).toEqual([expect.objectContaining({ entityId: 'team-eng', scopeEntityIds: [], usageLimit: 100000 })]);
    expect(otherModel.hasAccess).toBe(true);
  });

  it('counts usage on gpt-4o against both budgets and usage on claude against the node-wide one only', async () => {
    const { check, ingest } = governanceClient(emu);
    await ingest([
      { entityIds: ['team-eng', 'gpt-4o'], capabilityId: 'ai-tokens', amount: 15000 },
      { entityIds: ['team-eng', 'claude'], capabilityId: 'ai-tokens', amount: 30000 },
    ]);
    const body = (await check(tokens(['team-eng', 'gpt-4o'], 5000))).body;
    expect(entryOf(body, 'team-eng').currentUsage).toBe(45000);
    expect(entryOf(body, 'team-eng', ['gpt-4o'])).toMatchObject({ currentUsage: 15000, hasAccess: true });
    expect((await check(tokens(['team-eng', 'gpt-4o'], 5001))).body.hasAccess).toBe(false);
  });
});

describe('dimensions (E109)', () => {
  it('resolves entities through the attribution keys of the entity types', async () => {
    const { check, ingest } = governanceClient(emu);
    const team = (await check({ dimensions: { teamId: 'team-eng' }, capabilityId: 'ai-tokens', requestedAmount: 1 })).body;
    expect(team.checks).toEqual([expect.objectContaining({ entityId: 'team-eng', entityTypeId: 'team', scopeEntityIds: [] })]);

    const scoped = (await check({ dimensions: { teamId: 'team-eng', modelId: 'gpt-4o' }, capabilityId: 'ai-tokens', requestedAmount: 1 })).body;
    expect(scoped.checks).toHaveLength(2);

    await ingest([{ dimensions: { agentId: 'drafter', region: 'eu' }, capabilityId: 'credits', amount: 2 }]);
    const agent = (await check({ dimensions: { agentId: 'drafter' }, capabilityId: 'credits', requestedAmount: 1 })).body;
    expect(agent.checks.map((c: { entityId: string; currentUsage: number }) => [c.entityId, c.currentUsage])).toEqual([
      ['drafter', 2],
      ['team-docs', 2],
      ['dept-rnd', 2],
      ['org-acme', 2],
    ]);
  });

  it('ignores an unknown value of a dimensional type', async () => {
    const { check } = governanceClient(emu);
    const body = (await check({ dimensions: { teamId: 'team-eng', modelId: 'mistral' }, capabilityId: 'ai-tokens', requestedAmount: 1 })).body;
    expect(body.checks).toHaveLength(1);
  });

  it('answers 404 for an unknown value of a hierarchical type and 400 when no key is an attribution key', async () => {
    const { check } = governanceClient(emu);
    const unknown = await check({ dimensions: { teamId: 'team-nope' }, capabilityId: 'ai-tokens', requestedAmount: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NotFound');
    // an entity of another type named by a key: not resolved
    expect((await check({ dimensions: { teamId: 'drafter' }, capabilityId: 'credits', requestedAmount: 1 })).status).toBe(404);
    const noKey = await check({ dimensions: { region: 'eu' }, capabilityId: 'ai-tokens', requestedAmount: 1 });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('BadUserInput');
    expect((await check({ dimensions: { modelId: 'mistral' }, capabilityId: 'ai-tokens', requestedAmount: 1 })).status).toBe(404);
  });
});

describe('idempotency (E114)', () => {
  it('counts a repeated idempotency key once, per owner', async () => {
    const { check, ingest } = governanceClient(emu);
    expect((await ingest([spend(['drafter'], 2, { idempotencyKey: 'run-1' })])).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await ingest([spend(['drafter'], 2, { idempotencyKey: 'run-1' })])).body).toEqual({ accepted: 0, duplicates: 1 });
    expect(
      (await ingest([spend(['drafter'], 1, { idempotencyKey: 'run-2' }), spend(['drafter'], 1, { idempotencyKey: 'run-2' }), spend(['drafter'], 1)])).body,
    ).toEqual({ accepted: 2, duplicates: 1 });
    expect(entryOf((await check(credits(['drafter'], 0))).body, 'drafter').currentUsage).toBe(4);

    // the same key for another owner is another key
    expect((await ingest([spend(['drafter'], 2, { idempotencyKey: 'run-1' })], 'cus-other')).body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('does not burn a key when the request fails', async () => {
    const { check, ingest } = governanceClient(emu);
    const failed = await ingest([spend(['drafter'], 2, { idempotencyKey: 'k' }), spend(['nobody'], 1)]);
    expect(failed.status).toBe(404);
    expect((await ingest([spend(['drafter'], 2, { idempotencyKey: 'k' })])).body).toEqual({ accepted: 1, duplicates: 0 });
    expect(entryOf((await check(credits(['drafter'], 0))).body, 'drafter').currentUsage).toBe(2);
  });
});

describe('cadence rollover (E116)', () => {
  it('resets usage when a new period starts on the environment clock', async () => {
    const { check, ingest, advance } = governanceClient(emu);
    await ingest([spend(['drafter'], 5)]);
    expect((await check(credits(['drafter'], 1))).body.hasAccess).toBe(false);

    await advance('P30D'); // 2025-01-31: still January's period
    expect(entryOf((await check(credits(['drafter'], 1))).body, 'drafter').currentUsage).toBe(5);

    await advance('P1D'); // 2025-02-01
    const next = (await check(credits(['drafter'], 1))).body;
    expect(next.hasAccess).toBe(true);
    expect(entryOf(next, 'drafter')).toMatchObject({ currentUsage: 0, periodStart: '2025-02-01T00:00:00.000Z', periodEnd: '2025-03-01T00:00:00.000Z' });
    expect(entryOf(next, 'org-acme').currentUsage).toBe(0);
  });

  it('starts a budget period when the budget is created and rolls it every cadence', async () => {
    const { gov, check, ingest, advance, admin } = governanceClient(emu);
    await admin('POST', '/clock', { frozen: true });
    await admin('POST', '/clock', { to: '2025-01-01T06:00:00Z' });
    const put = await gov('PUT', '/owners/cus-acme/assignments', {
      assignments: [{ entityId: 'team-eng', capabilityId: 'credits', usageLimit: 10, cadence: 'P1D' }],
    });
    expect(put.status).toBe(200);
    expect(put.body.assignments[0]).toMatchObject({ periodStart: '2025-01-01T06:00:00.000Z', periodEnd: '2025-01-02T06:00:00.000Z', currentUsage: 0 });

    await ingest([{ entityIds: ['team-eng'], capabilityId: 'credits', amount: 10 }]);
    expect((await check({ entityIds: ['team-eng'], capabilityId: 'credits', requestedAmount: 1 })).body.hasAccess).toBe(false);
    await advance('PT23H59M');
    expect((await check({ entityIds: ['team-eng'], capabilityId: 'credits', requestedAmount: 1 })).body.hasAccess).toBe(false);
    await advance('PT1M');
    const rolled = (await check({ entityIds: ['team-eng'], capabilityId: 'credits', requestedAmount: 1 })).body;
    expect(rolled.hasAccess).toBe(true);
    expect(entryOf(rolled, 'team-eng')).toMatchObject({ currentUsage: 0, periodStart: '2025-01-02T06:00:00.000Z' });
    // the department's monthly budget still holds the 10
    expect(entryOf(rolled, 'dept-rnd').currentUsage).toBe(10);
  });
});

describe('faults: fail-closed (E115)', () => {
  it('answers 503 for check and ingest, counts nothing, and works again once the fault is deleted', async () => {
    const { check, ingest, admin } = governanceClient(emu);
    await ingest([spend(['drafter'], 1)]);
    const added = await admin('POST', '/faults', { route: 'governance', status: 503 });
    expect(added.status).toBe(201);

    const failedCheck = await check(credits(['drafter'], 1));
    expect(failedCheck.status).toBe(503);
    expect(failedCheck.body.error.code).toBe('ServiceUnavailable');
    const failedIngest = await ingest([spend(['drafter'], 3)]);
    expect(failedIngest.status).toBe(503);
    expect(failedIngest.body.error.code).toBe('ServiceUnavailable');

    expect((await admin('DELETE', '/faults')).body).toEqual({ removed: 1 });
    const ok = await check(credits(['drafter'], 1));
    expect(ok.status).toBe(200);
    expect(entryOf(ok.body, 'drafter').currentUsage).toBe(1);
  });

  it('honours times, a delay, an error code and the per-operation routes', async () => {
    const { check, ingest, admin } = governanceClient(emu);
    await admin('POST', '/faults', { route: 'governance', status: 503, times: 1 });
    expect((await check(credits(['drafter'], 1))).status).toBe(503);
    expect((await check(credits(['drafter'], 1))).status).toBe(200);

    await admin('POST', '/faults', { route: 'governance.ingest', status: 503 });
    expect((await check(credits(['drafter'], 1))).status).toBe(200);
    expect((await ingest([spend(['drafter'], 1)])).status).toBe(503);
    await admin('DELETE', '/faults', { route: 'governance.ingest' });

    await admin('POST', '/faults', { route: 'governance', errorCode: 'GovernanceNotEnabled', times: 1 });
    const disabled = await check(credits(['drafter'], 1));
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.code).toBe('GovernanceNotEnabled');

    await admin('POST', '/faults', { route: 'governance', delayMs: 120, times: 1 });
    const started = performance.now();
    const slow = await check(credits(['drafter'], 1));
    expect(slow.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('leaves the management routes alone', async () => {
    const { gov, admin } = governanceClient(emu);
    await admin('POST', '/faults', { route: 'governance', status: 503 });
    expect((await gov('GET', '/owners/cus-acme/tree')).status).toBe(200);
  });
});

describe('bad input: 400 or 404 with {"error":{"code","message"}}, nothing counted', () => {
  const expectError = (res: { status: number; body: { error: { code: string; message: string } } }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
  };

  it('rejects bad check bodies (E107, E108)', async () => {
    const { check, gov } = governanceClient(emu);
    expectError(await check({ entityIds: ['drafter'], dimensions: { agentId: 'drafter' }, capabilityId: 'credits', requestedAmount: 1 }), 400, 'BadUserInput');
    expectError(await check({ capabilityId: 'credits', requestedAmount: 1 }), 400, 'BadUserInput');
    expectError(await check(credits([], 1)), 400, 'BadUserInput');
    expectError(await check(credits(Array.from({ length: 101 }, (_, i) => `e${i}`), 1)), 400, 'BadUserInput');
    expectError(await check({ dimensions: {}, capabilityId: 'credits', requestedAmount: 1 }), 400, 'BadUserInput');
    expectError(await check(credits(['drafter'], -1)), 400, 'BadUserInput');
    expectError(await check({ entityIds: ['drafter'], requestedAmount: 1 }), 400, 'BadUserInput');
    expectError(await check({ entityIds: ['drafter'], capabilityId: 'credits' }), 400, 'BadUserInput');
    expectError(await check({ entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: '1' }), 400, 'BadUserInput');
    expectError(await gov('POST', '/owners/cus-acme/check', '{"entityIds": ['), 400, 'BadUserInput');
    expectError(await gov('POST', '/owners/cus-acme/check', '[1,2]'), 400, 'BadUserInput');
  });

  it('answers 404 for an unknown owner or entity', async () => {
    const { check, ingest } = governanceClient(emu);
    expectError(await check(credits(['drafter'], 1), 'cus-nobody'), 404, 'CustomerNotFound');
    expectError(await ingest([spend(['drafter'], 1)], 'cus-nobody'), 404, 'CustomerNotFound');
    expectError(await check(credits(['drafter', 'nobody'], 1)), 404, 'NotFound');
  });

  it('rejects bad ingest bodies and counts nothing of a request with one bad event', async () => {
    const { check, ingest, gov } = governanceClient(emu);
    expectError(await ingest([spend(['drafter'], -2)]), 400, 'BadUserInput');
    expectError(await ingest([]), 400, 'BadUserInput');
    expectError(await gov('POST', '/owners/cus-acme/ingest', {}), 400, 'BadUserInput');
    expectError(await ingest([{ capabilityId: 'credits', amount: 1 }]), 400, 'BadUserInput');
    expectError(await ingest([spend(['drafter'], 1, { dimensions: { agentId: 'drafter' } })]), 400, 'BadUserInput');
    expectError(await ingest([spend(['drafter'], 1, { timestamp: 'yesterday' })]), 400, 'BadUserInput');
    expectError(await gov('POST', '/owners/cus-acme/ingest', 'not json'), 400, 'BadUserInput');
    expectError(await ingest([spend(['drafter'], 1), spend(['drafter'], -1)]), 400, 'BadUserInput');
    expectError(await ingest([spend(['drafter'], 1), spend(['ghost'], 1)]), 404, 'NotFound');
    expect(entryOf((await check(credits(['drafter'], 0))).body, 'drafter').currentUsage).toBe(0);
  });
});

describe('the request journal', () => {
  it('records governance requests with their operation, status and codes', async () => {
    const { check, ingest, admin } = governanceClient(emu);
    await check(credits(['drafter'], 1));
    await ingest([spend(['drafter'], 1)]);
    await check(credits(['nobody'], 1));
    const { body } = await admin('GET', '/requests');
    const governance = body.requests.filter((r: { transport: string }) => r.transport === 'governance');
    expect(governance.map((r: { operationName: string; httpStatus: number }) => [r.operationName, r.httpStatus])).toEqual([
      ['check', 200],
      ['ingest', 200],
      ['check', 404],
    ]);
    expect(governance[2]).toMatchObject({ status: 'error', errorCodes: ['NotFound'], method: 'POST', path: '/governance/owners/cus-acme/check' });
    expect(governance[0].variables).toEqual(credits(['drafter'], 1));
  });
});
