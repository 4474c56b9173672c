/**
 * The Governance API under /governance (GOVERNANCE_API_URL=http://localhost:4000/governance):
 * check and ingest per owner, and the management of entity types, capabilities, entities and
 * budgets. Headers: `Authorization: Bearer <token>`, `x-stigg-account-id`,
 * `x-stigg-environment-id` (the environment). Routes decode, call one service function, encode.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { EnvironmentRegistry } from '../../application/registry.js';
import { EmulatorError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { iso } from '../../time.js';
import { check, type CheckInput, type CheckResult, ingest, type IngestEvent } from '../governance-service.js';
import { getEntity, listBudgets, listCapabilities, listEntities, listEntityTypes, setArchived, tree, upsertBudgets, upsertCapabilities, upsertEntities, upsertEntityTypes } from '../governance-management.js';
import {
  assignmentsBody,
  budgetJson,
  capabilitiesBody,
  capabilityJson,
  checkBody,
  checkJson,
  entitiesBody,
  entityJson,
  entityTypeJson,
  entityTypesBody,
  idsBody,
  ingestBody,
  param,
  readBody,
  resolutionOf,
  runRequest,
  type Adapter,
  type Operation,
  type RequestMeta,
} from './http-common.js';
import type { Environment } from '../../environments/environment.js';
import { requestHeader } from '../../http/headers.js';

export interface GovernanceAppDeps {
  registry: EnvironmentRegistry;
  logger: Logger;
}

const BEARER = /^Bearer\s+\S+/i;

/** The documented ingest body is {"events": [...]}; a single event object is accepted too. */
export const ingestRequest = z.preprocess((raw) => {
  const single = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !('events' in raw) && 'capabilityId' in raw;
  return single ? { events: [raw] } : raw;
}, ingestBody);

/** A check's JSON view and its text, built once per result (a check answers the same result object until something changes). */
const checkAnswers = new WeakMap<CheckResult, { json: ReturnType<typeof checkJson>; text: string; bytes: number }>();
export function checkAnswer(result: CheckResult): { json: ReturnType<typeof checkJson>; text: string; bytes: number } {
  let answer = checkAnswers.get(result);
  if (!answer) {
    const json = checkJson(result);
    const text = JSON.stringify(json);
    answer = { json, text, bytes: Buffer.byteLength(text) };
    checkAnswers.set(result, answer);
  }
  return answer;
}

/** The events of a validated ingest body. */
export function ingestEventsOf(body: z.output<typeof ingestRequest>): IngestEvent[] {
  return body.events.map((e) => ({
    ...resolutionOf(e),
    capabilityId: e.capabilityId,
    amount: e.amount,
    idempotencyKey: e.idempotencyKey ?? undefined,
    timestampMs: e.timestamp ?? undefined,
  }));
}

/** What a validated check body asks. */
export function checkInputOf(body: z.output<typeof checkBody>): CheckInput {
  return { ...resolutionOf(body), capabilityId: body.capabilityId, requestedAmount: body.requestedAmount };
}

/**
 * The environment a governance request names, by its headers (`header` answers a lower-case
 * name): Authorization: Bearer, x-stigg-account-id and x-stigg-environment-id are required; a
 * missing one is a 401.
 */
export function governanceEnvironment(registry: EnvironmentRegistry, header: (name: string) => string | undefined): Environment {
  const missing: string[] = [];
  if (!BEARER.test(header('authorization')?.trim() ?? '')) missing.push('Authorization: Bearer <token>');
  if (!header('x-stigg-account-id')?.trim()) missing.push('x-stigg-account-id');
  const envId = header('x-stigg-environment-id')?.trim();
  if (!envId) missing.push('x-stigg-environment-id');
  if (missing.length > 0) throw new EmulatorError('Unauthenticated', `missing or invalid header: ${missing.join(', ')}`, 401);
  return registry.get(envId!);
}

