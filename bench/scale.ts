// Scale benchmark: is the cost of a request flat in the number of customers, and what does an
// environment cost?
//
//   npm run bench:scale [-- --sizes 100,10000,100000 --calls 400 --environments 1000]
//
// 1. Environment creation time and memory: 1,000 environments in one process (the demo seed each).
// 2. One environment grows to 100, 10,000 and 100,000 customers, each a copy of the demo seed's
//    customer-demo-01 (a Growth subscription with add-ons and per-unit quantities, and usage),
//    written straight into SQLite in one transaction (seeding through GraphQL would take minutes).
//    One environment per size; the latency of the Go client's GetEntitlement and
//    GetActiveSubscriptions over GraphQL (in-process, no socket) for customers picked across the
//    whole range, the calls alternating between the sizes; the figure to read is the ratio of the
//    largest size to the smallest (1.5 at most: every lookup is indexed).
// 3. Snapshot take and restore at 10,000 customers (median of 5).
//
// Prints the figures; no target is asserted (the machine's load moves them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { createEmulator } from '../src/emulator.js';
import type { Environment } from '../src/environments/environment.js';
import { restoreSnapshot, takeSnapshot } from '../src/application/snapshot-service.js';
import { createLogger } from '../src/logging/logger.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const SIZES = flag('sizes', '100,10000,100000').split(',').map(Number);
const CALLS = Number(flag('calls', '400'));
const ENVIRONMENTS = Number(flag('environments', '1000'));
const SNAPSHOT_SIZE = 10_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// ---------------------------------------------------------------- the clients' documents
const OPS = join(import.meta.dirname, '..', 'test', 'reference', 'operations', 'go', 'api-client-go-v6.21.0.graphql');
function operation(name: string): string {
  const defs = parse(readFileSync(OPS, 'utf8')).definitions;
  const fragments = new Map(defs.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const op = defs.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name)!;
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.set(spread.name.value, fragments.get(spread.name.value)!);
        walk(fragments.get(spread.name.value)!);
      },
    });
  walk(op);
  return [op, ...used.values()].map((d) => print(d)).join('\n');
}
const GET_ENTITLEMENT = operation('GetEntitlement');
const GET_ACTIVE_SUBSCRIPTIONS = operation('GetActiveSubscriptions');

// ---------------------------------------------------------------- helpers
const emu = createEmulator({
  config: { startTime: new Date('2025-01-01T00:00:00Z'), port: 0, edgePort: -1, maxEnvironments: null },
  logger: createLogger('silent'),
});

async function graphql(envId: string, name: string, query: string, variables: unknown): Promise<void> {
  const res = await emu.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': `server-${envId}`, 'x-graphql-operation-name': name },
    body: JSON.stringify({ operationName: name, query, variables }),
  });
  const json = (await res.json()) as { errors?: unknown[] };
  if (res.status !== 200 || json.errors) throw new Error(`${name}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(3)} ms`;

/** Copies of customer-demo-01 (its row, subscriptions and usage) as cus-scale-<from..to-1>, in one transaction. */
function seedCopies(env: Environment, from: number, to: number): void {
  const sqlite = env.sqlite;
  const insertLike = (table: string, row: Record<string, unknown>) => {
    const columns = Object.keys(row);
    return sqlite.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  };
  const customer = sqlite.prepare(`SELECT * FROM customers WHERE id = ?`).get('customer-demo-01') as Record<string, unknown>;
  const subscriptions = sqlite.prepare(`SELECT * FROM subscriptions WHERE customer_id = ?`).all('customer-demo-01') as Record<string, unknown>[];
  const usage = sqlite.prepare(`SELECT * FROM usage WHERE customer_id = ?`).all('customer-demo-01') as Record<string, unknown>[];
  const insertCustomer = insertLike('customers', customer);
  const insertSubscription = subscriptions.length > 0 ? insertLike('subscriptions', subscriptions[0]!) : null;
  const insertUsage = usage.length > 0 ? insertLike('usage', usage[0]!) : null;
  sqlite.transaction(() => {
    for (let i = from; i < to; i++) {
      const id = `cus-scale-${i}`;
      insertCustomer.run({ ...customer, id });
      subscriptions.forEach((s, k) => insertSubscription!.run({ ...s, id: `sub-scale-${i}-${k}`, customer_id: id }));
      for (const u of usage) insertUsage!.run({ ...u, customer_id: id, value: i % 3 });
    }
  })();
}

// ---------------------------------------------------------------- 1. environments (first, in a process that has held no large environment): creation time and memory
gc();
const before = process.memoryUsage();
const createTimes: number[] = [];
for (let i = 0; i < ENVIRONMENTS; i++) {
  const started = performance.now();
  emu.registry.get(`scale-env-${i}`);
  createTimes.push(performance.now() - started);
}
gc();
const after = process.memoryUsage();
createTimes.sort((a, b) => a - b);
const rssPerEnv = (after.rss - before.rss) / ENVIRONMENTS;
const heapPerEnv = (after.heapUsed - before.heapUsed) / ENVIRONMENTS;
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
for (let i = 0; i < ENVIRONMENTS; i++) emu.registry.delete(`scale-env-${i}`);

// ---------------------------------------------------------------- 2. latency by size
// one environment per size; the calls alternate between them, so the machine's load weighs on every size alike
const sized = SIZES.map((size) => {
  const envId = `scale-${size}`;
  const env = emu.registry.get(envId);
  const started = performance.now();
  seedCopies(env, 0, size);
  const seedMs = performance.now() - started;
  console.log(`${size} customers seeded in ${seedMs.toFixed(0)} ms`);
  // customers spread over the whole range, the same order at every size
  const pick = (i: number) => `cus-scale-${Math.floor(((i * 7919) % 1000) * (size / 1000))}`;
  return { size, envId, env, pick, seedMs, entitlement: [] as number[], subscriptions: [] as number[] };
});
const timed = async (into: number[] | null, run: () => Promise<void>) => {
  const started = performance.now();
  await run();
  into?.push(performance.now() - started);
};
for (let i = 0; i < 200 + CALLS; i++) {
  const measuring = i >= 200; // the first 200 rounds warm up
  for (const s of sized) {
    await timed(measuring ? s.entitlement : null, () => graphql(s.envId, 'GetEntitlement', GET_ENTITLEMENT, { query: { customerId: s.pick(i), featureId: 'feature-01-templates' } }));
    await timed(measuring ? s.subscriptions : null, () => graphql(s.envId, 'GetActiveSubscriptions', GET_ACTIVE_SUBSCRIPTIONS, { input: { customerId: s.pick(i) } }));
  }
}
const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
};
const rows = sized.map((s) => ({ size: s.size, seedMs: s.seedMs, entitlement: stats(s.entitlement), subscriptions: stats(s.subscriptions) }));

