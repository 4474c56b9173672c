/** Delivery to a real local HTTP receiver: secret header, payloads, filters, retries, stopping. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest } from '../support/emulator.js';
import { events, PROVISION, Receiver, sleep, typesOf, waitFor, webhookEmulator } from './support.js';

let emu: Emulator;
const receivers: Receiver[] = [];
const receiver = async () => {
  const r = await new Receiver().start();
  receivers.push(r);
  return r;
};

beforeAll(() => {
  emu = webhookEmulator();
});
afterAll(() => emu.close());
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function withEndpoint(url: string, extra: Record<string, unknown> = {}) {
  const env = newEnvironment('wh');
  const added = await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url, ...extra });
  expect(added.status).toBe(201);
  return env;
}

describe('delivery', () => {
  it('POSTs each event as JSON with the Stigg-Webhooks-Secret header and records the attempt', async () => {
    const r = await receiver();
    const { id, serverKey } = await withEndpoint(`${r.url}/stigg`, { secret: 'whsec-test' });
    const res = await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'Ada', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    expect(res.errors).toBeUndefined();
    await waitFor(() => r.received.length === 3);
    const log = await waitFor(async () => {
      const list = await events(emu, id);
      return list.every((e) => e.deliveries[0]?.status === 200) ? list : null;
    });
    // delivery order is not guaranteed (RULES 9.1): compare as sets
    expect(r.received.map((x) => x.body.type).sort()).toEqual(['customer.created', 'entitlements.updated', 'subscription.created']);
    for (const request of r.received) {
      expect(request.path).toBe('/stigg');
      expect(request.headers['stigg-webhooks-secret']).toBe('whsec-test');
      expect(request.headers['content-type']).toBe('application/json');
      const event = log.find((e) => e.messageId === request.body.messageId);
      expect(request.body).toEqual(event.payload);
    }
    for (const event of log) {
      expect(event.deliveries).toEqual([{ url: `${r.url}/stigg`, status: 200, attempts: 1, lastAttemptAt: expect.any(String) }]);
      expect(Date.parse(event.deliveries[0].lastAttemptAt)).toBeGreaterThanOrEqual(Date.parse(event.createdAt));
    }
  });

  it('sends no secret header when the endpoint has none, and honours the events filter', async () => {
    const all = await receiver();
    const some = await receiver();
    const { id, serverKey } = await withEndpoint(all.url);
    await rest(emu, 'POST', `/_emulator/environments/${id}/webhooks/endpoints`, { url: some.url, events: ['SUBSCRIPTION_CREATED'] });
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
    await waitFor(() => all.received.length === 3 && some.received.length === 1);
    await sleep(30);
    expect(some.received.map((x) => x.body.type)).toEqual(['subscription.created']);
    expect(all.received.every((x) => x.headers['stigg-webhooks-secret'] === undefined)).toBe(true);
    const log = await events(emu, id);
    expect(log.map((e) => e.deliveries.length)).toEqual([1, 2, 1]);
  });

  it('retries a failing endpoint until it answers 2xx', async () => {
    const r = await receiver();
    r.failFirst = 3;
    r.failStatus = 503;
    const { id, serverKey } = await withEndpoint(r.url, { secret: 's' });
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    const [event] = await waitFor(async () => {
      const list = await events(emu, id);
      return list[0]?.deliveries[0]?.status === 200 ? list : null;
    });
    expect(event.deliveries[0].attempts).toBe(4);
    expect(r.received.map((x) => x.status)).toEqual([503, 503, 503, 200]);
    // every attempt carries the same message (receivers dedupe by messageId)
    expect(new Set(r.received.map((x) => x.body.messageId)).size).toBe(1);
  });

  it('gives up after 3 immediate and 3 spaced retries (7 attempts), keeping the last status', async () => {
    const r = await receiver();
    r.failFirst = 100;
    const { id, serverKey } = await withEndpoint(r.url);
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    await waitFor(() => r.received.length === 7);
    await sleep(80);
    expect(r.received).toHaveLength(7);
    const [event] = await events(emu, id);
    expect(event.deliveries[0]).toMatchObject({ status: 500, attempts: 7 });
  });

  it('records status 0 for a network error', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    const { id, serverKey } = await withEndpoint(url);
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    const [event] = await waitFor(async () => {
      const list = await events(emu, id);
      return list[0]?.deliveries[0]?.attempts === 7 ? list : null;
    });
    expect(event.deliveries[0].status).toBe(0);
  });

  it('a failed command sends nothing', async () => {
    const r = await receiver();
    const { id, serverKey } = await withEndpoint(r.url);
    const res = await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-nope' } } });
    expect(codeOf(res)).toBe('PlanNotFound');
    await sleep(50);
    expect(r.received).toEqual([]);
    expect(await events(emu, id)).toEqual([]);
  });

  it('a request does not wait for an endpoint that never answers; closing aborts the attempt', async () => {
    const silent = await receiver();
    silent.hang = true;
    const patient = webhookEmulator({}, { retryDelaysMs: [60_000], timeoutMs: 60_000 });
    const env = newEnvironment('wh');
    await rest(patient, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: silent.url });
    const started = Date.now();
    const res = await gql(patient, env.serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    expect(res.errors).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor(() => silent.received.length === 1);
    const [event] = await events(patient, env.id);
    expect(event.deliveries[0]).toMatchObject({ status: null, attempts: 0, lastAttemptAt: null });
    await patient.close();
  });

  it('an attempt that outlives the timeout fails with status 0 and is retried', async () => {
    const silent = await receiver();
    silent.hang = true;
    const impatient = webhookEmulator({}, { retryDelaysMs: [0], timeoutMs: 50 });
    try {
      const env = newEnvironment('wh');
      await rest(impatient, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: silent.url });
      await gql(impatient, env.serverKey, PROVISION, { input: { customerId: 'customer-1' } });
      const [event] = await waitFor(async () => {
        const list = await events(impatient, env.id);
        return list[0]?.deliveries[0]?.attempts === 2 ? list : null;
      });
      expect(event.deliveries[0].status).toBe(0);
      expect(silent.received).toHaveLength(2);
    } finally {
      await impatient.close();
    }
  });
});

describe('stopping', () => {
  it('closing the emulator stops pending retries', async () => {
    const r = await receiver();
    r.failFirst = 100;
    const closing = webhookEmulator({}, { retryDelaysMs: [0, 100, 100] });
    const env = newEnvironment('wh');
    await rest(closing, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: r.url });
    await gql(closing, env.serverKey, PROVISION, { input: { customerId: 'customer-1' } });
    await waitFor(() => r.received.length === 2);
    await closing.close();
    await sleep(300);
    expect(r.received).toHaveLength(2);
  });

  it('resetting the environment stops pending retries', async () => {
    const r = await receiver();
    r.failFirst = 100;
    const resetting = webhookEmulator({}, { retryDelaysMs: [0, 100, 100] });
    try {
      const env = newEnvironment('wh');
      await rest(resetting, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: r.url });
      await gql(resetting, env.serverKey, PROVISION, { input: { customerId: 'customer-1' } });
      await waitFor(() => r.received.length === 2);
      await rest(resetting, 'POST', `/_emulator/environments/${env.id}/reset`);
      await sleep(300);
      expect(r.received).toHaveLength(2);
      expect(await events(resetting, env.id)).toEqual([]);
    } finally {
      await resetting.close();
    }
  });
});

describe('fixtures', () => {
  it('an endpoint declared in the fixtures (`webhooks:`) receives the events it filters for', async () => {
    const r = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'stigg-emulator-webhooks-'));
    const file = join(dir, 'webhooks.yaml');
    writeFileSync(
      file,
      [
        'products: [ { id: product-main, multipleSubscriptions: false } ]',
        'plans: [ { id: plan-free, productId: product-main, pricingType: FREE } ]',
        `webhooks: [ { url: "${r.url}/stigg", secret: whsec-fixture, events: [customer.created, subscription.created] } ]`,
        '',
      ].join('\n'),
    );
    const seeded = webhookEmulator({ fixtures: [file] });
    try {
      const env = newEnvironment('wh');
      const endpoints = await rest(seeded, 'GET', `/_emulator/environments/${env.id}/webhooks/endpoints`);
      expect(endpoints.body.endpoints).toEqual([
        { id: expect.any(Number), url: `${r.url}/stigg`, secret: 'whsec-fixture', events: ['customer.created', 'subscription.created'] },
      ]);
      await gql(seeded, env.serverKey, PROVISION, { input: { customerId: 'customer-1', subscriptionParams: { planId: 'plan-free' } } });
      await gql(seeded, env.serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'Ada' } });
      await waitFor(() => r.received.length === 2);
      await sleep(30);
      expect(r.received.map((x) => x.body.type).sort()).toEqual(['customer.created', 'subscription.created']);
      expect(r.received.every((x) => x.headers['stigg-webhooks-secret'] === 'whsec-fixture')).toBe(true);
      // the log keeps every event, delivered or filtered out
      // (the free plan grants nothing here: no entitlements.updated)
      expect(typesOf(await events(seeded, env.id))).toEqual(['customer.created', 'subscription.created', 'customer.updated']);
    } finally {
      await seeded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
