/** Derived facts about a customer, computed from stored rows and now (no stored status). */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import { catalog } from '../catalog/catalog-service.js';
import { promotionalEntitlements } from '../db/schema.js';
import { trialedProductIds } from '../subscriptions/subscription-rules.js';
import { promotionalEntitlementStatus } from '../customers/customer-rules.js';

export function customerView(db: Db, row: CustomerRow, nowMs: number) {
  return {
    coupon: () => (row.couponId ? (catalog.coupon(db, row.couponId) ?? null) : null),
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
        catalog
          .plans(db)
          .filter((p) => p.defaultTrialConfig !== null)
          .map((p) => p.productId),
      );
      return catalog
        .products(db)
        .filter((p) => withTrials.has(p.id))
        .map((p) => ({ productId: p.id, productRefId: p.id, eligible: !trialed.has(p.id) }));
    },
  };
}
