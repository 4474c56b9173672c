/**
 * The inspector at /_emulator/ui: server-rendered pages over every environment (Hono's JSX,
 * escaped by default) and a small client script for live refresh. Pages read the environment
 * directly; actions are POSTed forms that the inspector sends to the control plane, in process,
 * as JSON, so they get exactly its validation and answers; the result (or the refusal's code and
 * message) is shown on the page the action redirects to.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { EmulatorConfig } from '../config.js';
import type { Environment } from '../environments/environment.js';
import { ENVIRONMENT_NAME, type EnvironmentRegistry } from '../application/registry.js';
import { EmulatorError } from '../errors.js';
import { boundedValue } from '../environments/journal.js';
import { catalog } from '../catalog/catalog-service.js';
import type { Logger } from '../logging/logger.js';
import { INSPECTOR_CSS, INSPECTOR_JS } from './assets.js';
import { customersData, catalogData, customerData, governanceData, journalData, overviewData, webhooksData } from './page-data.js';
import { Layout, NotFoundPage, UI, envPath, type Flash } from './layout.js';
import { environmentCounts, lastActivity, pageNumber } from './inspector-queries.js';
import { CatalogPage } from './pages/catalog.js';
import { CustomerPage } from './pages/customer.js';
import { CustomersPage } from './pages/customers.js';
import { EnvironmentPage } from './pages/environment.js';
import { EnvironmentsPage, type EnvironmentSummary } from './pages/environments.js';
import { GovernancePage } from './pages/governance.js';
import { JournalPage, type JournalFilter } from './pages/journal.js';
import { WebhooksPage } from './pages/webhooks.js';
import { fingerprint, sameFingerprint } from './live.js';

export interface InspectorDeps {
  registry: EnvironmentRegistry;
  config: EmulatorConfig;
  logger: Logger;
  version: string;
  /** environments the seed declares (default: local): listed, and opened (created) when viewed */
  declaredEnvironments: string[];
  /** a request to the control plane, e.g. `controlPlane('/environments/local/clock', { method: 'POST', ... })` */
  controlPlane: (path: string, init?: RequestInit) => Promise<Response>;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const COOKIE = 'stigg_emulator_inspector';
/** results of actions kept for the page they redirect to (the newest ones) */
const MAX_FLASHES = 200;
/** form values longer than this (a large pasted fixture) are not put back after a refusal */
const MAX_FLASH_FORM_CHARS = 256 * 1024;
/** how often the live stream looks for a change (ms) */
const LIVE_POLL_MS = 400;

type Page = JSX.Element;

