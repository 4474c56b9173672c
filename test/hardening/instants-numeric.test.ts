/**
 * Instants are INTEGER epoch milliseconds in SQLite (db/instant-column.ts): comparisons, ORDER BY
 * and indexes are numeric whatever the precision of the text they came from, while every answer
 * (GraphQL, exports, the control plane) still shows ISO-8601 text. Migration 0010 converts the
 * text instants of a database written before (any ISO form) and keeps what else it held.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openFileDatabase, type Sqlite } from '../../src/db/open-database.js';
import { earliestDueAt, promotionRepo, subscriptionRepo } from '../../src/db/repositories/subscriptions.js';
import * as schema from '../../src/db/schema.js';
import type { Emulator } from '../../src/emulator.js';
import { fileNameOf } from '../../src/application/registry.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { MAX_INSTANT_MS } from '../../src/time.js';
import { clientOperation } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, '..', 'credits', 'fixtures', 'credit-usage.yaml');
const open: Emulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const start = (config: Parameters<typeof testEmulator>[0] = {}) => {
  const emu = testEmulator(config);
  open.push(emu);
  return emu;
};
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-instants-numeric-'));
  dirs.push(dir);
  return dir;
};

/** An answer within `ms`, or 'no answer'. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'no answer'> =>
  Promise.race([promise, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), ms).unref())]);

const clock = (emu: Emulator, env: string, body: unknown) => rest(emu, 'POST', `/_emulator/environments/${env}/clock`, body);

/** The instant columns of the schema, by table. */
function instantColumns(): Map<string, string[]> {
  const columns = new Map<string, string[]>();
  for (const value of Object.values(schema)) {
    if (!is(value, SQLiteTable)) continue;
    const config = getTableConfig(value);
    const instants = config.columns.filter((c) => c.columnType === 'SQLiteCustomColumn').map((c) => c.name);
    if (instants.length > 0) columns.set(config.name, instants);
  }
  return columns;
}

/** `table.column = n` for every instant column holding something else than an integer or NULL. */
function nonIntegerInstants(sqlite: Sqlite): string[] {
  const found: string[] = [];
  for (const [table, columns] of instantColumns()) {
    for (const column of columns) {
      const n = sqlite.prepare(`SELECT count(*) FROM "${table}" WHERE typeof("${column}") NOT IN ('integer', 'null')`).pluck().get() as number;
      if (n > 0) found.push(`${table}.${column} = ${n}`);
    }
  }
  return found;
}

/** A database file with migrations 0000..0009 applied: the schema of the versions that stored instants as text. */
function databaseAt0009(dir: string, file: string): Sqlite {
  const folder = join(dir, 'migrations-0009');
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 9);
  expect(journal.entries.at(-1)!.tag).toBe('0009_promotion_notice_entitlement_digests');
  for (const e of journal.entries) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  return sqlite;
}

const declaredType = (sqlite: Sqlite, table: string, column: string) =>
  (sqlite.prepare(`SELECT type FROM pragma_table_info('${table}') WHERE name = ?`).pluck().get(column) as string).toLowerCase();

describe('instant columns', () => {
  it('are the 70 instant columns of 29 tables, declared INTEGER; period keys and source keys stay text', () => {
    const columns = instantColumns();
    expect([...columns.values()].flat()).toHaveLength(70);
    expect(columns.size).toBe(29);
    expect(columns.get('subscriptions')).toEqual([
      'start_date',
      'end_date',
      'trial_end_date',
      'cancellation_date',
      'created_at',
      'updated_at',
      'billing_anchor',
      'period_end_at',
      'schedule_at',
      'notice_for',
      'next_due_at',
    ]);
    expect(columns.get('credit_grants')).toEqual(['effective_at', 'expire_at', 'voided_at', 'created_at', 'updated_at']);
    expect(columns.get('usage_reports')).toEqual(['at', 'usage_period_end', 'created_at']);
    expect(columns.get('gov_usage')).toEqual(['at']);
    for (const [table, names] of columns) for (const name of names) expect(getTableConfig(Object.values(schema).find((v) => is(v, SQLiteTable) && getTableConfig(v).name === table) as SQLiteTable).columns.find((c) => c.name === name)!.getSQLType()).toBe('integer');
  });
});

