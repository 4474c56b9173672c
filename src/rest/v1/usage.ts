/**
 * `/api/v1/usage`: usage reports, their credit cost estimate and the usage history of a feature,
 * over the services GraphQL's reportUsageBulk, estimateUsageCost and usageHistoryV2 call.
 */
import { z } from 'zod';
import { estimateUsageCost } from '../../credits/credit-prices.js';
import { reportUsageBulk, type UsageMeasurement } from '../../usage/usage-service.js';
import { usageHistory } from '../../usage/history-service.js';
import { instant, queryList, route, type RestMethodDeclaration } from '../route.js';

export const dimensionsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** The credit estimate of a usage or an event (`UsageEstimateResponse.Data`, `EventEstimateResponse.Data`). */
export const estimateData = z.object({
  estimates: z.array(
    z.object({
      balanceAfterEstimate: z.number(),
      breakdown: z.array(z.object({ cost: z.number(), featureId: z.string(), warningCode: z.enum(['UNSUPPORTED_AGGREGATION']).nullable().optional() })),
      currencyId: z.string(),
      currentBalance: z.number(),
      estimatedCost: z.number(),
      wouldOverdraft: z.boolean(),
    }),
  ),
  warnings: z.array(z.enum(['RESOURCE_SCOPED_SUBSCRIPTION_EXISTS', 'FEATURE_NOT_FOUND', 'FEATURE_NOT_CREDIT_BASED'])),
});

const measurementData = z.object({
  id: z.string(),
  createdAt: z.string(),
  customerId: z.string(),
  featureId: z.string(),
  timestamp: z.string(),
  value: z.number(),
  credit: z
    .object({ consumed: z.number(), currencyId: z.string(), currentUsage: z.number(), timestamp: z.string(), usageLimit: z.number(), usagePeriodEnd: z.string().nullable().optional() })
    .nullable()
    .optional(),
  currentUsage: z.number().nullable().optional(),
  nextResetDate: z.string().nullable().optional(),
  resourceId: z.string().nullable().optional(),
  usagePeriodEnd: z.string().nullable().optional(),
  usagePeriodStart: z.string().nullable().optional(),
});

const measurementJson = (m: UsageMeasurement): z.input<typeof measurementData> => ({
  id: m.id,
  createdAt: m.createdAt,
  customerId: m.customerId,
  featureId: m.featureId,
  timestamp: m.timestamp,
  value: m.value,
  credit: m.credit,
  currentUsage: m.currentUsage,
  nextResetDate: m.nextResetDate,
  resourceId: m.resourceId,
  usagePeriodEnd: m.usagePeriodEnd,
  usagePeriodStart: m.usagePeriodStart,
});

const usageValue = z.number().finite();

export const usageRoutes: RestMethodDeclaration[] = [
  route(
    {
      sdk: 'v1.usage.report',
      method: 'post',
      path: '/api/v1/usage',
      summary: 'Report usage of metered features, in bulk (one transaction: all or nothing)',
      body: z.object({
        usages: z
          .array(
            z.object({
              customerId: z.string().min(1),
              featureId: z.string().min(1),
              value: usageValue,
              createdAt: instant.optional(),
              dimensions: dimensionsSchema.optional(),
              idempotencyKey: z.string().min(1).optional(),
              resourceId: z.string().min(1).nullable().optional(),
              updateBehavior: z.enum(['DELTA', 'SET']).optional(),
            }),
          )
          .min(1),
      }),
      data: z.array(measurementData),
    },
    ({ env, nowMs, body }) => reportUsageBulk(env, nowMs, body.usages).map(measurementJson),
  ),
  route(
    {
      sdk: 'v1.usage.estimate',
      method: 'post',
      path: '/api/v1/usage/estimate',
      summary: 'What reporting a usage would cost in credits (nothing is recorded)',
      body: z.object({
        customerId: z.string().min(1),
        featureId: z.string().min(1),
        value: usageValue,
        dimensions: dimensionsSchema.optional(),
        resourceId: z.string().min(1).nullable().optional(),
        updateBehavior: z.enum(['DELTA', 'SET']).optional(),
      }),
      data: estimateData,
    },
    ({ env, nowMs, body }) => estimateUsageCost(env, nowMs, { customerId: body.customerId, featureId: body.featureId, value: body.value, resourceId: body.resourceId }),
  ),
  route(
    {
      sdk: 'v1.usage.history',
      method: 'get',
      path: '/api/v1/usage/{customerId}/history/{featureId}',
      summary: "A customer's usage of a metered feature over a time range, with its reset points and markers",
      query: z.object({
        startDate: instant,
        endDate: instant.optional(),
        groupBy: queryList().optional(),
        resourceId: z.string().min(1).optional(),
      }),
      data: z.object({
        markers: z.array(z.object({ timestamp: z.string(), type: z.enum(['PERIODIC_RESET', 'SUBSCRIPTION_CHANGE_RESET']) })),
        series: z.array(
          z.object({
            points: z.array(z.object({ isResetPoint: z.boolean(), timestamp: z.string(), value: z.number() })),
            tags: z.array(z.object({ key: z.string(), value: z.string() })),
          }),
        ),
      }),
    },
    ({ env, nowMs, params, query }) => {
      const history = usageHistory(env, nowMs, { customerId: params.customerId, featureId: params.featureId, ...query });
      return { markers: history.markers, series: history.series };
    },
  ),
];
