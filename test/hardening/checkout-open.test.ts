/**
 * N5: with --admin-token, the checkout page and its Pay button stay open: they are handed to the
 * customer's browser (a PAYMENT_REQUIRED provisioning's checkoutUrl, a payment session's token),
 * which has no admin token. The rest of the control plane still requires it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const TOKEN = 'admin-secret-token';
const FIXTURES = join(import.meta.dirname, '..', 'subscriptions', 'fixtures', 'subscriptions.yaml');
const dir = mkdtempSync(join(tmpdir(), 'stigg-emulator-checkout-'));
const BILLING = join(dir, 'billing.yaml');
writeFileSync(BILLING, 'billing: { requirePaymentMethod: true }\n');

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES, BILLING], adminToken: TOKEN });
});
afterAll(() => {
  emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const admin = { authorization: `Bearer ${TOKEN}` };

async function openCheckout() {
  const env = newEnvironment('n5');
  expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/reset`, undefined, admin)).status).toBe(200);
  await gql(emu, env.serverKey, `mutation { provisionCustomer(input: { customerId: "c1" }) { customer { id } } }`);
  const res = await gql(emu, env.serverKey, clientOperation('node', 'ProvisionSubscription'), {
    input: { customerId: 'c1', planId: 'plan-basic', billingPeriod: 'MONTHLY' },
  });
  expect(res.data!.provisionSubscription.status).toBe('PAYMENT_REQUIRED');
  return { env, path: new URL(res.data!.provisionSubscription.checkoutUrl).pathname };
}

describe('N5: the checkout page with --admin-token', () => {
  it('shows the page and pays from the form, without the admin token', async () => {
    const { path } = await openCheckout();
    const page = await emu.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button id="pay"');
    const json = await rest(emu, 'GET', path, undefined, { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(json.body.status).toBe('OPEN');

    // the form posts from the page itself (same origin)
    const paid = await emu.request(`${path}/pay`, {
      method: 'POST',
      headers: { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('Paid: subscription');
  });

  it('pays over JSON without the token too', async () => {
    const { path } = await openCheckout();
    const paid = await rest(emu, 'POST', `${path}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('COMPLETED');
  });

  it('still refuses a Pay posted from another site', async () => {
    const { path } = await openCheckout();
    const res = await rest(emu, 'POST', `${path}/pay`, undefined, { host: '127.0.0.1:4000', origin: 'http://evil.test' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Forbidden');
  });

  it('keeps the rest of the control plane behind the token', async () => {
    const { env } = await openCheckout();
    for (const [method, path] of [
      ['GET', `/_emulator/environments/${env.id}`],
      ['GET', `/_emulator/environments/${env.id}/export`],
      ['POST', `/_emulator/environments/${env.id}/reset`],
      ['GET', `/_emulator/environments/${env.id}/checkouts`],
    ] as const) {
      expect((await rest(emu, method, path)).status, `${method} ${path}`).toBe(401);
    }
  });
});