describe('migration 0010 repairs a database that holds text instants', () => {
  it('converts every ISO form to the same instant (NULL stays NULL), then compares, orders and indexes numerically', () => {
    const dir = tempDir();
    const file = join(dir, 'legacy.db');
    const sqlite = databaseAt0009(dir, file);
    expect(declaredType(sqlite, 'subscriptions', 'next_due_at')).toBe('text');
    sqlite.prepare(`INSERT INTO meta (key, value) VALUES ('createdAt', '"2025-01-01T00:00:00.000Z"')`).run();
    const insertSubscription = sqlite.prepare(
      `INSERT INTO subscriptions (id, customer_id, plan_id, product_id, status, start_date, end_date, addons, billable_features, metadata, created_at, updated_at, next_due_at)
       VALUES (@id, 'c1', 'plan', 'product', 'ACTIVE', '2025-01-01T00:00:00.000Z', @end, '[]', '[]', '{}', '2025-01-01T00:00:00Z', '2025-01-01', @due)`,
    );
    // text order: +010000 < .123Z < .5Z < 00Z < T01:00+02:00 < 2026-01-02; time order: see below
    const stored: [string, string | null][] = [
      ['s-5', '2026-01-01T00:00:00.5Z'],
      ['s-123', '2026-01-01T00:00:00.123Z'],
      ['s-whole', '2026-01-01T00:00:00Z'],
      ['s-offset', '2026-01-01T01:00:00.000+02:00'],
      ['s-date', '2026-01-02'],
      ['s-micro', '2026-01-01T00:00:00.250000Z'],
      ['s-none', null],
      ['s-far', '+010000-01-01T00:00:00.000Z'],
    ];
    for (const [id, due] of stored) insertSubscription.run({ id, due, end: id === 's-none' ? null : '2027-01-01T00:00:00.000Z' });
    const textOrder = sqlite.prepare('SELECT id FROM subscriptions WHERE next_due_at IS NOT NULL ORDER BY next_due_at').pluck().all();
    expect(textOrder).toEqual(['s-far', 's-123', 's-micro', 's-5', 's-whole', 's-offset', 's-date']);
    // AUTOINCREMENT ids are never reused: the sequence outlives the rebuild
    const insertEvent = sqlite.prepare(`INSERT INTO webhook_events (message_id, type, payload, created_at) VALUES (?, 'customer.updated', '{}', '2025-01-01T00:00:00.000Z')`);
    for (const id of ['m1', 'm2', 'm3']) insertEvent.run(id);
    sqlite.prepare(`DELETE FROM webhook_events WHERE message_id = 'm3'`).run();
    // a table emptied keeps its sequence too; one never written has none
    sqlite.prepare(`INSERT INTO subscription_schedules (subscription_id, type, status, scheduled_at, variables, created_at, updated_at) VALUES ('s-5', 'Plan', 'Done', '2025-02-01', '{}', '2025-01-01', '2025-01-01')`).run();
    sqlite.prepare(`DELETE FROM subscription_schedules`).run();
    // rowids ("as written" order) are kept
    const insertGrant = sqlite.prepare(
      `INSERT INTO credit_grants (id, customer_id, currency_id, resource_id, grant_type, amount, consumed, priority, display_name, effective_at, expire_at, created_at, updated_at)
       VALUES (?, 'c1', 'cur', '', 'PAID', 10, 0, 10, 'g', '2025-01-01T00:00:00Z', ?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`,
    );
    insertGrant.run('grant-b', '2025-06-01T00:00:00.1Z');
    insertGrant.run('grant-a', '2025-06-01T00:00:00.05Z');
    sqlite.close();

    // the current code opens it: migration 0010 runs
    const { sqlite: migrated, db } = openFileDatabase(file);
    try {
      // every migration ran (0010 and the ones after it)
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(migrated.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(journal.entries.length);
      for (const [table, columns] of instantColumns()) for (const column of columns) expect(declaredType(migrated, table, column), `${table}.${column}`).toBe('integer');
      expect(nonIntegerInstants(migrated)).toEqual([]);

      const due = (id: string) => subscriptionRepo.get(db, id)!.nextDueAt;
      expect(due('s-5')).toBe('2026-01-01T00:00:00.500Z');
      expect(due('s-123')).toBe('2026-01-01T00:00:00.123Z');
      expect(due('s-whole')).toBe('2026-01-01T00:00:00.000Z');
      expect(due('s-offset')).toBe('2025-12-31T23:00:00.000Z');
      expect(due('s-date')).toBe('2026-01-02T00:00:00.000Z');
      expect(due('s-micro')).toBe('2026-01-01T00:00:00.250Z');
      expect(due('s-none')).toBeNull();
      expect(due('s-far')).toBe('+010000-01-01T00:00:00.000Z');
      expect(subscriptionRepo.get(db, 's-none')!.endDate).toBeNull();
      expect(subscriptionRepo.get(db, 's-5')).toMatchObject({ createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', endDate: '2027-01-01T00:00:00.000Z' });
      expect(migrated.prepare(`SELECT next_due_at FROM subscriptions WHERE id = 's-5'`).pluck().get()).toBe(Date.parse('2026-01-01T00:00:00.500Z'));

      // time order in SQL, in the repositories and in the index
      const timeOrder = migrated.prepare('SELECT id FROM subscriptions WHERE next_due_at IS NOT NULL ORDER BY next_due_at').pluck().all();
      expect(timeOrder).toEqual(['s-offset', 's-whole', 's-123', 's-micro', 's-5', 's-date', 's-far']);
      expect(subscriptionRepo.nextDue(db)!.id).toBe('s-offset');
      expect(earliestDueAt(db)).toBe('2025-12-31T23:00:00.000Z');
      expect(subscriptionRepo.anyDue(db, '2025-12-31T22:59:59.999Z')).toBe(false);
      expect(subscriptionRepo.anyDue(db, '2025-12-31T23:00:00.000Z')).toBe(true);
      expect(subscriptionRepo.dueAt(db, '2026-01-01T00:00:00.500Z').map((s) => s.id)).toEqual(['s-5']);
      const plan = migrated
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM subscriptions WHERE next_due_at <= ? LIMIT 1')
        .all(Date.parse('2026-01-01T00:00:00.000Z')) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/subscriptions_next_due/);

      expect(migrated.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'webhook_events'`).pluck().get()).toBe(3);
      expect(migrated.prepare(`INSERT INTO webhook_events (message_id, type, payload, created_at) VALUES ('m4', 't', '{}', 0) RETURNING id`).pluck().get()).toBe(4);
      expect(migrated.prepare(`SELECT name, seq FROM sqlite_sequence ORDER BY name`).all()).toEqual([
        { name: 'subscription_schedules', seq: 1 },
        { name: 'webhook_events', seq: 4 },
      ]);
      expect(migrated.prepare('SELECT id FROM credit_grants ORDER BY rowid').pluck().all()).toEqual(['grant-b', 'grant-a']);
      expect(migrated.prepare('SELECT id FROM credit_grants ORDER BY expire_at').pluck().all()).toEqual(['grant-a', 'grant-b']);
      // the indexes are back
      const indexes = migrated.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name`).pluck().all();
      expect(indexes).toEqual(
        expect.arrayContaining(['subscriptions_next_due', 'subscriptions_customer', 'credit_schedules_due', 'promotional_entitlements_due', 'promotional_entitlements_notice', 'usage_reports_history', 'usage_events_history', 'credit_consumptions_time', 'webhook_events_message_id_unique']),
      );
      expect(promotionRepo.due(db, '2030-01-01T00:00:00.000Z')).toBeUndefined();
    } finally {
      migrated.close();
    }
  });

  it('an environment written with text instants (in several ISO forms) exports the same document after the upgrade, and time applies in time order', async () => {
    const dataDir = tempDir();
    const env = 'legacy';
    const first = start({ dataDir, fixtures: [FIXTURES] });
    const send = (emu: Emulator, operation: string, variables: Record<string, unknown>) => gql(emu, `server-${env}`, clientOperation('go', operation), variables);
    expect((await clock(first, env, { to: '2025-01-02T00:00:00Z', frozen: true })).status).toBe(200);
    expect((await send(first, 'ProvisionSubscription', { input: { customerId: 'customer-b', planId: 'plan-ai', billingPeriod: 'MONTHLY' } })).errors).toBeUndefined();
    const ends = { 'feature-seats': '2025-02-28T23:00:00.000Z', 'feature-ai-tokens': '2025-03-01T00:00:00.000Z', 'feature-api-calls': '2025-03-01T00:00:00.450Z', 'feature-bytes': '2025-03-01T00:00:00.500Z' };
    const granted = await send(first, 'GrantPromotionalEntitlements', {
      input: { customerId: 'customer-a', promotionalEntitlements: Object.entries(ends).map(([featureId, customEndDate]) => ({ featureId, period: 'CUSTOM', customEndDate, usageLimit: 5 })) },
    });
    expect(granted.errors).toBeUndefined();
    expect((await send(first, 'ReportUsage', { input: { customerId: 'customer-b', featureId: 'feature-ai-tokens', value: 3, createdAt: '2024-12-31T12:00:00.25Z' } })).errors).toBeUndefined();
    expect((await send(first, 'ReportEvent', { input: { usageEvents: [{ customerId: 'customer-b', eventName: 'api_call', idempotencyKey: 'e1', dimensions: {}, timestamp: '2024-12-31T23:59:59.999Z' }] } })).errors).toBeUndefined();
    const grant = await send(first, 'GrantCredits', {
      input: { customerId: 'customer-b', currencyId: 'currency-credits', amount: 7, displayName: 'last instant', grantType: 'PAID', expireAt: '9999-12-31T23:59:59.999Z' },
    });
    expect(grant.errors).toBeUndefined();
    const exported = await rest(first, 'GET', `/_emulator/environments/${env}/export`);
    expect(exported.status).toBe(200);
    await first.close();
    open.splice(open.indexOf(first), 1);

    // the same facts in a database of the versions before: every instant as text, in varied ISO forms
    const file = join(dataDir, fileNameOf(env));
    const current = new Database(file, { readonly: true });
    const legacyFile = join(dataDir, 'legacy-0009.db');
    const legacy = databaseAt0009(dataDir, legacyFile);
    const instants = instantColumns();
    let n = 0;
    const asLegacyText = (ms: number, table: string, column: string): string => {
      const canonical = new Date(ms).toISOString();
      const trimmed = canonical.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'));
      const offset = ms + 7_200_000 <= MAX_INSTANT_MS ? new Date(ms + 7_200_000).toISOString().replace('Z', '+02:00') : canonical;
      // the grants' end dates: text order differs from time order (00Z sorts after .45Z, T01:00+02:00 after both)
      if (table === 'promotional_entitlements' && column === 'end_date') return ms === Date.parse(ends['feature-seats']) ? offset : trimmed;
      return [canonical, trimmed, offset, canonical.replace('Z', '000Z')][n++ % 4]!;
    };
    const tables = current.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', '__drizzle_migrations')`).pluck().all() as string[];
    legacy.transaction(() => {
      for (const table of tables) {
        const rows = current.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
        const columns = instants.get(table) ?? [];
        // the columns the versions before had (later migrations add columns with their defaults)
        const legacyColumns = new Set(legacy.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]);
        for (const full of rows) {
          const row = Object.fromEntries(Object.entries(full).filter(([name]) => legacyColumns.has(name)));
          for (const column of columns) if (typeof row[column] === 'number') row[column] = asLegacyText(row[column] as number, table, column);
          const names = Object.keys(row);
          legacy.prepare(`INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map((c) => `@${c}`).join(', ')})`).run(row);
        }
      }
    })();
    const legacyEnds = legacy.prepare(`SELECT feature_id, end_date FROM promotional_entitlements ORDER BY end_date`).all();
    expect(legacyEnds).toEqual([
      { feature_id: 'feature-api-calls', end_date: '2025-03-01T00:00:00.45Z' },
      { feature_id: 'feature-bytes', end_date: '2025-03-01T00:00:00.5Z' },
      { feature_id: 'feature-ai-tokens', end_date: '2025-03-01T00:00:00Z' },
      { feature_id: 'feature-seats', end_date: '2025-03-01T01:00:00.000+02:00' },
    ]);
    expect(legacy.prepare(`SELECT count(*) FROM credit_grants WHERE expire_at LIKE '9999-12-31T%'`).pluck().get()).toBe(1);
    current.close();
    legacy.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    copyFileSync(legacyFile, file);
    rmSync(legacyFile);

    const emu = start({ dataDir, fixtures: [FIXTURES] });
    const again = await rest(emu, 'GET', `/_emulator/environments/${env}/export`);
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(exported.body));
    expect(nonIntegerInstants(emu.registry.get(env).sqlite)).toEqual([]);

    // due in time order: to 00:00:00.460 expires the grants ending at 23:00 the day before, 00:00:00.000 and 00:00:00.450
    const moved = await clock(emu, env, { to: '2025-03-01T00:00:00.460Z' });
    expect(moved.status).toBe(200);
    const expired = (moved.body.applied as { type: string; featureId?: string; at: string }[]).filter((a) => a.type === 'promotionalEntitlement.expired');
    expect(expired.map((a) => [a.featureId, a.at])).toEqual([
      ['feature-seats', '2025-02-28T23:00:00.000Z'],
      ['feature-ai-tokens', '2025-03-01T00:00:00.000Z'],
      ['feature-api-calls', '2025-03-01T00:00:00.450Z'],
    ]);
    const customer = await gql(emu, `server-${env}`, `query { getCustomerByRefId(input: { customerId: "customer-a" }) { promotionalEntitlements { featureId status endDate } } }`);
    expect(customer.errors).toBeUndefined();
    const promotions = Object.fromEntries((customer.data!.getCustomerByRefId.promotionalEntitlements as { featureId: string; status: string; endDate: string }[]).map((p) => [p.featureId, p]));
    expect(promotions['feature-bytes']).toMatchObject({ status: 'Active', endDate: '2025-03-01T00:00:00.500Z' });
  });
});

