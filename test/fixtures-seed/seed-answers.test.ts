/**
 * Seeding answers: what a fixture seeds is compared, table by table, with the rows the seeding
 * wrote before it was made fast (captured from that code in seed-answers.golden.json: each table's
 * row count and the SHA-256 of its rows, generated ids normalised). A varied fixture (every kind
 * of customer entry) and every fixture set of the repository.
 *   UPDATE_SEED_ANSWERS=1 npx vitest run test/fixtures-seed   rewrites the golden file
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digest, fixtureDir, seededRows, type TableDump } from './seed-dump.js';
import { variedCustomers } from './varied-fixture.js';

const GOLDEN = join(import.meta.dirname, 'seed-answers.golden.json');
const START = '2025-03-01T00:00:00.000Z';

const sets: Record<string, () => string[]> = {
  varied: () => [
    'test/subscriptions/fixtures/subscriptions.yaml',
    'test/credits/fixtures/credits.yaml',
    'fixtures/examples/governance-tree.yaml',
    fixtureDir({ customers: variedCustomers(140) }),
  ],
  demo: () => ['fixtures/demo'],
  'demo and examples': () => ['fixtures/demo', 'fixtures/examples'],
  'test/fixtures/catalog.yaml': () => ['test/fixtures/catalog.yaml'],
  ...Object.fromEntries(
    [
      'credits/fixtures/credit-usage.yaml',
      'credits/fixtures/credits.yaml',
      'entitlements/fixtures/entitlements.yaml',
      'governance/fixtures/governance.yaml',
      'lifecycle/fixtures/lifecycle.yaml',
      'pricing/fixtures/pricing.yaml',
      'subscriptions/fixtures/budgets.yaml',
      'subscriptions/fixtures/reads.yaml',
      'subscriptions/fixtures/subscriptions.yaml',
      'subscriptions/fixtures/versions.yaml',
      'usage/fixtures/events.yaml',
      'usage/fixtures/history-plan-changes.yaml',
      'webhooks/fixtures/conformance.yaml',
      'webhooks/fixtures/credit-conformance.yaml',
    ].map((file) => [`test/${file}`, () => [`test/${file}`]]),
  ),
};

const update = process.env.UPDATE_SEED_ANSWERS === '1';
const golden: Record<string, TableDump> = update ? {} : (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, TableDump>);

describe('seeding answers: the rows a fixture seeds are those the seeding wrote before it was made fast', () => {
  for (const [name, paths] of Object.entries(sets)) {
    it(name, () => {
      const rows = digest(seededRows(paths(), START));
      if (update) {
        golden[name] = rows;
        writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 2)}\n`);
        return;
      }
      expect(rows).toEqual(golden[name]);
    });
  }

  it('the varied fixture seeds every kind of customer row', () => {
    const rows = golden.varied!;
    for (const table of ['customers', 'subscriptions', 'subscription_schedules', 'usage', 'promotional_entitlements', 'credit_grants', 'credit_ledger', 'credit_schedules', 'auto_recharge_settings', 'usage_events', 'gov_assignments', 'gov_usage']) {
      expect(rows[table]?.rows ?? 0, table).toBeGreaterThan(0);
    }
  });

  it('seeding records no webhook events (fixtures are state, not changes)', () => {
    for (const [name, rows] of Object.entries(golden)) expect(rows.webhook_events, name).toBeUndefined();
  });
});
