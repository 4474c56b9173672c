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
import { customerRepo } from '../db/repositories/customers.js';
import { promotionalEntitlements, webhookDeliveries, webhookEndpoints, webhookEvents } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { iso } from '../time.js';
import {
  creditGrantFields,
  type CreditGrantFacts,
  customerFields,
  endpointWants,
  envelope,
  promotionFields,
  usageExceededFields,
  type PromotionFacts,
  type UsageFacts,
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

/** Record one event and a pending delivery for every endpoint whose filter matches. In the caller's transaction. */
export function recordEvent(db: Db, nowMs: number, type: string, fields: Record<string, unknown>): void {
  if (muted.has(db)) return;
  let traceId = traces.get(db);
  if (!traceId) {
    traceId = randomUUID();
    traces.set(db, traceId);
  }
  const messageId = randomUUID();
  const event = db
    .insert(webhookEvents)
    .values({ messageId, type, payload: envelope(type, { messageId, traceId }, nowMs, fields), createdAt: iso(nowMs) })
    .returning({ id: webhookEvents.id })
    .get();
  for (const endpoint of db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id)).all()) {
    if (!endpointWants(endpoint.events, type)) continue;
    db.insert(webhookDeliveries).values({ eventId: event.id, endpointId: endpoint.id, url: endpoint.url, status: null, attempts: 0, lastAttemptAt: null }).run();
  }
}

function recordCustomer(db: Db, nowMs: number, type: WebhookEventType, customerId: string): void {
  const row = customerRepo.get(db, customerId);
  if (row) recordEvent(db, nowMs, type, customerFields(row));
}

function recordSubscription(db: Db, nowMs: number, types: WebhookEventType[], subscriptionId: string, extra: Record<string, unknown> = {}): void {
  if (muted.has(db)) return;
  const row = catalog.subscription(db, subscriptionId);
  if (!row) return;
  const plan = catalog.plan(db, row.planId) ?? { id: row.planId, displayName: row.planId };
  const addonNames = new Map(row.addons.map((a) => [a.addonId, catalog.addon(db, a.addonId)?.displayName ?? a.addonId]));
  const fields = subscriptionFields(row, { plan, customer: customerRepo.get(db, row.customerId) ?? null, addonNames }, nowMs);
  for (const type of types) recordEvent(db, nowMs, type, { ...fields, ...extra });
}

/** The events the services emit, one call each, inside their transaction; the entity is read as the command left it. */
export const webhookEventsOf = {
  customerCreated: (db: Db, nowMs: number, customerId: string) => recordCustomer(db, nowMs, 'customer.created', customerId),
  customerUpdated: (db: Db, nowMs: number, customerId: string) => recordCustomer(db, nowMs, 'customer.updated', customerId),
  /** archiving: Stigg emits CUSTOMER_DELETED when a customer is archived */
  customerDeleted: (db: Db, nowMs: number, customerId: string) => recordCustomer(db, nowMs, 'customer.deleted', customerId),
  /** subscription.created (with isUpgrade/isDowngrade, E103), and subscription.trial_started when it starts IN_TRIAL */
  subscriptionCreated: (db: Db, nowMs: number, subscriptionId: string, change: { isUpgrade: boolean; isDowngrade: boolean } = { isUpgrade: false, isDowngrade: false }) => {
    const row = catalog.subscription(db, subscriptionId);
    if (row) recordSubscription(db, nowMs, subscriptionCreatedTypes(row), subscriptionId, change);
  },
  /** one subscription event (updated, trial_converted with its reason, trial_expired, ...) with extra payload fields */
  subscription: (db: Db, nowMs: number, type: WebhookEventType, subscriptionId: string, extra: Record<string, unknown> = {}) =>
    recordSubscription(db, nowMs, [type], subscriptionId, extra),
  /** RULES 2.8.7: subscription.spent_limit_exceeded, with the budget and the spend that reached it */
  spentLimitExceeded: (db: Db, nowMs: number, subscriptionId: string, spend: { budget: { limit: number; hasSoftLimit: boolean }; spend: number; currency: string }) =>
    recordSubscription(db, nowMs, ['subscription.spent_limit_exceeded'], subscriptionId, {
      budget: spend.budget,
      budgetExceeded: true,
      spend: { amount: spend.spend, currency: spend.currency },
    }),
  /** E102: entitlement.usage_exceeded for the highest threshold a measurement crossed */
  usageExceeded: (db: Db, nowMs: number, usage: UsageFacts & { featureId: string }, threshold: number) => {
    const feature = catalog.feature(db, usage.featureId);
    if (!feature) return;
    const active = customerRepo
      .liveSubscriptions(db, usage.customerId)
      .filter((s) => s.status === 'ACTIVE' || s.status === 'IN_TRIAL')
      .map((s) => ({ id: s.id, startDate: s.startDate, plan: { id: s.planId, name: catalog.plan(db, s.planId)?.displayName ?? s.planId } }));
    recordEvent(db, nowMs, 'entitlement.usage_exceeded', usageExceededFields(usage, threshold, feature, customerRepo.get(db, usage.customerId) ?? null, active));
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
  /** RULES 5.5: promotionalEntitlement.granted / updated / revoked / expired, with the grant as given */
  promotion: (db: Db, nowMs: number, type: WebhookEventType, grant: PromotionFacts) =>
    recordEvent(db, nowMs, type, promotionFields(grant, catalog.feature(db, grant.featureId) ?? null, customerRepo.get(db, grant.customerId) ?? null)),
  /** credit_grant.created / voided / depleted, with the grant as it is after the change */
  creditGrant: (db: Db, nowMs: number, type: 'credit_grant.created' | 'credit_grant.voided' | 'credit_grant.depleted', grant: CreditGrantFacts, facts: { status: string; remaining: number }) =>
    recordEvent(db, nowMs, type, creditGrantFields(grant, { ...facts, customer: customerRepo.get(db, grant.customerId) ?? null })),
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
