/** SQL of subscriptions and their schedules; no rules. */
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../open-database.js';
import { checkouts, subscriptionSchedules, subscriptions } from '../schema.js';
import type { SubscriptionRow } from './customers.js';

export type ScheduleRow = typeof subscriptionSchedules.$inferSelect;
export type CheckoutRow = typeof checkouts.$inferSelect;

export const subscriptionRepo = {
  get(db: Db, id: string): SubscriptionRow | undefined {
    return db.select().from(subscriptions).where(eq(subscriptions.id, id)).get();
  },
  insert(db: Db, row: SubscriptionRow): void {
    db.insert(subscriptions).values(row).run();
  },
  update(db: Db, id: string, patch: Partial<SubscriptionRow>): void {
    db.update(subscriptions).set(patch).where(eq(subscriptions.id, id)).run();
  },
  /** Subscriptions whose next transition is due at or before `at` (ISO), earliest first. */
  due(db: Db, at: string, limit: number): SubscriptionRow[] {
    return db.select().from(subscriptions).where(lte(subscriptions.nextDueAt, at)).orderBy(asc(subscriptions.nextDueAt), asc(subscriptions.id)).limit(limit).all();
  },
  /** Whether anything is due at or before `at` (one indexed lookup). */
  anyDue(db: Db, at: string): boolean {
    return db.select({ id: subscriptions.id }).from(subscriptions).where(lte(subscriptions.nextDueAt, at)).limit(1).all().length > 0;
  },
  /** The live (not ended) subscriptions of a customer for one product and resource. */
  liveOf(db: Db, customerId: string, productId: string, resourceId: string | null): SubscriptionRow[] {
    return db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.customerId, customerId), eq(subscriptions.productId, productId), inArray(subscriptions.status, ['ACTIVE', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING'])))
      .all()
      .filter((s) => (s.resourceId ?? null) === resourceId);
  },

  // ---------------------------------------------------------------- schedules
  schedules(db: Db, subscriptionId: string): ScheduleRow[] {
    return db.select().from(subscriptionSchedules).where(eq(subscriptionSchedules.subscriptionId, subscriptionId)).orderBy(asc(subscriptionSchedules.id)).all();
  },
  pendingSchedules(db: Db, subscriptionId: string): ScheduleRow[] {
    return db
      .select()
      .from(subscriptionSchedules)
      .where(and(eq(subscriptionSchedules.subscriptionId, subscriptionId), eq(subscriptionSchedules.status, 'Scheduled')))
      .orderBy(asc(subscriptionSchedules.scheduledAt), asc(subscriptionSchedules.id))
      .all();
  },
  insertSchedule(db: Db, row: Omit<ScheduleRow, 'id'>): void {
    db.insert(subscriptionSchedules).values(row).run();
  },
  setScheduleStatus(db: Db, ids: number[], status: string, at: string): void {
    if (ids.length === 0) return;
    db.update(subscriptionSchedules).set({ status, updatedAt: at }).where(inArray(subscriptionSchedules.id, ids)).run();
  },

  // ---------------------------------------------------------------- checkouts
  checkout(db: Db, id: string): CheckoutRow | undefined {
    return db.select().from(checkouts).where(eq(checkouts.id, id)).get();
  },
  insertCheckout(db: Db, row: CheckoutRow): void {
    db.insert(checkouts).values(row).run();
  },
  completeCheckout(db: Db, id: string, subscriptionId: string | null, at: string): void {
    db.update(checkouts).set({ status: 'COMPLETED', subscriptionId, completedAt: at }).where(eq(checkouts.id, id)).run();
  },
};