export function createInspector(deps: InspectorDeps): Hono {
  const { registry, config } = deps;
  const declared = new Set(deps.declaredEnvironments);
  const flashes = new Map<string, Flash>();
  const app = new Hono();

  const render = (c: Context, page: Page, status = 200) => c.html(`<!doctype html>${String(page)}`, status as 200);
  const notFoundPage = (c: Context, title: string, message: string, back?: { href: string; label: string }) =>
    render(c, <NotFoundPage title={title} message={message} back={back} />, 404);

  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    c.header('x-content-type-options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on the pages' own
    // form posts, which the control plane's Origin check (src/http/access.ts) must refuse
    c.header('referrer-policy', 'same-origin');
    c.header('x-frame-options', 'DENY');
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
  });

  // a form may only be posted from the inspector's own pages
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const host = c.req.header('host');
      let originHost: string | null = null;
      try {
        originHost = origin !== undefined && origin !== 'null' ? new URL(origin).host : null;
      } catch {
        originHost = '(malformed)';
      }
      const crossSite = (site !== undefined && site !== 'same-origin' && site !== 'none') || (originHost !== null && host !== undefined && originHost !== host);
      if (crossSite) return c.text('cross-site form posts are refused', 403);
    }
    return next();
  });

  // ------------------------------------------------------------------ access (--admin-token)
  const tokenMatches = (given: string | undefined): boolean => {
    if (!config.adminToken || given === undefined) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(config.adminToken);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  if (config.adminToken) {
    app.post('/login', async (c) => {
      const form = await c.req.parseBody();
      const token = typeof form.token === 'string' ? form.token : '';
      if (!tokenMatches(token)) return render(c, <LoginPage failed />, 401);
      setCookie(c, COOKIE, token, { path: UI, httpOnly: true, sameSite: 'Strict' });
      return c.redirect(UI, 303);
    });
    app.use('*', async (c, next) => {
      const header = c.req.header('authorization');
      const bearer = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      if (tokenMatches(bearer) || tokenMatches(getCookie(c, COOKIE))) return next();
      if (c.req.path.startsWith(`${UI}/assets/`)) return next();
      return render(c, <LoginPage failed={false} />, 401);
    });
  }

  // ------------------------------------------------------------------ assets
  app.get('/assets/inspector.css', (c) => c.body(INSPECTOR_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/assets/inspector.js', (c) => c.body(INSPECTOR_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));

  // ------------------------------------------------------------------ environments
  /** An environment to show: open, in the data directory, or declared by the seed (created now); else 404. */
  const openEnvironment = (id: string): Environment | null => {
    if (!ENVIRONMENT_NAME.test(id)) return null;
    if (registry.isOpen(id) || declared.has(id) || registry.ids().includes(id)) {
      try {
        return registry.get(id, declared.has(id));
      } catch (error) {
        if (error instanceof EmulatorError && (error.code === 'NotFound' || error.code === 'Unauthenticated')) return null;
        throw error;
      }
    }
    return null;
  };
  const environmentNotFound = (c: Context, id: string) =>
    notFoundPage(c, 'Environment not found', `There is no environment "${id}". An environment is created on the first request with its key (server-${id}), or from the control plane.`);

  const live = (envId: string) => envPath(envId, '/events');

  app.get('/', (c) => {
    const ids = new Set([...registry.ids(), ...declared]);
    const environments: EnvironmentSummary[] = [...ids].sort().map((id) => {
      const env = registry.find(id);
      const broken = registry.brokenReason(id);
      if (!env) return broken ? { id, state: 'broken', error: broken } : { id, state: registry.ids().includes(id) ? 'on-disk' : 'seed' };
      try {
        const counts = environmentCounts(env.db);
        return {
          id,
          state: 'open',
          clock: env.clock.toJSON(),
          customers: counts.customers,
          liveSubscriptions: (counts.subscriptionsByStatus.ACTIVE ?? 0) + (counts.subscriptionsByStatus.IN_TRIAL ?? 0),
          requests: env.journal.size,
          faults: env.faults.list().length,
          lastActivity: lastActivity(env),
        };
      } catch (error) {
        // one broken environment is shown as such; the page still lists the others
        return { id, state: 'broken', error: error instanceof Error ? error.message : String(error) };
      }
    });
    return render(c, <EnvironmentsPage environments={environments} version={deps.version} live={`${UI}/events`} />);
  });

  app.get('/environments', (c) => c.redirect(UI, 302));

  app.get('/environments/:env', (c) => {
    const env = openEnvironment(c.req.param('env'));
    if (!env) return environmentNotFound(c, c.req.param('env'));
    const nowMs = env.pin();
    const flash = flashes.get(c.req.query('flash') ?? '') ?? null;
    return render(c, <EnvironmentPage {...overviewData(env, nowMs, flash, live(env.id))} />);
  });

  app.get('/environments/:env/catalog', (c) => {
    const env = openEnvironment(c.req.param('env'));
    if (!env) return environmentNotFound(c, c.req.param('env'));
    env.pin();
    return render(c, <CatalogPage {...catalogData(env, live(env.id))} />);
  });

  app.get('/environments/:env/customers', (c) => {
    const env = openEnvironment(c.req.param('env'));
    if (!env) return environmentNotFound(c, c.req.param('env'));
    env.pin();
    const search = c.req.query('q') ?? '';
    const page = customersData(env, search, pageNumber(c.req.query('page')));
    return render(c, <CustomersPage envId={env.id} search={search} page={page} clock={env.clock.toJSON()} live={live(env.id)} />);
  });

  app.get('/environments/:env/customers/:customer', (c) => {
    const env = openEnvironment(c.req.param('env'));
    if (!env) return environmentNotFound(c, c.req.param('env'));
    const nowMs = env.pin();
    const customerId = c.req.param('customer');
    const customer = catalog.customer(env.db, customerId);
    if (!customer) {
      return notFoundPage(c, 'Customer not found', `Environment "${env.id}" has no customer "${customerId}".`, { href: envPath(env.id, '/customers'), label: 'Customers' });
    }
    const scope = c.req.query('resourceId') || null;
    return render(c, <CustomerPage {...customerData(env, nowMs, customer, scope, live(env.id))} />);
  });

  app.get('/environments/:env/journal', (c) => {
    const env = openEnvironment(c.req.param('env'));
    if (!env) return environmentNotFound(c, c.req.param('env'));
    const status = c.req.query('status');
    const filter: JournalFilter = { operation: c.req.query('operation') ?? '', status: status === 'ok' || status === 'error' ? status : '', q: c.req.query('q') ?? '' };
    const { operations, page } = journalData(env, filter, pageNumber(c.req.query('page')));
    return render(c, <JournalPage envId={env.id} filter={filter} operations={operations} page={page} clock={env.clock.toJSON()} live={live(env.id)} capacity={env.journal.capacity} />);
  });

  app.get('/environments/:env/webhooks', (c) => {
    const env = openEnvironment(c.req.param('env'));
    if (!env) return environmentNotFound(c, c.req.param('env'));
    env.pin();
    const type = c.req.query('type') ?? '';
    const data = webhooksData(env, type, pageNumber(c.req.query('page')));
    return render(c, <WebhooksPage envId={env.id} type={type} {...data} clock={env.clock.toJSON()} live={live(env.id)} />);
  });

  app.get('/environments/:env/governance', (c) => {
    const env = openEnvironment(c.req.param('env'));
    if (!env) return environmentNotFound(c, c.req.param('env'));
    const nowMs = env.pin();
    const data = governanceData(env, nowMs, c.req.query('owner'));
    return render(c, <GovernancePage envId={env.id} {...data} clock={env.clock.toJSON()} live={live(env.id)} />);
  });

  // ------------------------------------------------------------------ live refresh
  app.get('/environments/:env/events', (c) => {
    const id = c.req.param('env');
    const env = ENVIRONMENT_NAME.test(id) ? registry.find(id) : undefined;
    if (!env) return c.json({ error: { code: 'NotFound', message: `environment not open: ${id}` } }, 404);
    return streamSSE(c, async (stream) => {
      let previous = fingerprint(env);
      let quiet = 0;
      await stream.writeSSE({ event: 'ready', data: env.id });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(LIVE_POLL_MS);
        if (registry.find(id) !== env || !env.sqlite.open) {
          await stream.writeSSE({ event: 'gone', data: env.id });
          break;
        }
        const current = fingerprint(env);
        if (!sameFingerprint(previous, current)) {
          previous = current;
          quiet = 0;
          await stream.writeSSE({ event: 'change', data: env.id });
        } else if (++quiet * LIVE_POLL_MS >= 15_000) {
          quiet = 0;
          await stream.write(': keep-alive\n\n');
        }
      }
    });
  });

  /** The environments list: a change when an environment opens, closes or changes. */
  app.get('/events', (c) => {
    const state = () => registry.list().map((env) => ({ env, print: fingerprint(env) }));
    const same = (a: ReturnType<typeof state>, b: ReturnType<typeof state>) =>
      a.length === b.length && a.every((x, i) => x.env === b[i]!.env && sameFingerprint(x.print, b[i]!.print));
    const byId = (list: ReturnType<typeof state>) => [...list].sort((x, y) => (x.env.id < y.env.id ? -1 : 1));
    return streamSSE(c, async (stream) => {
      let previous = byId(state());
      let quiet = 0;
      await stream.writeSSE({ event: 'ready', data: '' });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(LIVE_POLL_MS * 2);
        const current = byId(state());
        if (!same(previous, current)) {
          previous = current;
          quiet = 0;
          await stream.writeSSE({ event: 'change', data: '' });
        } else if (++quiet * LIVE_POLL_MS * 2 >= 15_000) {
          quiet = 0;
          await stream.write(': keep-alive\n\n');
        }
      }
    });
  });

  // ------------------------------------------------------------------ actions
  /** Keep a result for the page the action redirects to, bounded: large details are truncated, large form values not kept. */
  const remember = (flash: Flash): string => {
    const id = randomUUID();
    const form = flash.form ? Object.fromEntries(Object.entries(flash.form).filter(([, v]) => v.length <= MAX_FLASH_FORM_CHARS)) : undefined;
    flashes.set(id, { ...flash, form, ...(flash.details !== undefined ? { details: boundedValue(flash.details) } : {}) });
    while (flashes.size > MAX_FLASHES) flashes.delete(flashes.keys().next().value as string);
    return id;
  };

  const authHeaders = (): Record<string, string> => (config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {});

  /** Send a request to the control plane; answers its status and JSON body. */
  const send = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: any }> => {
    const res = await deps.controlPlane(path, {
      method,
      headers: { ...authHeaders(), ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { error: { code: 'UnexpectedError', message: text } };
    }
    return { status: res.status, json };
  };

  const refusal = (status: number, json: any, form?: Record<string, string>): Flash => ({
    ok: false,
    title: `Refused by the control plane (HTTP ${status})`,
    code: json?.error?.code ?? 'UnexpectedError',
    message: json?.error?.message ?? 'no message',
    form,
  });

  const formOf = async (c: Context): Promise<Record<string, string>> => {
    const body = await c.req.parseBody();
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
    return out;
  };

  /** Number fields of a form: a number when it reads as one, else the text itself (the control plane then says what it expects). */
  const numberOrText = (value: string | undefined): number | string | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  };

  type Action = (env: Environment, form: Record<string, string>, cp: string) => Promise<Flash>;

  const clockAction: Action = async (env, form, cp) => {
    const mode = form.mode ?? '';
    let move: Record<string, unknown>;
    let jumped = '';
    if (mode === 'advance') move = { advance: form.advance ?? '', ...(form.step?.trim() ? { step: form.step.trim() } : {}) };
    else if (mode === 'to') move = { to: form.to ?? '' };
    else if (mode === 'freeze') move = { frozen: true };
    else if (mode === 'unfreeze') move = { frozen: false };
    else if (mode === 'next') {
      const clock = await send('GET', `${cp}/clock`);
      if (clock.status !== 200) return refusal(clock.status, clock.json);
      if (!clock.json.nextDue) return { ok: false, title: 'Nothing is due', message: 'No transition lies ahead: moving the clock would change nothing stored.' };
      move = { to: clock.json.nextDue.at };
      jumped = `Jumped to ${clock.json.nextDue.at} (${clock.json.nextDue.kind}). `;
    } else return { ok: false, title: 'Unknown clock action', code: 'BadUserInput', message: `mode must be advance, to, next, freeze or unfreeze (got "${mode}")` };
    const res = await send('POST', `${cp}/clock`, move);
    if (res.status !== 200) return refusal(res.status, res.json, form);
    const applied = (res.json.applied ?? []) as unknown[];
    return {
      ok: true,
      title: `${jumped}Clock at ${res.json.now}${res.json.frozen ? ' (frozen)' : ''}: ${applied.length === 0 ? 'nothing was due' : `applied ${applied.length} transition${applied.length === 1 ? '' : 's'}`}`,
      details: applied.length > 0 ? applied : undefined,
    };
  };

  const actions: Record<string, Action> = {
    clock: clockAction,
    'snapshots/take': async (_env, form, cp) => {
      const res = await send('POST', `${cp}/snapshots`, { name: form.name ?? '' });
      return res.status === 201 ? { ok: true, title: `Snapshot "${res.json.name}" taken at ${res.json.clock.now}` } : refusal(res.status, res.json, form);
    },
    'snapshots/restore': async (_env, form, cp) => {
      const res = await send('POST', `${cp}/snapshots/${encodeURIComponent(form.name ?? '')}/restore`);
      return res.status === 200 ? { ok: true, title: `Snapshot "${res.json.restored.name}" restored: clock at ${res.json.clock.now}` } : refusal(res.status, res.json);
    },
    reset: async (_env, _form, cp) => {
      const res = await send('POST', `${cp}/reset`);
      return res.status === 200 ? { ok: true, title: `Reset to the seed: clock at ${res.json.clock.now}` } : refusal(res.status, res.json);
    },
    'faults/add': async (_env, form, cp) => {
      const target = form.target === 'route' ? 'route' : 'operation';
      const body: Record<string, unknown> = { [target]: form.match ?? '' };
      for (const key of ['status', 'delayMs', 'times', 'probability'] as const) {
        const value = numberOrText(form[key]);
        if (value !== undefined) body[key] = value;
      }
      for (const key of ['errorCode', 'message'] as const) if (form[key]?.trim()) body[key] = form[key]!.trim();
      const res = await send('POST', `${cp}/faults`, body);
      return res.status === 201 ? { ok: true, title: `Fault added on ${target} ${form.match ?? ''}`, details: res.json } : refusal(res.status, res.json, form);
    },
    'faults/clear': async (_env, form, cp) => {
      const res = await send('DELETE', `${cp}/faults`, form.id ? { id: form.id } : undefined);
      return res.status === 200 ? { ok: true, title: `${res.json.removed} fault${res.json.removed === 1 ? '' : 's'} cleared` } : refusal(res.status, res.json);
    },
    fixtures: async (_env, form, cp) => {
      const text = form.fixtures ?? '';
      const res = await send('POST', `${cp}/fixtures`, text, 'application/yaml');
      if (res.status !== 200) return refusal(res.status, res.json, { fixtures: text });
      const loaded = Object.entries(res.json.loaded as Record<string, number>).filter(([, n]) => n > 0);
      return { ok: true, title: `Fixtures loaded: ${loaded.length === 0 ? 'nothing' : loaded.map(([k, n]) => `${n} ${k}`).join(', ')}` };
    },
  };

  app.post('/environments/:env/actions/*', async (c) => {
    const envId = c.req.param('env');
    const env = openEnvironment(envId);
    if (!env) return environmentNotFound(c, envId);
    const name = c.req.path.slice(envPath(envId, '/actions/').length);
    const action = actions[name];
    if (!action) return notFoundPage(c, 'No such action', `The inspector has no action "${name}".`, { href: envPath(env.id), label: env.id });
    const flash = await action(env, await formOf(c), `/environments/${encodeURIComponent(env.id)}`);
    return c.redirect(`${envPath(env.id)}?flash=${remember(flash)}`, 303);
  });

  // ------------------------------------------------------------------ anything else
  app.all('*', (c) => (c.req.path === `${UI}/` ? c.redirect(UI, 301) : notFoundPage(c, 'Page not found', `The inspector has no page ${c.req.method} ${c.req.path}.`)));

  app.onError((error, c) => {
    deps.logger.error({ err: error, path: c.req.path }, 'inspector: unexpected error');
    return render(
      c,
      <Layout title="Error">
        <div class="notfound card">
          <h1>Something went wrong</h1>
          <p>The inspector could not show this page: {error instanceof EmulatorError ? `${error.code}: ${error.message}` : 'unexpected error (see the emulator log)'}.</p>
          <p>
            <a href={UI}>All environments</a>
          </p>
        </div>
      </Layout>,
      error instanceof EmulatorError ? error.httpStatus : 500,
    );
  });

  return app;
}

const LoginPage = ({ failed }: { failed: boolean }) => (
  <Layout title="Admin token">
    <div class="notfound card">
      <h1>Admin token required</h1>
      <p>This emulator runs with --admin-token. Enter it to open the inspector (kept in a cookie for this path), or send Authorization: Bearer &lt;token&gt;.</p>
      {failed ? <p class="denied">Wrong token.</p> : null}
      <form method="post" action={`${UI}/login`} class="row">
        <input type="password" name="token" autocomplete="current-password" aria-label="admin token" required />
        <button type="submit">Open</button>
      </form>
    </div>
  </Layout>
);
