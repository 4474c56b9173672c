/**
 * `/api/v1/events`: raw usage events and the credit cost estimate of one, over the services
 * GraphQL's reportEvent and estimateEventCost call. Data export (`/api/v1/data-export`) is Stigg's
 * sync of its data to a customer's warehouse: the emulator has no warehouse destinations, so those
 * methods answer 501.
 */
import { z } from 'zod';
import { estimateEventCost } from '../../credits/credit-prices.js';
import { reportEvents } from '../../usage/event-service.js';
import { instant, notSupported, route, type RestMethodDeclaration } from '../route.js';
import { dimensionsSchema, estimateData } from './usage.js';

const DATA_EXPORT =
  'the emulator has no data export: Stigg syncs its data to a warehouse destination (Snowflake, BigQuery, S3...) through its data-export integration, and the emulator keeps no destinations, models or syncs; read the data through the API instead';

export const eventRoutes: RestMethodDeclaration[] = [
  route(
    {
      sdk: 'v1.events.report',
      method: 'post',
      path: '/api/v1/events',
      summary: 'Report raw usage events (one batch, all or nothing; a repeated idempotency key counts once)',
      body: z.object({
        events: z
          .array(
            z.object({
              customerId: z.string().min(1),
              eventName: z.string().min(1),
              idempotencyKey: z.string().min(1),
              dimensions: dimensionsSchema.optional(),
              resourceId: z.string().min(1).nullable().optional(),
              timestamp: instant.optional(),
            }),
          )
          .min(1),
      }),
      // Stigg answers an empty object once the events are accepted
      data: z.object({}),
    },
    ({ env, nowMs, body }) => {
      reportEvents(env, nowMs, body.events);
      return {};
    },
  ),
  route(
    {
      sdk: 'v1.events.estimate',
      method: 'post',
      path: '/api/v1/events/estimate',
      summary: 'What one raw event would cost in credits (nothing is recorded)',
      body: z.object({
        customerId: z.string().min(1),
        eventName: z.string().min(1),
        dimensions: dimensionsSchema.optional(),
        resourceId: z.string().min(1).nullable().optional(),
      }),
      data: estimateData,
    },
    ({ env, nowMs, body }) => estimateEventCost(env, nowMs, body),
  ),
  notSupported('v1.events.dataExport.listModels', 'get', '/api/v1/data-export/models', DATA_EXPORT),
  notSupported('v1.events.dataExport.mintScopedToken', 'post', '/api/v1/data-export/scoped-token', DATA_EXPORT),
  notSupported('v1.events.dataExport.triggerSync', 'post', '/api/v1/data-export/sync', DATA_EXPORT),
  notSupported('v1.events.dataExport.destinations.create', 'post', '/api/v1/data-export/destinations', DATA_EXPORT),
  notSupported('v1.events.dataExport.destinations.delete', 'delete', '/api/v1/data-export/destinations/{destinationId}', DATA_EXPORT),
  notSupported('v1.events.dataExport.destinations.updateSelection', 'patch', '/api/v1/data-export/destinations/{destinationId}', DATA_EXPORT),
];
