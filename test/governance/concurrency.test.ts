import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { entryOf, governanceClient, governanceEmulator } from './support.js';

let emu: Emulator;
let url: string;
beforeAll(async () => {
  emu = governanceEmulator();
  url = (await emu.listen()).url;
});
afterAll(() => emu.close());

describe('concurrent ingests over a socket', () => {
  it('end at the exact sum at every level of a four-level tree (org -> department -> team -> agent)', async () => {
    const client = governanceClient(emu);
    const post = (path: string, body: unknown) =>
      fetch(`${url}/governance${path}`, { method: 'POST', headers: client.headers, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { accepted: number; duplicates: number },
      }));

    const N = 200;
    const agents = ['drafter', 'reviewer'];
    const expected = { drafter: 0, reviewer: 0, team: 0 };
    const requests = Array.from({ length: N }, (_, i) => {
      const amount = (i % 7) + 1;
      // every tenth request reports at team level; the others alternate between the agents
      const entity = i % 10 === 0 ? 'team-docs' : agents[i % 2]!;
      if (entity === 'drafter') expected.drafter += amount;
      if (entity === 'reviewer') expected.reviewer += amount;
      expected.team += amount;
      return post('/owners/cus-acme/ingest', { events: [{ entityIds: [entity], capabilityId: 'credits', amount }] });
    });
    // the same idempotency key sent 20 times at once counts once
    const keyed = Array.from({ length: 20 }, () =>
      post('/owners/cus-acme/ingest', { events: [{ entityIds: ['drafter'], capabilityId: 'credits', amount: 1000, idempotencyKey: 'once' }] }),
    );
    expected.drafter += 1000;
    expected.team += 1000;

    const answers = await Promise.all([...requests, ...keyed]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(N + 1);
    expect(answers.reduce((n, a) => n + a.body.duplicates, 0)).toBe(19);

    const drafter = (await client.check({ entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: 0 })).body;
    const reviewer = (await client.check({ entityIds: ['reviewer'], capabilityId: 'credits', requestedAmount: 0 })).body;
    expect(entryOf(drafter, 'drafter').currentUsage).toBe(expected.drafter);
    expect(entryOf(reviewer, 'reviewer').currentUsage).toBe(expected.reviewer);
    for (const level of ['team-docs', 'dept-rnd', 'org-acme']) {
      expect(entryOf(drafter, level).currentUsage).toBe(expected.team);
    }
    // the tree agrees
    const tree = (await client.gov('GET', '/owners/cus-acme/tree?capabilityId=credits')).body;
    const usage = Object.fromEntries(tree.entities.map((e: { id: string; budgets: { currentUsage: number }[] }) => [e.id, e.budgets[0]?.currentUsage]));
    expect(usage).toMatchObject({ 'org-acme': expected.team, 'dept-rnd': expected.team, 'team-docs': expected.team, drafter: expected.drafter, reviewer: expected.reviewer });
  });

  it('checks and ingests at once: checks never see a partial ingest of a multi-event request', async () => {
    const client = governanceClient(emu);
    const fetchJson = (path: string, body: unknown) =>
      fetch(`${url}/governance${path}`, { method: 'POST', headers: client.headers, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    const work: Promise<any>[] = [];
    for (let i = 0; i < 50; i += 1) {
      work.push(
        fetchJson('/owners/cus-acme/ingest', {
          events: [
            { entityIds: ['drafter'], capabilityId: 'credits', amount: 1 },
            { entityIds: ['reviewer'], capabilityId: 'credits', amount: 1 },
          ],
        }),
      );
      work.push(fetchJson('/owners/cus-acme/check', { entityIds: ['drafter', 'reviewer'], capabilityId: 'credits', requestedAmount: 0 }));
    }
    const results = await Promise.all(work);
    for (const r of results.filter((x) => 'checks' in x)) {
      // both agents are always counted together: the team total is even and the agents are equal
      expect(entryOf(r, 'drafter').currentUsage).toBe(entryOf(r, 'reviewer').currentUsage);
      expect(entryOf(r, 'team-docs').currentUsage % 2).toBe(0);
    }
    const final = (await client.check({ entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: 0 })).body;
    expect(entryOf(final, 'org-acme').currentUsage).toBe(100);
  });
});
