/**
 * N2: instants are bounded (1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z) and refused at the
 * edge otherwise; a clock move never loops on a far-future instant; an environment whose stored clock
 * is out of range does not break the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { EnvironmentClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { MAX_INSTANT_MS, MIN_INSTANT_MS } from '../../src/time.js';
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

/** An answer within `ms`, or 'no answer' (the request is left running). */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'no answer'> =>
  Promise.race([promise, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), ms).unref())]);

const clock = (emu: Emulator, env: string, body: unknown) => rest(emu, 'POST', `/_emulator/environments/${env}/clock`, body);

describe('N2: the control-plane clock refuses instants outside 1970..9999', () => {
  it.each([
    ['to past 9999', { to: '+010000-01-01T00:00:00Z' }],
    ['to at the Date limit', { to: '+275760-09-13T00:00:00Z' }],
    ['to before 1970', { to: '1969-12-31T23:59:59Z' }],
    ['to not ISO-8601', { to: 'next tuesday' }],
    ['to not a date', { to: '2025-13-45T00:00:00Z' }],
    ['advance past 9999 by duration', { advance: 'P9000Y' }],
    ['advance past 9999 by milliseconds', { advance: 8.64e15 }],
    ['advance past 9999 by milliseconds as text', { advance: '300000000000000' }],
  ])('%s: 400 BadUserInput, the clock unchanged', async (_name, body) => {
    const emu = start();
    const env = newEnvironment('inst').id;
    const before = (await clock(emu, env, { frozen: true })).body.now;
    const res = await within(clock(emu, env, body), 2_000);
    expect(res).not.toBe('no answer');
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'BadUserInput', message: expect.any(String) } } });
    expect((await rest(emu, 'GET', `/_emulator/environments/${env}/clock`)).body.now).toBe(before);
  });

  it('accepts the last instant, 9999-12-31T23:59:59.999Z (as an instant: the seeded transitions may refuse the jump), and a running clock stops there', async () => {
    const emu = start();
    const env = newEnvironment('inst').id;
    const res = await within(clock(emu, env, { to: '9999-12-31T23:59:59.999Z' }), 10_000);
    expect(res).not.toBe('no answer');
    expect((res as { status: number }).status).not.toBe(400);
    let real = 1_000;
    const running = EnvironmentClock.startingAt(() => real, MAX_INSTANT_MS - 5);
    real += 60_000;
    expect(running.nowMs()).toBe(MAX_INSTANT_MS);
    expect(new Date(MAX_INSTANT_MS).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(new Date(MIN_INSTANT_MS).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('N2: --start-time, fixtures and GraphQL DateTime inputs are bounded', () => {
  it('--start-time outside the bounds is refused', () => {
    expect(() => loadConfig(['--start-time', '+010000-01-01T00:00:00Z'], {})).toThrow(/start-time/);
    expect(() => loadConfig(['--start-time', '1960-01-01T00:00:00Z'], {})).toThrow(/start-time/);
    expect(loadConfig(['--start-time', '9999-12-31T00:00:00Z'], {}).startTime?.toISOString()).toBe('9999-12-31T00:00:00.000Z');
  });

  it('a fixture date outside the bounds is a fixture problem', async () => {
    const emu = start();
    const env = newEnvironment('inst').id;
    const fixture = `customers:\n  - { id: c1, createdAt: "+010000-01-01T00:00:00Z" }\n`;
    const res = await rest(emu, 'POST', `/_emulator/environments/${env}/fixtures`, fixture, { 'content-type': 'application/yaml' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/createdAt/);
  });

  it('GraphQL DateTime inputs (variables and literals) outside the bounds are BadUserInput', async () => {
    const emu = start({ fixtures: [FIXTURES] });
    const env = newEnvironment('inst');
    const send = (operation: string, variables: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation('go', operation), variables);
    const provision = (startDate: unknown) => send('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY', startDate } });
    for (const bad of ['+275760-09-13T00:00:00Z', '+010000-01-01T00:00:00Z', '1969-07-20T20:17:00Z', 'soon']) {
      const res = await within(provision(bad), 2_000);
      expect(res).not.toBe('no answer');
      expect(codeOf(res as Awaited<ReturnType<typeof provision>>), bad).toBe('BadUserInput');
    }
    const promo = await send('GrantPromotionalEntitlements', {
      input: { customerId: 'customer-a', promotionalEntitlements: [{ featureId: 'feature-seats', period: 'CUSTOM', customEndDate: '+010000-01-01T00:00:00Z', usageLimit: 5 }] },
    });
    expect(codeOf(promo)).toBe('BadUserInput');
    const literal = await gql(
      emu,
      env.serverKey,
      'mutation { provisionSubscriptionV2(input: { customerId: "customer-a", planId: "plan-ai", billingPeriod: MONTHLY, startDate: "+275760-09-13T00:00:00Z" }) { status } }',
    );
    expect(codeOf(literal)).toBe('BadUserInput');
    // an accepted instant whose billing period would end after 9999-12-31: refused, nothing written
    const late = await provision('9999-12-31T00:00:00Z');
    expect(codeOf(late)).toBe('BadUserInput');
    expect(late.errors?.[0]?.message).toContain('10000-01-31');
    const subscriptions = await rest(emu, 'GET', `/_emulator/environments/${env.id}/export`);
    expect(JSON.stringify(subscriptions.body)).not.toContain('9999-12-31T00:00:00');
    // the environment still answers
    const ok = await provision('2025-02-01T00:00:00Z');
    expect(ok.errors).toBeUndefined();
  });
});

/** These moves apply thousands of transitions: they check that the work is bounded, not how fast a loaded machine does it. */
const HEAVY_MOVE_TIMEOUT_MS = 120_000;

describe('N2: a move to 9999-12-31 answers promptly', () => {
  it('with an active monthly subscription, a promotional grant and a recurring credit grant: an answer, and the server keeps serving', async () => {
    const emu = start({ fixtures: [FIXTURES] });
    const env = newEnvironment('inst');
    const send = (operation: string, variables: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation('go', operation), variables);
    await clock(emu, env.id, { to: '2025-07-01T00:00:00Z', frozen: true });
    expect((await send('ProvisionSubscription', { input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY' } })).errors).toBeUndefined();
    const granted = await send('GrantPromotionalEntitlements', {
      input: { customerId: 'customer-b', promotionalEntitlements: [{ featureId: 'feature-seats', period: 'CUSTOM', customEndDate: '2026-01-01T00:00:00Z', usageLimit: 5 }] },
    });
    expect(granted.errors).toBeUndefined();

    const res = await within(clock(emu, env.id, { to: '9999-12-31T23:59:59Z' }), 10_000);
    expect(res).not.toBe('no answer');
    expect(res).toMatchObject({ status: 422, body: { error: { code: 'InvalidClockMove', message: expect.stringMatching(/transitions/) } } });
    // refused as a whole: the clock did not move
    expect((await rest(emu, 'GET', `/_emulator/environments/${env.id}/clock`)).body.now).toBe('2025-07-01T00:00:00.000Z');
    expect(await within(rest(emu, 'GET', '/_emulator/health'), 2_000)).toMatchObject({ status: 200 });
    // a year at a time still works
    const year = await clock(emu, env.id, { advance: 'P1Y' });
    expect(year.status).toBe(200);
    expect(year.body.applied.map((a: { type: string }) => a.type)).toContain('promotionalEntitlement.expired');
  }, HEAVY_MOVE_TIMEOUT_MS);
});

describe('N2: the limit is per subscription, not per move', () => {
  it('a tenant of 600 monthly subscriptions moves two months at once (more than 1,000 transitions in all)', async () => {
    const customers = Array.from({ length: 600 }, (_, i) => ({
      id: `c-${i}`,
      subscriptions: [{ planId: 'plan-ai', billingPeriod: 'MONTHLY', startDate: '2025-07-01T00:00:00Z' }],
    }));
    const emu = start({ fixtures: [FIXTURES] });
    const env = newEnvironment('inst');
    await clock(emu, env.id, { to: '2025-07-01T00:00:00Z', frozen: true });
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/fixtures`, { customers })).status).toBe(200);
    const moved = await clock(emu, env.id, { to: '2025-09-02T00:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body.applied.length).toBeGreaterThan(1_000);
  }, HEAVY_MOVE_TIMEOUT_MS);
});

describe('N2: an environment whose stored clock is out of range does not break the others', () => {
  it('after a restart, it is listed with an error and answers 503 with the way out; the list, the inspector home and the others work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-instants-'));
    dirs.push(dir);
    const first = start({ dataDir: dir });
    for (const id of ['bad', 'good']) expect((await clock(first, id, { to: '2025-06-01T00:00:00Z', frozen: true })).status).toBe(200);
    await first.close();
    open.splice(open.indexOf(first), 1);
    // a clock written before instants were bounded
    const sqlite = new Database(join(dir, 'bad.db'));
    sqlite.prepare("UPDATE meta SET value = ? WHERE key = 'clock'").run(JSON.stringify({ offsetMs: 0, frozenAtMs: Date.parse('+275760-09-13T00:00:00Z') }));
    sqlite.close();

    const emu = start({ dataDir: dir });
    const bad = await rest(emu, 'GET', '/_emulator/environments/bad/clock');
    expect(bad.status).toBe(503);
    expect(bad.body.error.code).toBe('ServiceUnavailable');
    expect(bad.body.error.message).toMatch(/stored clock/);
    const list = await rest(emu, 'GET', '/_emulator/environments');
    expect(list.status).toBe(200);
    const byId = Object.fromEntries(list.body.environments.map((e: { id: string }) => [e.id, e]));
    expect(byId.bad).toMatchObject({ id: 'bad', open: false, error: { code: 'ServiceUnavailable', message: expect.stringMatching(/stored clock/) } });
    expect(byId.good).toMatchObject({ id: 'good' });
    expect((await rest(emu, 'GET', '/_emulator/environments/good/clock')).body.now).toBe('2025-06-01T00:00:00.000Z');
    const home = await emu.request('/_emulator/ui');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('data-environment="good"');
    expect(html).toMatch(/broken/);
    // the way out: a reset starts it again from the seed
    expect((await rest(emu, 'POST', '/_emulator/environments/bad/reset')).status).toBe(200);
    expect((await rest(emu, 'GET', '/_emulator/environments')).body.environments.find((e: { id: string }) => e.id === 'bad').error).toBeUndefined();
  });
});
