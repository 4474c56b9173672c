/**
 * The inspector's reads: plain queries over one environment's database (and its journal), each a
 * function of stored facts and the instant the page was pinned at. Lists are paged in SQL, so a
 * page of an environment with many customers reads only what it shows.
 */
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/open-database.js';
import type { CustomerRow, SubscriptionRow } from '../db/repositories/customers.js';
import * as t from '../db/schema.js';
import type { Environment } from '../environments/environment.js';

export const PAGE_SIZE = 50;

export interface Page<T> {
  items: T[];
  total: number;
  /** 1-based */
  page: number;
  pages: number;
}

/** A page number from a query string value: a positive integer, else 1. */
export function pageNumber(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export function pageOf<T>(items: T[], total: number, page: number, size = PAGE_SIZE): Page<T> {
  return { items, total, page, pages: Math.max(1, Math.ceil(total / size)) };
}

/** A slice of an in-memory list as a page (the journal, which lives in memory). */
export function slicePage<T>(all: T[], page: number, size = PAGE_SIZE): Page<T> {
  const start = (page - 1) * size;
  return pageOf(all.slice(start, start + size), all.length, page, size);
}

export interface EnvironmentCounts {
  customers: number;
  archivedCustomers: number;
  subscriptionsByStatus: Record<string, number>;
  features: number;
  products: number;
  plans: number;
  addons: number;
  coupons: number;
  webhookEvents: number;
  governanceOwners: number;
}

export function environmentCounts(db: Db): EnvironmentCounts {
  const one = (table: SQLiteTable, where?: SQL) =>
    db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
  const byStatus: Record<string, number> = {};
  for (const row of db.select({ status: t.subscriptions.status, n: count() }).from(t.subscriptions).groupBy(t.subscriptions.status).all()) {
    byStatus[row.status] = row.n;
  }
  return {
    customers: one(t.customers),
    archivedCustomers: one(t.customers, sql`${t.customers.archivedAt} IS NOT NULL`),
    subscriptionsByStatus: byStatus,
    features: one(t.features),
    products: one(t.products),
    plans: one(t.plans),
    addons: one(t.addons),
    coupons: one(t.coupons),
    webhookEvents: one(t.webhookEvents),
    governanceOwners: db.select({ n: sql<number>`count(DISTINCT ${t.govEntities.ownerId})` }).from(t.govEntities).get()?.n ?? 0,
  };
}

/** The environment's last activity: its newest journal entry. */
export function lastActivity(env: Environment): { at: string; operationName: string | null; transport: string } | null {
  const last = env.journal.last();
  return last ? { at: last.at, operationName: last.operationName, transport: last.transport } : null;
}

/** `LIKE` pattern for a search term: the term anywhere, its own % and _ taken literally. */
const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export interface CustomerListItem {
  customer: CustomerRow;
  liveSubscriptions: { id: string; planId: string; status: string }[];
}

/** Customers whose id, name or email contains `search` (case-insensitive for ASCII), by id, one page. */
export function searchCustomers(db: Db, search: string, page: number, size = PAGE_SIZE): Page<CustomerListItem> {
  const term = search.trim();
  const pattern = containsPattern(term);
  const escaped = (column: typeof t.customers.id | typeof t.customers.name | typeof t.customers.email) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  const where = term ? or(escaped(t.customers.id), escaped(t.customers.name), escaped(t.customers.email)) : undefined;
  const total = db.select({ n: count() }).from(t.customers).where(where).get()?.n ?? 0;
  const rows = db
    .select()
    .from(t.customers)
    .where(where)
    .orderBy(asc(t.customers.id))
    .limit(size)
    .offset((page - 1) * size)
    .all();
  const subs = rows.length
    ? db
        .select({ id: t.subscriptions.id, customerId: t.subscriptions.customerId, planId: t.subscriptions.planId, status: t.subscriptions.status })
        .from(t.subscriptions)
        .where(and(inArray(t.subscriptions.customerId, rows.map((r) => r.id)), inArray(t.subscriptions.status, ['ACTIVE', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING'])))
        .all()
    : [];
  const byCustomer = new Map<string, CustomerListItem['liveSubscriptions']>();
  for (const s of subs) byCustomer.set(s.customerId, [...(byCustomer.get(s.customerId) ?? []), { id: s.id, planId: s.planId, status: s.status }]);
  return pageOf(
    rows.map((customer) => ({ customer, liveSubscriptions: byCustomer.get(customer.id) ?? [] })),
    total,
    page,
    size,
  );
}

/** Every subscription of a customer (ended ones too), oldest start first. */
export function allSubscriptions(db: Db, customerId: string): SubscriptionRow[] {
  return db.select().from(t.subscriptions).where(eq(t.subscriptions.customerId, customerId)).orderBy(asc(t.subscriptions.startDate), asc(t.subscriptions.createdAt)).all();
}

export type ScheduleRow = typeof t.subscriptionSchedules.$inferSelect;

/** The scheduled changes (every status) of some subscriptions, by subscription. */
export function schedulesOf(db: Db, subscriptionIds: string[]): Map<string, ScheduleRow[]> {
  const out = new Map<string, ScheduleRow[]>();
  if (subscriptionIds.length === 0) return out;
  const rows = db
    .select()
    .from(t.subscriptionSchedules)
    .where(inArray(t.subscriptionSchedules.subscriptionId, subscriptionIds))
    .orderBy(asc(t.subscriptionSchedules.scheduledAt), asc(t.subscriptionSchedules.id))
    .all();
  for (const row of rows) out.set(row.subscriptionId, [...(out.get(row.subscriptionId) ?? []), row]);
  return out;
}

export type UsageRow = typeof t.usage.$inferSelect;

export function usageRows(db: Db, customerId: string): UsageRow[] {
  return db.select().from(t.usage).where(eq(t.usage.customerId, customerId)).orderBy(asc(t.usage.featureId), asc(t.usage.resourceId)).all();
}

export type PromotionRow = typeof t.promotionalEntitlements.$inferSelect;

export function promotions(db: Db, customerId: string): PromotionRow[] {
  return db.select().from(t.promotionalEntitlements).where(eq(t.promotionalEntitlements.customerId, customerId)).orderBy(asc(t.promotionalEntitlements.featureId)).all();
}

/** The resource ids a customer's subscriptions are scoped to (for the entitlement scope selector). */
export function resourceIdsOf(subscriptions: SubscriptionRow[]): string[] {
  return [...new Set(subscriptions.map((s) => s.resourceId).filter((r): r is string => r !== null))].sort();
}

export interface WebhookEventItem {
  id: number;
  type: string;
  messageId: string;
  payload: Record<string, unknown>;
  createdAt: string;
  deliveries: { url: string; status: number | null; attempts: number; lastAttemptAt: string | null }[];
}

/** Webhook events, newest first, optionally of one type (exact stored type), one page, with their deliveries. */
export function webhookEventsPage(db: Db, type: string | null, page: number, size = PAGE_SIZE): Page<WebhookEventItem> {
  const where = type ? eq(t.webhookEvents.type, type) : undefined;
  const total = db.select({ n: count() }).from(t.webhookEvents).where(where).get()?.n ?? 0;
  const events = db
    .select()
    .from(t.webhookEvents)
    .where(where)
    .orderBy(desc(t.webhookEvents.id))
    .limit(size)
    .offset((page - 1) * size)
    .all();
  const deliveries = events.length
    ? db
        .select()
        .from(t.webhookDeliveries)
        .where(inArray(t.webhookDeliveries.eventId, events.map((e) => e.id)))
        .orderBy(asc(t.webhookDeliveries.id))
        .all()
    : [];
  return pageOf(
    events.map((e) => ({
      id: e.id,
      type: e.type,
      messageId: e.messageId,
      payload: e.payload,
      createdAt: e.createdAt,
      deliveries: deliveries.filter((d) => d.eventId === e.id).map((d) => ({ url: d.url, status: d.status, attempts: d.attempts, lastAttemptAt: d.lastAttemptAt })),
    })),
    total,
    page,
    size,
  );
}

/** The webhook event types present, for the filter. */
export function webhookEventTypes(db: Db): string[] {
  return db
    .selectDistinct({ type: t.webhookEvents.type })
    .from(t.webhookEvents)
    .orderBy(asc(t.webhookEvents.type))
    .all()
    .map((r) => r.type);
}

/** Webhook events that mention a customer (by the payload's customer id), newest first. */
export function customerWebhookEvents(db: Db, customerId: string, limit = 20): { type: string; createdAt: string; messageId: string }[] {
  return db
    .select({ type: t.webhookEvents.type, createdAt: t.webhookEvents.createdAt, messageId: t.webhookEvents.messageId })
    .from(t.webhookEvents)
    .where(
      or(
        sql`json_extract(${t.webhookEvents.payload}, '$.customer.id') = ${customerId}`,
        and(sql`${t.webhookEvents.type} LIKE 'customer.%'`, sql`json_extract(${t.webhookEvents.payload}, '$.id') = ${customerId}`),
      ),
    )
    .orderBy(desc(t.webhookEvents.id))
    .limit(limit)
    .all();
}

/** Governance owners (customer ids with entities), by id. */
export function governanceOwners(db: Db): string[] {
  return db
    .selectDistinct({ ownerId: t.govEntities.ownerId })
    .from(t.govEntities)
    .orderBy(asc(t.govEntities.ownerId))
    .all()
    .map((r) => r.ownerId);
}

export function allFeatures(db: Db) {
  return db.select().from(t.features).orderBy(asc(t.features.id)).all();
}

export function allCoupons(db: Db) {
  return db.select().from(t.coupons).orderBy(asc(t.coupons.id)).all();
}
