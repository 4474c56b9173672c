/**
 * The control plane under /_emulator: health, readiness, info, environments, reset, request
 * journal, the clock, faults, snapshots, export/import, webhooks, loading more fixtures, and explaining an
 * entitlement check. Routes decode, call one service, encode.
 */
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import type { EmulatorConfig } from '../config.js';
import type { EnvironmentRegistry } from '../application/registry.js';
import { faultInput } from '../environments/faults.js';
import { badInput, EmulatorError } from '../errors.js';
import { exportEnvironment, importEnvironment } from '../application/export-service.js';
import { formatOfContentType, loadMoreFixtures } from '../application/fixture-service.js';
import { deleteSnapshot, listSnapshots } from '../application/snapshot-service.js';
import { moveEnvironmentClock, readClock, resetEnvironment, restoreEnvironment, snapshotEnvironment } from './operations.js';
import { PACKAGE_VERSION } from '../paths.js';
import type { SchemaInfo } from '../graphql/schema.js';
import { parseJsonBody } from '../http/json.js';
import { webhookFixture } from '../fixtures/model.js';
import { addEndpoint, listEndpoints, listEvents } from '../webhooks/webhook-service.js';
import { explainEntitlement } from '../entitlements/entitlement-service.js';
import { getCheckout, payCheckout, type CheckoutView } from '../subscriptions/checkout.js';
import { restMethodSummary } from '../rest/methods.js';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The checkout page a PAYMENT_REQUIRED provisioning links to: one button that pays. */
function checkoutPage(envId: string, checkout: CheckoutView): string {
  const paid = checkout.status !== 'OPEN';
  const action = `/_emulator/environments/${encodeURIComponent(envId)}/checkouts/${encodeURIComponent(checkout.id)}/pay`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout - stigg-emulator</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto">
<h1>Checkout</h1>
<p>Customer <b>${escapeHtml(checkout.customerId)}</b>, plan <b>${escapeHtml(checkout.planId)}</b> (environment ${escapeHtml(envId)}).</p>
${
  paid
    ? `<p id="status">Paid: subscription <b>${escapeHtml(checkout.subscriptionId ?? '')}</b>.</p>`
    : `<form method="post" action="${action}"><button id="pay" type="submit">Pay</button></form><p id="status">Open: paying gives the customer a payment method and creates the subscription.</p>`
}
</body></html>`;
}

const explainQuery = z.object({
  customerId: z.string({ error: 'required' }).min(1, 'required'),
  featureId: z.string({ error: 'required' }).min(1, 'required'),
  resourceId: z.string().min(1).optional(),
  requestedUsage: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: 'must be a finite number' });
        return z.NEVER;
      }
      return n;
    }),
});

export interface ControlPlaneDeps {
  registry: EnvironmentRegistry;
  config: EmulatorConfig;
  schema: SchemaInfo;
  isReady: () => boolean;
  urls: () => { url: string | null; edgeUrl: string | null };
}

export function createControlPlane(deps: ControlPlaneDeps): Hono {
  const { registry } = deps;
  const app = new Hono();

  const envJson = (id: string) => {
    const env = registry.get(id, false);
    return { id: env.id, open: true, createdAt: env.createdAt, clock: env.clock.toJSON(), requests: env.journal.size, faults: env.faults.list().length };
  };
  /** In the list, environments on disk that are not open are shown without opening them (which could evict others). */
  const listedJson = (id: string) => {
    const broken = registry.brokenReason(id);
    if (!registry.isOpen(id)) return broken ? { id, open: false, error: { code: 'ServiceUnavailable', message: broken } } : { id, open: false };
    try {
      return envJson(id);
    } catch (error) {
      // one broken environment is listed as such; the others still are
      return { id, open: true, error: { code: error instanceof EmulatorError ? error.code : 'UnexpectedError', message: error instanceof Error ? error.message : String(error) } };
    }
  };

  // liveness and readiness stay open (the image's HEALTHCHECK calls /ready without a token)
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', (c) => (deps.isReady() ? c.json({ status: 'ready' }) : c.json({ status: 'starting' }, 503)));
  // the checkout page and its Pay button are the customer's (a PAYMENT_REQUIRED provisioning hands
  // the page's URL to the customer's browser): open without the admin token, like Stigg's hosted checkout
  app.get('/environments/:env/checkouts/:id', (c) => {
    const env = registry.get(c.req.param('env'), false);
    env.pin();
    const checkout = getCheckout(env, c.req.param('id'));
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(checkout);
    return c.html(checkoutPage(env.id, checkout));
  });
  app.post('/environments/:env/checkouts/:id/pay', (c) => {
    const env = registry.get(c.req.param('env'), false);
    const checkout = payCheckout(env, env.pin(), c.req.param('id'));
    if ((c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) return c.html(checkoutPage(env.id, checkout));
    return c.json(checkout);
  });

  if (deps.config.adminToken) {
    const refused = (message: string) => ({ error: { code: 'Unauthenticated', message } });
    app.use(
      '*',
      bearerAuth({
        token: deps.config.adminToken,
        noAuthenticationHeader: { message: refused('the control plane requires Authorization: Bearer <admin token> (--admin-token is set)') },
        invalidAuthenticationHeader: { message: refused('malformed Authorization header: send Authorization: Bearer <admin token>') },
        invalidToken: { message: refused('wrong admin token') },
      }),
    );
  }
  app.get('/info', (c) =>
    c.json({
      name: 'stigg-emulator',
      version: PACKAGE_VERSION,
      node: process.version,
      ...deps.urls(),
      settings: {
        ...deps.config,
        adminToken: deps.config.adminToken ? '(set)' : null,
        startTime: deps.config.startTime?.toISOString() ?? null,
        fixtures: deps.config.fixtures.length > 0 ? deps.config.fixtures : ['(built-in demo seed)'],
      },
      environments: registry.ids(),
      supportedOperations: deps.schema.implemented,
      restMethods: restMethodSummary(),
    }),
  );
  app.get('/environments', (c) => c.json({ environments: registry.ids().map(listedJson) }));
  app.get('/environments/:env', (c) => c.json(envJson(c.req.param('env'))));
  app.delete('/environments/:env', (c) => {
    const id = c.req.param('env');
    if (!registry.delete(id)) throw new EmulatorError('NotFound', `environment not found: ${id}`, 404);
    return c.json({ deleted: id });
  });
  app.post('/environments/:env/reset', (c) => c.json(resetEnvironment(registry, c.req.param('env'))));
  app.get('/environments/:env/requests', (c) => {
    const env = registry.get(c.req.param('env'), false);
    const entries = env.journal.list();
    const op = c.req.query('operationName');
    return c.json({ requests: op ? entries.filter((e) => e.operationName === op) : entries });
  });
  app.delete('/environments/:env/requests', (c) => {
    registry.get(c.req.param('env'), false).journal.clear();
    return c.json({ cleared: true });
  });

  app.get('/environments/:env/clock', (c) => c.json(readClock(registry, c.req.param('env'))));
  app.post('/environments/:env/clock', async (c) => {
    const body = await parseJsonBody(c);
    return c.json(moveEnvironmentClock(registry, c.req.param('env'), body, c.req.path));
  });

  app.get('/environments/:env/faults', (c) => c.json({ faults: registry.get(c.req.param('env')).faults.list() }));
  app.post('/environments/:env/faults', async (c) => {
    const fault = registry.get(c.req.param('env')).faults.add(faultInput.parse(await parseJsonBody(c)));
    return c.json(fault, 201);
  });
  app.delete('/environments/:env/faults', async (c) => {
    const env = registry.get(c.req.param('env'));
    const text = await c.req.text();
    let filter: { route?: string; operation?: string; id?: string } | undefined;
    if (text.trim()) {
      try {
        filter = z.strictObject({ route: z.string().optional(), operation: z.string().optional(), id: z.string().optional() }).parse(JSON.parse(text));
      } catch (error) {
        if (error instanceof SyntaxError) throw badInput('malformed JSON body');
        throw error;
      }
    }
    return c.json({ removed: env.faults.clear(filter) });
  });

  app.get('/environments/:env/snapshots', (c) => c.json({ snapshots: listSnapshots(registry.get(c.req.param('env'))) }));
  app.post('/environments/:env/snapshots', async (c) => {
    const body = z.strictObject({ name: z.string() }).parse(await parseJsonBody(c));
    return c.json(snapshotEnvironment(registry, c.req.param('env'), body.name), 201);
  });
  app.post('/environments/:env/snapshots/:name/restore', (c) => c.json(restoreEnvironment(registry, c.req.param('env'), c.req.param('name'))));
  app.delete('/environments/:env/snapshots/:name', (c) => {
    deleteSnapshot(registry.get(c.req.param('env')), c.req.param('name'));
    return c.json({ deleted: c.req.param('name') });
  });

  app.get('/environments/:env/export', (c) => {
    const document = exportEnvironment(registry.get(c.req.param('env'), false));
    const wantsYaml = c.req.query('format') === 'yaml' || (c.req.header('accept') ?? '').includes('yaml');
    if (!wantsYaml) return c.json(document);
    return c.body(stringifyYaml(document), 200, { 'content-type': 'application/yaml; charset=utf-8' });
  });
  app.post('/environments/:env/import', async (c) => {
    const env = registry.get(c.req.param('env'));
    const imported = importEnvironment(registry, env, await c.req.text(), formatOfContentType(c.req.header('content-type')));
    return c.json({ imported });
  });

  app.get('/environments/:env/webhooks', (c) => c.json({ events: listEvents(registry.get(c.req.param('env')), { type: c.req.query('type') }) }));
  app.get('/environments/:env/webhooks/endpoints', (c) => c.json({ endpoints: listEndpoints(registry.get(c.req.param('env'))) }));
  app.post('/environments/:env/webhooks/endpoints', async (c) => {
    const body = webhookFixture.parse(await parseJsonBody(c));
    return c.json(addEndpoint(registry.get(c.req.param('env')), body), 201);
  });

  app.get('/environments/:env/explain', (c) => {
    const query = explainQuery.parse(c.req.query());
    const env = registry.get(c.req.param('env'), false);
    return c.json(explainEntitlement(env, env.pin(), query));
  });

  app.post('/environments/:env/fixtures', async (c) => {
    const env = registry.get(c.req.param('env'));
    const text = await c.req.text();
    const summary = loadMoreFixtures(env, text, formatOfContentType(c.req.header('content-type')));
    return c.json({ loaded: summary });
  });

  return app;
}
