/**
 * The inspector in headless Chromium (Debian's, driven by playwright-core; no browser download),
 * against an emulator started in process, with a page that may reach nothing but 127.0.0.1: open
 * the demo environment, find a customer, read an entitlement's explanation; move the clock from
 * the page and watch the trial end on another open page (live refresh); see a webhook event and a
 * journal entry appear; a customer named <script>alert(1)</script> runs nothing; not-found pages;
 * a bad duration and bad fixtures show the control plane's message. Screenshots of every page go
 * to docs/screenshots/latest/ (not tracked); with UPDATE_SCREENSHOTS=1 to docs/screenshots/, where
 * the README's are kept.
 *
 *   npm run test:ui
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { launchBrowser, offlinePage } from '../test-browser/support.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots', process.env.UPDATE_SCREENSHOTS === '1' ? '' : 'latest');

let browser: Browser;
let emu: RunningEmulator;
const opened: { refused: string[]; consoleErrors: string[] }[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
  emu = await startEmulator({ startTime: '2025-01-01T00:00:00Z' });
});
afterAll(async () => {
  await browser?.close();
  await emu?.close();
  // nothing beyond 127.0.0.1 was asked for, and no page logged an error (but the 404s the not-found pages answer by design)
  for (const o of opened) {
    expect(o.refused).toEqual([]);
    expect(o.consoleErrors.filter((e) => !e.includes('status of 404'))).toEqual([]);
  }
});

async function newPage(): Promise<Page> {
  const { page, refused, consoleErrors } = await offlinePage(browser);
  await page.setViewportSize({ width: 1280, height: 860 });
  opened.push({ refused, consoleErrors });
  return page;
}

const ui = (path = '') => `${emu.url}/_emulator/ui${path}`;

async function graphql(envId: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${emu.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': `server-${envId}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { errors?: unknown[]; data?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}
const PROVISION = 'mutation ProvisionCustomer($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } } }';
const provision = (envId: string, input: Record<string, unknown>) => graphql(envId, PROVISION, { input });
const control = (path: string, body?: unknown) =>
  fetch(`${emu.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `inspector-${name}.png`) });

describe('the inspector in a browser', () => {
  it('opens the demo environment, finds a customer and reads an entitlement explanation', async () => {
    await control('/environments/local/clock', { frozen: true });
    const page = await newPage();
    await page.goto(ui());
    await expect.poll(() => page.locator('#environments').innerText()).toContain('local');
    await shot(page, 'environments');

    await page.getByRole('link', { name: 'local', exact: true }).click();
    await expect.poll(() => page.locator('h1').innerText()).toContain('Environment local');
    await shot(page, 'overview');

    await page.getByRole('link', { name: 'Catalog' }).click();
    await expect.poll(() => page.locator('#plans').innerText()).toContain('inherits from plan-revvenu-essentials');
    await shot(page, 'catalog');

    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByLabel('search customers').fill('Demo Customer 01');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#customers tbody tr').count()).toBe(1);
    await shot(page, 'customers');

    await page.getByRole('link', { name: 'customer-demo-01' }).click();
    await expect.poll(() => page.locator('#customer-name').innerText()).toBe('Demo Customer 01');
    const row = page.locator('#entitlements tr[data-feature="feature-02-campaigns"]');
    await row.getByText('explain').click();
    await expect.poll(() => row.locator('ol.steps').innerText()).toContain('Increment add-on addon-10-campaigns × 3 adds 30');
    await expect.poll(() => row.locator('ol.steps').innerText()).toContain('granted: 0 + 0 <= 80');
    await shot(page, 'customer');

    await page.getByRole('link', { name: 'Governance' }).click();
    await expect.poll(() => page.locator('#governance-tree').innerText()).toContain('team-eng');
    await shot(page, 'governance');
    await page.context().close();
  });

  it('moves the clock from the page; another open page shows the trial end on the timeline without reloading', async () => {
    const envId = 'ui-trial';
    await provision(envId, { customerId: 'cust-trial', name: 'Trial customer', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' } });
    const customer = await newPage();
    await customer.goto(ui(`/environments/${envId}/customers/cust-trial`));
    const timeline = customer.locator('#timeline');
    await expect.poll(() => timeline.innerText()).toContain('Trial ends');
    await expect.poll(() => timeline.innerText()).toContain('IN_TRIAL');
    // a marker the page would lose on a full reload: live refresh swaps only the content
    await customer.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    const overview = await customer.context().newPage();
    await overview.goto(ui(`/environments/${envId}`));
    await overview.locator('#advance-form input[name="advance"]').fill('P15D');
    await overview.locator('#advance-form button').click();
    await expect.poll(() => overview.locator('#flash').innerText()).toContain('subscription.trial_converted');
    await shot(overview, 'clock-moved');

    await expect.poll(() => timeline.innerText(), { timeout: 15_000 }).toContain('Trial ended');
    await expect.poll(() => timeline.innerText()).toContain('ACTIVE');
    expect(await customer.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await shot(customer, 'customer-trial');
    await customer.context().close();
  });

  it('a webhook event and a journal entry appear on the open pages', async () => {
    const envId = 'ui-live';
    await control(`/environments/${envId}/reset`);
    const webhooks = await newPage();
    await webhooks.goto(ui(`/environments/${envId}/webhooks`));
    const journal = await webhooks.context().newPage();
    await journal.goto(ui(`/environments/${envId}/journal`));
    await expect.poll(() => webhooks.locator('#live').innerText()).toContain('No event');

    await provision(envId, { customerId: 'cust-new', name: 'New customer' });
    await expect.poll(() => webhooks.locator('#webhook-events').innerText(), { timeout: 15_000 }).toContain('customer.created');
    await expect.poll(() => journal.locator('#journal').innerText(), { timeout: 15_000 }).toContain('ProvisionCustomer');
    await webhooks.locator('#webhook-events summary').first().click();
    await expect.poll(() => webhooks.locator('#webhook-events pre').first().innerText()).toContain('cust-new');
    await shot(webhooks, 'webhooks');

    await journal.locator('#journal summary').first().click();
    await expect.poll(() => journal.locator('#journal pre').first().innerText()).toContain('cust-new');
    await shot(journal, 'journal');
    await webhooks.context().close();
  });

  it('a customer named <script>alert(1)</script> is shown as text and runs nothing', async () => {
    const envId = 'ui-xss';
    const evil = '<script>alert(1)</script>';
    await provision(envId, { customerId: 'cust-xss', name: evil, additionalMetaData: { note: '<img src=x onerror="window.xss=1">' } });
    const page = await newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    for (const path of [`/environments/${envId}/customers/cust-xss`, `/environments/${envId}/customers`, `/environments/${envId}/journal`]) {
      await page.goto(ui(path));
      await page.locator('details summary').evaluateAll((summaries) => summaries.forEach((s) => (s as HTMLElement).click()));
      await page.waitForTimeout(300);
    }
    await page.goto(ui(`/environments/${envId}/customers/cust-xss`));
    await expect.poll(() => page.locator('#customer-name').innerText()).toBe(evil);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    await page.context().close();
  });

  it('not-found pages, and the control plane refusing a bad duration and bad fixtures', async () => {
    const page = await newPage();
    const missing = await page.goto(ui('/environments/nowhere'));
    expect(missing?.status()).toBe(404);
    await expect.poll(() => page.locator('#not-found').innerText()).toContain('Environment not found');
    const nobody = await page.goto(ui('/environments/local/customers/nobody'));
    expect(nobody?.status()).toBe(404);
    await expect.poll(() => page.locator('#not-found').innerText()).toContain('Customer not found');

    await page.goto(ui('/environments/local'));
    await page.locator('#advance-form input[name="advance"]').fill('two weeks');
    await page.locator('#advance-form button').click();
    await expect.poll(() => page.locator('#flash').innerText()).toContain('advance "two weeks" is neither an ISO-8601 duration');
    await expect.poll(() => page.locator('#flash').innerText()).toContain('BadUserInput');

    await page.locator('#fixtures-form textarea').fill('customers:\n  - id: c-1\n    subscriptions:\n      - planId: plan-missing\n');
    await page.locator('#fixtures-form button').click();
    await expect.poll(() => page.locator('#flash').innerText()).toContain('plan-missing');
    expect(await page.locator('#fixtures-form textarea').inputValue()).toContain('plan-missing');
    await shot(page, 'refused');

    // reset asks first
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#reset').click();
    await expect.poll(() => page.locator('#flash').innerText()).toContain('Reset to the seed');
    await page.context().close();
  });
});

describe('details that read right', () => {
  it('usage card: a value set by fixtures says so, with no "last reported" beside "no usage"; a reported one says when', async () => {
    const envId = 'ui-usage-card';
    await emu.loadFixtures(envId, {
      customers: [{ id: 'cust-fixture-usage', name: 'Fixture usage', subscriptions: [{ planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' }], usage: [{ featureId: 'feature-02-campaigns', value: 3 }] }],
    });
    await provision(envId, { customerId: 'cust-reported', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' } });
    await graphql(envId, 'mutation R($input: ReportUsageInput!) { reportUsage(input: $input) { id } }', { input: { customerId: 'cust-reported', featureId: 'feature-02-campaigns', value: 2 } });
    const page = await newPage();

    await page.goto(ui(`/environments/${envId}/customers/cust-fixture-usage`));
    const fixtureCard = await page.locator('#usage [data-usage="feature-02-campaigns"]').innerText();
    expect(fixtureCard).toContain('by fixtures, an import or a report over 365 days ago: nothing to chart');
    expect(fixtureCard).not.toContain('last reported');
    expect(fixtureCard).not.toContain('No usage reported');

    await page.goto(ui(`/environments/${envId}/customers/cust-reported`));
    const reportedCard = await page.locator('#usage [data-usage="feature-02-campaigns"]').innerText();
    expect(reportedCard).toContain('last reported');
    expect(reportedCard).not.toContain('No usage reported');
    expect(reportedCard).not.toContain('by fixtures');
    await shot(page, 'usage-card');
    await page.context().close();
  });

  it('usage chart: reports close together share a bar, bars never overlap, and each shows its value without hovering', async () => {
    const envId = 'ui-usage-chart';
    await control(`/environments/${envId}/clock`, { to: '2025-01-02T00:00:00Z', frozen: true });
    await provision(envId, { customerId: 'cust-chart', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY', startDate: '2025-01-02T00:00:00Z' } });
    const report = (value: number) =>
      graphql(envId, 'mutation R($input: ReportUsageInput!) { reportUsage(input: $input) { id } }', { input: { customerId: 'cust-chart', featureId: 'feature-02-campaigns', value } });
    // a burst of five reports a minute apart, then one report a day for six days
    for (let i = 0; i < 5; i++) {
      if (i > 0) await control(`/environments/${envId}/clock`, { advance: 'PT1M' });
      await report(1);
    }
    for (let day = 0; day < 6; day++) {
      await control(`/environments/${envId}/clock`, { advance: 'P1D' });
      await report(2);
    }
    const page = await newPage();
    await page.goto(ui(`/environments/${envId}/customers/cust-chart`));
    const chart = page.locator('[data-usage="feature-02-campaigns"] svg.chart');
    const bars = await chart.locator('g.usage-bar').evaluateAll((groups) =>
      groups.map((g) => {
        const rect = (g.querySelector('rect') as SVGRectElement).getBBox();
        const label = g.querySelector('text.value') as SVGTextElement;
        const style = getComputedStyle(label);
        return { x: rect.x, width: rect.width, reports: Number(g.getAttribute('data-reports')), value: g.getAttribute('data-value'), label: label.textContent, visible: style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0 };
      }),
    );
    expect(bars.length).toBe(7);
    expect(bars[0]).toMatchObject({ reports: 5, value: '5', label: '5' });
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.x, `bar ${i} overlaps bar ${i - 1}`).toBeGreaterThanOrEqual(bars[i - 1]!.x + bars[i - 1]!.width);
    for (const bar of bars) {
      expect(bar.visible).toBe(true);
      expect(bar.label).toBe(bar.value);
    }
    expect(bars.at(-1)!.label).toBe('17');
    await chart.screenshot({ path: join(SCREENSHOTS, 'inspector-usage-chart.png') });
    await page.context().close();
  });

  it('catalog: entitlements, journeys, trials and meters in words; no ", Increment", booleans "granted", no raw JSON', async () => {
    const page = await newPage();
    await page.goto(ui('/environments/local/catalog'));
    const plans = await page.locator('#plans').innerText();
    const addons = await page.locator('#addons').innerText();
    expect(plans).not.toContain('Increment');
    expect(addons).not.toContain('Increment');
    expect(await page.locator('#plans tr[data-plan="plan-revvenu-growth"] li', { hasText: 'feature-04-analytics' }).first().innerText()).toContain('feature-04-analytics granted');
    expect(addons).toContain("added to the plan's limit");
    const products = await page.locator('#products').innerText();
    expect(products).toMatch(/starts (on|with)/);
    expect(products).toMatch(/cancels|downgrades/);
    expect(await page.locator('#plans td.trial').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+ (day|month)s?/)]));
    expect(await page.locator('#features').innerText()).toMatch(/(COUNT|SUM|UNIQUE|MAX|MIN|AVG) of /);
    // nothing on the page is a JSON dump
    expect(await page.locator('main pre').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/[{}]/);
    await shot(page, 'catalog');
    await page.context().close();
  });

  it("journal: an anonymous operation (the README's curl) shows its type and root field", async () => {
    const envId = 'ui-anonymous';
    const res = await fetch(`${emu.url}/graphql`, {
      method: 'POST',
      headers: { 'X-API-KEY': `server-${envId}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { provisionCustomer(input: {customerId: "customer-demo-123", name: "Acme"}) { customer { id name } } }' }),
    });
    expect(res.status).toBe(200);
    const page = await newPage();
    await page.goto(ui(`/environments/${envId}/journal`));
    const cell = page.locator('#journal tbody tr').first().locator('td.operation');
    await expect.poll(() => cell.innerText()).toContain('(anonymous) mutation { provisionCustomer }');
    await page.context().close();
  });

  it('webhooks: the list has a customer column linking to the customer', async () => {
    const envId = 'ui-webhook-customer';
    await provision(envId, { customerId: 'cust-hook', name: 'Hooked' });
    const page = await newPage();
    await page.goto(ui(`/environments/${envId}/webhooks`));
    expect(await page.locator('#webhook-events thead').innerText()).toMatch(/CUSTOMER/i);
    const row = page.locator('#webhook-events tr[data-type="customer.created"]').first();
    await row.locator('td.customer a', { hasText: 'cust-hook' }).click();
    await expect.poll(() => page.locator('#customer-name').innerText()).toBe('Hooked');
    await page.context().close();
  });

  it('/favicon.ico is served (no 404 on any page)', async () => {
    // a context without request routing: Chromium fails /favicon.ico under Playwright's routing (the pages here reach only 127.0.0.1 anyway)
    const page = await (await browser.newContext()).newPage();
    const notFound: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) notFound.push(response.url());
    });
    await page.goto(ui('/environments/local'));
    const icon = await page.evaluate(async () => {
      const res = await fetch('/favicon.ico');
      const image = new Image();
      image.src = '/favicon.ico';
      await image.decode();
      return { status: res.status, type: res.headers.get('content-type'), width: image.naturalWidth };
    });
    expect(icon).toEqual({ status: 200, type: 'image/x-icon', width: 32 });
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.ico');
    await page.goto(`${emu.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.waitForTimeout(300);
    expect(notFound).toEqual([]);
    await page.context().close();
  });

  it("GraphiQL opens on a useful default query: it lists the environment's customers", async () => {
    const page = await newPage();
    await page.goto(`${emu.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain('customer-demo-01');
    const text = await result.innerText();
    expect(text).toContain('"totalCount"');
    expect(text).not.toContain('"errors"');
    await shot(page, 'graphiql');
    await page.context().close();
  });
});
