/**
 * The in-process helpers on `startEmulator()`'s result: moveClock, reset, loadFixtures, snapshot
 * and restore, through the Node SDK as a test suite uses them. Each does what the control plane's
 * route does (the same services), so their answers are compared with the route's on a twin
 * environment. The packed tarball runs the same helpers under Vitest and Jest
 * (scripts/test-package.sh).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BillingPeriod, Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator, type RunningEmulator } from '../../src/index.js';

let emu: RunningEmulator;
const clients: Stigg[] = [];

beforeAll(async () => {
  emu = await startEmulator({ startTime: '2025-01-01T00:00:00Z' });
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await emu.close();
});

async function sdkFor(env: string): Promise<Stigg> {
  const stigg = Stigg.initialize({ ...emu.sdkFor(env), realtimeUpdatesEnabled: false, enableEdge: false });
  clients.push(stigg);
  await stigg.waitForInitialization();
  return stigg;
}

const control = async (path: string, body?: unknown) => {
  const res = await fetch(`${emu.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const TRIAL = { planId: 'plan-revvenu-growth', billingPeriod: BillingPeriod.Monthly };

describe('emu.moveClock', () => {
  it('applies what is due before it resolves, as POST .../clock does (same answer, same journal entry)', async () => {
    const [a, b] = [`helpers-${randomUUID()}`, `helpers-${randomUUID()}`];
    for (const env of [a, b]) {
      await emu.moveClock(env, { to: '2025-01-02T00:00:00Z', frozen: true });
      const stigg = await sdkFor(env);
      await stigg.provisionCustomer({ customerId: 'cust-1', subscriptionParams: { ...TRIAL, startDate: new Date('2025-01-02T00:00:00Z') } });
    }
    const moved = await emu.moveClock(a, { advance: 'P15D' });
    const routed = await control(`/environments/${b}/clock`, { advance: 'P15D' });
    expect(routed.status).toBe(200);
    // the same answer but for the generated subscription ids
    const ids = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/subscription-plan-revvenu-growth-[0-9a-f]{6}/g, 'subscription-id')) as unknown;
    expect(ids(moved)).toEqual(ids(routed.body));
    expect(moved.now).toBe('2025-01-17T00:00:00.000Z');
    expect(moved.applied.map((t) => t.type)).toEqual(['subscription.trial.ends_soon', 'subscription.trial_converted']);
    const [entryA] = emu.environment(a).journal.list().filter((e) => e.operationName === 'clock').slice(-1);
    const [entryB] = emu.environment(b).journal.list().filter((e) => e.operationName === 'clock').slice(-1);
    expect(ids({ ...entryA, durationMs: 0, path: entryA!.path!.replace(a, b) })).toEqual(ids({ ...entryB, durationMs: 0 }));
  });

  it('takes a Date for `to`; refuses to go back (InvalidClockMove) and bad input (BadUserInput) as the route does', async () => {
    const env = `helpers-${randomUUID()}`;
    const moved = await emu.moveClock(env, { to: new Date('2025-03-01T00:00:00Z'), frozen: true });
    expect(moved).toMatchObject({ now: '2025-03-01T00:00:00.000Z', frozen: true });
    // the demo seed's monthly subscriptions renewed on the way
    expect(moved.applied.some((t) => t.type === 'subscription.renewed' && t.at === '2025-02-01T00:00:00.000Z')).toBe(true);
    expect(emu.environment(env).now().toISOString()).toBe('2025-03-01T00:00:00.000Z');

    const back = emu.moveClock(env, { to: '2025-02-01T00:00:00Z' });
    await expect(back).rejects.toBeInstanceOf(EmulatorError);
    await expect(back).rejects.toMatchObject({ code: 'InvalidClockMove' });
    await expect(emu.moveClock(env, { advance: 'two weeks' })).rejects.toMatchObject({ code: 'BadUserInput', message: expect.stringContaining('neither an ISO-8601 duration') });
    // not both (a value the types refuse, as a JavaScript caller could send it)
    await expect(emu.moveClock(env, { to: '2025-04-01T00:00:00Z', advance: 'P1D' } as never)).rejects.toMatchObject({ code: 'BadUserInput', message: 'give "to" or "advance", not both' });
    expect(emu.environment(env).now().toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });

  it('walks in steps and lets the clock run again', async () => {
    const env = `helpers-${randomUUID()}`;
    await emu.moveClock(env, { to: '2025-01-02T00:00:00Z', frozen: true });
    const walked = await emu.moveClock(env, { advance: 'P3D', step: 'P1D' });
    expect(walked.now).toBe('2025-01-05T00:00:00.000Z');
    expect((await emu.moveClock(env, { frozen: false })).frozen).toBe(false);
  });
});

describe('emu.reset', () => {
  it('puts the environment back to the seed and the start time', async () => {
    const env = `helpers-${randomUUID()}`;
    const stigg = await sdkFor(env);
    await stigg.provisionCustomer({ customerId: 'cust-reset', name: 'Gone soon', subscriptionParams: null });
    await emu.moveClock(env, { advance: 'P30D' });
    const reset = await emu.reset(env);
    expect(reset).toMatchObject({ id: env, reset: true });
    expect(Date.parse(reset.clock.now)).toBeLessThan(Date.parse('2025-01-02T00:00:00Z'));
    await expect(stigg.getCustomer('cust-reset')).rejects.toThrow();
    expect((await stigg.getCustomer('customer-demo-01')).name).toBe('Demo Customer 01');
  });
});

describe('emu.loadFixtures', () => {
  it('loads a fixture document given as a value', async () => {
    const env = `helpers-${randomUUID()}`;
    const { loaded } = await emu.loadFixtures(env, {
      features: [{ id: 'feature-helpers-sso', featureType: 'BOOLEAN' }],
      plans: [{ id: 'plan-helpers', productId: 'product-revvenu', pricingType: 'FREE', entitlements: [{ featureId: 'feature-helpers-sso' }] }],
      customers: [{ id: 'cust-helpers', name: 'Helpers', subscriptions: [{ planId: 'plan-helpers' }] }],
    });
    expect(loaded).toMatchObject({ features: 1, plans: 1, customers: 1 });
    const stigg = await sdkFor(env);
    expect((await stigg.getBooleanEntitlement({ customerId: 'cust-helpers', featureId: 'feature-helpers-sso' })).hasAccess).toBe(true);
  });

  it('loads files and directories (YAML or JSON, as --fixtures reads them), validated against what the environment has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stigg-emulator-helpers-'));
    writeFileSync(join(dir, 'one.yaml'), 'customers:\n  - { id: cust-yaml, name: From YAML }\n');
    mkdirSync(join(dir, 'more'));
    writeFileSync(join(dir, 'more', 'two.json'), JSON.stringify({ customers: [{ id: 'cust-json', name: 'From JSON', subscriptions: [{ planId: 'plan-revvenu-basic' }] }] }));
    const env = `helpers-${randomUUID()}`;
    expect((await emu.loadFixtures(env, join(dir, 'one.yaml'))).loaded.customers).toBe(1);
    expect((await emu.loadFixtures(env, [join(dir, 'more')])).loaded.customers).toBe(1);
    const stigg = await sdkFor(env);
    expect((await stigg.getCustomer('cust-yaml')).name).toBe('From YAML');
    expect((await stigg.getCustomer('cust-json')).name).toBe('From JSON');

    const bad = emu.loadFixtures(env, { customers: [{ id: 'cust-bad', subscriptions: [{ planId: 'plan-missing' }] }] });
    await expect(bad).rejects.toMatchObject({ code: 'BadUserInput', message: expect.stringContaining('plan-missing') });
    await expect(emu.loadFixtures(env, join(dir, 'nowhere.yaml'))).rejects.toMatchObject({ code: 'BadUserInput', message: expect.stringContaining('no such file or directory') });
    await expect(stigg.getCustomer('cust-bad')).rejects.toThrow();
  });
});

describe('emu.snapshot and emu.restore', () => {
  it('snapshot answers an id; restore puts state and clock back', async () => {
    const env = `helpers-${randomUUID()}`;
    await emu.moveClock(env, { to: '2025-01-10T00:00:00Z', frozen: true });
    const seeded = await emu.snapshot(env);
    const named = await emu.snapshot(env, 'seeded');
    expect(named).toBe('seeded');
    expect(await emu.snapshot(env)).not.toBe(seeded);

    const stigg = await sdkFor(env);
    await stigg.provisionCustomer({ customerId: 'cust-later', name: 'Later', subscriptionParams: null });
    await emu.moveClock(env, { advance: 'P20D' });

    const restored = await emu.restore(env, seeded);
    expect(restored.clock).toEqual({ now: '2025-01-10T00:00:00.000Z', frozen: true });
    expect(restored.restored.name).toBe(seeded);
    await expect(stigg.getCustomer('cust-later')).rejects.toThrow();
    await expect(emu.restore(env, 'missing')).rejects.toMatchObject({ code: 'NotFound' });
    await expect(emu.snapshot(env, 'bad name!')).rejects.toMatchObject({ code: 'BadUserInput' });
  });
});
