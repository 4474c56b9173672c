/**
 * `/api/v1/customers/{id}/...`: a customer's entitlements (the check and the list, as GraphQL
 * `entitlementV2` and `entitlementsState` answer them), its promotional entitlements
 * (grantPromotionalEntitlements, revokePromotionalEntitlement) and its resources.
 */
import { z } from 'zod';
import { getCustomer } from '../../customers/customer-service.js';
import { promotionalEntitlementStatus } from '../../customers/customer-rules.js';
import { customerPromotionalEntitlements, grantPromotionalEntitlements, promotionGroupIds, revokePromotionalEntitlement, type PromotionRow } from '../../customers/promotion-service.js';
import type { Db } from '../../db/open-database.js';
import { entitlementsState } from '../../entitlements/entitlement-service.js';
import { entitlementUnion, unionEntitlement } from '../../entitlements/entitlement-union.js';
import { entitlementData, resetPeriod, unionJson } from './entitlement-shapes.js';
import type { Environment } from '../../environments/environment.js';
import { customerResources } from '../../subscriptions/subscription-queries.js';
import { instant, listRoute, queryList, queryNumber, route, type RestMethodDeclaration } from '../route.js';
import { createdAtFilter, inCreatedRange } from './created-at.js';

// ------------------------------------------------------------------ entitlements

const checkQuery = z.object({
  featureId: z.string().min(1).optional(),
  currencyId: z.string().min(1).optional(),
  requestedUsage: queryNumber.optional(),
  requestedValues: queryList().optional(),
  resourceId: z.string().min(1).optional(),
});

// ------------------------------------------------------------------ promotional entitlements

/** The REST spelling of a grant period, by GraphQL's PromotionalEntitlementPeriod. */
const PERIODS = { ONE_WEEK: '1 week', ONE_MONTH: '1 month', SIX_MONTH: '6 month', ONE_YEAR: '1 year', LIFETIME: 'lifetime', CUSTOM: 'custom' } as const;
type RestPeriod = (typeof PERIODS)[keyof typeof PERIODS];
const period = z.enum(Object.values(PERIODS) as [RestPeriod, ...RestPeriod[]]);
const graphqlPeriod = (p: RestPeriod) => Object.entries(PERIODS).find(([, rest]) => rest === p)![0];

const weeklyAnchor = z.enum(['SubscriptionStart', 'EverySunday', 'EveryMonday', 'EveryTuesday', 'EveryWednesday', 'EveryThursday', 'EveryFriday', 'EverySaturday']);
const resetConfiguration = z.object({ accordingTo: z.union([weeklyAnchor, z.literal('StartOfTheMonth')]) });

