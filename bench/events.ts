// Raw-event benchmark: the latency of an entitlement check (the Node SDK's GetEntitlement document,
// in-process) on a metered feature after 100,000 raw events for one customer, next to the same
// check for a customer with no events; and the ingest rate of reportEvent batches of 1,000.
//
//   npx tsx bench/events.ts [events] [checks]
//
// Prints the figures; exits 1 when the ratio (with events / without) is above 1.5 at the median.
import { join } from 'node:path';
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';
import { clientOperation } from '../test/support/documents.js';

const EVENTS = Number(process.argv[2] ?? 100_000);
const CHECKS = Number(process.argv[3] ?? 2000);
const BATCH = 1000;
const TARGET_RATIO = 1.5;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

const fixtures = [join(import.meta.dirname, '..', 'test', 'usage', 'fixtures', 'events.yaml')];
const emu = createEmulator({ config: { port: 0, edgePort: -1, fixtures, startTime: new Date('2024-01-01T00:00:00Z') }, logger: createLogger('silent') });
const headers = { 'content-type': 'application/json', 'x-api-key': 'server-bench-events' };
const post = async (query: string, variables: unknown) => {
  const res = await emu.request('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.text();
  if (body.includes('"errors"')) throw new Error(body.slice(0, 300));
  return body;
};

// --- ingest: EVENTS events for c-1 (api.call, counted by f-calls; login with distinct users, counted by f-users)
const reportEvent = clientOperation('node', 'ReportEvent');
const started = performance.now();
for (let sent = 0; sent < EVENTS; sent += BATCH) {
  const usageEvents = Array.from({ length: Math.min(BATCH, EVENTS - sent) }, (_, i) => {
    const n = sent + i;
    return n % 2 === 0
      ? { customerId: 'c-1', eventName: 'api.call', idempotencyKey: `e-${n}`, dimensions: { region: 'us-east-1' } }
      : { customerId: 'c-1', eventName: 'login', idempotencyKey: `e-${n}`, dimensions: { userId: `u-${n}` } };
  });
  await post(reportEvent, { input: { usageEvents } });
}
const ingestMs = performance.now() - started;
console.log(`ingest: ${EVENTS} events in batches of ${BATCH}: ${(ingestMs / 1000).toFixed(1)} s, ${Math.round(EVENTS / (ingestMs / 1000))} events/s`);

// --- checks: the two customers' checks interleaved, so the machine's load weighs on both alike
const getEntitlement = clientOperation('node', 'GetEntitlement');
async function compare(featureId: string) {
  const variables = (customerId: string) => ({ query: { customerId, featureId, options: { requestedUsage: 1 } } });
  for (let i = 0; i < 100; i++) {
    await post(getEntitlement, variables('c-1'));
    await post(getEntitlement, variables('c-2'));
  }
  const none: number[] = [];
  const many: number[] = [];
  let body = '';
  for (let i = 0; i < CHECKS; i++) {
    let t0 = performance.now();
    await post(getEntitlement, variables('c-2'));
    none.push(performance.now() - t0);
    t0 = performance.now();
    body = await post(getEntitlement, variables('c-1'));
    many.push(performance.now() - t0);
  }
  const usage = JSON.parse(body).data.entitlement.currentUsage;
  return { none: { median: quantile(none, 0.5), p95: quantile(none, 0.95) }, many: { median: quantile(many, 0.5), p95: quantile(many, 0.95) }, usage };
}

let worst = 0;
for (const featureId of ['f-calls', 'f-users']) {
  const { none, many, usage } = await compare(featureId);
  const ratio = many.median / none.median;
  worst = Math.max(worst, ratio);
  console.log(
    `check ${featureId}: no events median ${fmt(none.median)} (p95 ${fmt(none.p95)}); ` +
      `after ${EVENTS} events (currentUsage ${usage}) median ${fmt(many.median)} (p95 ${fmt(many.p95)}); ratio ${ratio.toFixed(2)} (target <= ${TARGET_RATIO})`,
  );
}
emu.close();
if (worst > TARGET_RATIO) process.exit(1);
