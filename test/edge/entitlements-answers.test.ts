/**
 * The edge's entitlements list (the Node SDK's default entitlement read) is remembered until the
 * next write or until time alone changes it. Its answers, byte for byte, are what executing the
 * GetEntitlements document answers at the same instant (what the route did on every request):
 * over a range of customers and scopes (subscriptions, add-ons, per-unit quantities, trials,
 * promotional grants, usage, event meters, credit entitlements, a spend budget, resources), at
 * instants where time alone changes the answers (usage windows rolling, grants and subscriptions
 * starting and ending, read just before and at each), after a clock move, and after writes.
 */
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { GET_ENTITLEMENTS } from '../../src/edge/documents.js';
import { entitlementsStableUntil } from '../../src/entitlements/entitlement-service.js';
import type { Environment } from '../../src/environments/environment.js';
import { buildExecutableSchema } from '../../src/graphql/schema.js';
import { createLogger } from '../../src/logging/logger.js';
import { FIXTURES } from '../entitlements/support.js';
import { gql, newEnvironment, rest } from '../support/emulator.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const END = Date.parse('2024-03-15T00:00:00.000Z');
const CUSTOMERS = [
  'c-addons', 'c-override', 'c-pro', 'c-promo', 'c-promo-small', 'c-promo-unlimited', 'c-promo-only', 'c-trial', 'c-soft',
  'c-unlimited', 'c-none', 'c-archived', 'c-not-started', 'c-pending', 'c-canceled', 'c-expired', 'c-ending', 'c-resources',
  'c-window', 'c-month-start', 'c-weekly', 'c-per-unit', 'c-credits', 'c-budget', 'c-mixed', 'c-unknown',
];
const SCOPES: (string | null)[] = [null, 'r1', 'r-ai', 'r-later'];
const PAIRS = CUSTOMERS.flatMap((customerId) => SCOPES.map((resourceId) => ({ customerId, resourceId })));

const schema = buildExecutableSchema().schema;
const DOCUMENT = parse(GET_ENTITLEMENTS);

// the environments' real time: moved by the tests, so time passes without a write
let realNow = T0;
let emu: Emulator;

beforeAll(() => {
  emu = createEmulator({
    config: { startTime: new Date(T0), logLevel: 'silent', port: 0, edgePort: -1, fixtures: [FIXTURES, join(import.meta.dirname, 'fixtures', 'edge-answers.yaml')] },
    logger: createLogger('silent'),
    timeSource: () => realNow,
  });
});
afterAll(() => emu.close());

/** A fresh environment whose clock reads `realNow` (it starts at T0 when created at T0). */
function freshEnvironment() {
  realNow = T0;
  const { serverKey } = newEnvironment('edge-answers');
  const env = emu.registry.resolve(serverKey).environment;
  return { serverKey, env };
}

const pathOf = (customerId: string, resourceId: string | null) =>
  `/v1/c/${encodeURIComponent(customerId)}/entitlements.json${resourceId === null ? '' : `?resourceId=${encodeURIComponent(resourceId)}`}`;

