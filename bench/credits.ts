// Credits benchmark: the latency of consumeCredits and creditBalanceSummary (the clients' own
// documents, in-process) for a wallet with few and with many grants, and the time the clock's
// reconcile takes to make a year of monthly recurring grants for many subscriptions.
//
//   npx tsx bench/credits.ts [grants] [requests] [subscriptions]
//
// Prints the figures.
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';
import { clientOperation } from '../test/support/documents.js';

const GRANTS = Number(process.argv[2] ?? 1000);
const REQUESTS = Number(process.argv[3] ?? 500);
const SUBSCRIPTIONS = Number(process.argv[4] ?? 500);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

const emu = createEmulator({ config: { port: 0, edgePort: -1, startTime: new Date('2025-01-01T00:00:00Z') }, logger: createLogger('silent') });

async function call(key: string, document: string, variables: Record<string, unknown>) {
  const res = await emu.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: document, variables }) });
  const body = (await res.json()) as { errors?: unknown[]; data?: Record<string, unknown> };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}
async function admin(method: string, path: string, body?: unknown) {
  const res = await emu.request(path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

const GRANT = clientOperation('go', 'GrantCredits');
const CONSUME = clientOperation('go', 'ConsumeCredits');
const BALANCE = clientOperation('go', 'GetCreditBalance');

async function wallet(env: string, grants: number) {
  const key = `server-${env}`;
  await admin('POST', `/_emulator/environments/${env}/clock`, { to: '2025-01-02T00:00:00Z', frozen: true });
  await call(key, `mutation { provisionCustomer(input: { customerId: "bench" }) { customer { id } } }`, {});
  for (let i = 0; i < grants; i++) {
    await call(key, GRANT, {
      input: { customerId: 'bench', currencyId: 'currency-api-credits', amount: 1_000_000, displayName: `g${i}`, grantType: i % 2 ? 'PAID' : 'PROMOTIONAL', priority: i % 5, expireAt: `2026-0${1 + (i % 9)}-01T00:00:00Z` },
    });
  }
  const consume: number[] = [];
  const balance: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    let started = performance.now();
    await call(key, CONSUME, { input: { customerId: 'bench', currencyId: 'currency-api-credits', amount: 3, idempotencyKey: `k-${i}` } });
    consume.push(performance.now() - started);
    started = performance.now();
    await call(key, BALANCE, { input: { customerId: 'bench' } });
    balance.push(performance.now() - started);
  }
  console.log(
    `wallet with ${grants} grant(s): consumeCredits median ${fmt(quantile(consume, 0.5))}, p95 ${fmt(quantile(consume, 0.95))}; ` +
      `creditBalanceSummary median ${fmt(quantile(balance, 0.5))}, p95 ${fmt(quantile(balance, 0.95))}`,
  );
}

await wallet('bench-credits-few', 1);
await wallet('bench-credits-many', GRANTS);

// --- a year of recurring grants for many subscriptions, made by one clock jump
const env = 'bench-credits-recurring';
await admin('POST', `/_emulator/environments/${env}/clock`, { to: '2025-01-02T00:00:00Z', frozen: true });
await admin('POST', `/_emulator/environments/${env}/fixtures`, {
  products: [{ id: 'product-credits' }],
  plans: [{ id: 'plan-credits', productId: 'product-credits', entitlements: [{ customCurrencyId: 'currency-api-credits', amount: 1000, cadence: 'MONTH' }] }],
  customers: Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ id: `c-${i}`, subscriptions: [{ planId: 'plan-credits' }] })),
});
const started = performance.now();
const moved = (await admin('POST', `/_emulator/environments/${env}/clock`, { to: '2026-01-01T00:00:00Z', frozen: true })) as { applied: { type: string }[] };
const elapsed = performance.now() - started;
const grants = moved.applied.filter((a) => a.type === 'credits.granted').length;
console.log(`recurring grants: a one-year clock jump made ${grants} grants for ${SUBSCRIPTIONS} subscriptions in ${elapsed.toFixed(0)} ms (${((elapsed / Math.max(grants, 1)) * 1000).toFixed(0)} µs per grant)`);

await emu.close();
