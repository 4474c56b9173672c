/**
 * The inspector with a large environment: 10,000 customers (each with a subscription, usage and
 * metadata over a catalog with plan inheritance), a full request journal (1,000 GraphQL requests:
 * usage reports and provisioning, which also record webhook events), then every page fetched over
 * a real socket, as a browser fetches it.
 *   npx tsx bench/inspector.ts [customers, default 10000] [rounds, default 20]
 * Prints the median and the slowest time of each page; the target is under 300 ms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '../src/emulator.js';
import { loadFixtureFiles } from '../src/fixtures/load.js';
import { createLogger } from '../src/logging/logger.js';

const customers = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 20);
const TARGET_MS = 300;

function fixtures(): string {
  const features = Array.from({ length: 12 }, (_, i) => ({ id: `feature-${i}`, displayName: `Feature ${i}`, featureType: 'NUMBER', meterType: i < 6 ? 'Incremental' : 'Fluctuating', units: 'unit' }));
  const plans = Array.from({ length: 6 }, (_, i) => ({
    id: `plan-${i}`,
    productId: 'product-main',
    displayName: `Plan ${i}`,
    pricingType: 'PAID',
    prices: [{ billingModel: 'FLAT_FEE', billingPeriod: 'MONTHLY', amount: 10 * (i + 1), currency: 'USD' }],
    ...(i > 0 ? { basePlanId: `plan-${i - 1}` } : {}),
    ...(i === 5 ? { defaultTrialConfig: { duration: 14, units: 'DAY' } } : {}),
    entitlements: features.slice(0, 2 + i).map((f, j) => ({ featureId: f.id, usageLimit: 100 * (i + 1), ...(j < 6 ? { resetPeriod: 'MONTH' } : {}) })),
  }));
  const doc = {
    features,
    products: [{ id: 'product-main', displayName: 'Main', customerJourney: { subscriptionEndSetup: 'DOWNGRADE_TO_FREE', downgradePlanId: 'plan-0' } }],
    plans,
    customers: Array.from({ length: customers }, (_, n) => ({
      id: `customer-${String(n).padStart(5, '0')}`,
      name: `Customer ${n}`,
      email: `billing-${n}@example.test`,
      metadata: { tier: n % 3 === 0 ? 'gold' : 'silver' },
      subscriptions: [{ planId: `plan-${n % 6}`, billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' }],
      usage: [{ featureId: 'feature-0', value: n % 50 }],
    })),
    governance: {
      entityTypes: [
        { id: 'org', displayName: 'Organization', attributionKeys: ['orgId'] },
        { id: 'team', displayName: 'Team', attributionKeys: ['teamId'] },
      ],
      capabilities: [{ id: 'ai-tokens', displayName: 'AI tokens' }],
      owners: {
        'customer-00001': {
          entities: [{ id: 'org-1', entityTypeId: 'org' }, ...Array.from({ length: 50 }, (_, i) => ({ id: `team-${i}`, entityTypeId: 'team', parentId: 'org-1' }))],
          assignments: Array.from({ length: 50 }, (_, i) => ({ entityId: `team-${i}`, capabilityId: 'ai-tokens', usageLimit: 1000, cadence: 'P1M' })),
        },
      },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'stigg-inspector-bench-'));
  writeFileSync(join(dir, 'seed.json'), JSON.stringify(doc));
  return dir;
}

const dir = fixtures();
let started = performance.now();
const emu = createEmulator({
  config: { startTime: new Date('2025-01-01T00:00:00Z'), logLevel: 'silent', port: 0, edgePort: -1 },
  seed: loadFixtureFiles([dir]),
  logger: createLogger('silent'),
});
rmSync(dir, { recursive: true, force: true });
const { url } = await emu.listen();
const env = emu.registry.get('bench');
console.log(`seeded ${customers} customers in ${((performance.now() - started) / 1000).toFixed(2)} s`);

// a full journal and some webhook events, as an integration test suite leaves them
started = performance.now();
const gql = (query: string, variables: Record<string, unknown>) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'server-bench' }, body: JSON.stringify({ query, variables }) });
const REPORT = 'mutation ReportUsage($input: ReportUsageInput!) { reportUsage(input: $input) { id } }';
const PROVISION = 'mutation ProvisionCustomer($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } } }';
for (let i = 0; i < 1000; i++) {
  if (i % 10 === 0) await gql(PROVISION, { input: { customerId: `new-${i}`, name: `New ${i}`, subscriptionParams: { planId: 'plan-5', billingPeriod: 'MONTHLY' } } });
  else await gql(REPORT, { input: { customerId: 'customer-00042', featureId: 'feature-0', value: 1 + (i % 5) } });
}
console.log(`1,000 requests in ${((performance.now() - started) / 1000).toFixed(2)} s; journal ${env.journal.size} entries`);

const PAGES: [string, string][] = [
  ['environments', '/_emulator/ui'],
  ['environment', '/_emulator/ui/environments/bench'],
  ['catalog', '/_emulator/ui/environments/bench/catalog'],
  ['customers (page 1)', '/_emulator/ui/environments/bench/customers'],
  ['customers (page 150)', '/_emulator/ui/environments/bench/customers?page=150'],
  ['customers (search)', '/_emulator/ui/environments/bench/customers?q=billing-9999%40'],
  ['customer', '/_emulator/ui/environments/bench/customers/customer-00042'],
  ['customer (trial)', '/_emulator/ui/environments/bench/customers/new-500'],
  ['journal', '/_emulator/ui/environments/bench/journal'],
  ['journal (filtered)', '/_emulator/ui/environments/bench/journal?operation=ReportUsage&status=ok'],
  ['webhooks', '/_emulator/ui/environments/bench/webhooks'],
  ['governance', '/_emulator/ui/environments/bench/governance'],
];

console.log(`\npage                    median     slowest   size      (${rounds} rounds, target < ${TARGET_MS} ms)`);
let worst = 0;
for (const [name, path] of PAGES) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds + 2; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { headers: { accept: 'text/html' } });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    bytes = body.length;
    if (i >= 2) times.push(ms); // two warm-up rounds
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const slowest = times.at(-1)!;
  worst = Math.max(worst, slowest);
  console.log(`${name.padEnd(22)}${`${median.toFixed(1)} ms`.padStart(9)}${`${slowest.toFixed(1)} ms`.padStart(12)}${`${(bytes / 1024).toFixed(0)} KB`.padStart(9)}`);
}
console.log(`\nslowest page: ${worst.toFixed(1)} ms (${worst < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target)`);
await emu.close();
