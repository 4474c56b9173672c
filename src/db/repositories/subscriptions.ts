/** SQL of subscriptions and their schedules; no rules. */
import { and, asc, eq, inArray, isNotNull, lte, min } from 'drizzle-orm';
import type { Db } from '../open-database.js';
import { instantPlaceholder } from '../instant-column.js';
import { placeholder, prepared } from '../prepared.js';
import { writeRow } from '../row-writes.js';
import { checkouts, creditSchedules, promotionalEntitlements, subscriptionSchedules, subscriptions } from '../schema.js';
import type { SubscriptionRow } from './customers.js';

export type ScheduleRow = typeof subscriptionSchedules.$inferSelect;
export type CheckoutRow = typeof checkouts.$inferSelect;
export type PromotionRow = typeof promotionalEntitlements.$inferSelect;

/**
 * The earliest instant anything falls due for reconcile (a subscription's next transition, the end
 * of an Active promotional grant or its ends-soon notice, a recurring credit grant), as ISO text (compared as
 * instants, like the due queries compare them), or null when nothing ever will. Four indexed lookups.
 */
export function earliestDueAt(db: Db): string | null {
  const subscription = prepared(db, 'due.subscription', (d) => d.select({ at: min(subscriptions.nextDueAt) }).from(subscriptions).prepare()).get()?.at;
  const promotion = prepared(db, 'due.promotion', (d) =>
    d.select({ at: min(promotionalEntitlements.endDate) }).from(promotionalEntitlements).where(eq(promotionalEntitlements.status, 'Active')).prepare(),
  ).get()?.at;
  const credit = prepared(db, 'due.credit', (d) => d.select({ at: min(creditSchedules.nextGrantAt) }).from(creditSchedules).prepare()).get()?.at;
  const notice = prepared(db, 'due.promotionNotice', (d) =>
    d.select({ at: min(promotionalEntitlements.noticeAt) }).from(promotionalEntitlements).where(eq(promotionalEntitlements.status, 'Active')).prepare(),
  ).get()?.at;
  const all = [subscription, promotion, credit, notice].filter((at): at is string => typeof at === 'string');
  return all.length === 0 ? null : all.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

export const subscriptionRepo = {
  get(db: Db, id: string): SubscriptionRow | undefined {
    return prepared(db, 'subscription.get', (d) => d.select().from(subscriptions).where(eq(subscriptions.id, placeholder('id'))).prepare()).get({ id });
  },
  insert(db: Db, row: SubscriptionRow): void {
    writeRow(db, subscriptions, row);
  },
  update(db: Db, id: string, patch: Partial<SubscriptionRow>): void {
    db.update(subscriptions).set(patch).where(eq(subscriptions.id, id)).run();
  },
  /** The subscriptions whose next transition is due at exactly `at`. */
  dueAt(db: Db, at: string): SubscriptionRow[] {
    return db.select().from(subscriptions).where(eq(subscriptions.nextDueAt, at)).orderBy(asc(subscriptions.id)).all();
  },
  /** The subscription whose next transition comes first. */
  nextDue(db: Db): SubscriptionRow | undefined {
    return db.select().from(subscriptions).where(isNotNull(subscriptions.nextDueAt)).orderBy(asc(subscriptions.nextDueAt), asc(subscriptions.id)).limit(1).get();
  },
  /** Whether anything is due at or before `at` (one indexed lookup). */
  anyDue(db: Db, at: string): boolean {
    return (
      prepared(db, 'subscription.anyDue', (d) => d.select({ id: subscriptions.id }).from(subscriptions).where(lte(subscriptions.nextDueAt, instantPlaceholder('at'))).limit(1).prepare()).all({ at })
        .length > 0
    );
  },
  /** The live (not ended) subscriptions of a customer for one product and resource. */
  liveOf(db: Db, customerId: string, productId: string, resourceId: string | null): SubscriptionRow[] {
    return subscriptionRepo.liveOfProduct(db, customerId, productId).filter((s) => (s.resourceId ?? null) === resourceId);
  },
  /** The live (not ended) subscriptions of a customer for one product, any resource. */
  liveOfProduct(db: Db, customerId: string, productId: string): SubscriptionRow[] {
    return prepared(db, 'subscription.liveOfProduct', (d) =>
      d
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.customerId, placeholder('customer')), eq(subscriptions.productId, placeholder('product')), inArray(subscriptions.status, ['ACTIVE', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING'])))
        .prepare(),
    ).all({ customer: customerId, product: productId });
  },

  // ---------------------------------------------------------------- schedules
  schedules(db: Db, subscriptionId: string): ScheduleRow[] {
    return db.select().from(subscriptionSchedules).where(eq(subscriptionSchedules.subscriptionId, subscriptionId)).orderBy(asc(subscriptionSchedules.id)).all();
  },
  /** The pending schedules of every subscription of a customer, in the order pendingSchedules answers each subscription's. */
  pendingSchedulesOfCustomer(db: Db, customerId: string): ScheduleRow[] {
    return prepared(db, 'subscription.pendingSchedulesOfCustomer', (d) =>
      d
        .select({ schedule: subscriptionSchedules })
        .from(subscriptionSchedules)
        .innerJoin(subscriptions, eq(subscriptions.id, subscriptionSchedules.subscriptionId))
        .where(and(eq(subscriptions.customerId, placeholder('customerId')), eq(subscriptionSchedules.status, 'Scheduled')))
        .orderBy(asc(subscriptionSchedules.scheduledAt), asc(subscriptionSchedules.id))
        .prepare(),
    )
      .all({ customerId })
      .map((r) => r.schedule);
  },
  pendingSchedules(db: Db, subscriptionId: string): ScheduleRow[] {
    return prepared(db, 'subscription.pendingSchedules', (d) =>
      d
        .select()
        .from(subscriptionSchedules)
        .where(and(eq(subscriptionSchedules.subscriptionId, placeholder('subscriptionId')), eq(subscriptionSchedules.status, 'Scheduled')))
        .orderBy(asc(subscriptionSchedules.scheduledAt), asc(subscriptionSchedules.id))
        .prepare(),
    ).all({ subscriptionId });
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

/** Promotional grants that time expires (E89). */
export const promotionRepo = {
  /** The earliest Active grant whose end date is at or before `at`. */
  due(db: Db, at: string): PromotionRow | undefined {
    return prepared(db, 'promotion.due', (d) =>
      d
        .select()
        .from(promotionalEntitlements)
        .where(and(eq(promotionalEntitlements.status, 'Active'), isNotNull(promotionalEntitlements.endDate), lte(promotionalEntitlements.endDate, instantPlaceholder('at'))))
        .orderBy(asc(promotionalEntitlements.endDate), asc(promotionalEntitlements.customerId), asc(promotionalEntitlements.featureId))
        .limit(1)
        .prepare(),
    ).get({ at });
  },
  /** The earliest Active grant whose ends-soon notice is due at or before `at`. */
  noticeDue(db: Db, at: string): PromotionRow | undefined {
    return prepared(db, 'promotion.noticeDue', (d) =>
      d
        .select()
        .from(promotionalEntitlements)
        .where(and(eq(promotionalEntitlements.status, 'Active'), isNotNull(promotionalEntitlements.noticeAt), lte(promotionalEntitlements.noticeAt, instantPlaceholder('at'))))
        .orderBy(asc(promotionalEntitlements.noticeAt), asc(promotionalEntitlements.customerId), asc(promotionalEntitlements.featureId))
        .limit(1)
        .prepare(),
    ).get({ at });
  },
  /** The notice went out: none is due any more for this grant (until its end date changes). */
  noticeSent(db: Db, customerId: string, featureId: string): void {
    db.update(promotionalEntitlements)
      .set({ noticeAt: null })
      .where(and(eq(promotionalEntitlements.customerId, customerId), eq(promotionalEntitlements.featureId, featureId)))
      .run();
  },
  /** The Active grant that ends first. */
  next(db: Db): PromotionRow | undefined {
    return db
      .select()
      .from(promotionalEntitlements)
      .where(and(eq(promotionalEntitlements.status, 'Active'), isNotNull(promotionalEntitlements.endDate)))
      .orderBy(asc(promotionalEntitlements.endDate))
      .limit(1)
      .get();
  },
  expire(db: Db, customerId: string, featureId: string, at: string): void {
    db.update(promotionalEntitlements)
      .set({ status: 'Expired', updatedAt: at })
      .where(and(eq(promotionalEntitlements.customerId, customerId), eq(promotionalEntitlements.featureId, featureId)))
      .run();
  },
};
