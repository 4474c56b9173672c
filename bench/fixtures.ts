/**
 * Fixture loading: read, validate, merge and check references of 1, 10 and 50 MB fixture
 * directories (customers with subscriptions, usage and metadata over a small catalog, split into
 * files of about 1 MB, JSON and YAML), then seed the template database from them.
 *   npx tsx bench/fixtures.ts [sizes in MB, default 1 10 50] [--seeding-only] [--customers N] [--rounds N]
 * Prints the time of each step and MB/s; linear loading keeps MB/s about constant.
 *
 * First the seeding figure: an emulator started to ready (createEmulator and listen, in this
 * process) with the catalog alone and with the catalog and N customers (default 10,000) of one
 * subscription each, side by side in each round (alternating, after a warm-up start); the
 * medians, what the customers add, and customers per second of that difference.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { realTime } from '../src/clock.js';
import { EnvironmentRegistry } from '../src/application/registry.js';
import { loadFixtureFiles } from '../src/fixtures/load.js';
import { createEmulator } from '../src/emulator.js';
import { loadavg } from 'node:os';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args.splice(at, 2)[1]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const seedingOnly = args.includes('--seeding-only') ? (args.splice(args.indexOf('--seeding-only'), 1), true) : false;
const seedingCustomers = option('--customers', 10_000);
const rounds = option('--rounds', 3);
const sizes = args.map(Number).filter((n) => n > 0);

function catalog() {
  const features = Array.from({ length: 20 }, (_, i) => ({ id: `feature-${i}`, displayName: `Feature ${i}`, featureType: 'NUMBER', meterType: 'Fluctuating', units: 'unit' }));
  const products = [{ id: 'product-main', displayName: 'Main' }];
  const plans = Array.from({ length: 10 }, (_, i) => ({
    id: `plan-${i}`,
    productId: 'product-main',
    displayName: `Plan ${i}`,
    pricingType: 'FREE',
    ...(i > 0 ? { basePlanId: `plan-${i - 1}` } : {}),
    entitlements: features.slice(0, 5).map((f) => ({ featureId: f.id, usageLimit: 100 * (i + 1), resetPeriod: 'MONTH' })),
  }));
  return { features, products, plans };
}

const customer = (n: number) => ({
  id: `customer-${n}`,
  name: `Customer ${n}`,
  email: `billing-${n}@example.test`,
  metadata: { tier: n % 3 === 0 ? 'gold' : 'silver', region: 'eu' },
  subscriptions: [{ planId: `plan-${n % 10}`, billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' }],
  usage: Array.from({ length: 5 }, (_, i) => ({ featureId: `feature-${i}`, value: (n * 7 + i) % 100 })),
});

/** A directory of about `mb` MB: the catalog, then customers in files of about 1 MB (JSON and YAML alternately). */
function writeFixtures(mb: number): string {
  const dir = mkdtempSync(join(tmpdir(), `stigg-fixtures-${mb}mb-`));
  writeFileSync(join(dir, '000-catalog.json'), JSON.stringify(catalog()));
  const perCustomer = JSON.stringify(customer(123456)).length;
  const perFile = Math.floor((1024 * 1024) / perCustomer);
  const total = Math.floor((mb * 1024 * 1024) / perCustomer);
  for (let file = 0, n = 0; n < total; file++) {
    const customers = Array.from({ length: Math.min(perFile, total - n) }, (_, i) => customer(n + i));
    n += customers.length;
    const name = `${String(file + 1).padStart(3, '0')}-customers`;
    if (file % 2 === 0) writeFileSync(join(dir, `${name}.json`), JSON.stringify({ customers }));
    else writeFileSync(join(dir, `${name}.yaml`), stringify({ customers }));
  }
  return dir;
}

/** The seeding figure: start to ready with the catalog alone and with `count` customers of one subscription each. */
async function seedingFigure(count: number): Promise<void> {
  const catalogDir = mkdtempSync(join(tmpdir(), 'stigg-seeding-catalog-'));
  const customersDir = mkdtempSync(join(tmpdir(), 'stigg-seeding-customers-'));
  writeFileSync(join(catalogDir, '000-catalog.json'), JSON.stringify(catalog()));
  writeFileSync(join(customersDir, '000-catalog.json'), JSON.stringify(catalog()));
  const customers = Array.from({ length: count }, (_, n) => ({
    id: `customer-${n}`,
    name: `Customer ${n}`,
    email: `billing-${n}@example.test`,
    metadata: { tier: n % 3 === 0 ? 'gold' : 'silver' },
    subscriptions: [{ planId: `plan-${n % 10}`, billingPeriod: 'MONTHLY', startDate: '2025-01-01T00:00:00Z' }],
  }));
  writeFileSync(join(customersDir, '001-customers.json'), JSON.stringify({ customers }));
  /** ms from creating the emulator (fixtures read, validated and seeded) to listening */
  const startToReady = async (dir: string): Promise<number> => {
    const started = performance.now();
    const emulator = createEmulator({ config: { fixtures: [dir], port: 0, edgePort: -1, logLevel: 'silent', startTime: new Date('2025-03-01T00:00:00Z') } });
    await emulator.listen();
    const ms = performance.now() - started;
    await emulator.close();
    return ms;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  try {
    await startToReady(catalogDir); // warm-up: modules, the migrated empty database
    const alone: number[] = [];
    const withCustomers: number[] = [];
    const load = loadavg().map((x) => x.toFixed(2)).join(' ');
    for (let round = 0; round < rounds; round++) {
      alone.push(await startToReady(catalogDir));
      withCustomers.push(await startToReady(customersDir));
    }
    const extra = median(withCustomers) - median(alone);
    const show = (xs: number[]) => xs.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ');
    console.log(`seeding: start to ready, ${rounds} rounds side by side (load average ${load} before, ${loadavg().map((x) => x.toFixed(2)).join(' ')} after)`);
    console.log(`  catalog alone                          median ${(median(alone) / 1000).toFixed(2)} s  (${show(alone)})`);
    console.log(`  catalog + ${count} customers, 1 subscription each  median ${(median(withCustomers) / 1000).toFixed(2)} s  (${show(withCustomers)})`);
    console.log(`  the customers add ${(extra / 1000).toFixed(2)} s: ${Math.round(count / Math.max(extra / 1000, 1e-3))} customers/s (goal: < 2 s more)`);
  } finally {
    rmSync(catalogDir, { recursive: true, force: true });
    rmSync(customersDir, { recursive: true, force: true });
  }
}

await seedingFigure(seedingCustomers);
if (seedingOnly) process.exit(0);

console.log('\nsize    customers  load (read, validate, merge, references)  seed (template database)  total     MB/s');
for (const mb of sizes.length > 0 ? sizes : [1, 10, 50]) {
  const dir = writeFixtures(mb);
  try {
    let started = performance.now();
    const seed = loadFixtureFiles([dir]);
    const loadMs = performance.now() - started;
    started = performance.now();
    new EnvironmentRegistry({ seed, timeSource: realTime, startTime: new Date('2025-01-01T00:00:00Z'), dataDir: null, strictKeys: false }).init();
    const seedMs = performance.now() - started;
    const total = loadMs + seedMs;
    console.log(
      `${`${mb} MB`.padEnd(8)}${String(seed.customers.length).padStart(9)}  ${`${(loadMs / 1000).toFixed(2)} s`.padStart(40)}  ${`${(seedMs / 1000).toFixed(2)} s`.padStart(24)}  ${`${(total / 1000).toFixed(2)} s`.padStart(8)}  ${(mb / (total / 1000)).toFixed(2).padStart(7)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
