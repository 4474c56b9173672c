/**
 * What the two governance HTTP adapters share: the request wrapper (authenticate, injected
 * faults, error mapping, request journal), request-body schemas and JSON views.
 */
import { amountSchema } from '../../amounts.js';
import type { Context } from 'hono';
import { z } from 'zod';
import { parseApiKey, type EnvironmentRegistry, type KeyType } from '../../application/registry.js';
import type { Environment } from '../../environments/environment.js';
import type { Fault } from '../../environments/faults.js';
import type { JournalEntry } from '../../environments/journal.js';
import { codeOfHttpStatus, EmulatorError, httpStatusOf, storageFailure } from '../../errors.js';
import { restErrorHandler } from '../../http/errors.js';
import { requestHeader } from '../../http/headers.js';
import { parseJsonBody } from '../../http/json.js';
import type { Logger } from '../../logging/logger.js';
import { INSTANT_BOUNDS, instantInBounds, iso } from '../../time.js';
import { GOV_ID_PATTERN, MAX_EVENTS_PER_INGEST, periodIso, MAX_IDS_PER_REQUEST, MAX_ITEMS_PER_UPSERT } from '../governance-rules.js';
import type { AssignmentRow, CapabilityRow, EntityRow, EntityTypeRow } from '../governance-management.js';
import type { BudgetView, CheckResult, Resolution } from '../governance-service.js';

// ------------------------------------------------------------------ the request wrapper

export interface Operation {
  /** journal operation name */
  name: string;
  /** fault routes consulted, in order; the first fault found applies */
  faultRoutes?: readonly string[];
}

export interface RequestMeta {
  /** what the journal records as the request's variables (the parsed body, the query) */
  variables?: unknown;
}

export interface Adapter {
  transport: JournalEntry['transport'];
  logger: Logger;
  /** the environment of an authenticated request; throws a 401 EmulatorError otherwise */
  authenticate: (c: Context) => Environment;
  /** the environment a rejected request names, if it exists (to journal the 401) */
  peek: (c: Context) => Environment | undefined;
  /** how this API writes an error body (defaults to the project's REST mapping) */
  mapError?: (error: unknown, c: Context) => Response | null;
}

/**
 * Authentication by `X-API-KEY` (the key names the environment), as the REST APIs use it: the
 * adapter's `authenticate` and `peek`, and the key type of each authenticated request.
 */
export function apiKeyAuthentication(registry: EnvironmentRegistry): Pick<Adapter, 'authenticate' | 'peek'> & { keyTypeOf: (c: Context) => KeyType | undefined } {
  const keyTypes = new WeakMap<Context, KeyType>();
  return {
    authenticate(c) {
      const key = requestHeader(c, 'x-api-key')?.trim();
      if (!key) throw new EmulatorError('Unauthenticated', 'Invalid or missing API key', 401);
      const { environment, keyType } = registry.resolve(key);
      keyTypes.set(c, keyType);
      return environment;
    },
    peek(c) {
      const key = requestHeader(c, 'x-api-key')?.trim();
      return key ? registry.find(parseApiKey(key).environmentId) : undefined;
    },
    keyTypeOf: (c) => keyTypes.get(c),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function takeFault(env: Environment, routes: readonly string[]): Fault | null {
  for (const route of routes) {
    const fault = env.faults.take({ route });
    if (fault) return fault;
  }
  return null;
}

function errorCodeOf(error: unknown): string {
  if (error instanceof EmulatorError) return error.code;
  if (error instanceof z.ZodError) return 'BadUserInput';
  return storageFailure(error)?.code ?? 'UnexpectedError';
}

/**
 * Run one request: authenticate, apply an injected fault (delay, then the fault's answer instead
 * of the handler: nothing is read or counted), run the handler, map errors to
 * {"error":{"code","message"}}, and journal the request in its environment.
 */
export async function runRequest(
  c: Context,
  adapter: Adapter,
  op: Operation,
  handler: (env: Environment, meta: RequestMeta) => Response | Promise<Response>,
): Promise<Response> {
  const started = performance.now();
  const meta: RequestMeta = {};
  let env: Environment | undefined;
  let response: Response | undefined;
  let errorCode: string | null = null;
  try {
    env = adapter.authenticate(c);
    const fault = op.faultRoutes ? takeFault(env, op.faultRoutes) : null;
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status !== undefined || fault.errorCode !== undefined) {
        errorCode = fault.errorCode ?? codeOfHttpStatus(fault.status!);
        const status = fault.status ?? httpStatusOf(errorCode);
        const message = fault.message ?? `fault injected by the emulator for ${op.name} (status ${status})`;
        response = c.json({ error: { code: errorCode, message } }, status as 503);
      }
    }
    response ??= await handler(env, meta);
  } catch (error) {
    errorCode = errorCodeOf(error);
    response = adapter.mapError?.(error, c) ?? restErrorHandler(adapter.logger)(error as Error, c);
  }
  journalRequest(env ?? adapter.peek(c), {
    transport: adapter.transport,
    operationName: op.name,
    variables: meta.variables,
    method: c.req.method,
    path: c.req.path,
    httpStatus: response.status,
    errorCode,
    started,
  });
  return response;
}

