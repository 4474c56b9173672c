/**
 * Webhooks: the event log and the endpoints of one environment. Events are recorded inside the
 * caller's transaction (a command that fails records nothing); delivery reads the log after the
 * transaction commits (webhook-delivery.ts).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { placeholder, prepared } from '../db/prepared.js';
import { insertReturningId, writeRow } from '../db/row-writes.js';
import { customerRepo, type CustomerRow, type SubscriptionRow } from '../db/repositories/customers.js';
import { promotionalEntitlements, webhookDeliveries, webhookEndpoints, webhookEvents } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { iso } from '../time.js';
import { badInput } from '../errors.js';
import { endpointUrlProblem } from './endpoint-url.js';
import { WriteSteps } from '../write-steps.js';
import { conformPayload, IncompletePayloadError } from './webhook-catalog.js';
import {
  entitlementItem,
  entitlementsTrigger,
  measurementReportedFields,
  spendLimitFields,
  customerFields,
  endpointWants,
  envelope,
  promotionFields,
  usageExceededFields,
  type PromotionFacts,
  type UsageFacts,
  type EntitlementFacts,
  subscriptionCreatedTypes,
  subscriptionFields,
  webhookTypeOf,
  type WebhookEventType,
} from './webhook-rules.js';

/** One trace id per transaction: the events of one command share it. */
const traces = new WeakMap<object, string>();

/** Databases (transactions) whose events are not recorded: loading fixtures emits nothing. */
const muted = new WeakSet<object>();

/** Run `fn` on `db` without recording webhook events (fixtures go through the services' rules silently). */
export function withoutEvents<T>(db: Db, fn: () => T): T {
  muted.add(db);
  try {
    return fn();
  } finally {
    muted.delete(db);
  }
}

/**
 * Record one event and a pending delivery for every endpoint whose filter matches. In the caller's
 * transaction. The payload is shaped by the event's page (conformPayload); one that lacks a field
 * its page requires is not sent: the log keeps the event with its `error` and no delivery.
 */
export function recordEvent(db: Db, nowMs: number, type: string, fields: Record<string, unknown>): void {
  if (muted.has(db)) return;
  beforeEventRecorded.run(db, nowMs, null);
  let traceId = traces.get(db);
  if (!traceId) {
    traceId = randomUUID();
    traces.set(db, traceId);
  }
  const messageId = randomUUID();
  let payload: Record<string, unknown>;
  let complete = true;
  try {
    payload = conformPayload(type, envelope(type, { messageId, traceId }, nowMs, fields));
  } catch (error) {
    if (!(error instanceof IncompletePayloadError)) throw error;
    payload = { type, messageId, traceId, error: { code: 'WebhookPayloadIncomplete', message: error.message, missing: error.missing } };
    complete = false;
  }
  // every usage report records an event (measurement.reported): the statements are prepared once per connection
  const eventId = insertReturningId(db, webhookEvents, { messageId, type, payload, createdAt: iso(nowMs) });
  if (!complete) return;
  const endpoints = prepared(db, 'webhooks.endpoints', (d) => d.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id)).prepare()).all();
  for (const endpoint of endpoints) {
    if (!endpointWants(endpoint.events, type)) continue;
    writeRow(db, webhookDeliveries, { eventId, endpointId: endpoint.id, url: endpoint.url, status: null, attempts: 0, lastAttemptAt: null });
  }
  noteEntitlementsChange(db, nowMs, type, fields);
}

// ------------------------------------------------------------------------------------ entitlements.updated

/** The customers (and scopes) whose entitlements an event of this command may have changed, with the first such event. */
const pendingEntitlements = new WeakMap<object, { atMs: number; scopes: Map<string, { customerId: string; resourceId: string | null; trigger: string }> }>();

/** Events after which a customer's effective entitlements may differ (its subscriptions, promotional grants, or archiving). */
const ENTITLEMENT_CAUSES: ReadonlySet<string> = new Set([
  'customer.deleted',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'subscription.expired',
  'subscription.trial_started',
  'subscription.trial_converted',
  'subscription.trial_expired',
  'promotionalEntitlement.granted',
  'promotionalEntitlement.updated',
  'promotionalEntitlement.revoked',
  'promotionalEntitlement.expired',
]);