const promotionData = z.object({
  id: z.string(),
  featureId: z.string(),
  environmentId: z.string(),
  status: z.enum(['Active', 'Expired', 'Paused']),
  period,
  startDate: z.string(),
  endDate: z.string().nullable(),
  usageLimit: z.number().nullable(),
  hasUnlimitedUsage: z.boolean().nullable(),
  hasSoftLimit: z.boolean().nullable(),
  enumValues: z.array(z.string()).nullable(),
  isVisible: z.boolean(),
  resetPeriod: resetPeriod.nullable(),
  resetPeriodConfiguration: resetConfiguration.nullable(),
  featureGroupIds: z.array(z.string()).nullable(),
  description: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

function promotionJson(env: Environment, db: Db, row: PromotionRow, nowMs: number, status?: string): z.input<typeof promotionData> {
  const groups = promotionGroupIds(db, row.customerId, row.featureId);
  return {
    id: `${row.customerId}:${row.featureId}`,
    featureId: row.featureId,
    environmentId: env.id,
    status: (status ?? promotionalEntitlementStatus(row, nowMs)) as 'Active' | 'Expired' | 'Paused',
    period: PERIODS[row.period as keyof typeof PERIODS] ?? 'custom',
    startDate: row.startDate,
    endDate: row.endDate,
    usageLimit: row.usageLimit,
    hasUnlimitedUsage: row.hasUnlimitedUsage,
    hasSoftLimit: row.hasSoftLimit,
    enumValues: row.enumValues,
    isVisible: row.isVisible,
    resetPeriod: row.resetPeriod as z.infer<typeof resetPeriod> | null,
    resetPeriodConfiguration: row.resetPeriodConfiguration as z.infer<typeof resetConfiguration> | null,
    featureGroupIds: groups.length > 0 ? groups : null,
    description: null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const grantBody = z.object({
  promotionalEntitlements: z
    .array(
      z.object({
        featureId: z.string().min(1),
        period,
        customEndDate: instant.nullable(),
        usageLimit: z.number().nullable(),
        hasUnlimitedUsage: z.boolean().nullable(),
        hasSoftLimit: z.boolean().nullable(),
        enumValues: z.array(z.string()).nullable(),
        isVisible: z.boolean().nullable(),
        resetPeriod: resetPeriod.nullable(),
        monthlyResetPeriodConfiguration: z.object({ accordingTo: z.enum(['SubscriptionStart', 'StartOfTheMonth']) }).nullable(),
        weeklyResetPeriodConfiguration: z.object({ accordingTo: weeklyAnchor }).nullable(),
        yearlyResetPeriodConfiguration: z.object({ accordingTo: z.literal('SubscriptionStart') }).nullable(),
      }),
    )
    .min(1),
});

const promotionListQuery = z.object({ createdAt: createdAtFilter, status: queryList(z.enum(['Active', 'Expired', 'Paused'])).optional() });

// ------------------------------------------------------------------ routes

export const customerEntitlementRoutes: RestMethodDeclaration[] = [
  route(
    {
      sdk: 'v1.customers.checkEntitlement',
      method: 'get',
      path: '/api/v1/customers/{id}/entitlements/check',
      summary: 'Check one entitlement (featureId or currencyId); an unknown customer is a denied check',
      query: checkQuery,
      data: entitlementData,
    },
    ({ env, nowMs, params, query }) =>
      unionJson(
        unionEntitlement(env, nowMs, {
          customerId: params.id,
          featureId: query.featureId,
          currencyId: query.currencyId,
          resourceId: query.resourceId,
          requestedUsage: query.requestedUsage,
          requestedValues: query.requestedValues,
        }),
        nowMs,
      ),
  ),
  route(
    {
      sdk: 'v1.customers.retrieveEntitlements',
      method: 'get',
      path: '/api/v1/customers/{id}/entitlements',
      summary: "A customer's effective entitlements (features, then credits)",
      query: z.object({ resourceId: z.string().min(1).optional() }),
      data: z.object({ accessDeniedReason: z.enum(['CustomerNotFound', 'NoActiveSubscription', 'CustomerIsArchived']).nullable(), entitlements: z.array(entitlementData) }),
    },
    ({ env, nowMs, params, query }) => {
      const state = entitlementsState(env, nowMs, { customerId: params.id, resourceId: query.resourceId });
      return {
        accessDeniedReason: state.accessDeniedReason,
        entitlements: entitlementUnion(env.db, nowMs, params.id, query.resourceId, state.entitlements).map((v) => unionJson(v, nowMs)),
      };
    },
  ),
  listRoute(
    {
      sdk: 'v1.customers.listResources',
      method: 'get',
      path: '/api/v1/customers/{id}/resources',
      summary: "A customer's resources (the resource ids its subscriptions name), newest first",
      data: z.object({ id: z.string(), createdAt: z.string(), updatedAt: z.string() }),
    },
    ({ env, params }) => customerResources(env.db, getCustomer(env, params.id).id).map((r) => ({ id: r.resourceId, createdAt: r.createdAt, updatedAt: r.updatedAt })),
  ),
  route(
    {
      sdk: 'v1.customers.promotionalEntitlements.create',
      method: 'post',
      path: '/api/v1/customers/{id}/promotional-entitlements',
      summary: 'Grant promotional entitlements (a grant of a feature replaces the one before)',
      body: grantBody,
      data: z.array(promotionData),
    },
    ({ env, nowMs, params, body }) =>
      grantPromotionalEntitlements(
        env,
        nowMs,
        params.id,
        body.promotionalEntitlements.map((g) => ({ ...g, period: graphqlPeriod(g.period) })),
      ).map((row) => promotionJson(env, env.db, row, nowMs)),
  ),
  listRoute(
    {
      sdk: 'v1.customers.promotionalEntitlements.list',
      method: 'get',
      path: '/api/v1/customers/{id}/promotional-entitlements',
      summary: "A customer's promotional entitlements, oldest first",
      query: promotionListQuery,
      data: promotionData,
    },
    ({ env, nowMs, params, query }) => {
      const created = (at: string) => inCreatedRange(at, query.createdAt);
      return customerPromotionalEntitlements(env, params.id)
        .filter((row) => created(row.createdAt))
        .map((row) => promotionJson(env, env.db, row, nowMs))
        .filter((p) => !query.status || query.status.includes(p.status));
    },
  ),
  route(
    {
      sdk: 'v1.customers.promotionalEntitlements.revoke',
      method: 'delete',
      path: '/api/v1/customers/{id}/promotional-entitlements/{featureId}',
      summary: "Revoke the customer's promotional entitlement of a feature",
      data: promotionData,
    },
    ({ env, nowMs, params }) => promotionJson(env, env.db, revokePromotionalEntitlement(env, nowMs, params.id, params.featureId), nowMs, 'Expired'),
  ),
];