async function edge(key: string, customerId: string, resourceId: string | null): Promise<string> {
  const res = await emu.request(pathOf(customerId, resourceId), { headers: { 'x-api-key': key, 'x-api-version': '1' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  return res.text();
}

/** What the route answered before: the document executed at the environment's now. */
async function executed(env: Environment, customerId: string, resourceId: string | null): Promise<string> {
  const result = await execute({ schema, document: DOCUMENT, contextValue: { env, keyType: 'server', nowMs: env.pin() }, variableValues: { query: { customerId, resourceId } } });
  expect(result.errors).toBeUndefined();
  return JSON.stringify({ data: result.data ?? null });
}

/** Every pair read twice through the edge (the second read is remembered), each equal to the executed document. */
async function compareAll(key: string, env: Environment, label: string): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for (const { customerId, resourceId } of PAIRS) {
    const expected = await executed(env, customerId, resourceId);
    const first = await edge(key, customerId, resourceId);
    const second = await edge(key, customerId, resourceId);
    expect(first, `${label}: ${customerId} ${resourceId}`).toBe(expected);
    expect(second, `${label}: ${customerId} ${resourceId} (again)`).toBe(expected);
    answers.set(`${customerId} ${resourceId}`, expected);
  }
  return answers;
}

describe('the edge entitlements list, remembered', () => {
  it('answers what the document answers, as time passes without writes (before and at every instant the answers could change)', async () => {
    const { serverKey, env } = freshEnvironment();
    const instants = new Set<number>(
      ['2024-01-01T12:00:00Z', '2024-01-02T00:00:00Z', '2024-01-05T00:00:00Z', '2024-01-10T00:00:00Z', '2024-01-16T00:00:00Z', '2024-01-21T00:00:00Z', '2024-02-01T00:00:00Z', '2024-02-15T00:00:00Z'].map(Date.parse),
    );
    const visited: number[] = [];
    const changed = new Set<string>();
    let previous: Map<string, string> | null = null;
    while (instants.size > 0 && visited.length < 60) {
      const at = Math.min(...instants);
      instants.delete(at);
      realNow = at;
      visited.push(at);
      const answers = await compareAll(serverKey, env, new Date(at).toISOString());
      for (const [pair, text] of answers) if (previous && previous.get(pair) !== text) changed.add(pair);
      previous = answers;
      // the next instants time alone changes an answer at: read just before and at each
      for (const { customerId, resourceId } of PAIRS) {
        const until = entitlementsStableUntil(env.db, env.pin(), { customerId, resourceId });
        if (until > at + 1 && until < END) {
          instants.add(until - 1);
          instants.add(until);
        }
      }
    }
    // time moved the answers of windows, grants and subscriptions
    expect(visited.length).toBeGreaterThan(12);
    for (const pair of ['c-mixed null', 'c-mixed r-ai', 'c-mixed r-later', 'c-credits null', 'c-window null', 'c-weekly null']) expect(changed).toContain(pair);
  });

  it('answers what the document answers after a clock move and after writes between two reads', async () => {
    const { serverKey, env } = freshEnvironment();
    realNow = Date.parse('2024-01-03T00:00:00Z');
    const before = await compareAll(serverKey, env, 'start');

    // the control plane moves the clock (a write: the clock is stored)
    const moved = await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { advance: 'P14D' });
    expect(moved.status).toBe(200);
    const afterMove = await compareAll(serverKey, env, 'after the clock move');
    expect(afterMove.get('c-mixed r-later')).not.toBe(before.get('c-mixed r-later'));

    // usage reported, a promotional grant given, a subscription provisioned: each read after it
    const reported = await gql(emu, serverKey, 'mutation($input: ReportUsageInput!) { reportUsage(input: $input) { id } }', {
      input: { customerId: 'c-mixed', featureId: 'f-seats', value: 2 },
    });
    expect(reported.errors).toBeUndefined();
    const afterUsage = await compareAll(serverKey, env, 'after the usage report');
    expect(afterUsage.get('c-mixed null')).not.toBe(afterMove.get('c-mixed null'));

    const granted = await gql(
      emu,
      serverKey,
      'mutation($input: GrantPromotionalEntitlementsInput!) { grantPromotionalEntitlements(input: $input) { id } }',
      { input: { customerId: 'c-pro', promotionalEntitlements: [{ featureId: 'f-extra', period: 'ONE_WEEK' }] } },
    );
    expect(granted.errors).toBeUndefined();
    const afterGrant = await compareAll(serverKey, env, 'after the promotional grant');
    expect(afterGrant.get('c-pro null')).not.toBe(afterUsage.get('c-pro null'));

    const provisioned = await gql(
      emu,
      serverKey,
      'mutation($input: SubscriptionInput!) { createSubscription(subscription: $input) { status } }',
      { input: { customerId: 'c-none', planId: 'plan-pro', billingPeriod: 'MONTHLY' } },
    );
    expect(provisioned.errors).toBeUndefined();
    const afterProvision = await compareAll(serverKey, env, 'after the provisioning');
    expect(afterProvision.get('c-none null')).not.toBe(afterGrant.get('c-none null'));
  });

  it('answers the GraphQL endpoint\'s text for the same document', async () => {
    const { serverKey } = freshEnvironment();
    realNow = Date.parse('2024-01-01T12:00:00Z');
    for (const { customerId, resourceId } of PAIRS.filter((p) => p.resourceId === null || p.customerId === 'c-mixed')) {
      const res = await emu.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': serverKey },
        body: JSON.stringify({ query: GET_ENTITLEMENTS, variables: { query: { customerId, resourceId } } }),
      });
      expect(await edge(serverKey, customerId, resourceId)).toBe(await res.text());
    }
  });
});
