/**
 * Stigg's GraphQL API over HTTP (POST /graphql, single or batched; GET /graphql for GraphiQL):
 * the API key picks the environment, injected faults apply, every operation is journaled, and
 * every error carries extensions.code.
 */
import { GraphQLError } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { Hono, type Context } from 'hono';
import type { Environment } from '../environments/environment.js';
import type { EnvironmentRegistry, KeyType } from '../environments/registry.js';
import { STIGG_ERROR_CODES } from '../error-codes.js';
import { codeOfHttpStatus, EmulatorError, toGraphQLError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { GraphQLContext } from '../resolvers/context.js';
import type { SchemaInfo } from './schema.js';

interface ServerContext {
  env: Environment;
  keyType: KeyType;
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

export function createGraphQLApp(deps: { registry: EnvironmentRegistry; schema: SchemaInfo; logger: Logger }) {
  const { registry, logger } = deps;
  const yoga = createYoga<ServerContext, GraphQLContext>({
    schema: deps.schema.schema,
    graphqlEndpoint: '/graphql',
    batching: { limit: 50 },
    landingPage: false,
    graphiql: { title: 'stigg-emulator', defaultQuery: '{ sdkConfiguration { sentryDsn } }', headers: JSON.stringify({ 'X-API-KEY': 'server-local' }) },
    logging: false,
    context: ({ env, keyType }) => ({ env, keyType, nowMs: env.nowMs() }),
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
    return { env: environment, keyType };
  };

  app.on(['GET', 'POST'], '/graphql', async (c) => {
    const started = performance.now();
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
    let bodies: GraphQLBody[] = [];
    let batched = false;
    if (c.req.method === 'POST') {
      try {
        const parsed = JSON.parse(text) as unknown;
        batched = Array.isArray(parsed);
        bodies = (batched ? (parsed as GraphQLBody[]) : [parsed as GraphQLBody]).filter((b) => b && typeof b === 'object');
      } catch {
        const entry = { message: 'malformed JSON body', code: 'BadUserInput' };
        ctx.env.journal.add({
          at: new Date(ctx.env.nowMs()).toISOString(),
          transport: 'graphql',
          operationName: null,
          status: 'error',
          httpStatus: 400,
          errorCodes: [entry.code],
          durationMs: performance.now() - started,
        });
        return c.json(errorBody(entry.code, entry.message), 400);
      }
    } else {
      bodies = [{ query: c.req.query('query'), operationName: c.req.query('operationName') ?? null }];
    }
    const names = bodies.map(operationNameOf);
    const headerName = c.req.header('x-graphql-operation-name');

    const fault = ctx.env.faults.take({ operations: [...names, headerName] });
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));

    let response: Response;
    if (fault && (fault.status !== undefined || fault.errorCode !== undefined)) {
      const message = fault.message ?? `fault injected by the emulator for ${names.join(', ') || 'this request'}`;
      const one = errorBody(fault.errorCode ?? codeOfHttpStatus(fault.status!), message);
      const status = fault.status ?? 200;
      response = new Response(JSON.stringify(batched ? bodies.map(() => ({ data: null, ...one })) : { data: null, ...one }), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    } else {
      const request = new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body: c.req.method === 'POST' ? text : undefined });
      response = await yoga.fetch(request, ctx);
    }

    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.includes('json')) return response;
    const raw = await response.text();
    let results: GraphQLResultBody[] = [];
    let parsedResult: unknown = null;
    try {
      parsedResult = JSON.parse(raw);
      results = Array.isArray(parsedResult) ? (parsedResult as GraphQLResultBody[]) : [parsedResult as GraphQLResultBody];
    } catch {
      results = [];
    }
    // every error carries a code (request-level errors from the HTTP layer included)
    let changed = false;
    for (const result of results) {
      for (const error of result?.errors ?? []) {
        const code = error.extensions?.code;
        if (typeof code !== 'string' || !KNOWN_CODES.has(code)) {
          // graphql-js parse/validation/variable errors: Stigg's BadUserInput, the original kept aside
          error.extensions = { ...(error.extensions ?? {}), code: 'BadUserInput', ...(code ? { graphqlCode: code } : {}) };
          changed = true;
        }
      }
    }
    const duration = performance.now() - started;
    const at = new Date(ctx.env.nowMs()).toISOString();
    bodies.forEach((body, i) => {
      const result = results[i] ?? results[0];
      const codes = [...new Set((result?.errors ?? []).map((e) => String(e.extensions?.code)))];
      ctx.env.journal.add({
        at,
        transport: 'graphql',
        operationName: names[i] ?? headerName ?? null,
        variables: body.variables ?? null,
        status: codes.length > 0 ? 'error' : 'ok',
        httpStatus: response.status,
        errorCodes: codes,
        durationMs: Math.round(duration * 1000) / 1000,
      });
    });
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(changed ? JSON.stringify(parsedResult) : raw, { status: response.status, headers });
  });

  return { app, yoga };
}