export function createGovernanceApp(deps: GovernanceAppDeps): Hono {
  const { registry } = deps;

  const adapter: Adapter = {
    transport: 'governance',
    logger: deps.logger,
    authenticate: (c) => governanceEnvironment(registry, (name) => requestHeader(c, name)),
    peek(c) {
      const envId = requestHeader(c, 'x-stigg-environment-id')?.trim();
      return envId ? registry.find(envId) : undefined;
    },
  };

  const handle =
    (op: Operation, handler: (c: Context, env: Environment, meta: RequestMeta) => Response | Promise<Response>) =>
    (c: Context) =>
      runRequest(c, adapter, op, (env, meta) => handler(c, env, meta));

  const app = new Hono();

  // ---------------------------------------------------------------- check and ingest (the data plane)

  app.post(
    '/owners/:ownerId/check',
    handle({ name: 'check', faultRoutes: ['governance', 'governance.check'] }, async (c, env, meta) => {
      const body = await readBody(c, meta, checkBody);
      return c.json(checkAnswer(check(env, param(c, 'ownerId'), checkInputOf(body), env.nowMs())).json);
    }),
  );

  app.post(
    '/owners/:ownerId/ingest',
    handle({ name: 'ingest', faultRoutes: ['governance', 'governance.ingest'] }, async (c, env, meta) => {
      const body = await readBody(c, meta, ingestRequest);
      return c.json(ingest(env, param(c, 'ownerId'), ingestEventsOf(body), env.nowMs()));
    }),
  );

  // ---------------------------------------------------------------- management

  app.get(
    '/entity-types',
    handle({ name: 'entityTypes.list' }, (c, env) => c.json({ types: listEntityTypes(env).map(entityTypeJson) })),
  );
  app.put(
    '/entity-types',
    handle({ name: 'entityTypes.upsert' }, async (c, env, meta) => {
      const body = await readBody(c, meta, entityTypesBody);
      return c.json({ types: upsertEntityTypes(env, body.types, env.nowMs()).map(entityTypeJson) });
    }),
  );

  app.get(
    '/capabilities',
    handle({ name: 'capabilities.list' }, (c, env) => c.json({ capabilities: listCapabilities(env).map(capabilityJson) })),
  );
  app.put(
    '/capabilities',
    handle({ name: 'capabilities.upsert' }, async (c, env, meta) => {
      const body = await readBody(c, meta, capabilitiesBody);
      return c.json({ capabilities: upsertCapabilities(env, body.capabilities, env.nowMs()).map(capabilityJson) });
    }),
  );

  app.get(
    '/owners/:ownerId/entities',
    handle({ name: 'entities.list' }, (c, env) => {
      const entities = listEntities(env, param(c, 'ownerId'), {
        entityTypeId: c.req.query('entityTypeId') || undefined,
        includeArchived: c.req.query('includeArchived') === 'true',
      });
      return c.json({ entities: entities.map(entityJson) });
    }),
  );
  app.put(
    '/owners/:ownerId/entities',
    handle({ name: 'entities.upsert' }, async (c, env, meta) => {
      const body = await readBody(c, meta, entitiesBody);
      const rows = upsertEntities(
        env,
        param(c, 'ownerId'),
        body.entities.map((e) => ({ ...e, entityTypeId: e.entityTypeId ?? undefined, metadata: e.metadata ?? undefined })),
        env.nowMs(),
      );
      return c.json({ entities: rows.map(entityJson) });
    }),
  );
  for (const [action, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `/owners/:ownerId/entities/${action}`,
      handle({ name: `entities.${action}` }, async (c, env, meta) => {
        const body = await readBody(c, meta, idsBody);
        const rows = setArchived(env, param(c, 'ownerId'), body.ids, archived, env.nowMs());
        return c.json({ ids: rows.map((r) => r.id), entities: rows.map(entityJson) });
      }),
    );
  }
  app.get(
    '/owners/:ownerId/entities/:entityId',
    handle({ name: 'entities.get' }, (c, env) => c.json(entityJson(getEntity(env, param(c, 'ownerId'), param(c, 'entityId'))))),
  );

  app.get(
    '/owners/:ownerId/assignments',
    handle({ name: 'assignments.list' }, (c, env) => {
      const budgets = listBudgets(
        env,
        param(c, 'ownerId'),
        { entityId: c.req.query('entityId') || undefined, capabilityId: c.req.query('capabilityId') || undefined },
        env.nowMs(),
      );
      return c.json({ assignments: budgets.map(budgetJson) });
    }),
  );
  app.put(
    '/owners/:ownerId/assignments',
    handle({ name: 'assignments.upsert' }, async (c, env, meta) => {
      const body = await readBody(c, meta, assignmentsBody);
      const budgets = upsertBudgets(env, param(c, 'ownerId'), body.assignments, env.nowMs());
      return c.json({ assignments: budgets.map(budgetJson) });
    }),
  );

  app.get(
    '/owners/:ownerId/tree',
    handle({ name: 'tree' }, (c, env) => {
      const ownerId = param(c, 'ownerId');
      const nowMs = env.nowMs();
      const capabilityIds = [...c.req.queries('capabilityId') ?? []].flatMap((v) => v.split(',')).filter(Boolean);
      const nodes = tree(env, ownerId, nowMs, {
        capabilityIds: capabilityIds.length > 0 ? capabilityIds : undefined,
        includeArchived: c.req.query('includeArchived') === 'true',
      });
      return c.json({
        ownerId,
        capabilityIds: capabilityIds.length > 0 ? capabilityIds : null,
        at: iso(nowMs),
        entities: nodes.map((n) => ({
          id: n.entity.id,
          entityTypeId: n.entity.entityTypeId,
          parentId: n.entity.parentId,
          displayName: n.entity.displayName,
          depth: n.depth,
          archivedAt: n.entity.archivedAt,
          budgets: n.budgets.map((b) => {
            const { entityId: _e, ...rest } = budgetJson(b);
            return rest;
          }),
        })),
      });
    }),
  );

  return app;
}
