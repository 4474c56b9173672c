/**
 * Stigg's REST beta governance endpoints under /api/v1-beta, with `X-API-KEY` (the key names the
 * environment), over the same governance state as /governance:
 *
 *   GET/PUT  /entity-types
 *   GET/PUT  /customers/{id}/entities, GET .../entities/{entityId}, POST .../entities/archive|unarchive
 *   GET/PUT  /customers/{id}/assignments          (featureId or currencyId is the capability)
 *   GET      /customers/{id}/governance           (the tree, with usage and utilisation)
 *   GET      /customers/{id}/entitlements/check   (with `dimensions[key]=value`: governance `chains`)
 *
 * Answers are `{"data": ...}` (lists add `pagination: {next, prev}`); errors `{"error":{"code","message"}}`.
 */
import { amountSchema } from '../../amounts.js';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Environment } from '../../environments/environment.js';
import type { EnvironmentRegistry } from '../../application/registry.js';
import { creditEntitlement } from '../../credits/credit-entitlements.js';
import { EmulatorError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { iso } from '../../time.js';
import { checkChains, governanceListing, LISTING_SORT_KEYS, MAX_IDS_PER_REQUEST, pageOf, type ListingQuery, type ListingRow } from '../governance-rules.js';
import { check, ownerExists } from '../governance-service.js';
import { getEntity, listAssignments, listEntities, listEntityTypes, parentsOf, setArchived, tree, upsertAssignments, upsertEntities, upsertEntityTypes, type AssignmentRow } from '../governance-management.js';
import { apiKeyAuthentication, entitiesBody, entityJson, entityTypeJson, entityTypesBody, govId, idsBody, items, param, readBody, runRequest, usageLimit, type Adapter, type Operation, type RequestMeta } from './http-common.js';

export interface RestBetaAppDeps {
  registry: EnvironmentRegistry;
  logger: Logger;
}

// ------------------------------------------------------------------ bodies and queries

const assignmentsBody = z.object({
  assignments: items(
    z
      .object({
        entityId: govId,
        featureId: z.string().min(1).nullish(),
        currencyId: z.string().min(1).nullish(),
        usageLimit,
        cadence: z.string().min(1).optional(),
        parentId: govId.nullable().optional(),
        scopeEntityIds: z.array(govId).max(MAX_IDS_PER_REQUEST).optional(),
      })
      .superRefine((a, ctx) => {
        if (!a.featureId === !a.currencyId) ctx.addIssue({ code: 'custom', message: 'give exactly one of featureId or currencyId' });
      }),
    'assignments',
  ),
});

const limitQuery = z.coerce.number().int().min(1).max(100);

function paging(c: Context): { after?: string; before?: string; limit: number } {
  const limit = c.req.query('limit');
  return {
    after: c.req.query('after') || undefined,
    before: c.req.query('before') || undefined,
    limit: limit === undefined ? 20 : limitQuery.parse(limit),
  };
}

function booleanQuery(c: Context, name: string): boolean {
  const v = c.req.query(name);
  if (v === undefined || v === '') return false;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new EmulatorError('BadUserInput', `${name} must be true or false`, 400);
}

/** A repeated query parameter, also in the `name[]` and comma-separated forms. */
function listQuery(c: Context, name: string): string[] {
  return [...(c.req.queries(name) ?? []), ...(c.req.queries(`${name}[]`) ?? [])].flatMap((v) => v.split(',')).filter(Boolean);
}

/** `dimensions[key]=value` query parameters as a map (undefined when there are none). */
function dimensionsQuery(c: Context): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.req.queries())) {
    const m = /^dimensions\[(.+)\]$/.exec(key);
    if (m && value.length > 0) out[m[1]!] = value[value.length - 1]!;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

// ------------------------------------------------------------------ views

const capabilityFields = (a: AssignmentRow) =>
  a.capabilityKind === 'currency' ? { featureId: null, currencyId: a.capabilityId } : { featureId: a.capabilityId, currencyId: null };

const assignmentJson = (a: AssignmentRow, parentId: string | null) => ({
  id: a.id,
  entityId: a.entityId,
  ...capabilityFields(a),
  parentId,
  scopeEntityIds: a.scopeEntityIds,
  usageLimit: a.usageLimit,
  cadence: a.cadence,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

interface ChainNode {
  entityId: string;
  scopeEntityIds: string[];
  usageLimit: number | null;
  currentUsage: number;
  isGranted: boolean;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
}

const list = <T>(page: { page: T[]; next: string | null; prev: string | null }) => ({ data: page.page, pagination: { next: page.next, prev: page.prev } });

// ------------------------------------------------------------------ the app

export function createRestBetaApp(deps: RestBetaAppDeps): Hono {
  const { registry } = deps;
  const auth = apiKeyAuthentication(registry);

  const adapter: Adapter = {
    transport: 'rest',
    logger: deps.logger,
    authenticate: auth.authenticate,
    peek: auth.peek,
    // Stigg's REST API answers an unauthenticated request with this exact body (E128)
    mapError(error, c) {
      if (error instanceof EmulatorError && error.code === 'Unauthenticated') {
        return c.json({ error: { code: 'UNAUTHENTICATED', message: 'Invalid or missing API key' } }, 401);
      }
      return null;
    },
  };

  /** Every v1-beta route consults the `v1-beta` fault route; the check also the governance ones. */
  const handle =
    (op: Operation & { client?: boolean }, handler: (c: Context, env: Environment, meta: RequestMeta) => Response | Promise<Response>) =>
    (c: Context) =>
      runRequest(c, adapter, { name: `v1-beta.${op.name}`, faultRoutes: op.faultRoutes ?? ['v1-beta'] }, (env, meta) => {
        if (!op.client && auth.keyTypeOf(c) === 'client') {
          throw new EmulatorError('IdentityForbidden', `a client key may not call ${op.name}: use a server key (server-${env.id})`, 403);
        }
        return handler(c, env, meta);
      });

  const app = new Hono();

  // ---------------------------------------------------------------- entity types

  app.get(
    '/entity-types',
    handle({ name: 'entityTypes.list' }, (c, env) => c.json(list(pageOf(listEntityTypes(env).map(entityTypeJson), (t) => t.id, paging(c))))),
  );
  app.put(
    '/entity-types',
    handle({ name: 'entityTypes.upsert' }, async (c, env, meta) => {
      const body = await readBody(c, meta, entityTypesBody);
      return c.json({ data: upsertEntityTypes(env, body.types, env.nowMs()).map(entityTypeJson) });
    }),
  );

  // ---------------------------------------------------------------- entities

  app.get(
    '/customers/:id/entities',
    handle({ name: 'customers.entities.list' }, (c, env) => {
      const rows = listEntities(env, param(c, 'id'), {
        entityTypeId: c.req.query('entityTypeId') || undefined,
        includeArchived: booleanQuery(c, 'includeArchived'),
      });
      return c.json(list(pageOf(rows.map(entityJson), (e) => e.id, paging(c))));
    }),
  );
  app.put(
    '/customers/:id/entities',
    handle({ name: 'customers.entities.upsert' }, async (c, env, meta) => {
      const body = await readBody(c, meta, entitiesBody);
      const rows = upsertEntities(
        env,
        param(c, 'id'),
        body.entities.map((e) => ({ ...e, entityTypeId: e.entityTypeId ?? undefined, metadata: e.metadata ?? undefined })),
        env.nowMs(),
      );
      return c.json({ data: rows.map(entityJson) });
    }),
  );
  for (const [action, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `/customers/:id/entities/${action}`,
      handle({ name: `customers.entities.${action}` }, async (c, env, meta) => {
        const body = await readBody(c, meta, idsBody);
        const rows = setArchived(env, param(c, 'id'), body.ids, archived, env.nowMs());
        return c.json({ data: { ids: rows.map((r) => r.id) } });
      }),
    );
  }
  app.get(
    '/customers/:id/entities/:entityId',
    handle({ name: 'customers.entities.retrieve' }, (c, env) => c.json({ data: entityJson(getEntity(env, param(c, 'id'), param(c, 'entityId'))) })),
  );

  // ---------------------------------------------------------------- assignments

  app.get(
    '/customers/:id/assignments',
    handle({ name: 'customers.assignments.list' }, (c, env) => {
      const ownerId = param(c, 'id');
      const featureId = c.req.query('featureId') || undefined;
      const currencyId = c.req.query('currencyId') || undefined;
      if (featureId && currencyId) throw new EmulatorError('BadUserInput', 'give featureId or currencyId, not both', 400);
      const rows = listAssignments(env, ownerId, { entityId: c.req.query('entityId') || undefined, capabilityId: featureId ?? currencyId });
      const parent = parentsOf(env, ownerId);
      return c.json(list(pageOf(rows.map((a) => assignmentJson(a, parent(a.entityId))), (a) => a.id, paging(c))));
    }),
  );
  app.put(
    '/customers/:id/assignments',
    handle({ name: 'customers.assignments.upsert' }, async (c, env, meta) => {
      const ownerId = param(c, 'id');
      const body = await readBody(c, meta, assignmentsBody);
      const rows = upsertAssignments(
        env,
        ownerId,
        body.assignments.map((a) => ({
          entityId: a.entityId,
          capabilityId: (a.featureId ?? a.currencyId)!,
          capabilityKind: a.featureId ? ('feature' as const) : ('currency' as const),
          usageLimit: a.usageLimit,
          cadence: a.cadence,
          scopeEntityIds: a.scopeEntityIds,
          parentId: a.parentId,
        })),
        env.nowMs(),
      );
      const parent = parentsOf(env, ownerId);
      return c.json({ data: rows.map((a) => assignmentJson(a, parent(a.entityId))) });
    }),
  );

  // ---------------------------------------------------------------- the governance tree

  app.get(
    '/customers/:id/governance',
    handle({ name: 'customers.governance.retrieve' }, (c, env) => {
      const ownerId = param(c, 'id');
      const nowMs = env.nowMs();
      const capabilityIds = [...listQuery(c, 'featureIds'), ...listQuery(c, 'currencyIds')];
      const minUtilization = c.req.query('minUtilization');
      const query: ListingQuery = {
        entityTypeIds: listQuery(c, 'entityTypeIds'),
        search: c.req.query('entityIdSearch') || undefined,
        minUtilization: minUtilization === undefined || minUtilization === '' ? undefined : z.coerce.number().finite().parse(minUtilization),
        scope: z.enum(['all', 'nodeWide', 'scoped']).parse(c.req.query('scope') || 'all'),
        sortBy: z.enum(LISTING_SORT_KEYS).parse(c.req.query('sortBy') || 'utilization'),
        order: z.enum(['asc', 'desc']).parse(c.req.query('order') || 'desc'),
      };
      const treeMode = capabilityIds.length === 0;

      const nodes = tree(env, ownerId, nowMs, { capabilityIds: treeMode ? undefined : capabilityIds });
      type Row = ListingRow & {
        key: string;
        parentId: string | null;
        featureId: string | null;
        currencyId: string | null;
        cadence: string | null;
        usagePeriodStart: string | null;
        usagePeriodEnd: string | null;
      };
      // without capabilities: one row per entity; with them: one row per budget of those capabilities
      const rows = nodes.flatMap((n): Row[] => {
        const base = { entityId: n.entity.id, displayName: n.entity.displayName, entityTypeId: n.entity.entityTypeId, parentId: n.entity.parentId };
        if (treeMode) {
          return [
            {
              key: n.entity.id,
              ...base,
              featureId: null,
              currencyId: null,
              scopeEntityIds: [],
              usageLimit: null,
              cadence: null,
              currentUsage: null,
              utilization: null,
              usagePeriodStart: null,
              usagePeriodEnd: null,
              createdAt: n.entity.createdAt,
            },
          ];
        }
        return n.budgets.map((b) => ({
          key: b.assignment.id,
          ...base,
          ...capabilityFields(b.assignment),
          scopeEntityIds: b.assignment.scopeEntityIds,
          usageLimit: b.assignment.usageLimit,
          cadence: b.assignment.cadence,
          currentUsage: b.currentUsage,
          utilization: b.utilization,
          usagePeriodStart: iso(b.period.start),
          usagePeriodEnd: iso(b.period.end),
          createdAt: b.assignment.createdAt,
        }));
      });
      const page = pageOf(governanceListing(rows, query), (r) => r.key, paging(c));
      return c.json({ data: page.page.map(({ key: _k, createdAt: _c, ...r }) => r), pagination: { next: page.next, prev: page.prev } });
    }),
  );

  // ---------------------------------------------------------------- the entitlement check with governance chains

  app.get(
    '/customers/:id/entitlements/check',
    handle({ name: 'customers.entitlements.check', client: true, faultRoutes: ['v1-beta', 'governance', 'governance.check'] }, (c, env, meta) => {
      const customerId = param(c, 'id');
      const featureId = c.req.query('featureId') || undefined;
      const currencyId = c.req.query('currencyId') || undefined;
      if (!featureId === !currencyId) throw new EmulatorError('BadUserInput', 'give exactly one of featureId or currencyId', 400);
      const requested = c.req.query('requestedUsage');
      const requestedUsage = requested === undefined || requested === '' ? null : z.coerce.number().pipe(amountSchema('requestedUsage', { nonnegative: true })).parse(requested);
      const dimensions = dimensionsQuery(c);
      meta.variables = c.req.queries();
      const head = {
        customerId,
        ...(featureId ? { featureId } : { currencyId }),
        type: featureId ? 'FEATURE' : 'CREDIT',
        resourceId: c.req.query('resourceId') || null,
        requestedUsage,
      };
      // E12: an unknown customer is a denied check, not an error
      if (!ownerExists(env, customerId)) {
        return c.json({ data: { ...head, isGranted: false, accessDeniedReason: 'CustomerNotFound' } });
      }
      // A feature's plain entitlement part (plan, add-ons, usage) is not evaluated here: isGranted is the governance
      // decision. A currency's is: the credit entitlement check (E96), and then governance.
      const credit = currencyId ? creditEntitlement(env, env.pin(), { customerId, currencyId, resourceId: head.resourceId, requestedUsage }) : null;
      const creditPart = credit
        ? { currency: credit.currency, usageLimit: credit.usageLimit, currentUsage: credit.currentUsage, hasSoftLimit: credit.hasSoftLimit, usageUpdatedAt: credit.usageUpdatedAt, usagePeriodEnd: credit.usagePeriodEnd }
        : {};
      if (!dimensions) return c.json({ data: { ...head, ...creditPart, isGranted: credit?.isGranted ?? true, accessDeniedReason: credit?.accessDeniedReason ?? null } });

      const result = check(env, customerId, { dimensions, capabilityId: (featureId ?? currencyId)!, requestedAmount: requestedUsage }, env.pin());
      const chains = checkChains(result.resolved, (id) => result.entities.get(id)?.parentId ?? null, result.evaluations).map((chain) =>
        chain.map(({ entityId, evaluation: e }): ChainNode =>
          e
            ? {
                entityId,
                scopeEntityIds: e.budget.scopeEntityIds,
                usageLimit: e.budget.usageLimit,
                currentUsage: e.currentUsage,
                isGranted: e.hasAccess,
                usagePeriodStart: iso(e.period.start),
                usagePeriodEnd: iso(e.period.end),
              }
            : { entityId, scopeEntityIds: [], usageLimit: null, currentUsage: 0, isGranted: true, usagePeriodStart: null, usagePeriodEnd: null },
        ),
      );
      const creditDenied = credit !== null && !credit.isGranted;
      const isGranted = result.hasAccess && !creditDenied;
      const accessDeniedReason = creditDenied ? credit.accessDeniedReason : result.hasAccess ? null : 'BudgetExceeded';
      return c.json({ data: { ...head, ...creditPart, isGranted, accessDeniedReason, chains } });
    }),
  );

  return app;
}
