/**
 * Stigg's GraphQL API over HTTP (POST /graphql, single or batched; GET /graphql for GraphiQL):
 * the API key picks the environment, injected faults apply, every operation is journaled, and
 * every error carries extensions.code.
 */
import { GraphQLError, Kind, parse } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { Hono, type Context } from 'hono';
import type { Environment } from '../environments/environment.js';
import type { Fault } from '../environments/faults.js';
import type { JournalEntry } from '../environments/journal.js';
import type { EnvironmentRegistry, KeyType } from '../application/registry.js';
import { STIGG_ERROR_CODES } from '../error-codes.js';
import { codeOfHttpStatus, EmulatorError, storageFailure, toGraphQLError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { GRAPHIQL_OPTIONS, graphiqlPage } from './graphiql.js';
import { compiledExecution } from './jit.js';
import { DEFAULT_GRAPHQL_LIMITS, limitPlugins, type GraphQLLimits } from './limits.js';
import type { SchemaInfo } from './schema.js';

interface ServerContext {
  env: Environment;
  keyType: KeyType;
  origin?: string;
  /**
   * What the route and resultsPlugin hand each other (one object: yoga's plugins see a copy of the
   * server context, which shares it)
   */
  exchange: {
    /** the POST body, already parsed, that yoga takes as its parameters */
    params?: unknown;
    /** the results, as yoga serialises them (set by resultsPlugin) */
    results?: GraphQLResultBody[];
  };
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

/**
 * What an operation without a name asks for, for the journal (which would otherwise show an empty
 * operation): its type and root fields, `mutation { provisionCustomer }`. Null when the document
 * names its operation or does not parse (the operation then fails and is journaled as such).
 */
export function anonymousOperation(body: GraphQLBody): string | null {
  if (typeof body.query !== 'string' || body.query.length > 100_000) return null;
  try {
    const document = parse(body.query, { noLocation: true, maxTokens: 5_000 });
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const operation = body.operationName ? operations.find((o) => o.name?.value === body.operationName) : operations[0];
    if (!operation || operation.name) return null;
    const fields = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '...'));
    return `${operation.operation} { ${[...new Set(fields)].join(' ')} }`;
  } catch {
    return null;
  }
}

const KNOWN_CODES = new Set<string>([...STIGG_ERROR_CODES, 'NotSupportedByEmulator', 'ServiceUnavailable', 'InsufficientStorage']);