/** The journal entry of one governance or REST request, in the environment it named (if any). */
export function journalRequest(
  target: Environment | undefined,
  r: {
    transport: JournalEntry['transport'];
    operationName: string;
    variables: unknown;
    method: string;
    path: string;
    httpStatus: number;
    errorCode: string | null;
    /** performance.now() when the request began */
    started: number;
    /** the variables are already what the journal keeps of them (boundedValue) */
    variablesBounded?: boolean;
  },
): void {
  if (!target) return;
  target.journal.add(
    {
      at: isoOf(target.nowMs()),
      transport: r.transport,
      operationName: r.operationName,
      variables: r.variables ?? null,
      method: r.method,
      path: r.path,
      status: r.httpStatus < 400 ? 'ok' : 'error',
      httpStatus: r.httpStatus,
      errorCodes: r.errorCode ? [r.errorCode] : [],
      durationMs: Math.round((performance.now() - r.started) * 1000) / 1000,
    },
    { variablesBounded: r.variablesBounded },
  );
}

/** iso(), remembered for the last instant (requests within one millisecond share it). */
let lastIso = { ms: Number.NaN, text: '' };
export function isoOf(ms: number): string {
  if (ms !== lastIso.ms) lastIso = { ms, text: iso(ms) };
  return lastIso.text;
}

/** A path parameter (Hono decodes percent-escapes). */
export function param(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined || value === '') throw new EmulatorError('BadUserInput', `missing path parameter ${name}`, 400);
  return value;
}

/** The JSON body, journaled as the request's variables, then validated by `schema`. */
export async function readBody<T extends z.ZodType>(c: Context, meta: RequestMeta, schema: T): Promise<z.output<T>> {
  const raw = await parseJsonBody(c);
  meta.variables = raw;
  return schema.parse(raw);
}

// ------------------------------------------------------------------ request bodies

export const govId = z.string().regex(GOV_ID_PATTERN, 'must be 1-255 characters without spaces or commas');

const dimensionValue = z.union([z.string().min(1), z.number().finite(), z.boolean()]).transform(String);

const resolutionFields = {
  entityIds: z
    .array(govId)
    .min(1, `give 1 to ${MAX_IDS_PER_REQUEST} entityIds`)
    .max(MAX_IDS_PER_REQUEST, `give 1 to ${MAX_IDS_PER_REQUEST} entityIds`)
    .nullish(),
  dimensions: z.record(z.string().min(1), dimensionValue).nullish(),
};

function exactlyOneResolution(b: { entityIds?: unknown; dimensions?: Record<string, string> | null }, ctx: z.RefinementCtx): void {
  const hasIds = b.entityIds !== undefined && b.entityIds !== null;
  const hasDims = b.dimensions !== undefined && b.dimensions !== null;
  if (hasIds === hasDims) {
    ctx.addIssue({ code: 'custom', message: 'pass either entityIds or dimensions, not both' + (hasIds ? '' : ' (neither was given)') });
    return;
  }
  if (hasDims) {
    const n = Object.keys(b.dimensions!).length;
    if (n === 0) ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'dimensions must not be empty' });
    if (n > MAX_IDS_PER_REQUEST) ctx.addIssue({ code: 'custom', path: ['dimensions'], message: `at most ${MAX_IDS_PER_REQUEST} dimensions` });
  }
}

export function resolutionOf(b: { entityIds?: string[] | null; dimensions?: Record<string, string> | null }): Resolution {
  return b.entityIds ? { entityIds: b.entityIds } : { dimensions: b.dimensions ?? {} };
}

const amount = (field: string) => amountSchema(field, { nonnegative: true });

export const checkBody = z
  .object({
    ...resolutionFields,
    capabilityId: z.string({ error: 'capabilityId is required' }).min(1),
    requestedAmount: amount('requestedAmount'),
  })
  .superRefine(exactlyOneResolution);

