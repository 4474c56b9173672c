/**
 * `/api/v1/subscriptions`: subscriptions read, provisioned, previewed, updated, cancelled,
 * migrated, transferred, delegated and imported, and their scheduled changes cancelled, over the
 * subscription services the GraphQL resolvers call (getSubscription, provisionSubscriptionV2,
 * previewSubscription, updateOneSubscription, cancelSubscription, migrateSubscriptionToLatest,
 * transferSubscriptionToResource, delegateSubscriptionToCustomer, importSubscriptionsBulk,
 * cancelSchedule). Charging usage, syncing usage and invoices belong to a billing integration the
 * emulator does not have: those answer 501.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { estimateNewSubscription } from '../../pricing/estimate-service.js';
import { checkoutUrl } from '../../resolvers/context.js';
import { cancelSchedules, cancelSubscription } from '../../subscriptions/cancellation.js';
import { migrateSubscriptionToLatest } from '../../subscriptions/migration-service.js';
import { importSubscriptionsBulk, provisionSubscription } from '../../subscriptions/provisioning.js';
import { getSubscription, subscriptionList } from '../../subscriptions/subscription-queries.js';
import { delegateSubscriptionToCustomer, transferSubscriptionToResource } from '../../subscriptions/transfer-service.js';
import { updateSubscription, type UpdateSubscriptionInput } from '../../subscriptions/updates.js';
import { listRoute, notSupported, queryList, route, type RestMethodDeclaration } from '../route.js';
import { previewData, previewJson, provisionData, provisionJson } from './subscriptions-answers.js';
import {
  cancelBody,
  delegateBody,
  importBody,
  importInputOf,
  migrateBody,
  previewBody,
  provisionBody,
  subscriptionParamsOf,
  transferBody,
  updateBody,
  updateInputOf,
} from './subscriptions-inputs.js';
import { PRICING_TYPES, SUBSCRIPTION_STATUSES, subscriptionData, subscriptionJson } from './subscriptions-shape.js';
import { createdAtFilter } from './created-at.js';

const PATH = '/api/v1/subscriptions';

/** `CancelSubscription.Data`: the subscription whose scheduled changes were cancelled. */
const cancelledUpdateData = z.object({ id: z.string() });

const listQuery = z.object({
  customerId: z.string().min(1).optional(),
  planId: z.string().min(1).optional(),
  resourceId: z.string().min(1).optional(),
  pricingType: queryList(z.enum(PRICING_TYPES)).optional(),
  status: queryList(z.enum(SUBSCRIPTION_STATUSES)).optional(),
  createdAt: createdAtFilter,
});

/** The list's query as a SubscriptionQueryFilter (each field an equality, the lists `in`, createdAt its bounds). */
function listFilter(query: z.output<typeof listQuery>): Record<string, unknown> {
  return {
    ...(query.customerId ? { customerId: { eq: query.customerId } } : {}),
    ...(query.planId ? { planId: { eq: query.planId } } : {}),
    ...(query.resourceId ? { resourceId: { eq: query.resourceId } } : {}),
    ...(query.pricingType?.length ? { pricingType: { in: query.pricingType } } : {}),
    ...(query.status?.length ? { status: { in: query.status } } : {}),
    ...(query.createdAt ? { createdAt: query.createdAt } : {}),
  };
}

const byBilling = 'the emulator has no billing integration';

