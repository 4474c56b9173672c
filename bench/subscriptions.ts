// Subscriptions benchmark: for one customer with 50 resource-scoped subscriptions (a product that
// allows multiple subscriptions) and one global subscription, the latency of the Node SDK's
// ProvisionSubscription document (a fresh resource id each call), GetActiveSubscriptions with and
// without a resourceId, and GetCustomerById, in-process (emu.request) and over a real socket.
// GetCustomerById is also timed for a customer with one subscription (the same plan, on a
// resource), and the median of the 51-subscription customer over it is printed (the same run).
//
//   npx tsx bench/subscriptions.ts [requests]
//
// Prints a table of median, p95 and mean per operation; asserts nothing.
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';
import { clientOperation } from '../test/support/documents.js';

const REQUESTS = Math.max(200, Number(process.argv[2] ?? 200));
const WARMUP = 20;
const RESOURCES = 50;
const ENV = 'bench-subscriptions';
const CUSTOMER = 'bench-customer';
/** the baseline: one subscription (a resource one, on the same plan) */
const CUSTOMER_ONE = 'bench-customer-one';

const fixture = {
  features: [
    { id: 'feature-api-calls', displayName: 'API calls', featureType: 'NUMBER', meterType: 'Incremental', units: 'call', unitsPlural: 'calls' },
    { id: 'feature-sso', displayName: 'SSO', featureType: 'BOOLEAN' },
  ],
  products: [
    { id: 'product-sites', displayName: 'Sites', multipleSubscriptions: true },
    { id: 'product-core', displayName: 'Core', multipleSubscriptions: false },
  ],
  plans: [
    {
      id: 'plan-site',
      productId: 'product-sites',
      displayName: 'Site',
      pricingType: 'PAID',
      prices: [{ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 5, currency: 'USD' }],
      entitlements: [{ featureId: 'feature-api-calls', usageLimit: 1000, resetPeriod: 'MONTH' }, { featureId: 'feature-sso' }],
    },
    { id: 'plan-core', productId: 'product-core', displayName: 'Core', pricingType: 'FREE', entitlements: [{ featureId: 'feature-api-calls', usageLimit: 100 }] },
  ],
  customers: [
    { id: CUSTOMER, name: 'Bench', subscriptions: [{ planId: 'plan-core' }] },
    { id: CUSTOMER_ONE, name: 'Bench one', subscriptions: [{ planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-0' }] },
  ],
};

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (v: number) => v.toFixed(3);
const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), mean: times.reduce((s, t) => s + t, 0) / times.length };
};

const emu = createEmulator({ config: { port: 0, edgePort: -1, startTime: new Date('2025-01-01T00:00:00Z') }, logger: createLogger('silent') });
const { url } = await emu.listen();
const headers = { 'content-type': 'application/json', 'x-api-key': `server-${ENV}` };

