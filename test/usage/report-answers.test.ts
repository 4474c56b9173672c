/**
 * Usage reports, answers before and after the report path was restructured: a scripted series of
 * reports (DELTA and SET, past periods, resources, soft and unlimited limits, thresholds crossed,
 * idempotent retries, bulk, budgets, credit-backed usage, refused reports) whose GraphQL answers
 * and recorded webhook events (types, order, payloads) must equal the ones recorded from the code
 * before (fixtures/report-answers.json). Generated ids are numbered by first appearance.
 * `UPDATE_REPORT_ANSWERS=1` writes the file again (only when the answers are meant to change).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const GOLDEN = join(import.meta.dirname, 'fixtures', 'report-answers.json');
const fixture = (path: string) => join(import.meta.dirname, '..', path);

const REPORT = clientOperation('go', 'ReportUsage');
const REPORT_BULK = clientOperation('go', 'ReportUsageBulk');
const REPORT_NODE = clientOperation('node', 'ReportUsage');
const ENTITLEMENT = clientOperation('go', 'GetEntitlement');

const emulators: Emulator[] = [];
afterAll(async () => {
  for (const emu of emulators) await emu.close();
});

type Step = [string, string, Record<string, unknown>] | ['clock', string] | ['subscribe', string, string];

async function run(fixtures: string, start: string, steps: Step[]): Promise<unknown[]> {
  const emu = testEmulator({ fixtures: [fixture(fixtures)], startTime: new Date(Date.parse(start) - 86_400_000) });
  emulators.push(emu);
  const env = newEnvironment('answers');
  const clock = (to: string) => rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to, frozen: true });
  // frozen from the scenario's start (a move forward from the emulator's start time)
  if ((await clock(start)).status !== 200) throw new Error('clock move refused');
  const out: unknown[] = [];
  for (const step of steps) {
    if (step[0] === 'clock') {
      out.push(['clock', (await clock(step[1])).status]);
    } else if (step[0] === 'subscribe') {
      const res = await gql(emu, env.serverKey, clientOperation('go', 'ProvisionSubscription'), { input: { customerId: step[1], planId: step[2], billingPeriod: 'MONTHLY' } });
      out.push(['subscribe', res.errors ?? 'ok']);
    } else {
      const [document, name, variables] = step as [string, string, Record<string, unknown>];
      const res = await gql(emu, env.serverKey, document, variables);
      out.push([name, res.status, res.data ?? null, res.errors?.map((e) => [e.message, e.extensions?.code]) ?? null]);
    }
  }
  const events = await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`);
  out.push(['events', events.status, events.body.events.map((e: { type: string; payload: unknown }) => [e.type, e.payload])]);
  return normalise(out, env.id);
}

/** UUIDs numbered by first appearance; the environment's id named; generated subscription ids' random suffix hidden. */
function normalise(value: unknown, envId: string): unknown[] {
  const ids = new Map<string, string>();
  const text = JSON.stringify(value)
    .replaceAll(envId, '<env>')
    .replace(/(subscription-[a-z0-9-]+?-)[0-9a-f]{6}\b/g, '$1<hex>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id ${ids.size + 1}>`);
      return ids.get(id)!;
    });
  return JSON.parse(text);
}

const r = (input: Record<string, unknown>): Step => [REPORT, 'report', { input }];
const bulk = (usages: Record<string, unknown>[]): Step => [REPORT_BULK, 'bulk', { input: { usages } }];
const check = (customerId: string, featureId: string, resourceId?: string): Step => [ENTITLEMENT, 'check', { query: { customerId, featureId, resourceId } }];

