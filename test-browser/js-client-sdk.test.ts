/**
 * The official browser SDK (@stigg/js-client-sdk) in headless Chromium, loaded by a page on
 * another port than the emulator's (so every call is cross-origin and goes through CORS), with the
 * edge on (the edge port, and the main port) and off: entitlements of every kind, the paywall, the
 * customer and the coupons. Then the same page refused by --cors-origins naming another origin.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { launchBrowser, offlinePage, startPageServer } from './support.js';

let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  pages = await startPageServer();
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

interface BrowserReads {
  boolean: { hasAccess: boolean };
  numeric: { hasAccess: boolean; value: number | null };
  metered: { hasAccess: boolean; usageLimit: number | null; currentUsage: number };
  customer: { id: string; subscriptions: { plan: { id: string } }[] };
  paywallPlans: string[];
  coupons: string[];
  error?: string;
}

/** In the page: initialize the SDK with these settings and read everything a paywall page reads. */
async function readInBrowser(settings: Record<string, unknown>) {
  const { page, requests, refused, consoleErrors } = await offlinePage(browser);
  await page.goto(`${pages.url}/`);
  const reads = (await page.evaluate(async (config) => {
    const sdk = (window as unknown as { Stigg: { default?: unknown; Stigg?: unknown } }).Stigg;
    const Stigg = (sdk.default ?? sdk.Stigg ?? sdk) as {
      initialize: (c: unknown) => Promise<{
        waitForInitialization(): Promise<unknown>;
        getBooleanEntitlement(p: unknown): unknown;
        getNumericEntitlement(p: unknown): unknown;
        getMeteredEntitlement(p: unknown): unknown;
        getCustomer(): Promise<unknown>;
        getPaywall(p?: unknown): Promise<{ plans: { id: string }[] }>;
        getCoupons(): Promise<{ id: string }[]>;
      }>;
    };
    try {
      const client = await Stigg.initialize(config);
      await client.waitForInitialization();
      const customer = (await client.getCustomer()) as BrowserReads['customer'];
      const paywall = await client.getPaywall({ productId: 'product-revvenu' });
      const coupons = await client.getCoupons();
      const pick = <T extends object>(o: T, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
      return {
        boolean: pick(client.getBooleanEntitlement({ featureId: 'feature-04-analytics' }) as object, ['hasAccess']),
        numeric: pick(client.getNumericEntitlement({ featureId: 'feature-07-max-file-size' }) as object, ['hasAccess', 'value']),
        metered: pick(client.getMeteredEntitlement({ featureId: 'feature-02-campaigns' }) as object, ['hasAccess', 'usageLimit', 'currentUsage']),
        customer: { id: customer.id, subscriptions: customer.subscriptions.map((s) => ({ plan: { id: s.plan.id } })) },
        paywallPlans: paywall.plans.map((p) => p.id),
        coupons: coupons.map((c) => c.id),
      };
    } catch (error) {
      return { error: String(error instanceof Error ? error.message : error) };
    }
  }, settings)) as BrowserReads;
  await page.context().close();
  return { reads, requests, refused, consoleErrors };
}

function expectTheReads(reads: BrowserReads) {
  expect(reads.error).toBeUndefined();
  expect(reads.boolean).toEqual({ hasAccess: true });
  expect(reads.numeric).toEqual({ hasAccess: true, value: 1000 });
  expect(reads.metered).toMatchObject({ hasAccess: true, usageLimit: 80 });
  expect(reads.customer).toEqual({ id: 'customer-demo-01', subscriptions: [{ plan: { id: 'plan-revvenu-growth' } }] });
  expect(reads.paywallPlans).toEqual(['plan-revvenu-basic', 'plan-revvenu-essentials', 'plan-revvenu-growth']);
  expect(reads.coupons).toContain('coupon-vip');
}

describe('@stigg/js-client-sdk from a page on another origin', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ edgePort: 0 });
  });
  afterAll(() => emu?.close());

  const base = (env: string) => ({ apiKey: `client-${env}`, customerId: 'customer-demo-01' });

  it('edge on, edge reads on the edge port', async () => {
    const env = 'browser-edge-port';
    const { reads, requests, refused } = await readInBrowser({ ...base(env), baseUri: emu.url, baseEdgeUri: emu.edgeUrl, enableEdge: true });
    expectTheReads(reads);
    expect(refused).toEqual([]);
    expect(requests.some((r) => r.startsWith(`GET ${emu.edgeUrl}/v1/c/customer-demo-01/entitlements.json`))).toBe(true);
    expect(requests.some((r) => r.startsWith(`GET ${emu.edgeUrl}/v1/config/client-sdk-configuration.json`))).toBe(true);
    // the customer, the paywall and the coupons come over GraphQL on the main port
    expect(requests.some((r) => r.startsWith(`POST ${emu.url}/graphql`))).toBe(true);
    expect(emu.environment(env).journal.list().some((e) => e.transport === 'edge')).toBe(true);
  });

  it('edge on, with the settings startEmulator hands over (in-process default: edge routes on the main port)', async () => {
    const inProcess = await startEmulator();
    try {
      const sdk = inProcess.sdkFor('browser-edge-main', 'client');
      expect(sdk.baseEdgeUri).toBe(inProcess.url);
      const { reads, requests, refused } = await readInBrowser({ ...sdk, customerId: 'customer-demo-01', enableEdge: true });
      expectTheReads(reads);
      expect(refused).toEqual([]);
      expect(requests.some((r) => r.startsWith(`GET ${inProcess.url}/v1/c/customer-demo-01/entitlements.json`))).toBe(true);
    } finally {
      await inProcess.close();
    }
  });

  it('edge off: everything over GraphQL', async () => {
    const env = 'browser-no-edge';
    const { reads, requests, refused } = await readInBrowser({ ...base(env), baseUri: emu.url, enableEdge: false });
    expectTheReads(reads);
    expect(refused).toEqual([]);
    expect(requests.some((r) => r.includes('/v1/'))).toBe(false);
    expect(requests.some((r) => r.startsWith(`POST ${emu.url}/graphql`))).toBe(true);
    expect(emu.environment(env).journal.list().every((e) => e.transport === 'graphql')).toBe(true);
  });
});

describe('--cors-origins naming another origin', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ edgePort: -1, corsOrigins: ['http://127.0.0.1:1'] });
  });
  afterAll(() => emu?.close());

  it('the browser refuses the answers, so the SDK cannot read', async () => {
    const { reads, consoleErrors } = await readInBrowser({ apiKey: 'client-local', customerId: 'customer-demo-01', baseUri: emu.url, enableEdge: false });
    const failed = reads.error !== undefined || reads.boolean?.hasAccess !== true;
    expect(failed).toBe(true);
    expect(consoleErrors.some((m) => /CORS|Access-Control-Allow-Origin/i.test(m))).toBe(true);
  });
});