async function control(path: string, body: unknown) {
  const res = await emu.request(`/_emulator/environments/${ENV}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}
await control('/clock', { to: '2025-03-10T12:00:00.000Z', frozen: true });
await control('/fixtures', fixture);

const PROVISION = clientOperation('node', 'ProvisionSubscription');
const CANCEL = clientOperation('node', 'CancelSubscription');
const ACTIVE = clientOperation('node', 'GetActiveSubscriptions');
const CUSTOMER_BY_ID = clientOperation('node', 'GetCustomerById');

type Send = (body: string) => Promise<Response>;
const inProcess: Send = (body) => emu.request('/graphql', { method: 'POST', headers, body });
const overSocket: Send = (body) => fetch(`${url}/graphql`, { method: 'POST', headers, body });

async function call(send: Send, query: string, variables: Record<string, unknown>) {
  const res = await send(JSON.stringify({ query, variables }));
  const json = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 400));
  return json.data!;
}

// --- the customer's 50 resource-scoped subscriptions
for (let i = 0; i < RESOURCES; i++) {
  await call(inProcess, PROVISION, { input: { customerId: CUSTOMER, planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: `site-${i}` } });
}
const global = await call(inProcess, ACTIVE, { input: { customerId: CUSTOMER } });
const one = await call(inProcess, ACTIVE, { input: { customerId: CUSTOMER, resourceId: 'site-7' } });
const customer = await call(inProcess, CUSTOMER_BY_ID, { input: { customerId: CUSTOMER } });
const customerOne = await call(inProcess, CUSTOMER_BY_ID, { input: { customerId: CUSTOMER_ONE } });
if (
  global.getActiveSubscriptions.length !== 1 ||
  one.getActiveSubscriptions.length !== 1 ||
  customer.getCustomerByRefId.subscriptions.length !== RESOURCES + 1 ||
  customerOne.getCustomerByRefId.subscriptions.length !== 1
) {
  throw new Error('unexpected setup: the customer should have 50 resource subscriptions and one global one');
}

interface Row {
  operation: string;
  transport: string;
  times: number[];
}
const rows: Row[] = [];

/** Time `REQUESTS` calls (after a warm-up); `after` runs untimed after each call. */
async function measure(operation: string, transport: string, send: Send, request: (i: number) => [string, Record<string, unknown>], after?: (data: Record<string, any>) => Promise<void>) {
  let i = 0;
  for (let w = 0; w < WARMUP; w++) {
    const data = await call(send, ...request(i++));
    await after?.(data);
  }
  const times: number[] = [];
  for (let n = 0; n < REQUESTS; n++) {
    const [query, variables] = request(i++);
    const started = performance.now();
    const data = await call(send, query, variables);
    times.push(performance.now() - started);
    await after?.(data);
  }
  rows.push({ operation, transport, times });
}

/** The pooled keep-alive connection may have been closed by the server while this process was busy
 * in-process: open a fresh one before timing over the socket. */
async function warmSocket() {
  for (let attempt = 0; ; attempt++) {
    try {
      await (await overSocket(JSON.stringify({ query: '{ __typename }' }))).text();
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

await control('/snapshots', { name: 'fifty' });
let fresh = 0;
for (const [transport, send] of [
  ['in-process', inProcess],
  ['socket', overSocket],
] as const) {
  // every section starts from the same state: 50 live resource subscriptions and the global one
  await control('/snapshots/fifty/restore', {});
  if (transport === 'socket') await warmSocket();
  await measure('GetActiveSubscriptions (resourceId)', transport, send, (i) => [ACTIVE, { input: { customerId: CUSTOMER, resourceId: `site-${i % RESOURCES}` } }]);
  await measure('GetActiveSubscriptions (no resourceId)', transport, send, () => [ACTIVE, { input: { customerId: CUSTOMER } }]);
  await measure('GetCustomerById (1 subscription)', transport, send, () => [CUSTOMER_BY_ID, { input: { customerId: CUSTOMER_ONE } }]);
  await measure('GetCustomerById', transport, send, () => [CUSTOMER_BY_ID, { input: { customerId: CUSTOMER } }]);
  // a fresh resource each call; the new subscription is cancelled (untimed) so the customer keeps
  // 50 live resource subscriptions throughout
  await measure(
    'ProvisionSubscription (fresh resourceId)',
    transport,
    send,
    () => [PROVISION, { input: { customerId: CUSTOMER, planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: `site-new-${fresh++}` } }],
    async (data) => {
      await call(inProcess, CANCEL, { input: { subscriptionRefId: data.provisionSubscription.subscription.refId, subscriptionCancellationTime: 'IMMEDIATE' } });
    },
  );
}

await emu.close();

// --- the table: one line per operation, in-process and socket side by side
const operations = [...new Set(rows.map((r) => r.operation))];
const header = ['operation', 'in-process median', 'p95', 'mean', 'socket median', 'p95', 'mean'];
const lines = operations.map((operation) => {
  const cells = [operation];
  for (const transport of ['in-process', 'socket']) {
    const s = stats(rows.find((r) => r.operation === operation && r.transport === transport)!.times);
    cells.push(ms(s.median), ms(s.p95), ms(s.mean));
  }
  return cells;
});
const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
const print = (cells: string[]) => console.log(cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
console.log(`subscriptions: one customer with ${RESOURCES} resource-scoped subscriptions and 1 global; ${REQUESTS} requests per row (after ${WARMUP} warm-up), times in ms`);
print(header);
for (const line of lines) print(line);
const median = (operation: string, transport: string) => stats(rows.find((r) => r.operation === operation && r.transport === transport)!.times).median;
for (const transport of ['in-process', 'socket']) {
  const ratio = median('GetCustomerById', transport) / median('GetCustomerById (1 subscription)', transport);
  console.log(`GetCustomerById, ${RESOURCES + 1} subscriptions vs 1 (${transport}, medians): ${ratio.toFixed(1)}x`);
}
