/**
 * The inspector over HTTP, as a browser reaches it (HTML pages, form POSTs): every page of the
 * demo environment, not-found pages, escaping of user input (customer names, metadata, journal
 * variables), actions answered with the control plane's own results and refusals, the admin
 * token, cross-site posts, the live stream and GET /.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

const UI = '/_emulator/ui';
const page = async (path: string, init: RequestInit = {}) => {
  const res = await emu.request(path, { ...init, headers: { accept: 'text/html', ...(init.headers as Record<string, string>) } });
  return { status: res.status, html: await res.text(), headers: res.headers };
};
/** POST a form like a browser; answers the redirect target's page. */
const post = async (path: string, fields: Record<string, string>) => {
  const res = await emu.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/\?flash=/);
  return page(location);
};
const flashOf = (html: string) => /<div class="flash[^"]*" id="flash"[^>]*>([\s\S]*?)<\/div><div class="grid">/.exec(html)?.[1] ?? '';
const unescape = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

const provision = (key: string, input: Record<string, unknown>) => gql(emu, key, clientOperation('node', 'ProvisionCustomer'), { input }, 'ProvisionCustomer');

describe('pages of the demo environment', () => {
  it('environments, overview, catalog, customers, customer, journal, webhooks and governance answer 200 with their content', async () => {
    const list = await page(UI);
    expect(list.status).toBe(200);
    expect(list.html).toContain('data-environment="local"');
    expect(list.headers.get('content-security-policy')).toContain("script-src 'self'");

    const overview = await page(`${UI}/environments/local`);
    expect(overview.status).toBe(200);
    expect(overview.html).toContain('Move the clock');
    expect(overview.html).toContain('data-live="/_emulator/ui/environments/local/events"');

    const catalog = await page(`${UI}/environments/local/catalog`);
    expect(catalog.html).toContain('data-plan="plan-revvenu-growth"');
    expect(catalog.html).toMatch(/inherits from <span class="mono">plan-revvenu-essentials<\/span>/);
    expect(catalog.html).toContain('data-addon="addon-10-campaigns"');
    expect(catalog.html).toContain('data-coupon="coupon-vip"');

    const customers = await page(`${UI}/environments/local/customers?q=demo`);
    expect(customers.html).toContain('data-customer="customer-demo-01"');
    expect(customers.html).not.toContain('data-customer="customer-id"');
    const byEmail = await page(`${UI}/environments/local/customers?q=${encodeURIComponent('acme.test')}`);
    expect(byEmail.html).toContain('data-customer="cus-acme"');

    const customer = await page(`${UI}/environments/local/customers/customer-demo-01`);
    expect(customer.status).toBe(200);
    expect(customer.html).toContain('id="timeline-chart"');
    // the explanation is explain's own steps
    const explain = await rest(emu, 'GET', '/_emulator/environments/local/explain?customerId=customer-demo-01&featureId=feature-02-campaigns');
    for (const step of explain.body.steps as string[]) expect(unescape(customer.html)).toContain(step);

    expect((await page(`${UI}/environments/local/journal`)).status).toBe(200);
    expect((await page(`${UI}/environments/local/webhooks`)).status).toBe(200);
    const governance = await page(`${UI}/environments/local/governance`);
    expect(governance.html).toContain('data-entity="team-eng"');
    expect(governance.html).toContain('<progress');
  });

  it('serves its own style sheet and script (no CDN): every asset a page names is under /_emulator/ui', async () => {
    const { html } = await page(`${UI}/environments/local`);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:css|js))"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(2);
    for (const asset of assets) {
      expect(asset.startsWith(`${UI}/assets/`)).toBe(true);
      expect((await emu.request(asset)).status).toBe(200);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('not found', () => {
  it('an unknown environment, customer or page answers a 404 page, never a stack', async () => {
    for (const [path, text] of [
      [`${UI}/environments/nowhere`, 'Environment not found'],
      [`${UI}/environments/nowhere/customers/x`, 'Environment not found'],
      [`${UI}/environments/${'x'.repeat(100)}`, 'Environment not found'],
      [`${UI}/environments/local/customers/nobody`, 'Customer not found'],
      [`${UI}/environments/local/nothing-here`, 'Page not found'],
    ] as const) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.html).toContain(text);
      expect(res.html).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    // viewing an unknown environment does not create it
    expect(emu.registry.isOpen('nowhere')).toBe(false);
  });
});

describe('escaping', () => {
  it('a customer named <script>alert(1)</script>, its metadata and the journal variables are shown as text', async () => {
    const env = newEnvironment('xss');
    const evil = '<script>alert(1)</script>';
    const res = await provision(env.serverKey, { customerId: 'cust-xss', name: evil, email: 'a@b.test', additionalMetaData: { note: '<img src=x onerror=alert(2)>' } });
    expect(res.errors).toBeUndefined();
    for (const path of [`${UI}/environments/${env.id}/customers/cust-xss`, `${UI}/environments/${env.id}/customers`, `${UI}/environments/${env.id}/journal`, `${UI}/environments/${env.id}`]) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).not.toContain('<script>alert');
      expect(html, path).not.toContain('<img src=x');
      // the only scripts are the inspector's own
      expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/_emulator/ui/assets/inspector.js" defer="">']);
    }
    const { html } = await page(`${UI}/environments/${env.id}/customers/cust-xss`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('actions go through the control plane', () => {
  it('advancing the clock shows what it applied; the trial end appears on the timeline', async () => {
    const env = newEnvironment('ui-clock');
    const res = await provision(env.serverKey, { customerId: 'cust-trial', name: 'Trial', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' } });
    expect(res.errors).toBeUndefined();
    const before = await page(`${UI}/environments/${env.id}/customers/cust-trial`);
    expect(before.html).toContain('Trial ends');
    expect(before.html).toContain('IN_TRIAL');

    const moved = await post(`${UI}/environments/${env.id}/actions/clock`, { mode: 'advance', advance: 'P15D' });
    const flash = flashOf(moved.html);
    expect(flash).toContain('Clock at 2025-01-16');
    expect(flash).toContain('subscription.trial_converted');

    const after = await page(`${UI}/environments/${env.id}/customers/cust-trial`);
    expect(after.html).toContain('Trial ended');
    expect(after.html).toContain('data-moment="trial-end"');
  });

  it('jump to the next due transition moves the clock exactly there', async () => {
    const env = newEnvironment('ui-next');
    await provision(env.serverKey, { customerId: 'cust-next', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' } });
    const clock = await rest(emu, 'GET', `/_emulator/environments/${env.id}/clock`);
    const { at, kind } = clock.body.nextDue as { at: string; kind: string };
    const moved = await post(`${UI}/environments/${env.id}/actions/clock`, { mode: 'next' });
    const flash = unescape(flashOf(moved.html));
    expect(flash).toContain(`Jumped to ${at} (${kind})`);
    expect(flash).toContain(`"at": "${at}"`);
  });

  it('a bad duration shows the control plane refusal, code and message as it answers them', async () => {
    const env = newEnvironment('ui-bad');
    await rest(emu, 'POST', `/_emulator/environments/${env.id}/reset`);
    const direct = await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { advance: 'two weeks' });
    expect(direct.status).toBe(400);
    const shown = await post(`${UI}/environments/${env.id}/actions/clock`, { mode: 'advance', advance: 'two weeks' });
    const flash = unescape(flashOf(shown.html));
    expect(flash).toContain(direct.body.error.code);
    expect(flash).toContain(direct.body.error.message);
    expect(flash).toContain('HTTP 400');
    // the entered value is kept in the form
    expect(shown.html).toContain('value="two weeks"');
  });

  it('bad fixtures show the control plane message and keep the pasted text; good ones load', async () => {
    const env = newEnvironment('ui-fixtures');
    await rest(emu, 'POST', `/_emulator/environments/${env.id}/reset`);
    const bad = 'customers:\n  - id: c-1\n    subscriptions:\n      - planId: plan-missing\n';
    const direct = await rest(emu, 'POST', `/_emulator/environments/${env.id}/fixtures`, bad, { 'content-type': 'application/yaml' });
    expect(direct.status).toBe(400);
    const shown = await post(`${UI}/environments/${env.id}/actions/fixtures`, { fixtures: bad });
    const flash = unescape(flashOf(shown.html));
    expect(flash).toContain('BadUserInput');
    expect(flash).toContain(direct.body.error.message);
    expect(unescape(shown.html)).toContain('plan-missing');

    const good = await post(`${UI}/environments/${env.id}/actions/fixtures`, { fixtures: 'customers:\n  - id: c-new\n    name: New one\n' });
    expect(flashOf(good.html)).toContain('Fixtures loaded: 1 customers');
    expect((await page(`${UI}/environments/${env.id}/customers/c-new`)).status).toBe(200);
  });

  it('snapshots, reset and faults', async () => {
    const env = newEnvironment('ui-snap');
    await rest(emu, 'POST', `/_emulator/environments/${env.id}/reset`);
    const taken = await post(`${UI}/environments/${env.id}/actions/snapshots/take`, { name: 'before' });
    expect(flashOf(taken.html)).toContain('Snapshot &quot;before&quot; taken');
    await provision(env.serverKey, { customerId: 'cust-later' });
    const restored = await post(`${UI}/environments/${env.id}/actions/snapshots/restore`, { name: 'before' });
    expect(flashOf(restored.html)).toContain('restored');
    expect((await page(`${UI}/environments/${env.id}/customers/cust-later`)).status).toBe(404);

    const badName = await post(`${UI}/environments/${env.id}/actions/snapshots/take`, { name: '../x' });
    expect(flashOf(badName.html)).toContain('BadUserInput');

    const fault = await post(`${UI}/environments/${env.id}/actions/faults/add`, { target: 'operation', match: 'ReportUsage', errorCode: 'RateLimitExceeded', times: '2' });
    expect(flashOf(fault.html)).toContain('Fault added');
    expect((await rest(emu, 'GET', `/_emulator/environments/${env.id}/faults`)).body.faults).toEqual([expect.objectContaining({ operation: 'ReportUsage', errorCode: 'RateLimitExceeded', times: 2 })]);
    const badFault = await post(`${UI}/environments/${env.id}/actions/faults/add`, { target: 'operation', match: 'ReportUsage', times: 'twice', errorCode: 'X' });
    expect(flashOf(badFault.html)).toContain('BadUserInput');
    const cleared = await post(`${UI}/environments/${env.id}/actions/faults/clear`, {});
    expect(flashOf(cleared.html)).toContain('1 fault cleared');

    const reset = await post(`${UI}/environments/${env.id}/actions/reset`, {});
    expect(flashOf(reset.html)).toContain('Reset to the seed: clock at 2025-01-01');
  });

  it('an action on an unknown environment answers 404 and creates nothing; an unknown action 404', async () => {
    const id = `ui-none-${randomUUID()}`;
    const res = await emu.request(`${UI}/environments/${id}/actions/reset`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(res.status).toBe(404);
    expect(emu.registry.isOpen(id)).toBe(false);
    const unknown = await emu.request(`${UI}/environments/local/actions/explode`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(unknown.status).toBe(404);
  });

  it('refuses a form posted from another site', async () => {
    const res = await emu.request(`${UI}/environments/local/actions/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'http://evil.test', host: '127.0.0.1:4000' },
      body: '',
    });
    expect(res.status).toBe(403);
    const malformed = await emu.request(`${UI}/environments/local/actions/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'not a url', host: '127.0.0.1:4000' },
      body: '',
    });
    expect(malformed.status).toBe(403);
  });
});

describe('journal, webhooks and usage', () => {
  it('the journal lists requests with their variables and filters by operation and status; the customer page charts usage reports', async () => {
    const env = newEnvironment('ui-journal');
    await provision(env.serverKey, { customerId: 'cust-j', subscriptionParams: { planId: 'plan-revvenu-essentials', billingPeriod: 'MONTHLY' } });
    const report = (value: number) => gql(emu, env.serverKey, clientOperation('node', 'ReportUsage'), { input: { customerId: 'cust-j', featureId: 'feature-02-campaigns', value } }, 'ReportUsage');
    expect((await report(4)).errors).toBeUndefined();
    expect((await report(3)).errors).toBeUndefined();
    await gql(emu, env.serverKey, clientOperation('node', 'ReportUsage'), { input: { customerId: 'nobody', featureId: 'feature-02-campaigns', value: 1 } }, 'ReportUsage');

    const all = await page(`${UI}/environments/${env.id}/journal`);
    expect(all.html.match(/data-operation="ReportUsage"/g)).toHaveLength(3);
    const errors = await page(`${UI}/environments/${env.id}/journal?operation=ReportUsage&status=error`);
    expect(errors.html.match(/data-operation="ReportUsage"/g)).toHaveLength(1);
    expect(errors.html).toContain('CustomerNotFound');

    const customer = await page(`${UI}/environments/${env.id}/customers/cust-j`);
    expect(customer.html).toContain('data-usage="feature-02-campaigns"');
    expect(customer.html).toContain('<b>7</b>');
    // two reports a moment apart: one bar (bars never overlap) with the usage after both, its value written above it
    expect(customer.html.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(customer.html).toContain('data-value="7" data-reports="2"');
    expect(customer.html).toMatch(/<text class="value"[^>]*>7<\/text>/);
    expect(customer.html).toMatch(/last reported <time/);
  });

  it('the usage chart reads the stored history: reports after the journal is cleared, raw events, period resets', async () => {
    const env = newEnvironment('ui-history');
    await provision(env.serverKey, { customerId: 'cust-u', subscriptionParams: { planId: 'plan-revvenu-basic', billingPeriod: 'MONTHLY' } });
    const report = (value: number) => gql(emu, env.serverKey, clientOperation('node', 'ReportUsage'), { input: { customerId: 'cust-u', featureId: 'feature-02-campaigns', value } }, 'ReportUsage');
    expect((await report(2)).errors).toBeUndefined();
    expect((await report(1)).errors).toBeUndefined();
    const events = [1, 2, 2].map((user, i) => ({ customerId: 'cust-u', eventName: 'user_login', idempotencyKey: `login-${i}`, dimensions: { user_id: `u${user}` } }));
    const reported = await gql(emu, env.serverKey, clientOperation('node', 'ReportEvent'), { input: { usageEvents: events } }, 'ReportEvent');
    expect(reported.errors).toBeUndefined();
    expect((await rest(emu, 'DELETE', `/_emulator/environments/${env.id}/requests`)).status).toBe(200);

    const usageCard = (html: string, featureId: string) => {
      const start = html.indexOf(`data-usage="${featureId}"`);
      expect(start).toBeGreaterThan(-1);
      const end = html.indexOf('</svg>', start);
      return end < 0 ? html.slice(start) : html.slice(start, end);
    };
    const before = (await page(`${UI}/environments/${env.id}/customers/cust-u`)).html;
    // the usage after each report (2, then 3), and the unique users after the events (one instant: one point, 2 users of 3 logins)
    // (the two reports a moment apart share one bar: the usage after both)
    expect(usageCard(before, 'feature-02-campaigns').match(/<title>usage (\d+) after (\d+ reports|the report)/g)).toEqual(['<title>usage 3 after 2 reports']);
    expect(usageCard(before, 'feature-06-active-users').match(/<title>usage (\d+) after (\d+ reports|the report)/g)).toEqual(['<title>usage 2 after the report']);
    expect(usageCard(before, 'feature-02-campaigns')).not.toContain('class="reset"');

    // a month later the period restarted: the chart marks the reset and still shows the reports before it
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { advance: 'P1M' })).status).toBe(200);
    const after = usageCard((await page(`${UI}/environments/${env.id}/customers/cust-u`)).html, 'feature-02-campaigns');
    expect(after).toContain('class="reset"');
    expect(after.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(after).toContain('data-value="3" data-reports="2"');
  });

  it('webhook events show with their type and deliveries, newest first, filtered by type', async () => {
    const env = newEnvironment('ui-hooks');
    await provision(env.serverKey, { customerId: 'cust-h', subscriptionParams: { planId: 'plan-revvenu-essentials', billingPeriod: 'MONTHLY' } });
    const events = await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`);
    expect(events.body.events.length).toBeGreaterThan(0);
    const { html } = await page(`${UI}/environments/${env.id}/webhooks`);
    for (const e of events.body.events) expect(html).toContain(e.messageId);
    const filtered = await page(`${UI}/environments/${env.id}/webhooks?type=customer.created`);
    expect(filtered.html).toContain('data-type="customer.created"');
    expect(filtered.html).not.toContain('data-type="subscription.created"');
  });
});

describe('live stream', () => {
  it('tells an open page when the environment changes', async () => {
    const env = newEnvironment('ui-live');
    await rest(emu, 'POST', `/_emulator/environments/${env.id}/reset`);
    const controller = new AbortController();
    const res = await emu.request(`${UI}/environments/${env.id}/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += decoder.decode(value);
      }
    };
    await until('event: ready');
    await provision(env.serverKey, { customerId: 'cust-live' });
    await until('event: change');
    await reader.cancel();
    controller.abort();
    expect((await emu.request(`${UI}/environments/nowhere/events`)).status).toBe(404);
  });

  it('tells the environments list when an environment opens', async () => {
    const controller = new AbortController();
    const res = await emu.request(`${UI}/events`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) text += decoder.decode((await reader.read()).value);
    };
    await until('event: ready');
    await rest(emu, 'POST', `/_emulator/environments/${newEnvironment('ui-list').id}/reset`);
    await until('event: change');
    await reader.cancel();
    controller.abort();
  });
});

describe('GET /', () => {
  it('links the inspector (HTML for a browser, JSON otherwise)', async () => {
    const html = await page('/');
    expect(html.status).toBe(200);
    expect(html.html).toContain('href="/_emulator/ui"');
    const json = await rest(emu, 'GET', '/');
    expect(json.body).toMatchObject({ name: 'stigg-emulator', inspector: '/_emulator/ui', graphql: '/graphql' });
  });
});

describe('--admin-token', () => {
  it('asks for the token; a bearer header or the login cookie opens the pages; actions send the token to the control plane', async () => {
    const guarded = testEmulator({ adminToken: 'sesame' });
    try {
      const refused = await guarded.request(UI, { headers: { accept: 'text/html' } });
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('Admin token required');
      expect((await guarded.request(`${UI}/assets/inspector.css`)).status).toBe(200);

      expect((await guarded.request(UI, { headers: { authorization: 'Bearer sesame' } })).status).toBe(200);
      expect((await guarded.request(UI, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

      const wrong = await guarded.request(`${UI}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
      expect(wrong.status).toBe(401);
      const login = await guarded.request(`${UI}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=sesame', redirect: 'manual' });
      expect(login.status).toBe(303);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
      expect((await guarded.request(`${UI}/environments/local`, { headers: { cookie } })).status).toBe(200);

      const action = await guarded.request(`${UI}/environments/local/actions/clock`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'mode=advance&advance=P1D',
        redirect: 'manual',
      });
      const shown = await (await guarded.request(action.headers.get('location')!, { headers: { cookie } })).text();
      expect(shown).toContain('Clock at 2025-01-02');
    } finally {
      await guarded.close();
    }
  });
});

describe('extra sections', () => {
  it('credits show only for a customer whose subscriptions grant credits', async () => {
    const env = newEnvironment('ui-credits');
    const fixture = [
      'customers:',
      '  - id: cust-credits',
      '    subscriptions:',
      '      - id: sub-credits',
      '        planId: plan-revvenu-basic',
      '        status: ACTIVE',
      '        startDate: 2025-01-01T00:00:00Z',
      '        entitlements: [{ kind: credit, customCurrencyId: currency-tokens, amount: 500, cadence: MONTH }]',
      '  - id: cust-plain',
      '',
    ].join('\n');
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${env.id}/fixtures`, fixture, { 'content-type': 'application/yaml' });
    expect(loaded.status).toBe(200);
    const credits = await page(`${UI}/environments/${env.id}/customers/cust-credits`);
    expect(credits.html).toContain('<section id="credits"><h2>Credits</h2>');
    expect(credits.html).toContain('currency-tokens');
    const plain = await page(`${UI}/environments/${env.id}/customers/cust-plain`);
    expect(plain.status).toBe(200);
    expect(plain.html).not.toContain('id="credits"');
  });
});

describe('the usage chart and the catalog in words', () => {
  it('usage bars: reports within one slot merge (the usage after the last), others get their own slot, never overlapping', async () => {
    const { usageBars, BAR_SLOT } = await import('../../src/inspector/pages/customer.js');
    const point = (atMs: number, value: number) => ({ atMs, value, isResetPoint: false });
    const x = (ms: number) => 30 + ms / 10; // 10 ms per unit
    const bars = usageBars([point(0, 1), point(20, 2), point(50, 4), point(1000, 5), point(1010, 9), point(3000, 10)], x);
    expect(bars.map((b) => [b.bar.value, b.bar.reports])).toEqual([
      [4, 3],
      [9, 2],
      [10, 1],
    ]);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.x - bars[i - 1]!.x).toBeGreaterThanOrEqual(BAR_SLOT);
  });

  it('entitlements, journeys, trials and meters read as words, not JSON; behavior only on add-ons numeric entitlements', async () => {
    const { entitlementText, journeyLines, trialText, meterText } = await import('../../src/inspector/pages/catalog.js');
    expect(entitlementText({ featureId: 'f', behavior: 'Increment' }, 'BOOLEAN', 'plan')).toBe('granted');
    expect(entitlementText({ featureId: 'f', usageLimit: 10, resetPeriod: 'MONTH', behavior: 'Increment' }, 'NUMBER', 'plan')).toBe('10, resets every month');
    expect(entitlementText({ featureId: 'f', usageLimit: 5, behavior: 'Increment' }, 'NUMBER', 'addon')).toBe("5 (added to the plan's limit)");
    expect(entitlementText({ featureId: 'f', usageLimit: 5, behavior: 'Override' }, 'NUMBER', 'addon')).toBe("5 (replaces the plan's limit)");
    expect(entitlementText({ featureId: 'f', behavior: 'Increment' }, 'BOOLEAN', 'addon')).toBe('granted');
    expect(journeyLines({ subscriptionStartSetup: 'FREE_PLAN', subscriptionStartPlanId: 'plan-free', subscriptionEndSetup: 'DOWNGRADE_TO_FREE', downgradePlanId: 'plan-free', subscriptionCancellationTime: 'END_OF_BILLING_PERIOD', downgradeAtEndOfBillingPeriod: true })).toEqual([
      'starts on plan-free',
      'on end, downgrades to plan-free',
      'cancels at the end of the billing period',
      'downgrades at the end of the billing period',
    ]);
    expect(trialText({ duration: 14, units: 'DAY', trialEndBehavior: 'CONVERT_TO_PAID' })).toBe('14 days, then converts to paid');
    expect(meterText({ aggregation: { function: 'COUNT' }, filters: [{ conditions: [{ field: 'eventName', operation: 'EQUALS', value: 'api.call' }] }] })).toBe('COUNT of events where eventName = api.call');
    expect(meterText({ aggregation: { function: 'UNIQUE', field: 'user_id' }, filters: [] })).toBe('UNIQUE of user_id (every event)');
  });
});
