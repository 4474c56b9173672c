// Governance check benchmark: a four-level tree (org -> department -> team -> agent) with a
// budget at every level (and a model-scoped one on the team), some usage ingested, then N checks
// on the leaf agent, in-process (`emu.request`, no socket) and over a real socket (fetch).
//
//   npx tsx bench/governance-check.ts [N]
//
// Prints the median and p95 latency of each in ms; exits 1 when the in-process median is over
// the target (2 ms).
import { randomUUID } from 'node:crypto';
import { createEmulator } from '../src/emulator.js';
import { loadFixtureText, noKnownIds } from '../src/fixtures/load.js';
import { check } from '../src/governance/governance-service.js';
import { createLogger } from '../src/logging/logger.js';

const TARGET_MEDIAN_MS = 2;
const N = Number(process.argv[2] ?? process.env.BENCH_CHECKS ?? 2000);
const WARMUP = 200;
if (!Number.isInteger(N) || N < 1) {
  console.error(`N must be a positive integer, got ${process.argv[2]}`);
  process.exit(2);
}

const seed = loadFixtureText(
  'bench',
  `
customers:
  - { id: cus-bench, name: Bench }
governance:
  entityTypes:
    - { id: org, attributionKeys: [orgId] }
    - { id: department, attributionKeys: [departmentId] }
    - { id: team, attributionKeys: [teamId] }
    - { id: agent, attributionKeys: [agentId] }
    - { id: model, attributionKeys: [modelId], role: dimensional }
  capabilities:
    - { id: credits }
`,
  noKnownIds(),
);

const emu = createEmulator({
  seed,
  config: { startTime: new Date('2025-01-01T00:00:00Z'), port: 0, edgePort: -1 },
  logger: createLogger('silent'),
});
const envId = `bench-${randomUUID()}`;
const headers = {
  authorization: 'Bearer bench',
  'x-stigg-account-id': 'bench',
  'x-stigg-environment-id': envId,
  'content-type': 'application/json',
};

async function call(method: string, path: string, body: unknown): Promise<unknown> {
  const res = await emu.request(`/governance${path}`, { method, headers, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// the tree: 1 org, 3 departments, 3 teams each, 10 agents per team; the leaf is agent-0-0-0
const entities: Record<string, unknown>[] = [{ id: 'org', entityTypeId: 'org' }, { id: 'gpt-4o', entityTypeId: 'model' }];
const assignments: Record<string, unknown>[] = [{ entityId: 'org', capabilityId: 'credits', usageLimit: 1_000_000, cadence: 'P1M' }];
for (let d = 0; d < 3; d += 1) {
  entities.push({ id: `dept-${d}`, entityTypeId: 'department', parentId: 'org' });
  assignments.push({ entityId: `dept-${d}`, capabilityId: 'credits', usageLimit: 300_000, cadence: 'P1M' });
  for (let t = 0; t < 3; t += 1) {
    entities.push({ id: `team-${d}-${t}`, entityTypeId: 'team', parentId: `dept-${d}` });
    assignments.push({ entityId: `team-${d}-${t}`, capabilityId: 'credits', usageLimit: 100_000, cadence: 'P1M' });
    assignments.push({ entityId: `team-${d}-${t}`, capabilityId: 'credits', usageLimit: 20_000, cadence: 'P1M', scopeEntityIds: ['gpt-4o'] });
    for (let a = 0; a < 10; a += 1) {
      entities.push({ id: `agent-${d}-${t}-${a}`, entityTypeId: 'agent', parentId: `team-${d}-${t}` });
      assignments.push({ entityId: `agent-${d}-${t}-${a}`, capabilityId: 'credits', usageLimit: 10_000, cadence: 'P1D' });
    }
  }
}
for (let i = 0; i < entities.length; i += 100) await call('PUT', '/owners/cus-bench/entities', { entities: entities.slice(i, i + 100) });
for (let i = 0; i < assignments.length; i += 100) await call('PUT', '/owners/cus-bench/assignments', { assignments: assignments.slice(i, i + 100) });
await call('POST', '/owners/cus-bench/ingest', {
  events: Array.from({ length: 100 }, (_, i) => ({ entityIds: [`agent-0-0-${i % 10}`, 'gpt-4o'], capabilityId: 'credits', amount: 7 })),
});

const body = JSON.stringify({ entityIds: ['agent-0-0-0', 'gpt-4o'], capabilityId: 'credits', requestedAmount: 10 });
const first = (await call('POST', '/owners/cus-bench/check', JSON.parse(body))) as { hasAccess: boolean; checks: unknown[] };
if (first.checks.length !== 5) throw new Error(`expected 5 budgets on the leaf's path, got ${first.checks.length}`);

function stats(samples: number[]): { median: number; p95: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), mean: samples.reduce((s, x) => s + x, 0) / samples.length };
}

async function measure(run: () => Promise<Response>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i += 1) await (await run()).arrayBuffer();
  const samples: number[] = [];
  for (let i = 0; i < N; i += 1) {
    const started = performance.now();
    const res = await run();
    await res.arrayBuffer();
    samples.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`check answered ${res.status}`);
  }
  return samples;
}

// the service alone (no HTTP): resolution, hierarchy walk, budgets, periods and usage reads
const env = emu.registry.get(envId);
const input = { entityIds: ['agent-0-0-0', 'gpt-4o'], capabilityId: 'credits', requestedAmount: 10 };
const service = stats(
  await measure(async () => {
    check(env, 'cus-bench', input, env.nowMs());
    return new Response('{}');
  }),
);
const inProcess = stats(await measure(() => emu.request('/governance/owners/cus-bench/check', { method: 'POST', headers, body })));
const { url } = await emu.listen();
const socket = stats(await measure(() => fetch(`${url}/governance/owners/cus-bench/check`, { method: 'POST', headers, body })));
await emu.close();

const fmt = (x: number) => x.toFixed(3).padStart(8);
console.log(`governance check on a four-level tree (5 budgets on the path), N=${N} after ${WARMUP} warm-up checks`);
console.log(`  service only (no HTTP):     median ${fmt(service.median)} ms   p95 ${fmt(service.p95)} ms   mean ${fmt(service.mean)} ms`);
console.log(`  in-process (app.request):  median ${fmt(inProcess.median)} ms   p95 ${fmt(inProcess.p95)} ms   mean ${fmt(inProcess.mean)} ms`);
console.log(`  socket (fetch, keep-alive): median ${fmt(socket.median)} ms   p95 ${fmt(socket.p95)} ms   mean ${fmt(socket.mean)} ms`);
console.log(`  target: in-process median < ${TARGET_MEDIAN_MS} ms: ${inProcess.median < TARGET_MEDIAN_MS ? 'met' : 'NOT met'}`);
process.exit(inProcess.median < TARGET_MEDIAN_MS ? 0 : 1);