function noteEntitlementsChange(db: Db, nowMs: number, type: string, fields: Record<string, unknown>): void {
  if (!ENTITLEMENT_CAUSES.has(type)) return;
  const customer = fields.customer as { id?: string } | undefined;
  const customerId = type.startsWith('customer.') ? (fields.id as string) : customer?.id;
  if (!customerId) return;
  const resource = fields.resource as { id?: string } | null | undefined;
  const resourceId = resource?.id ?? null;
  let pending = pendingEntitlements.get(db);
  if (!pending) {
    pending = { atMs: nowMs, scopes: new Map() };
    pendingEntitlements.set(db, pending);
  }
  const key = JSON.stringify([customerId, resourceId]);
  if (!pending.scopes.has(key)) pending.scopes.set(key, { customerId, resourceId, trigger: entitlementsTrigger(type) });
}

/** The scopes noted since the last announcement, with their instant; taken by the announcer (entitlements/entitlement-announcements.ts). */
export function takePendingEntitlements(db: Db): { atMs: number; scopes: { customerId: string; resourceId: string | null; trigger: string }[] } | null {
  const pending = pendingEntitlements.get(db);
  if (!pending) return null;
  pendingEntitlements.delete(db);
  return { atMs: pending.atMs, scopes: [...pending.scopes.values()] };
}

/** The instant of the first event noted since the last announcement, if any. */
export const pendingEntitlementsAt = (db: Db): number | null => pendingEntitlements.get(db)?.atMs ?? null;

/**
 * Before an event is recorded at `nowMs`: events of a later instant (time travel applies many)
 * come after the announcement of what the earlier instant changed (the announcer's step).
 */
export const beforeEventRecorded = new WriteSteps<null>('before a webhook event is recorded');

// ------------------------------------------------------------------------------------ events

function recordCustomer(db: Db, nowMs: number, type: WebhookEventType, customerId: string): void {
  const row = customerRepo.get(db, customerId);
  if (row) recordEvent(db, nowMs, type, customerFields(row));
}

function recordSubscription(db: Db, nowMs: number, types: WebhookEventType[], subscriptionId: string, extra: (row: SubscriptionRow) => Record<string, unknown> = () => ({})): void {
  if (muted.has(db)) return;
  const row = catalog.subscription(db, subscriptionId);
  if (!row) return;
  const plan = catalog.plan(db, row.planId) ?? { id: row.planId, displayName: row.planId };
  const addonNames = new Map(row.addons.map((a) => [a.addonId, catalog.addon(db, a.addonId)?.displayName ?? a.addonId]));
  const fields = subscriptionFields(row, { plan, customer: customerRepo.get(db, row.customerId) ?? null, addonNames }, nowMs);
  for (const type of types) recordEvent(db, nowMs, type, { ...fields, ...extra(row) });
}

/** What a usage command read already: the customer's row and all its subscriptions (in the order the customer's subscriptions are read). */
export interface ReadForUsage {
  customer?: CustomerRow;
  subscriptions?: readonly SubscriptionRow[];
}

/** The active subscriptions listed by usage events (from the customer's subscriptions when the command read them). */
function activeSubscriptionsOf(db: Db, customerId: string, subscriptions?: readonly SubscriptionRow[]) {
  return (subscriptions ?? customerRepo.liveSubscriptions(db, customerId))
    .filter((s) => s.status === 'ACTIVE' || s.status === 'IN_TRIAL')
    .map((s) => ({ id: s.id, startDate: s.startDate, plan: { id: s.planId, name: catalog.plan(db, s.planId)?.displayName ?? s.planId } }));
}