const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/** The operations of a request: a POST body (one or a batch) or GET query parameters. Null for malformed JSON. */
function readOperations(method: string, text: string, query: Record<string, string>): { bodies: GraphQLBody[]; batched: boolean; parsed: unknown } | null {
  if (method !== 'POST') return { bodies: [{ query: query.query, operationName: query.operationName ?? null }], batched: false, parsed: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const batched = Array.isArray(parsed);
  const bodies = (batched ? (parsed as GraphQLBody[]) : [parsed as GraphQLBody]).filter((b) => b && typeof b === 'object');
  return { bodies, batched, parsed };
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

/** A code outside Stigg's (graphql-js parse, validation and variable errors) becomes BadUserInput, its own kept as `graphqlCode`. */
function normaliseErrors(results: GraphQLResultBody[]): boolean {
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
  return changed;
}

/**
 * Every error carries one of Stigg's codes, for an answer yoga serialised before the results
 * plugin saw it (the results and the body). Requests that go through yoga's result processing are
 * normalised on the result objects instead (`resultsPlugin`).
 */
function withStiggCodes(raw: string): { results: GraphQLResultBody[]; body: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { results: [], body: raw };
  }
  const results = Array.isArray(parsed) ? (parsed as GraphQLResultBody[]) : [parsed as GraphQLResultBody];
  return { results, body: normaliseErrors(results) ? JSON.stringify(parsed) : raw };
}

/** Whether yoga would read this POST body as JSON (its own content-type test). */
function isJsonBody(headers: Headers): boolean {
  const contentType = headers.get('content-type')?.split(',')[0] || null;
  if (!contentType) return false;
  return ['application/json', 'application/graphql+json'].some((type) => contentType === type || contentType.startsWith(`${type};`));
}

/**
 * The request path's work inside yoga, on objects rather than on JSON text: the body the route
 * already parsed is handed to yoga as its parameters (no second parse, no copy of the request),
 * and the results are given Stigg's error codes before yoga serialises them, and kept on the
 * server context for the journal and the HTTP status.
 */
function resultsPlugin(): Plugin {
  return {
    onRequestParse({ serverContext, setRequestParser }) {
      const params = (serverContext as unknown as ServerContext | undefined)?.exchange?.params;
      if (params !== undefined) setRequestParser(() => params as never);
    },
    onResultProcess({ result, serverContext }) {
      const exchange = (serverContext as unknown as ServerContext | undefined)?.exchange;
      if (!exchange || !result || typeof result !== 'object' || Symbol.asyncIterator in result) return;
      const results = (Array.isArray(result) ? result : [result]) as GraphQLResultBody[];
      normaliseErrors(results);
      exchange.results = results;
    },
  };
}

/**
 * Like Apollo Server 4 (the current version; which one Stigg runs is not documented): an error
 * before execution (parse, validation, a query limit, variable coercion) answers HTTP 400; errors
 * during execution answer 200 with `data`. A request error is a result with errors and no `data`
 * key. A write to the data directory that failed (InsufficientStorage) answers 507. A batch keeps
 * yoga's status.
 */
function requestErrorStatus(status: number, results: GraphQLResultBody[], batched: boolean): number {
  if (batched || status !== 200 || results.length !== 1) return status;
  const result = results[0]!;
  // a write to the data directory failed (disk full): nothing was saved, the request may be retried
  if (result && Array.isArray(result.errors) && result.errors.some((e) => e.extensions?.code === 'InsufficientStorage')) return 507;
  return result && Array.isArray(result.errors) && result.errors.length > 0 && result.data === undefined ? 400 : status;
}

export function createGraphQLApp(deps: {
  registry: EnvironmentRegistry;
  schema: SchemaInfo;
  logger: Logger;
  limits?: GraphQLLimits;
  /** compiled execution where it answers as graphql-js does (default); false: graphql-js only (tests compare the two) */
  compiled?: boolean;
}) {
  const { registry, logger } = deps;
  const yoga = createYoga<ServerContext, GraphQLContext>({
    schema: deps.schema.schema,
    graphqlEndpoint: '/graphql',
    batching: { limit: 50 },
    plugins: [...(deps.compiled === false ? [] : [compiledExecution(deps.schema.schema)]), resultsPlugin(), ...limitPlugins(deps.limits ?? DEFAULT_GRAPHQL_LIMITS)],
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
        const raw = error instanceof GraphQLError ? error.originalError : error;
        // a failed write to the data directory (disk full) says so
        const original = storageFailure(raw) ?? raw;
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
    return { env: environment, keyType, origin: new URL(c.req.url).origin, exchange: {} };
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
      // a failed write while opening the environment (disk full) is no authentication failure
      const e = error instanceof EmulatorError ? error : (storageFailure(error) ?? new EmulatorError('Unauthenticated', String(error), 401));
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
    let response: Response;
    if (fault && (fault.status !== undefined || fault.errorCode !== undefined)) {
      response = faultResponse(fault, batched ? bodies.length : null, names);
    } else if (c.req.method === 'POST' && request.parsed !== null && typeof request.parsed === 'object' && isJsonBody(c.req.raw.headers)) {
      // the body is read: yoga takes it parsed, from the server context, with a request that has no body
      ctx.exchange.params = request.parsed;
      response = await yoga.fetch(new yoga.fetchAPI.Request(c.req.raw.url, { method: 'POST', headers: c.req.raw.headers }), ctx);
    } else {
      response = await yoga.fetch(new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body: c.req.method === 'POST' ? text : undefined }), ctx);
    }

    if (!(response.headers.get('content-type') ?? '').includes('json')) return response;
    let results: GraphQLResultBody[];
    let body: string | Uint8Array<ArrayBuffer>;
    if (ctx.exchange.results) {
      results = ctx.exchange.results;
      // the answer as yoga wrote it, bytes or text (a large answer is written as UTF-8 bytes: no text of it is made)
      body = (await response.bytes()) as Uint8Array<ArrayBuffer>;
    } else {
      ({ results, body } = withStiggCodes(await response.text()));
    }
    const status = requestErrorStatus(response.status, results, batched);
    journal(
      ctx.env,
      bodies.map((operation, i) => {
        const codes = [...new Set(((results[i] ?? results[0])?.errors ?? []).map((e) => String(e.extensions?.code)))];
        const operationName = names[i] ?? headerName ?? null;
        const anonymous = operationName === null ? anonymousOperation(operation) : null;
        return {
          operationName,
          ...(anonymous ? { anonymous } : {}),
          variables: operation.variables ?? null,
          status: codes.length > 0 ? 'error' : 'ok',
          httpStatus: status,
          errorCodes: codes,
          durationMs: elapsed(),
        };
      }),
    );
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'content-length') headers[name] = value;
    });
    return new Response(body, { status, headers });
  });

  return { app, yoga };
}
