/**
 * Stigg's REST API (`/api/v1`) on the same environments as GraphQL: `X-API-KEY` names the
 * environment, answers are `{ "data": ... }` (lists add `pagination: { next, prev }`), errors are
 * `{ "error": { "code", "message" } }` with the status the REST SDKs map to their error classes:
 * 400 invalid input (every field problem listed), 401 key, 403 a client key, 404 unknown id,
 * 409 conflict, 422 a rule violation (with Stigg's error code), 501 a method the emulator does not
 * serve. Every request is journaled (transport `rest`, operation `v1.<sdk method>`) and consults
 * the `v1` fault route and its own (`v1.customers.retrieve`).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { EnvironmentRegistry } from '../application/registry.js';
import { EmulatorError, storageFailure } from '../errors.js';
import { pageOf } from '../governance/governance-rules.js';
import { apiKeyAuthentication, runRequest, type Adapter, type RequestMeta } from '../governance/routes/http-common.js';
import { requestHeader } from '../http/headers.js';
import { parseJsonBody } from '../http/json.js';
import type { Environment } from '../environments/environment.js';
import type { Logger } from '../logging/logger.js';
import { parseQuery, type RestMethodDeclaration, type RestRoute } from './route.js';

export interface RestAppDeps {
  registry: EnvironmentRegistry;
  logger: Logger;
  methods: readonly RestMethodDeclaration[];
}

/** Codes that are the request's own fault rather than a rule: 400. */
const INPUT_CODES = new Set(['BadUserInput', 'InvalidArgumentError']);

/**
 * The REST status of an error: a code with a status of its own (404, 409, 401, 403, 429, 501, 503,
 * 507) keeps it; invalid input is 400; any other of Stigg's codes is a rule the request broke: 422.
 */
export function restStatusOf(error: EmulatorError): number {
  if (error.httpStatus !== 400) return error.httpStatus;
  return INPUT_CODES.has(error.code) ? 400 : 422;
}

function zodMessage(error: z.ZodError, where: string): string {
  return error.issues.map((i) => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`).join('; ');
}

/**
 * The answers of POSTs sent with an `Idempotency-Key`, per database: the same key on the same
 * method answers the first success again without running it (a reset, restore or import replaces
 * the database and forgets them). At most MAX_IDEMPOTENCY_KEYS per environment, oldest forgotten first.
 */
const idempotentAnswers = new WeakMap<object, Map<string, { status: number; body: string }>>();
const MAX_IDEMPOTENCY_KEYS = 1_000;

/** `{id}` → `:id` */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function createRestApp(deps: RestAppDeps): Hono {
  const { registry } = deps;
  const auth = apiKeyAuthentication(registry);

  const errorResponse = (c: Context, status: number, code: string, message: string, details?: unknown) => {
    // the SDKs retry 409 and 5xx unless told not to; what the emulator answers would not change
    c.header('x-should-retry', 'false');
    return c.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status as 400);
  };

  const adapter: Adapter = {
    transport: 'rest',
    logger: deps.logger,
    authenticate: auth.authenticate,
    peek: auth.peek,
    mapError(thrown, c) {
      const error = storageFailure(thrown) ?? thrown;
      if (error instanceof EmulatorError) {
        // Stigg's REST API answers an unauthenticated request with this exact body (E128)
        if (error.code === 'Unauthenticated') return errorResponse(c, 401, 'UNAUTHENTICATED', 'Invalid or missing API key');
        return errorResponse(c, restStatusOf(error), error.code, error.message, error.details);
      }
      if (error instanceof z.ZodError) return errorResponse(c, 400, 'BadUserInput', error.message, error.issues);
      return null;
    },
  };

  const parse = (schema: z.ZodType | null, value: unknown, where: string): unknown => {
    if (!schema) return value;
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new EmulatorError('BadUserInput', zodMessage(result.error, where), 400, {
        issues: result.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
      });
    }
    return result.data;
  };

  const app = new Hono();
  for (const declaration of deps.methods) {
    if (declaration.kind !== 'served' && declaration.kind !== 'notSupported') continue;
    const operation = declaration.sdk;
    app.on(declaration.method.toUpperCase(), honoPath(declaration.path), (c) =>
      runRequest(c, adapter, { name: operation, faultRoutes: ['v1', operation] }, async (env, meta) => {
        if (declaration.kind === 'notSupported') {
          throw new EmulatorError('NotSupportedByEmulator', `${operation} (${declaration.method.toUpperCase()} ${declaration.path}) is not supported by the emulator: ${declaration.reason}`, 501, {
            operation,
          });
        }
        const r: RestRoute = declaration;
        if (!r.client && auth.keyTypeOf(c) === 'client') {
          throw new EmulatorError('IdentityForbidden', `a client key may not call ${operation}: use a server key (server-${env.id})`, 403);
        }
        const idempotencyKey = r.method === 'post' ? requestHeader(c, 'idempotency-key')?.trim() : undefined;
        if (idempotencyKey !== undefined && (idempotencyKey === '' || idempotencyKey.length > 255)) {
          throw new EmulatorError('BadUserInput', 'Idempotency-Key must be 1 to 255 characters', 400);
        }
        const answers = idempotencyKey ? (idempotentAnswers.get(env.db) ?? idempotentAnswers.set(env.db, new Map()).get(env.db)!) : null;
        const replayed = answers?.get(`${operation} ${idempotencyKey}`);
        if (replayed) return c.body(replayed.body, replayed.status as 200, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
        const response = await answer(c, r, env, meta);
        if (answers && response.status < 300) {
          answers.set(`${operation} ${idempotencyKey}`, { status: response.status, body: await response.clone().text() });
          if (answers.size > MAX_IDEMPOTENCY_KEYS) answers.delete(answers.keys().next().value!);
        }
        return response;
      }),
    );
  }
  return app;

  /** Validate the request against the route's schemas, run its handler, wrap the answer (`{data}`, a page). */
  async function answer(c: Context, r: RestRoute, env: Environment, meta: RequestMeta): Promise<Response> {
    const params = parse(r.params, c.req.param(), 'path');
    const rawQuery = parseQuery(c);
    const query = parse(r.query, rawQuery, 'query');
    const rawBody = r.body ? await parseJsonBody(c) : undefined;
    meta.variables = rawBody !== undefined ? rawBody : Object.keys(rawQuery).length > 0 ? rawQuery : undefined;
    const body = parse(r.body, rawBody, 'body');
    const nowMs = env.pin();
    const result = await r.handler({ env, nowMs, params, query, body, c });
    if (r.list) {
      const paging = query as { after?: string; before?: string; limit: number };
      const page = pageOf(result as unknown[], r.cursorOf, paging);
      return c.json({ data: page.page, pagination: { next: page.next, prev: page.prev } }, r.status as 200);
    }
    return c.json({ data: result }, r.status as 200);
  }
}
