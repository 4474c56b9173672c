/**
 * The edge API (read-only JSON shaped like GraphQL results), served on the main port and on the
 * edge port. Answers are computed by the same resolvers as GraphQL.
 */
import { execute, parse, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { Hono, type Context } from 'hono';
import { sdkConfiguration } from '../catalog/sdk-configuration.js';
import type { EnvironmentRegistry } from '../application/registry.js';
import { codeOfHttpStatus, EmulatorError } from '../errors.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { entitlementsStableUntil, type EntitlementsQuery } from '../entitlements/entitlement-service.js';
import { rememberedAnswer } from './remembered-answers.js';
import { GET_ACTIVE_SUBSCRIPTIONS_LIST, GET_ENTITLEMENT, GET_ENTITLEMENTS, GET_ENTITLEMENTS_STATE, GET_PAYWALL } from './documents.js';

const PAYWALL = parse(GET_PAYWALL);
const ENTITLEMENTS = parse(GET_ENTITLEMENTS);
const ENTITLEMENT = parse(GET_ENTITLEMENT);
const ENTITLEMENTS_STATE = parse(GET_ENTITLEMENTS_STATE);
const ACTIVE_SUBSCRIPTIONS_LIST = parse(GET_ACTIVE_SUBSCRIPTIONS_LIST);

interface EdgeBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

function edgeError(error: GraphQLError) {
  const original = error.originalError;
  if (original instanceof EmulatorError) return { message: original.message, path: error.path, extensions: { code: original.code } };
  if (!original) return { message: error.message, path: error.path, extensions: { code: 'BadUserInput' } };
  return { message: 'Unexpected error', path: error.path, extensions: { code: 'UnexpectedError' } };
}

const bodyOf = (result: ExecutionResult): EdgeBody => ({ data: result.data ?? null, ...(result.errors ? { errors: result.errors.map(edgeError) } : {}) });

export function createEdgeApp(deps: { registry: EnvironmentRegistry; schema: GraphQLSchema }): Hono {
  const app = new Hono();

  const contextOf = (c: Context): GraphQLContext => {
    const key = c.req.header('x-api-key');
    if (!key?.trim()) throw new EmulatorError('Unauthenticated', 'missing API key: send the X-API-KEY header', 401);
    const { environment, keyType } = deps.registry.resolve(key);
    return { env: environment, keyType, nowMs: environment.pin() };
  };

  /** Answer a route, journaled: `run` answers a body, or its JSON text. */
  const journaled = async (c: Context, name: string, run: (ctx: GraphQLContext) => Promise<EdgeBody | string> | EdgeBody | string) => {
    const started = performance.now();
    let ctx: GraphQLContext;
    try {
      ctx = contextOf(c);
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error;
      return c.json({ errors: [{ message: error.message, extensions: { code: error.code } }] }, error.httpStatus as 401);
    }
    const fault = ctx.env.faults.take({ route: 'edge' });
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    let status = 200;
    let body: EdgeBody | string;
    if (fault && (fault.status !== undefined || fault.errorCode !== undefined)) {
      status = fault.status ?? 200;
      const message = fault.message ?? `fault injected by the emulator for ${c.req.path}`;
      body = { data: null, errors: [{ message, extensions: { code: fault.errorCode ?? codeOfHttpStatus(status) } }] };
    } else {
      body = await run(ctx);
    }
    const codes = typeof body === 'string' ? [] : (body.errors ?? []).map((e) => String(e.extensions?.code ?? 'UnexpectedError'));
    ctx.env.journal.add({
      at: new Date(ctx.nowMs).toISOString(),
      transport: 'edge',
      operationName: name,
      method: c.req.method,
      path: c.req.path,
      status: codes.length ? 'error' : 'ok',
      httpStatus: status,
      errorCodes: codes,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
    return typeof body === 'string' ? c.body(body, status as 200, { 'Content-Type': 'application/json' }) : c.json(body, status as 200);
  };

  for (const kind of ['server', 'client']) {
    app.get(`/v1/config/${kind}-sdk-configuration.json`, (c) =>
      journaled(c, `${kind}-sdk-configuration`, () => ({ data: { sdkConfiguration: sdkConfiguration() } })),
    );
  }

  /** Answer a route with what the SDK's own GraphQL document answers (same resolvers, same shapes). */
  const run = (document: DocumentNode, variableValues: Record<string, unknown>) => async (ctx: GraphQLContext) =>
    bodyOf(await execute({ schema: deps.schema, document, contextValue: ctx, variableValues }));

  /**
   * A customer's entitlements, as GetEntitlements answers them: remembered until the next write
   * (or until time alone changes them), the same text as executing the document again.
   */
  const entitlementsList = (query: Required<EntitlementsQuery>) => async (ctx: GraphQLContext) => {
    let body: EdgeBody | Promise<EdgeBody> | undefined;
    const { text } = rememberedAnswer(ctx.env.sqlite, JSON.stringify([query.customerId, query.resourceId]), ctx.nowMs, () => {
      const result = execute({ schema: deps.schema, document: ENTITLEMENTS, contextValue: ctx, variableValues: { query } });
      if (result instanceof Promise) {
        body = result.then(bodyOf);
        return { text: null, untilMs: ctx.nowMs };
      }
      body = bodyOf(result);
      if (body.errors) return { text: null, untilMs: ctx.nowMs };
      return { text: JSON.stringify(body), untilMs: entitlementsStableUntil(ctx.env.db, ctx.nowMs, query) };
    });
    return text ?? (await body!);
  };

  const paywall = (c: Context, productId: string | undefined) => {
    const q = c.req.query();
    return journaled(
      c,
      'paywall',
      run(PAYWALL, {
        input: {
          productId: productId ?? null,
          billingCountryCode: q.billingCountryCode ?? null,
          fetchAllCountriesPrices: q.fetchAllCountriesPrices === 'true',
          includeHiddenPlans: q.includeHiddenPlans === 'true',
        },
      }),
    );
  };
  app.get('/v1/paywall.json', (c) => paywall(c, undefined));
  app.get('/v1/p/:productId/paywall.json', (c) => paywall(c, c.req.param('productId')));

  // entitlements: all of a customer's, or one feature's with `featureId` (and `requestedUsage`)
  app.get('/v1/c/:customerId/entitlements.json', (c) => {
    const customerId = c.req.param('customerId');
    const { resourceId, featureId, requestedUsage } = c.req.query();
    if (featureId) {
      const usage = requestedUsage === undefined ? undefined : Number(requestedUsage);
      return journaled(
        c,
        'entitlement',
        run(ENTITLEMENT, {
          query: { customerId, featureId, resourceId: resourceId ?? null, options: usage === undefined || Number.isNaN(usage) ? null : { requestedUsage: usage } },
        }),
      );
    }
    return journaled(c, 'entitlements', entitlementsList({ customerId, resourceId: resourceId ?? null }));
  });
  app.get('/v1/c/:customerId/entitlements-state.json', (c) =>
    journaled(c, 'entitlements-state', run(ENTITLEMENTS_STATE, { query: { customerId: c.req.param('customerId'), resourceId: c.req.query('resourceId') ?? null } })),
  );

  // active subscriptions (the Node SDK's getActiveSubscriptionsList): global ones, or `resourceId`'s, or each `resourceIds`'
  app.get('/v1/c/:customerId/subscriptions.json', (c) => {
    const resourceIds = c.req.queries('resourceIds') ?? [];
    const input = {
      customerId: c.req.param('customerId'),
      ...(resourceIds.length > 0 ? { resourceIds } : { resourceId: c.req.query('resourceId') || null }),
    };
    return journaled(c, 'active-subscriptions', run(ACTIVE_SUBSCRIPTIONS_LIST, { input }));
  });

  return app;
}
