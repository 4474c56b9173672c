import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../open-database.js';
import { placeholder, prepared } from '../prepared.js';
import { customers, subscriptions } from '../schema.js';

export type CustomerRow = typeof customers.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;

export const customerRepo = {
  get(db: Db, id: string): CustomerRow | undefined {
    return prepared(db, 'customer.get', (d) => d.select().from(customers).where(eq(customers.id, placeholder('id'))).prepare()).get({ id });
  },
  insert(db: Db, row: CustomerRow): void {
    db.insert(customers).values(row).run();
  },
  update(db: Db, id: string, patch: Partial<CustomerRow>): void {
    db.update(customers).set(patch).where(eq(customers.id, id)).run();
  },
  subscriptions(db: Db, customerId: string): SubscriptionRow[] {
    return prepared(db, 'customer.subscriptions', (d) => d.select().from(subscriptions).where(eq(subscriptions.customerId, placeholder('customer'))).prepare()).all({ customer: customerId });
  },
  liveSubscriptions(db: Db, customerId: string): SubscriptionRow[] {
    // a usage event reads it on every report: prepared once per connection
    return prepared(db, 'customer.liveSubscriptions', (d) =>
      d
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.customerId, placeholder('customer')), inArray(subscriptions.status, ['ACTIVE', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING'])))
        .prepare(),
    ).all({ customer: customerId });
  },
  cancelSubscriptions(db: Db, ids: string[], at: string, reason: string): void {
    if (ids.length === 0) return;
    db.update(subscriptions)
      .set({ status: 'CANCELED', cancellationDate: at, endDate: at, cancelReason: reason, endReason: null, nextDueAt: null, updatedAt: at })
      .where(inArray(subscriptions.id, ids))
      .run();
  },
};