// ---------------------------------------------------------------- 3. snapshots at 10,000 customers
let snapshotFigures: { takeMs: number; restoreMs: number; bytes: number } | null = null;
const snapshotted = sized.find((s) => s.size === SNAPSHOT_SIZE);
if (snapshotted) {
  const { env, envId } = snapshotted;
  const takes: number[] = [];
  const restores: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const take = performance.now();
    bytes = takeSnapshot(env, 'scale').sizeBytes;
    takes.push(performance.now() - take);
    const restore = performance.now();
    restoreSnapshot(emu.registry, env, 'scale');
    restores.push(performance.now() - restore);
    // the environment answers after the restore
    await graphql(envId, 'GetEntitlement', GET_ENTITLEMENT, { query: { customerId: 'cus-scale-1', featureId: 'feature-01-templates' } });
  }
  snapshotFigures = { takeMs: stats(takes).median, restoreMs: stats(restores).median, bytes };
}
for (const s of sized) emu.registry.delete(s.envId);

// ---------------------------------------------------------------- report
const first = rows[0]!;
const last = rows.at(-1)!;
console.log('\nsize | GetEntitlement median / p95 | GetActiveSubscriptions median / p95');
for (const r of rows) console.log(`${r.size} | ${ms(r.entitlement.median)} / ${ms(r.entitlement.p95)} | ${ms(r.subscriptions.median)} / ${ms(r.subscriptions.p95)}`);
console.log(
  `ratio ${last.size} vs ${first.size} customers (median): GetEntitlement ${(last.entitlement.median / first.entitlement.median).toFixed(2)}, GetActiveSubscriptions ${(last.subscriptions.median / first.subscriptions.median).toFixed(2)}`,
);
if (snapshotFigures) console.log(`snapshot at ${SNAPSHOT_SIZE} customers (median of 5): take ${ms(snapshotFigures.takeMs)}, restore ${ms(snapshotFigures.restoreMs)} (${(snapshotFigures.bytes / 1024 / 1024).toFixed(1)} MiB)`);
console.log(
  `environments: ${ENVIRONMENTS} created, each in median ${ms(quantile(createTimes, 0.5))} (p95 ${ms(quantile(createTimes, 0.95))}); ` +
    `memory ${kib(rssPerEnv)} RSS (${kib(heapPerEnv)} JS heap) per environment, ${((after.rss - before.rss) / 1024 / 1024).toFixed(0)} MiB for ${ENVIRONMENTS}; process RSS ${(after.rss / 1024 / 1024).toFixed(0)} MiB`,
);
await emu.close();