/** The events the services emit, one call each, inside their transaction; the entity is read as the command left it. */
export const webhookEventsOf = {
  customerCreated: (db: Db, nowMs: number, customerId: string) => recordCustomer(db, nowMs, 'customer.created', customerId),
  customerUpdated: (db: Db, nowMs: number, customerId: string) => recordCustomer(db, nowMs, 'customer.updated', customerId),
  /** archiving: Stigg emits CUSTOMER_DELETED when a customer is archived */
  customerDeleted: (db: Db, nowMs: number, customerId: string) => recordCustomer(db, nowMs, 'customer.deleted', customerId),
  /** subscription.created (with isUpgrade/isDowngrade, E103), and subscription.trial_started when it starts IN_TRIAL */
  subscriptionCreated: (db: Db, nowMs: number, subscriptionId: string, change: { isUpgrade: boolean; isDowngrade: boolean } = { isUpgrade: false, isDowngrade: false }) => {
    // a muted write (fixtures) records nothing: not even the subscription is read
    if (muted.has(db)) return;
    const row = catalog.subscription(db, subscriptionId);
    if (row) recordSubscription(db, nowMs, subscriptionCreatedTypes(row), subscriptionId, () => change);
  },
  /** one subscription event (updated, trial_converted with its reason, trial_expired, ...) with extra payload fields */
  subscription: (db: Db, nowMs: number, type: WebhookEventType, subscriptionId: string, extra: Record<string, unknown> = {}) =>
    recordSubscription(db, nowMs, [type], subscriptionId, () => extra),
  /** subscription.billing_month.ends_soon: the month it announces and the subscription's entitlements */
  billingMonthEndsSoon: (db: Db, nowMs: number, subscriptionId: string, month: { start: string; end: string }, entitlementsOf: (row: SubscriptionRow) => readonly EntitlementFacts[]) =>
    recordSubscription(db, nowMs, ['subscription.billing_month.ends_soon'], subscriptionId, (row) => ({
      currentBillingMonthStart: month.start,
      currentBillingMonthEnd: month.end,
      entitlements: entitlementsOf(row).map(entitlementItem),
    })),
  /** RULES 2.8.7: subscription.spend_limit.exceeded when the spend crosses 80 % or 100 % of the spend limit (the highest crossed) */
  spendLimitExceeded: (db: Db, nowMs: number, subscriptionId: string, spend: { budget: { limit: number; hasSoftLimit: boolean }; spend: number }, threshold: number) =>
    recordSubscription(db, nowMs, ['subscription.spend_limit.exceeded'], subscriptionId, () => spendLimitFields(spend.budget, spend.spend, threshold)),
  /** E102: entitlement.usage_exceeded for the highest threshold a measurement crossed */
  usageExceeded: (db: Db, nowMs: number, usage: UsageFacts & { featureId: string }, threshold: number, read: ReadForUsage = {}) => {
    const feature = catalog.feature(db, usage.featureId);
    if (!feature) return;
    const customer = read.customer ?? customerRepo.get(db, usage.customerId) ?? null;
    recordEvent(db, nowMs, 'entitlement.usage_exceeded', usageExceededFields(usage, threshold, feature, customer, activeSubscriptionsOf(db, usage.customerId, read.subscriptions)));
  },
  /** measurement.reported: a measurement changed a customer's usage of a feature by `change` */
  measurementReported: (db: Db, nowMs: number, usage: UsageFacts & { featureId: string }, change: number, read: ReadForUsage = {}) => {
    if (muted.has(db)) return;
    const feature = catalog.feature(db, usage.featureId);
    if (!feature) return;
    const customer = read.customer ?? customerRepo.get(db, usage.customerId) ?? null;
    recordEvent(db, nowMs, 'measurement.reported', measurementReportedFields(usage, change, feature, customer, activeSubscriptionsOf(db, usage.customerId, read.subscriptions)));
  },
  /** E89: promotionalEntitlement.expired */
  promotionExpired: (db: Db, nowMs: number, customerId: string, featureId: string) => {
    const grant = db
      .select()
      .from(promotionalEntitlements)
      .where(and(eq(promotionalEntitlements.customerId, customerId), eq(promotionalEntitlements.featureId, featureId)))
      .get();
    if (grant) webhookEventsOf.promotion(db, nowMs, 'promotionalEntitlement.expired', grant);
  },
  /** RULES 5.5: promotionalEntitlement.granted / updated / revoked / expired / ends_soon, with the grant as given */
  promotion: (db: Db, nowMs: number, type: WebhookEventType, grant: PromotionFacts, extra: Record<string, unknown> = {}) =>
    recordEvent(db, nowMs, type, { ...promotionFields(grant, catalog.feature(db, grant.featureId) ?? null, customerRepo.get(db, grant.customerId) ?? null), ...extra }),
  subscriptionsCanceled: (db: Db, nowMs: number, subscriptionIds: readonly string[]) => {
    for (const id of subscriptionIds) recordSubscription(db, nowMs, ['subscription.canceled'], id);
  },
};

