/** Derived facts about a customer, computed from stored rows and now (no stored status). */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import { coupons, plans, products, promotionalEntitlements } from '../db/schema.js';
import { trialedProductIds } from '../subscriptions/subscription-rules.js';
import { promotionalEntitlementStatus } from './customer-rules.js';

export function customerView(db: Db, row: CustomerRow, nowMs: number) {
  return {
    coupon: () => (row.couponId ? (db.select().from(coupons).where(eq(coupons.id, row.couponId)).get() ?? null) : null),
    liveSubscriptions: () => (row.archivedAt ? [] : customerRepo.liveSubscriptions(db, row.id)),
    activePromotionalEntitlements: () =>
      db
        .select()
        .from(promotionalEntitlements)
        .where(eq(promotionalEntitlements.customerId, row.id))
        .all()
        .filter((p) => promotionalEntitlementStatus(p, nowMs) === 'Active'),
    trialedPlans: () => {
      const seen = new Map<string, { planId: string; planRefId: string; productId: string; productRefId: string }>();
      for (const s of customerRepo.subscriptions(db, row.id)) {
        if (s.trialEndDate !== null) seen.set(s.planId, { planId: s.planId, planRefId: s.planId, productId: s.productId, productRefId: s.productId });
      }
      return [...seen.values()];
    },
    eligibleForTrial: () => {
      const trialed = trialedProductIds(customerRepo.subscriptions(db, row.id));
      const withTrials = new Set(
        db
          .select({ productId: plans.productId, trial: plans.defaultTrialConfig })
          .from(plans)
          .all()
          .filter((p) => p.trial !== null)
          .map((p) => p.productId),
      );
      return db
        .select({ id: products.id })
        .from(products)
        .all()
        .filter((p) => withTrials.has(p.id))
        .map((p) => ({ productId: p.id, productRefId: p.id, eligible: !trialed.has(p.id) }));
    },
  };
}
