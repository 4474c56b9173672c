/**
 * Stigg's GraphQL API over HTTP (POST /graphql, single or batched; GET /graphql for GraphiQL):
 * the API key picks the environment, injected faults apply, every operation is journaled, and
 * every error carries extensions.code.
 */
import { GraphQLError } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { Hono, type Context } from 'hono';
import type { Environment } from '../environments/environment.js';
import type { Fault } from '../environments/faults.js';
import type { JournalEntry } from '../environments/journal.js';
import type { EnvironmentRegistry, KeyType } from '../environments/registry.js';
import { STIGG_ERROR_CODES } from '../error-codes.js';
import { codeOfHttpStatus, EmulatorError, toGraphQLError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { GRAPHIQL_OPTIONS, graphiqlPage } from './graphiql.js';
import { DEFAULT_GRAPHQL_LIMITS, limitPlugins, type GraphQLLimits } from './limits.js';
import type { SchemaInfo } from './schema.js';

interface ServerContext {
  env: Environment;
  keyType: KeyType;
  origin?: string;
}

interface GraphQLBody {
  query?: string;
  operationName?: string | null;
  variables?: unknown;
}

interface GraphQLResultBody {
  data?: unknown;
  errors?: { message: string; path?: unknown; extensions?: Record<string, unknown> }[];
}

const OPERATION_NAME = /\b(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

export function operationNameOf(body: GraphQLBody): string | null {
  if (body.operationName) return body.operationName;
  const match = typeof body.query === 'string' ? OPERATION_NAME.exec(body.query) : null;
  return match ? match[2]! : null;
}

const KNOWN_CODES = new Set<string>([...STIGG_ERROR_CODES, 'NotSupportedByEmulator', 'ServiceUnavailable']);

const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/** The operations of a request: a POST body (one or a batch) or GET query parameters. Null for malformed JSON. */
function readOperations(method: string, text: string, query: Record<string, string>): { bodies: GraphQLBody[]; batched: boolean } | null {
  if (method !== 'POST') return { bodies: [{ query: query.query, operationName: query.operationName ?? null }], batched: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const batched = Array.isArray(parsed);
  const bodies = (batched ? (parsed as GraphQLBody[]) : [parsed as GraphQLBody]).filter((b) => b && typeof b === 'object');
  return { bodies, batched };
}

/** The answer of an injected fault: its error code (or the code of its status) for every operation. */
function faultResponse(fault: Fault, batchSize: number | null, names: (string | null)[]): Response {
  const message = fault.message ?? `fault injected by the emulator for ${names.filter(Boolean).join(', ') || 'this request'}`;
  const one = { data: null, ...errorBody(fault.errorCode ?? codeOfHttpStatus(fault.status!), message) };
  return new Response(JSON.stringify(batchSize === null ? one : Array.from({ length: batchSize }, () => one)), {
    status: fault.status ?? 200,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * Every error carries one of Stigg's codes: graphql-js parse, validation and variable errors
 * become BadUserInput (their own code kept as `graphqlCode`). Answers the results and the body.
 */
function withStiggCodes(raw: string): { results: GraphQLResultBody[]; body: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { results: [], body: raw };
  }
  const results = Array.isArray(parsed) ? (parsed as GraphQLResultBody[]) : [parsed as GraphQLResultBody];
  let changed = false;
  for (const result of results) {
    for (const error of result?.errors ?? []) {
      const code = error.extensions?.code;
      if (typeof code !== 'string' || !KNOWN_CODES.has(code)) {
        error.extensions = { ...(error.extensions ?? {}), code: 'BadUserInput', ...(code ? { graphqlCode: code } : {}) };
        changed = true;
      }
    }
  }
  return { results, body: changed ? JSON.stringify(parsed) : raw };
}

/**
 * Like Apollo Server 4 (the current version; which one Stigg runs is not documented): an error
 * before execution (parse, validation, a query limit, variable coercion) answers HTTP 400; errors
 * during execution answer 200 with `data`. A request error is a result with errors and no `data`
 * key. A batch keeps yoga's status.
 */
function requestErrorStatus(status: number, results: GraphQLResultBody[], batched: boolean): number {
  if (batched || status !== 200 || results.length !== 1) return status;
  const result = results[0]!;
  return result && Array.isArray(result.errors) && result.errors.length > 0 && !('data' in result) ? 400 : status;
}

export function createGraphQLApp(deps: { registry: EnvironmentRegistry; schema: SchemaInfo; logger: Logger; limits?: GraphQLLimits }) {
  const { registry, logger } = deps;
  const yoga = createYoga<ServerContext, GraphQLContext>({
    schema: deps.schema.schema,
    graphqlEndpoint: '/graphql',
    batching: { limit: 50 },
    plugins: limitPlugins(deps.limits ?? DEFAULT_GRAPHQL_LIMITS),
    landingPage: false,
    graphiql: GRAPHIQL_OPTIONS,
    // the page comes from the package (no CDN), so GraphiQL works offline
    renderGraphiQL: () => graphiqlPage(),
    // CORS is answered for the whole app (src/http/cors.ts), with the configured origins
    cors: false,
    logging: false,
    context: ({ env, keyType, origin }) => ({ env, keyType, origin, nowMs: env.pin() }),
    maskedErrors: {
      maskError(error) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof EmulatorError) {
          const mapped = toGraphQLError(original);
          return new GraphQLError(mapped.message, {
            nodes: error instanceof GraphQLError ? error.nodes : undefined,
            path: error instanceof GraphQLError ? error.path : undefined,
            extensions: mapped.extensions,
          });
        }
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
          if (error.extensions?.code) return error;
          return new GraphQLError(error.message, { nodes: error.nodes, path: error.path, extensions: { ...error.extensions, code: 'BadUserInput' } });
        }
        logger.error({ err: original ?? error }, 'unexpected error in a resolver');
        return new GraphQLError('Unexpected error', {
          nodes: error instanceof GraphQLError ? error.nodes : undefined,
          path: error instanceof GraphQLError ? error.path : undefined,
          extensions: { code: 'UnexpectedError' },
        });
      },
    },
  });

  const app = new Hono();

  const authenticate = (c: Context): ServerContext => {
    const key = c.req.header('x-api-key');
    if (!key || !key.trim()) throw new EmulatorError('Unauthenticated', 'missing API key: send the X-API-KEY header (e.g. server-local)', 401);
    const { environment, keyType } = registry.resolve(key);
    return { env: environment, keyType, origin: new URL(c.req.url).origin };
  };

  const journal = (env: Environment, entries: Omit<JournalEntry, 'at' | 'transport'>[]) => {
    const at = new Date(env.nowMs()).toISOString();
    for (const entry of entries) env.journal.add({ at, transport: 'graphql', ...entry });
  };

  app.on(['GET', 'POST'], '/graphql', async (c) => {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
    const isGraphiQL = c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html') && !c.req.query('query');
    if (isGraphiQL) return yoga.fetch(c.req.raw, {} as ServerContext);

    let ctx: ServerContext;
    try {
      ctx = authenticate(c);
    } catch (error) {
      const e = error instanceof EmulatorError ? error : new EmulatorError('Unauthenticated', String(error), 401);
      return c.json(errorBody(e.code, e.message), e.httpStatus as 401);
    }

    const text = c.req.method === 'POST' ? await c.req.text() : '';
    const request = readOperations(c.req.method, text, c.req.query());
    if (!request) {
      journal(ctx.env, [{ operationName: null, status: 'error', httpStatus: 400, errorCodes: ['BadUserInput'], durationMs: elapsed() }]);
      return c.json(errorBody('BadUserInput', 'malformed JSON body'), 400);
    }
    const { bodies, batched } = request;
    const names = bodies.map(operationNameOf);
    const headerName = c.req.header('x-graphql-operation-name');

    const fault = ctx.env.faults.take({ operations: [...names, headerName] });
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    const response =
      fault && (fault.status !== undefined || fault.errorCode !== undefined)
        ? faultResponse(fault, batched ? bodies.length : null, names)
        : await yoga.fetch(new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body: c.req.method === 'POST' ? text : undefined }), ctx);

    if (!(response.headers.get('content-type') ?? '').includes('json')) return response;
    const raw = await response.text();
    const { results, body } = withStiggCodes(raw);
    const status = requestErrorStatus(response.status, results, batched);
    journal(
      ctx.env,
      bodies.map((operation, i) => {
        const codes = [...new Set(((results[i] ?? results[0])?.errors ?? []).map((e) => String(e.extensions?.code)))];
        return {
          operationName: names[i] ?? headerName ?? null,
          variables: operation.variables ?? null,
          status: codes.length > 0 ? 'error' : 'ok',
          httpStatus: status,
          errorCodes: codes,
          durationMs: elapsed(),
        };
      }),
    );
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(body, { status, headers });
  });

  return { app, yoga };
}
