// Environment and GraphQL benchmark: how long creating (and seeding) an environment takes, how
// much memory each one holds, and the latency of the Node SDK's GetCustomerById and
// ProvisionCustomer documents in-process and over a real socket.
//
//   npx tsx bench/environments.ts [environments] [requests]
//
// Prints the figures; exits 1 when creating an environment takes more than 50 ms at the median.
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';
import { clientOperation } from '../test/support/documents.js';

const ENVIRONMENTS = Number(process.argv[2] ?? 200);
const REQUESTS = Number(process.argv[3] ?? 1000);
const TARGET_CREATE_MEDIAN_MS = 50;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const emu = createEmulator({ config: { port: 0, edgePort: -1, startTime: new Date('2025-01-01T00:00:00Z') }, logger: createLogger('silent') });
const { url } = await emu.listen();

// --- environments: create + seed (demo seed), memory held
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const createTimes: number[] = [];
for (let i = 0; i < ENVIRONMENTS; i++) {
  const started = performance.now();
  emu.registry.get(`bench-${i}`);
  createTimes.push(performance.now() - started);
}
globalThis.gc?.();
const rssAfter = process.memoryUsage().rss;
console.log(`environments: ${ENVIRONMENTS} created; create+seed median ${fmt(quantile(createTimes, 0.5))}, p95 ${fmt(quantile(createTimes, 0.95))}`);
console.log(`memory: RSS ${mib(rssBefore)} -> ${mib(rssAfter)}, about ${((rssAfter - rssBefore) / ENVIRONMENTS / 1024).toFixed(0)} KiB per environment`);

// --- GraphQL latency
const headers = { 'content-type': 'application/json', 'x-api-key': 'server-bench-0' };
const get = JSON.stringify({ query: clientOperation('node', 'GetCustomerById'), variables: { input: { customerId: 'customer-demo-01' } } });
let n = 0;
const provision = () =>
  JSON.stringify({ query: clientOperation('node', 'ProvisionCustomer'), variables: { input: { customerId: `bench-customer-${n++}`, name: 'Bench' } } });

async function time(label: string, send: () => Promise<Response>) {
  for (let i = 0; i < 50; i++) await (await send()).text();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await send();
    const body = await res.text();
    times.push(performance.now() - started);
    if (body.includes('"errors"')) throw new Error(`${label}: ${body.slice(0, 300)}`);
  }
  console.log(`${label}: median ${fmt(quantile(times, 0.5))}, p95 ${fmt(quantile(times, 0.95))} (${REQUESTS} requests)`);
}

await time('GetCustomerById in-process', () => emu.request('/graphql', { method: 'POST', headers, body: get }));
await time('GetCustomerById over a socket', () => fetch(`${url}/graphql`, { method: 'POST', headers, body: get }));
await time('ProvisionCustomer in-process', () => emu.request('/graphql', { method: 'POST', headers, body: provision() }));
await time('ProvisionCustomer over a socket', () => fetch(`${url}/graphql`, { method: 'POST', headers, body: provision() }));

await emu.close();
const median = quantile(createTimes, 0.5);
if (median > TARGET_CREATE_MEDIAN_MS) {
  console.log(`FAIL: creating an environment takes ${fmt(median)} at the median (target ${TARGET_CREATE_MEDIAN_MS} ms)`);
  process.exit(1);
}
console.log(`PASS: creating an environment takes ${fmt(median)} at the median (target ${TARGET_CREATE_MEDIAN_MS} ms)`);
