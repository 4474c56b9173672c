/**
 * How a method of Stigg's REST API is declared: its SDK name (as api.md of the REST SDKs names it),
 * HTTP method and path, the zod schemas of its path parameters, query and body, the schema of what
 * it answers under `data`, and a handler that calls the same services as the GraphQL resolvers.
 * The app (app.ts) mounts these declarations and the OpenAPI document (openapi.ts) is generated
 * from them, so the two cannot drift.
 *
 * A method whose concept the engine lacks is declared with `notSupported`: it answers 501
 * NotSupportedByEmulator naming the operation and the reason, in the same error shape.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { Environment } from '../environments/environment.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** What a handler receives: the environment the key names, the request's instant, the parsed input. */
export interface RestInput<P, Q, B> {
  env: Environment;
  /** the environment's "now" for this request, after what was due was applied */
  nowMs: number;
  params: P;
  query: Q;
  body: B;
  c: Context;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = z.ZodType<any, any>;

export interface RestRoute {
  kind: 'served';
  /** the method as the TypeScript SDK's api.md names it, e.g. `v1.customers.retrieve` */
  sdk: string;
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/v1/customers/{id}` */
  path: string;
  summary: string;
  params: AnySchema;
  query: AnySchema | null;
  body: AnySchema | null;
  /** the schema of the answer's `data` (a list method: of one item) */
  data: AnySchema | null;
  /** a list method: the handler answers every item in order; the app pages them (`pagination`) */
  list: boolean;
  /** the cursor of a list item (default: its `id`) */
  cursorOf: (item: unknown) => string;
  /** may a client key call it (default: server keys only) */
  client: boolean;
  /** HTTP status of a success (default 200) */
  status: number;
  handler: (input: RestInput<unknown, unknown, unknown>) => unknown;
}

export interface NotSupportedRoute {
  kind: 'notSupported';
  sdk: string;
  method: HttpMethod;
  path: string;
  /** why the emulator does not serve it: the concept the engine lacks */
  reason: string;
}

/** A method served by another app of the emulator (the governance routes serve the v1-beta ones). */
export interface ExternalRoute {
  kind: 'external';
  sdk: string;
  method: HttpMethod;
  path: string;
  summary: string;
  /** where it is implemented and documented */
  servedBy: string;
}

export type RestMethodDeclaration = RestRoute | NotSupportedRoute | ExternalRoute;

const EMPTY = z.object({});

/** The path parameters of a path (`{id}`, `{featureId}`) as a schema of non-empty strings. */
function paramsSchemaOf(path: string): AnySchema {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return names.length === 0 ? EMPTY : z.object(Object.fromEntries(names.map((n) => [n, z.string().min(1)])));
}

interface RouteDefinition<Q extends AnySchema, B extends AnySchema, D extends AnySchema> {
  sdk: string;
  method: HttpMethod;
  path: string;
  summary: string;
  query?: Q;
  body?: B;
  data?: D;
  client?: boolean;
  status?: number;
}

type ParamsOf<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? { [K in Name]: string } & ParamsOf<Rest> : unknown;

/** A served method answering `{ data }`. */
export function route<Path extends string, Q extends AnySchema = typeof EMPTY, B extends AnySchema = typeof EMPTY, D extends AnySchema = AnySchema>(
  def: RouteDefinition<Q, B, D> & { path: Path },
  handler: (input: RestInput<ParamsOf<Path>, z.output<Q>, z.output<B>>) => z.input<D> | unknown,
): RestRoute {
  return {
    kind: 'served',
    sdk: def.sdk,
    method: def.method,
    path: def.path,
    summary: def.summary,
    params: paramsSchemaOf(def.path),
    query: def.query ?? null,
    body: def.body ?? null,
    data: def.data ?? null,
    list: false,
    cursorOf: (item) => String((item as { id: unknown }).id),
    client: def.client ?? false,
    status: def.status ?? 200,
    handler: handler as RestRoute['handler'],
  };
}

/**
 * A served list method answering `{ data: [...], pagination: { next, prev } }`: the handler
 * answers every item in order, the app pages them with `after`, `before` and `limit` (1-100,
 * default 20), the cursors being item ids.
 */
export function listRoute<Path extends string, Q extends AnySchema = typeof EMPTY, D extends AnySchema = AnySchema>(
  def: RouteDefinition<Q, AnySchema, D> & { path: Path; cursorOf?: (item: z.output<D>) => string },
  handler: (input: RestInput<ParamsOf<Path>, z.output<Q>, undefined>) => readonly z.input<D>[] | readonly unknown[],
): RestRoute {
  const base = route(def, handler as never);
  return {
    ...base,
    body: null,
    list: true,
    query: def.query ? (def.query as unknown as z.ZodObject).extend(pagingQueryShape) : z.object(pagingQueryShape),
    cursorOf: (def.cursorOf as RestRoute['cursorOf']) ?? base.cursorOf,
  };
}

/** A method the emulator does not serve: 501 NotSupportedByEmulator naming it and the reason. */
export function notSupported(sdk: string, method: HttpMethod, path: string, reason: string): NotSupportedRoute {
  return { kind: 'notSupported', sdk, method, path, reason };
}

/** A method served by another app of the emulator, listed for the coverage and the OpenAPI document. */
export function external(sdk: string, method: HttpMethod, path: string, summary: string, servedBy: string): ExternalRoute {
  return { kind: 'external', sdk, method, path, summary, servedBy };
}

// ------------------------------------------------------------------ query helpers

export const pagingQueryShape = {
  after: z.string().min(1).optional(),
  before: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

/** A query list: the SDKs send arrays comma-separated (`ids=a,b`); also repeated or `ids[]=`. */
export const queryList = <T extends AnySchema = z.ZodString>(item?: T) =>
  z.preprocess(
    (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter((s) => s !== '')),
    z.array(item ?? z.string().min(1)),
  );

/** A query boolean: `true` or `false`. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A query number. */
export const queryNumber = z.coerce.number().finite();

/** An ISO-8601 instant in a query or body. */
export const instant = z.iso.datetime({ offset: true });

/**
 * The query string as an object: repeated keys become arrays, `a[b]=v` nests (`{a:{b:v}}`) and
 * `a[]=v` appends, as the SDKs' query stringifier writes them.
 */
export function parseQuery(c: Context): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, values] of Object.entries(c.req.queries())) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    const path = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)] : [rawKey];
    let target: Record<string, unknown> = out;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      if (path[i + 1] === '') break;
      const next = target[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1] === '' ? path[path.length - 2]! : path[path.length - 1]!;
    const existing = target[last];
    const value = values.length === 1 && path[path.length - 1] !== '' ? values[0] : values;
    target[last] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), ...(Array.isArray(value) ? value : [value])];
  }
  return out;
}