export const subscriptionRoutes: RestMethodDeclaration[] = [
  route(
    { sdk: 'v1.subscriptions.retrieve', method: 'get', path: `${PATH}/{id}`, summary: 'Retrieve a subscription', data: subscriptionData },
    ({ env, nowMs, params }) => subscriptionJson(env.db, nowMs, getSubscription(env.db, nowMs, params.id)),
  ),
  listRoute(
    { sdk: 'v1.subscriptions.list', method: 'get', path: PATH, summary: 'List subscriptions (newest first), filtered by customer, plan, resource, status, pricing type and creation time', query: listQuery, data: subscriptionData },
    ({ env, nowMs, query }) => subscriptionList(env.db, nowMs, { filter: listFilter(query) }, env.id).map((row) => subscriptionJson(env.db, nowMs, row)),
  ),
  route(
    { sdk: 'v1.subscriptions.provision', method: 'post', path: PATH, summary: 'Provision a subscription (SUCCESS, or PAYMENT_REQUIRED with a checkout)', body: provisionBody, data: provisionData },
    ({ env, nowMs, body, c }) => {
      const outcome = provisionSubscription(env, nowMs, subscriptionParamsOf(body));
      const origin = new URL(c.req.url).origin;
      return provisionJson(env, nowMs, outcome, (checkoutId) => checkoutUrl({ env, nowMs, origin, keyType: 'server' }, checkoutId));
    },
  ),
  route(
    { sdk: 'v1.subscriptions.preview', method: 'post', path: `${PATH}/preview`, summary: 'Preview the invoices of a new subscription (nothing is written)', body: previewBody, data: previewData },
    ({ env, nowMs, body }) => previewJson(estimateNewSubscription(env, nowMs, subscriptionParamsOf(body), { creditReplaced: true })),
  ),
  route(
    { sdk: 'v1.subscriptions.update', method: 'patch', path: `${PATH}/{id}`, summary: 'Update a subscription (now, or scheduled with scheduleStrategy)', body: updateBody, data: subscriptionData },
    ({ env, nowMs, params, body }) => subscriptionJson(env.db, nowMs, updateSubscription(env, nowMs, updateInputOf(params.id, body) as UpdateSubscriptionInput)),
  ),
  route(
    { sdk: 'v1.subscriptions.cancel', method: 'post', path: `${PATH}/{id}/cancel`, summary: 'Cancel a subscription now, at the end of its billing period or at a date', body: cancelBody, data: subscriptionData },
    ({ env, nowMs, params, body }) =>
      subscriptionJson(
        env.db,
        nowMs,
        cancelSubscription(env, nowMs, {
          subscriptionRefId: params.id,
          subscriptionCancellationTime: body.cancellationTime,
          subscriptionCancellationAction: body.cancellationAction,
          endDate: body.endDate,
          prorate: body.prorate,
        }),
      ),
  ),
  route(
    { sdk: 'v1.subscriptions.delegate', method: 'post', path: `${PATH}/{id}/delegate`, summary: 'Delegate a subscription to another customer (the payer stays)', body: delegateBody, data: subscriptionData },
    ({ env, nowMs, params, body }) =>
      subscriptionJson(env.db, nowMs, delegateSubscriptionToCustomer(env, nowMs, { subscriptionId: params.id, destinationCustomerId: body.targetCustomerId })),
  ),
  route(
    { sdk: 'v1.subscriptions.migrate', method: 'post', path: `${PATH}/{id}/migrate`, summary: "Migrate a subscription to its plan's latest version", body: migrateBody, data: subscriptionData },
    ({ env, nowMs, params, body }) =>
      subscriptionJson(env.db, nowMs, migrateSubscriptionToLatest(env, nowMs, { subscriptionId: params.id, subscriptionMigrationTime: body.subscriptionMigrationTime })),
  ),
  route(
    { sdk: 'v1.subscriptions.transfer', method: 'post', path: `${PATH}/{id}/transfer`, summary: 'Transfer a subscription to another resource of its customer', body: transferBody, data: subscriptionData },
    ({ env, nowMs, params, body }) =>
      subscriptionJson(env.db, nowMs, transferSubscriptionToResource(env, nowMs, { subscriptionId: params.id, destinationResourceId: body.destinationResourceId })),
  ),
  route(
    {
      sdk: 'v1.subscriptions.import',
      method: 'post',
      path: `${PATH}/import`,
      summary: 'Import subscriptions (all or nothing; done when the call answers)',
      body: importBody,
      data: z.object({ taskId: z.string() }),
    },
    ({ env, nowMs, body }) => {
      importSubscriptionsBulk(env, nowMs, importInputOf(body));
      return { taskId: `task-${randomUUID()}` };
    },
  ),
  route(
    {
      sdk: 'v1.subscriptions.futureUpdate.cancelSchedule',
      method: 'delete',
      path: `${PATH}/{id}/future-update/schedule`,
      summary: "Cancel a subscription's scheduled changes",
      data: cancelledUpdateData,
    },
    ({ env, nowMs, params }) => ({ id: cancelSchedules(env, nowMs, params.id, 'Scheduled') }),
  ),
  route(
    {
      sdk: 'v1.subscriptions.futureUpdate.cancelPendingPayment',
      method: 'delete',
      path: `${PATH}/{id}/future-update/pending-payment`,
      summary: "Cancel a subscription's update pending payment (the emulator holds none: FutureUpdateNotFound)",
      data: cancelledUpdateData,
    },
    ({ env, nowMs, params }) => ({ id: cancelSchedules(env, nowMs, params.id, 'PendingPayment') }),
  ),
  notSupported('v1.subscriptions.usage.chargeUsage', 'post', `${PATH}/{id}/usage/charge`, `${byBilling}: usage is never charged or invoiced`),
  notSupported('v1.subscriptions.usage.sync', 'post', `${PATH}/{id}/usage/sync`, `${byBilling}: usage is never synced to a billing provider`),
  notSupported('v1.subscriptions.invoice.markAsPaid', 'post', `${PATH}/{id}/invoice/paid`, `${byBilling}: subscriptions have no invoices (latestInvoice is always null)`),
];