describe('instants of different precision compare as instants', () => {
  it('promotional grants given end dates with 0, 2 and 1 fractional digits and an offset expire in time order; the stored values are integers', async () => {
    const emu = start({ fixtures: [FIXTURES] });
    const env = newEnvironment('precision');
    const send = (operation: string, variables: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation('go', operation), variables);
    expect((await clock(emu, env.id, { to: '2025-01-02T00:00:00Z', frozen: true })).status).toBe(200);
    const ends: Record<string, string> = {
      'feature-bytes': '2025-03-01T00:00:00.5Z',
      'feature-api-calls': '2025-03-01T00:00:00.45Z',
      'feature-ai-tokens': '2025-03-01T00:00:00Z',
      'feature-seats': '2025-03-01T01:00:00+02:00',
    };
    const granted = await send('GrantPromotionalEntitlements', {
      input: { customerId: 'customer-a', promotionalEntitlements: Object.entries(ends).map(([featureId, customEndDate]) => ({ featureId, period: 'CUSTOM', customEndDate, usageLimit: 5 })) },
    });
    expect(granted.errors).toBeUndefined();
    expect(Object.fromEntries((granted.data!.grantPromotionalEntitlements as { featureId: string; endDate: string }[]).map((p) => [p.featureId, p.endDate]))).toEqual({
      'feature-bytes': '2025-03-01T00:00:00.500Z',
      'feature-api-calls': '2025-03-01T00:00:00.450Z',
      'feature-ai-tokens': '2025-03-01T00:00:00.000Z',
      'feature-seats': '2025-02-28T23:00:00.000Z',
    });
    // usage reported at instants of different precision: the latest report is the latest instant
    for (const [value, createdAt] of [
      [1, '2024-12-31T23:59:59.1Z'],
      [2, '2024-12-31T23:59:59.09Z'],
      [3, '2024-12-31T23:59:59Z'],
    ] as const) {
      expect((await send('ReportUsage', { input: { customerId: 'customer-a', featureId: 'feature-seats', value, createdAt, updateBehavior: 'SET' } })).errors).toBeUndefined();
    }
    const sqlite = emu.registry.get(env.id).sqlite;
    expect(sqlite.prepare(`SELECT current_usage FROM usage_reports WHERE customer_id = 'customer-a' ORDER BY at DESC LIMIT 1`).pluck().get()).toBe(1);
    expect(nonIntegerInstants(sqlite)).toEqual([]);

    const moved = await clock(emu, env.id, { to: '2025-03-01T00:00:00.46Z' });
    expect(moved.status).toBe(200);
    const expired = (moved.body.applied as { type: string; featureId?: string; at: string }[]).filter((a) => a.type === 'promotionalEntitlement.expired');
    expect(expired.map((a) => [a.featureId, a.at])).toEqual([
      ['feature-seats', '2025-02-28T23:00:00.000Z'],
      ['feature-ai-tokens', '2025-03-01T00:00:00.000Z'],
      ['feature-api-calls', '2025-03-01T00:00:00.450Z'],
    ]);
    const state = await gql(emu, env.serverKey, `query { getCustomerByRefId(input: { customerId: "customer-a" }) { promotionalEntitlements { featureId status endDate } } }`);
    const byFeature = Object.fromEntries((state.data!.getCustomerByRefId.promotionalEntitlements as { featureId: string; status: string }[]).map((p) => [p.featureId, p.status]));
    // the customer lists its active grants: the one ending at 00:00:00.500 only
    expect(byFeature).toEqual({ 'feature-bytes': 'Active' });
    const next = await clock(emu, env.id, { to: '2025-03-01T00:00:00.5Z' });
    expect((next.body.applied as { type: string; featureId?: string }[]).filter((a) => a.type === 'promotionalEntitlement.expired').map((a) => a.featureId)).toEqual(['feature-bytes']);
  });
});