const instant = z
  .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)))
  .refine(instantInBounds, `must be between ${INSTANT_BOUNDS}`);

export const ingestEvent = z
  .object({
    ...resolutionFields,
    capabilityId: z.string({ error: 'capabilityId is required' }).min(1),
    amount: amount('amount'),
    idempotencyKey: z.string().min(1).max(255).nullish(),
    timestamp: instant.nullish(),
  })
  .superRefine(exactlyOneResolution);

export const ingestBody = z.object({
  events: z
    .array(ingestEvent, { error: 'events must be an array of events' })
    .min(1, 'events must not be empty')
    .max(MAX_EVENTS_PER_INGEST, `at most ${MAX_EVENTS_PER_INGEST} events per request`),
});

/** An upsert's list of 1 to MAX_ITEMS_PER_UPSERT items. */
export const items = <T extends z.ZodType>(item: T, field: string) =>
  z
    .array(item, { error: `${field} must be an array` })
    .min(1, `${field}: give 1 to ${MAX_ITEMS_PER_UPSERT} items`)
    .max(MAX_ITEMS_PER_UPSERT, `${field}: give 1 to ${MAX_ITEMS_PER_UPSERT} items`);

export const entityTypesBody = z.object({
  types: items(
    z.object({
      id: govId,
      displayName: z.string().min(1).optional(),
      description: z.string().nullish(),
      attributionKeys: z.array(z.string().min(1)).max(MAX_ITEMS_PER_UPSERT).optional(),
      role: z.enum(['hierarchical', 'dimensional']).optional(),
    }),
    'types',
  ),
});

export const capabilitiesBody = z.object({
  capabilities: items(z.object({ id: govId, displayName: z.string().min(1).optional() }), 'capabilities'),
});

const metadataPatch = z.record(
  z.string().min(1),
  z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? null : String(v))),
);

export const entitiesBody = z.object({
  entities: items(
    z.object({
      id: govId,
      entityTypeId: z.string().min(1).nullish(),
      parentId: govId.nullable().optional(),
      displayName: z.string().nullable().optional(),
      metadata: metadataPatch.nullish(),
    }),
    'entities',
  ),
});

export const idsBody = z.object({ ids: items(govId, 'ids') });

export const usageLimit = amountSchema('usageLimit', { nonnegative: true }).nullable().optional();

export const assignmentsBody = z.object({
  assignments: items(
    z.object({
      entityId: govId,
      capabilityId: z.string({ error: 'capabilityId is required' }).min(1),
      usageLimit,
      cadence: z.string().min(1).optional(),
      scopeEntityIds: z.array(govId).max(MAX_IDS_PER_REQUEST).optional(),
    }),
    'assignments',
  ),
});

// ------------------------------------------------------------------ JSON views

export const entityTypeJson = (t: EntityTypeRow) => ({
  id: t.id,
  displayName: t.displayName,
  description: t.description,
  attributionKeys: t.attributionKeys,
  role: t.role,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

export const capabilityJson = (c: CapabilityRow) => ({ id: c.id, displayName: c.displayName, createdAt: c.createdAt, updatedAt: c.updatedAt });

export const entityJson = (e: EntityRow) => ({
  id: e.id,
  entityTypeId: e.entityTypeId,
  parentId: e.parentId,
  displayName: e.displayName,
  metadata: e.metadata,
  archivedAt: e.archivedAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

export const budgetJson = (v: BudgetView) => ({
  id: v.assignment.id,
  entityId: v.assignment.entityId,
  capabilityId: v.assignment.capabilityId,
  scopeEntityIds: v.assignment.scopeEntityIds,
  usageLimit: v.assignment.usageLimit,
  cadence: v.assignment.cadence,
  currentUsage: v.currentUsage,
  utilization: v.utilization,
  periodStart: periodIso(v.period.start),
  periodEnd: periodIso(v.period.end),
  createdAt: v.assignment.createdAt,
  updatedAt: v.assignment.updatedAt,
});

export const checkJson = (r: CheckResult) => ({
  hasAccess: r.hasAccess,
  checks: r.evaluations.map((e) => ({
    entityId: e.budget.entityId,
    entityTypeId: e.entityTypeId,
    capabilityId: e.budget.capabilityId,
    scopeEntityIds: e.budget.scopeEntityIds,
    usageLimit: e.budget.usageLimit,
    currentUsage: e.currentUsage,
    requestedAmount: e.requestedAmount,
    hasAccess: e.hasAccess,
    periodStart: periodIso(e.period.start),
    periodEnd: periodIso(e.period.end),
  })),
});

export type { AssignmentRow };