const SCENARIOS: Record<string, () => Promise<unknown[]>> = {
  entitlements: () =>
    run('entitlements/fixtures/entitlements.yaml', '2024-01-01T12:00:00Z', [
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 5 }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 4 }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 3, updateBehavior: 'SET' }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 9, updateBehavior: 'SET' }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 2, idempotencyKey: 'k-1' }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 2, idempotencyKey: 'k-1' }),
      r({ customerId: 'c-pro', featureId: 'f-days', value: 40, dimensions: { region: 'eu', n: 2, b: true } }),
      r({ customerId: 'c-addons', featureId: 'f-seats', value: 16 }),
      r({ customerId: 'c-soft', featureId: 'f-seats', value: 1 }),
      r({ customerId: 'c-unlimited', featureId: 'f-seats', value: 1000 }),
      r({ customerId: 'c-promo-small', featureId: 'f-seats', value: 14 }),
      r({ customerId: 'c-resources', featureId: 'f-seats', value: 4 }),
      r({ customerId: 'c-resources', featureId: 'f-seats', value: 7, resourceId: 'r1' }),
      r({ customerId: 'c-resources', featureId: 'f-seats', value: 1, resourceId: 'r-missing' }),
      r({ customerId: 'c-trial', featureId: 'f-api', value: 900 }),
      r({ customerId: 'c-trial', featureId: 'f-api', value: 200 }),
      r({ customerId: 'c-window', featureId: 'f-api', value: 10 }),
      r({ customerId: 'c-month-start', featureId: 'f-api', value: 85 }),
      ['clock', '2024-02-10T00:00:00Z'],
      r({ customerId: 'c-month-start', featureId: 'f-api', value: 10 }),
      r({ customerId: 'c-month-start', featureId: 'f-api', value: 3, createdAt: '2024-01-20T00:00:00Z' }),
      r({ customerId: 'c-month-start', featureId: 'f-api', value: 50, updateBehavior: 'SET', createdAt: '2024-01-25T00:00:00Z' }),
      r({ customerId: 'c-window', featureId: 'f-api', value: 5, createdAt: '2024-02-09T00:00:00Z' }),
      r({ customerId: 'c-month-start', featureId: 'f-api', value: 1, createdAt: '2030-01-01T00:00:00Z' }),
      bulk([
        { customerId: 'c-pro', featureId: 'f-seats', value: 1 },
        { customerId: 'c-pro', featureId: 'f-seats', value: 2 },
        { customerId: 'c-month-start', featureId: 'f-api', value: 70 },
        { customerId: 'c-month-start', featureId: 'f-api', value: 4, createdAt: '2024-01-02T00:00:00Z' },
        { customerId: 'c-addons', featureId: 'f-seats', value: 1, idempotencyKey: 'b-1' },
        { customerId: 'c-addons', featureId: 'f-seats', value: 1, idempotencyKey: 'b-1' },
      ]),
      bulk([
        { customerId: 'c-pro', featureId: 'f-seats', value: 1 },
        { customerId: 'c-nope', featureId: 'f-seats', value: 1 },
      ]),
      r({ customerId: 'c-nope', featureId: 'f-seats', value: 1 }),
      r({ customerId: 'c-archived', featureId: 'f-seats', value: 1 }),
      r({ customerId: 'c-pro', featureId: 'f-nope', value: 1 }),
      r({ customerId: 'c-pro', featureId: 'f-flag', value: 1 }),
      r({ customerId: 'c-pro', featureId: 'f-events', value: 1 }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: Number.MAX_SAFE_INTEGER }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 1, idempotencyKey: ' ' }),
      r({ customerId: 'c-pro', featureId: 'f-seats', value: 1, dimensions: { nested: { a: 1 } } }),
      [REPORT_NODE, 'report (node)', { input: { customerId: 'c-none', featureId: 'f-seats', value: 1 } }],
      [REPORT_NODE, 'report (node)', { input: { customerId: 'c-pending', featureId: 'f-seats', value: 1 } }],
      check('c-pro', 'f-seats'),
      check('c-month-start', 'f-api'),
      check('c-resources', 'f-seats', 'r1'),
    ]),
  budgets: () =>
    run('subscriptions/fixtures/budgets.yaml', '2025-01-10T00:00:00Z', [
      r({ customerId: 'c-sdk', featureId: 'f-api', value: 2 }),
      r({ customerId: 'c-sdk', featureId: 'f-api', value: 0.5 }),
      r({ customerId: 'c-sdk', featureId: 'f-api', value: 1 }),
      r({ customerId: 'c-sdk', featureId: 'f-seats', value: 11 }),
      check('c-sdk', 'f-api'),
      bulk([
        { customerId: 'c-fixture', featureId: 'f-api', value: 30 },
        { customerId: 'c-fixture', featureId: 'f-api', value: 15 },
        { customerId: 'c-fixture', featureId: 'f-api', value: 10 },
      ]),
      r({ customerId: 'c-plain', featureId: 'f-api', value: 1000 }),
      check('c-fixture', 'f-api'),
    ]),
  credits: () =>
    run('credits/fixtures/credit-usage.yaml', '2025-07-01T00:00:00Z', [
      ['subscribe', 'customer-a', 'plan-ai'],
      ['clock', '2025-07-01T00:00:01Z'],
      r({ customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 10 }),
      r({ customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 5, updateBehavior: 'SET' }),
      r({ customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 30, idempotencyKey: 'c-1' }),
      r({ customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 30, idempotencyKey: 'c-1' }),
      r({ customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 40 }),
      r({ customerId: 'customer-a', featureId: 'feature-seats', value: 6 }),
      bulk([
        { customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 1 },
        { customerId: 'customer-a', featureId: 'feature-ai-tokens', value: 2, createdAt: '2025-07-01T00:00:00Z' },
      ]),
    ]),
};

describe('usage reports: answers and events unchanged by the report path', () => {
  it('every scenario answers and records what the code before did', async () => {
    const answers: Record<string, unknown[]> = {};
    for (const [name, scenario] of Object.entries(SCENARIOS)) answers[name] = await scenario();
    if (process.env.UPDATE_REPORT_ANSWERS === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(answers, null, 1)}\n`);
    expect(answers).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  }, 60_000);
});
