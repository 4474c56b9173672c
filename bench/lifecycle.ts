// Lifecycle benchmark: an environment with 1,000 customers on monthly plans (half of them in a
// 14-day trial that converts, half paying from the start) with metered usage, moved through a year:
//   1. 365 clock moves of one day (POST /_emulator/.../clock {"advance": "P1D"}), each applying
//      what became due (renewals, trial notices and conversions);
//   2. the same environment state moved by one jump of a year;
//   3. reads (GetEntitlement, GetActiveSubscriptions) before and after the jump.
//
//   npx tsx bench/lifecycle.ts [customers]
//
// Prints the figures; asserts nothing.
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';

const CUSTOMERS = Number(process.argv[2] ?? 1000);
const START = '2025-01-01T00:00:00.000Z';

const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
  id: `customer-${i}`,
  name: `Customer ${i}`,
  hasPaymentMethod: true,
  subscriptions: [{ planId: 'plan-pro', billingPeriod: 'MONTHLY', startDate: new Date(Date.parse(START) + (i % 28) * 86_400_000).toISOString(), trial: i % 2 === 0 }],
  usage: [{ featureId: 'feature-api', value: i % 900 }],
}));
const fixture = {
  features: [
    { id: 'feature-api', displayName: 'API calls', featureType: 'NUMBER', meterType: 'Incremental' },
    { id: 'feature-sso', displayName: 'SSO', featureType: 'BOOLEAN' },
  ],
  products: [{ id: 'product-app', customerJourney: { subscriptionEndSetup: 'DOWNGRADE_TO_FREE', downgradePlanId: 'plan-free' } }],
  plans: [
    { id: 'plan-free', productId: 'product-app', pricingType: 'FREE', entitlements: [{ featureId: 'feature-api', usageLimit: 100, resetPeriod: 'MONTH' }] },
    {
      id: 'plan-pro',
      productId: 'product-app',
      pricingType: 'PAID',
      defaultTrialConfig: { duration: 14, units: 'DAY', trialEndBehavior: 'CONVERT_TO_PAID' },
      prices: [{ billingPeriod: 'MONTHLY', amount: 30 }],
      entitlements: [{ featureId: 'feature-api', usageLimit: 1000, resetPeriod: 'MONTH' }, { featureId: 'feature-sso' }],
    },
  ],
  customers,
};

const emu = createEmulator({ config: { port: 0, edgePort: -1, startTime: new Date('2024-12-31T00:00:00Z') }, logger: createLogger('silent') });

async function post(path: string, body: unknown): Promise<any> {
  const res = await emu.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
const gql = (env: string, query: string, variables: unknown) =>
  emu.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': `server-${env}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());

const ENTITLEMENT = `query GetEntitlement($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted usageLimit currentUsage } }`;
const ACTIVE = `query GetActiveSubscriptions($input: GetActiveSubscriptionsInput!) { getActiveSubscriptions(input: $input) { id status currentBillingPeriodEnd } }`;

async function readLatency(env: string, n = 300): Promise<{ entitlement: number; active: number }> {
  const time = async (fn: (i: number) => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t0 = performance.now();
      await fn(i);
      samples.push(performance.now() - t0);
    }
    return samples.sort((a, b) => a - b)[Math.floor(n / 2)]!;
  };
  return {
    entitlement: await time((i) => gql(env, ENTITLEMENT, { query: { customerId: `customer-${i % CUSTOMERS}`, featureId: 'feature-api' } })),
    active: await time((i) => gql(env, ACTIVE, { input: { customerId: `customer-${i % CUSTOMERS}` } })),
  };
}

async function seeded(env: string): Promise<number> {
  await post(`/_emulator/environments/${env}/clock`, { to: START, frozen: true });
  const t0 = performance.now();
  await post(`/_emulator/environments/${env}/fixtures`, fixture);
  return performance.now() - t0;
}

const seedMs = await seeded('daily');
await seeded('jump');

let applied = 0;
const t0 = performance.now();
for (let day = 0; day < 365; day += 1) applied += (await post('/_emulator/environments/daily/clock', { advance: 'P1D' })).applied.length;
const dailyMs = performance.now() - t0;

const before = await readLatency('jump');
const t1 = performance.now();
const jump = await post('/_emulator/environments/jump/clock', { advance: 'P365D' });
const jumpMs = performance.now() - t1;
const after = await readLatency('jump');

console.log(`lifecycle: ${CUSTOMERS} customers on monthly plans (half in a converting 14-day trial), metered usage`);
console.log(`  seeding the customers through the provisioning rules   ${seedMs.toFixed(0)} ms`);
console.log(`  365 daily clock moves                                   ${dailyMs.toFixed(0)} ms total, ${(dailyMs / 365).toFixed(2)} ms per move, ${applied} transitions applied`);
console.log(`  one jump of 365 days                                    ${jumpMs.toFixed(0)} ms, ${jump.applied.length} transitions applied`);
console.log(`  GetEntitlement median             before ${before.entitlement.toFixed(2)} ms   after ${after.entitlement.toFixed(2)} ms`);
console.log(`  GetActiveSubscriptions median     before ${before.active.toFixed(2)} ms   after ${after.active.toFixed(2)} ms`);
await emu.close();
