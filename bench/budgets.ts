// Spend-budget benchmark: the latency of an entitlement check (the Node SDK's GetEntitlement
// document, in-process) of a usage-based feature for a customer whose subscription has a budget
// (the spend is computed on every check) next to the same check without a budget; and the rate of
// reportEvent batches of 1,000 for both (each event re-reads the budget before and after).
//
//   npx tsx bench/budgets.ts [checks] [events]
//
// Prints the figures; exits 1 when the check ratio (budget / none) is above 2 at the median.
import { join } from 'node:path';
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';
import { clientOperation } from '../test/support/documents.js';

const CHECKS = Number(process.argv[2] ?? 2000);
const EVENTS = Number(process.argv[3] ?? 10_000);
const BATCH = 1000;
const TARGET_RATIO = 2;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

const fixtures = [join(import.meta.dirname, '..', 'test', 'subscriptions', 'fixtures', 'budgets.yaml')];
const emu = createEmulator({ config: { port: 0, edgePort: -1, fixtures, startTime: new Date('2025-01-10T00:00:00Z') }, logger: createLogger('silent') });
const headers = { 'content-type': 'application/json', 'x-api-key': 'server-bench-budgets' };
const post = async (query: string, variables: unknown) => {
  const res = await emu.request('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.text();
  if (body.includes('"errors"')) throw new Error(body.slice(0, 300));
  return body;
};

// c-fixture: a soft $100 budget; c-plain: the same plan without a budget
const reportEvent = clientOperation('node', 'ReportEvent');
async function ingest(customerId: string): Promise<number> {
  const started = performance.now();
  for (let sent = 0; sent < EVENTS; sent += BATCH) {
    const usageEvents = Array.from({ length: Math.min(BATCH, EVENTS - sent) }, (_, i) => ({
      customerId,
      eventName: 'llm',
      idempotencyKey: `${customerId}-${sent + i}`,
      dimensions: { tokens: 1 },
    }));
    await post(reportEvent, { input: { usageEvents } });
  }
  return EVENTS / ((performance.now() - started) / 1000);
}
const plainRate = await ingest('c-plain');
const budgetRate = await ingest('c-fixture');
console.log(`ingest: ${EVENTS} events in batches of ${BATCH}: without a budget ${Math.round(plainRate)} events/s, with a budget ${Math.round(budgetRate)} events/s`);

const getEntitlement = clientOperation('node', 'GetEntitlement');
const variables = (customerId: string) => ({ query: { customerId, featureId: 'f-tokens' } });
for (let i = 0; i < 100; i++) {
  await post(getEntitlement, variables('c-plain'));
  await post(getEntitlement, variables('c-fixture'));
}
const none: number[] = [];
const budget: number[] = [];
for (let i = 0; i < CHECKS; i++) {
  let t0 = performance.now();
  await post(getEntitlement, variables('c-plain'));
  none.push(performance.now() - t0);
  t0 = performance.now();
  await post(getEntitlement, variables('c-fixture'));
  budget.push(performance.now() - t0);
}
const ratio = quantile(budget, 0.5) / quantile(none, 0.5);
console.log(
  `check f-tokens: without a budget median ${fmt(quantile(none, 0.5))} (p95 ${fmt(quantile(none, 0.95))}); ` +
    `with a budget median ${fmt(quantile(budget, 0.5))} (p95 ${fmt(quantile(budget, 0.95))}); ratio ${ratio.toFixed(2)} (target <= ${TARGET_RATIO})`,
);
emu.close();
if (ratio > TARGET_RATIO) process.exit(1);