describe('instants outside 1970..9999 are still refused at once', () => {
  it('GraphQL (BadUserInput) and the control plane (400), within 2 s; the last instant is stored and read back exactly', async () => {
    const emu = start({ fixtures: [FIXTURES] });
    const env = newEnvironment('bounds');
    const send = (operation: string, variables: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation('go', operation), variables);
    for (const createdAt of ['+010000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '1969-12-31T23:59:59.999Z']) {
      const res = await within(send('ReportUsage', { input: { customerId: 'customer-a', featureId: 'feature-seats', value: 1, createdAt } }), 2_000);
      expect(res, createdAt).not.toBe('no answer');
      expect(codeOf(res as Awaited<ReturnType<typeof send>>), createdAt).toBe('BadUserInput');
    }
    const refused = await within(clock(emu, env.id, { to: '+010000-01-01T00:00:00Z' }), 2_000);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'BadUserInput' } } });

    const grant = await send('GrantCredits', {
      input: { customerId: 'customer-a', currencyId: 'currency-credits', amount: 1, displayName: 'to the end', grantType: 'PAID', expireAt: '9999-12-31T23:59:59.999Z' },
    });
    expect(grant.errors).toBeUndefined();
    const sqlite = emu.registry.get(env.id).sqlite;
    expect(sqlite.prepare(`SELECT expire_at FROM credit_grants WHERE display_name = 'to the end'`).pluck().get()).toBe(MAX_INSTANT_MS);
    const exported = await rest(emu, 'GET', `/_emulator/environments/${env.id}/export`);
    const grants = exported.body.customers.find((c: { id: string }) => c.id === 'customer-a').creditGrants as { displayName: string; expireAt: string }[];
    expect(grants.find((g) => g.displayName === 'to the end')!.expireAt).toBe('9999-12-31T23:59:59.999Z');
  });
});