// ------------------------------------------------------------------------------------ reads

export interface DeliveryView {
  url: string;
  status: number | null;
  attempts: number;
  lastAttemptAt: string | null;
}

export interface EventView {
  type: string;
  messageId: string;
  payload: Record<string, unknown>;
  createdAt: string;
  deliveries: DeliveryView[];
}

/** The event log, oldest first, optionally of one type (either form: `customer.created` or `CUSTOMER_CREATED`). */
export function listEvents(env: Environment, filter: { type?: string | null } = {}): EventView[] {
  const { db } = env;
  const type = filter.type ? webhookTypeOf(filter.type) : null;
  const events = db
    .select()
    .from(webhookEvents)
    .where(type ? eq(webhookEvents.type, type) : undefined)
    .orderBy(asc(webhookEvents.id))
    .all();
  if (events.length === 0) return [];
  const byEvent = new Map<number, DeliveryView[]>();
  const deliveries = db
    .select()
    .from(webhookDeliveries)
    .where(
      inArray(
        webhookDeliveries.eventId,
        events.map((e) => e.id),
      ),
    )
    .orderBy(asc(webhookDeliveries.id))
    .all();
  for (const d of deliveries) {
    const list = byEvent.get(d.eventId) ?? [];
    list.push({ url: d.url, status: d.status, attempts: d.attempts, lastAttemptAt: d.lastAttemptAt });
    byEvent.set(d.eventId, list);
  }
  return events.map((e) => ({ type: e.type, messageId: e.messageId, payload: e.payload, createdAt: e.createdAt, deliveries: byEvent.get(e.id) ?? [] }));
}

export interface EndpointInput {
  url: string;
  secret?: string | null;
  events?: string[] | null;
}

export interface EndpointView {
  id: number;
  url: string;
  secret: string | null;
  events: string[] | null;
}

/** Add a delivery endpoint (as the fixtures' `webhooks` do): it receives the events emitted from now on. */
export function addEndpoint(env: Environment, input: EndpointInput): EndpointView {
  const problem = endpointUrlProblem(input.url);
  if (problem) throw badInput(`webhook endpoint URL ${problem}`, { field: 'url' });
  return env.transaction((db) =>
    db
      .insert(webhookEndpoints)
      .values({ url: input.url, secret: input.secret ?? null, events: input.events && input.events.length > 0 ? input.events : null })
      .returning()
      .get(),
  );
}

export function listEndpoints(env: Environment): EndpointView[] {
  return env.db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id)).all();
}

// ------------------------------------------------------------------------------------ delivery (I/O side)

/** The largest delivery id so far (deliveries after it are new). */
export function lastDeliveryId(db: Db): number {
  const row = db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).orderBy(desc(webhookDeliveries.id)).limit(1).get();
  return row?.id ?? 0;
}

/** Deliveries recorded after `afterId` (not attempted yet). */
export function newDeliveryIds(db: Db, afterId: number): number[] {
  // after every commit: prepared once per connection
  return prepared(db, 'webhooks.newDeliveryIds', (d) =>
    d.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(gt(webhookDeliveries.id, placeholder('after'))).orderBy(asc(webhookDeliveries.id)).prepare(),
  )
    .all({ after: afterId })
    .map((r) => r.id);
}

export interface DeliveryJob {
  url: string;
  secret: string | null;
  body: string;
}

/** What to send for a delivery: the endpoint's url and secret, the event's payload. */
export function deliveryJob(db: Db, deliveryId: number): DeliveryJob | null {
  const row = db
    .select({ url: webhookDeliveries.url, payload: webhookEvents.payload, secret: webhookEndpoints.secret })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .get();
  return row ? { url: row.url, secret: row.secret ?? null, body: JSON.stringify(row.payload) } : null;
}

/** Record one attempt (status: the HTTP status, 0 for a network error or timeout); answers the attempts so far. */
export function recordAttempt(db: Db, deliveryId: number, status: number, nowMs: number): number {
  const row = db.select({ attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)).get();
  if (!row) return 0;
  const attempts = row.attempts + 1;
  db.update(webhookDeliveries).set({ status, attempts, lastAttemptAt: iso(nowMs) }).where(eq(webhookDeliveries.id, deliveryId)).run();
  return attempts;
}
