/**
 * `/api/v1/products`: the catalog's products, read from the catalog the GraphQL resolvers read and
 * written through the catalog-editing services (the tables the fixtures seed).
 */
import { z } from 'zod';
import { catalog, type ProductRow } from '../../catalog/catalog-service.js';
import { archiveProduct, createProduct, duplicateProduct, journeyOf, unarchiveProduct, updateProduct, type CustomerJourney } from '../../catalog-editing/products.js';
import { customerJourneyFixture } from '../../fixtures/model.js';
import { listRoute, queryList, route, type RestMethodDeclaration } from '../route.js';
import { createdAtFilter, inCreatedRange } from './created-at.js';
import { newestFirst } from './features.js';

const STATUSES = ['PUBLISHED', 'ARCHIVED'] as const;
const CANCELLATION_TIMES = ['END_OF_BILLING_PERIOD', 'IMMEDIATE', 'SPECIFIC_DATE'] as const;
const END_SETUPS = ['DOWNGRADE_TO_FREE', 'CANCEL_SUBSCRIPTION'] as const;
const START_SETUPS = ['PLAN_SELECTION', 'TRIAL_PERIOD', 'FREE_PLAN'] as const;

/** A product as the REST API answers it (`Product.Data`). */
export const productData = z.object({
  id: z.string(),
  createdAt: z.string(),
  description: z.string().nullable(),
  displayName: z.string(),
  metadata: z.record(z.string(), z.string()),
  multipleSubscriptions: z.boolean(),
  status: z.enum(STATUSES),
  updatedAt: z.string(),
  productSettings: z
    .object({
      subscriptionCancellationTime: z.enum(CANCELLATION_TIMES),
      subscriptionEndSetup: z.enum(END_SETUPS),
      subscriptionStartSetup: z.enum(START_SETUPS),
      downgradePlanId: z.string().nullable().optional(),
      prorateAtEndOfBillingPeriod: z.boolean().nullable().optional(),
      subscriptionStartPlanId: z.string().nullable().optional(),
    })
    .optional(),
});

export function productJson(row: ProductRow): z.input<typeof productData> {
  const j = journeyOf(row);
  return {
    id: row.id,
    createdAt: row.createdAt,
    description: row.description,
    displayName: row.displayName,
    metadata: row.metadata,
    multipleSubscriptions: row.multipleSubscriptions,
    status: row.status as (typeof STATUSES)[number],
    updatedAt: row.updatedAt,
    productSettings: {
      subscriptionCancellationTime: (j.subscriptionCancellationTime ?? 'IMMEDIATE') as (typeof CANCELLATION_TIMES)[number],
      subscriptionEndSetup: (j.subscriptionEndSetup ?? 'CANCEL_SUBSCRIPTION') as (typeof END_SETUPS)[number],
      subscriptionStartSetup: (j.subscriptionStartSetup ?? 'PLAN_SELECTION') as (typeof START_SETUPS)[number],
      downgradePlanId: j.downgradePlanId ?? null,
      prorateAtEndOfBillingPeriod: j.prorateAtEndOfBillingPeriod ?? null,
      subscriptionStartPlanId: j.subscriptionStartPlanId ?? null,
    },
  };
}

const metadata = z.record(z.string(), z.string()).nullable();
const description = z.string().max(255).nullable();
const displayName = z.string().min(1).max(255);

const createBody = z.object({
  id: z.string().min(1).max(255),
  displayName,
  description: description.optional(),
  metadata: metadata.optional(),
  multipleSubscriptions: z.boolean().optional(),
});

const updateBody = z.object({
  description: description.optional(),
  displayName: displayName.optional(),
  metadata: metadata.optional(),
  multipleSubscriptions: z.boolean().optional(),
  productSettings: z
    .object({
      subscriptionCancellationTime: z.enum(CANCELLATION_TIMES),
      subscriptionEndSetup: z.enum(END_SETUPS),
      subscriptionStartSetup: z.enum(START_SETUPS),
      downgradePlanId: z.string().min(1).nullable().optional(),
      prorateAtEndOfBillingPeriod: z.boolean().nullable().optional(),
      subscriptionStartPlanId: z.string().min(1).nullable().optional(),
    })
    .optional(),
  usageResetCutoffRule: z.object({ behavior: z.enum(['NEVER_RESET', 'ALWAYS_RESET', 'BILLING_PERIOD_CHANGE']) }).optional(),
});

const duplicateBody = z.object({
  targetId: z.string().min(1).max(255),
  description: description.optional(),
  displayName: displayName.optional(),
});

const listQuery = z.object({
  id: z.string().min(1).optional(),
  createdAt: createdAtFilter,
  status: queryList(z.enum(STATUSES)).optional(),
});

export const productRoutes: RestMethodDeclaration[] = [
  route(
    { sdk: 'v1.products.createProduct', method: 'post', path: '/api/v1/products', summary: 'Create a product', body: createBody, data: productData },
    ({ env, nowMs, body }) =>
      productJson(
        createProduct(env, nowMs, {
          ...body,
          // a new product's journey is a fixture product's default one
          customerJourney: customerJourneyFixture.parse({}) as CustomerJourney,
        }),
      ),
  ),
  listRoute(
    { sdk: 'v1.products.listProducts', method: 'get', path: '/api/v1/products', summary: 'List products', query: listQuery, data: productData },
    ({ env, query }) =>
      newestFirst(catalog.products(env.db))
        .filter(
          (p) =>
            (query.id === undefined || p.id === query.id) &&
            inCreatedRange(p.createdAt, query.createdAt) &&
            (!query.status?.length || query.status.includes(p.status as never)),
        )
        .map(productJson),
  ),
  route(
    { sdk: 'v1.products.updateProduct', method: 'patch', path: '/api/v1/products/{id}', summary: 'Update a product', body: updateBody, data: productData },
    ({ env, nowMs, params, body }) =>
      productJson(
        updateProduct(env, nowMs, params.id, {
          displayName: body.displayName,
          description: body.description,
          metadata: body.metadata,
          multipleSubscriptions: body.multipleSubscriptions,
          productSettings: body.productSettings,
          usageResetCutoffRule: body.usageResetCutoffRule?.behavior,
        }),
      ),
  ),
  route(
    { sdk: 'v1.products.archiveProduct', method: 'post', path: '/api/v1/products/{id}/archive', summary: 'Archive a product', data: productData },
    ({ env, nowMs, params }) => productJson(archiveProduct(env, nowMs, params.id)),
  ),
  route(
    { sdk: 'v1.products.unarchiveProduct', method: 'post', path: '/api/v1/products/{id}/unarchive', summary: 'Unarchive a product', data: productData },
    ({ env, nowMs, params }) => productJson(unarchiveProduct(env, nowMs, params.id)),
  ),
  route(
    {
      sdk: 'v1.products.duplicateProduct',
      method: 'post',
      path: '/api/v1/products/{id}/duplicate',
      summary: 'Duplicate a product with its plans and add-ons',
      body: duplicateBody,
      data: productData,
    },
    ({ env, nowMs, params, body }) => productJson(duplicateProduct(env, nowMs, params.id, body)),
  ),
];
