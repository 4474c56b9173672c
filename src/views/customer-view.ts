/** Derived facts about a customer, computed from stored rows and now (no stored status). */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import { customerRepo, type CustomerRow, type SubscriptionRow } from '../db/repositories/customers.js';
import { catalog } from '../catalog/catalog-service.js';
import { promotionalEntitlements } from '../db/schema.js';
import { trialedProductIds } from '../subscriptions/subscription-rules.js';
import { promotionalEntitlementStatus } from '../customers/customer-rules.js';

/** The statuses customerRepo.liveSubscriptions reads. */
const LIVE_STATUSES = new Set(['ACTIVE', 'IN_TRIAL', 'NOT_STARTED', 'PAYMENT_PENDING']);

/**
 * `subscriptions`, when given, answers every subscription of the customer as stored (what
 * customerRepo.subscriptions reads): a request whose fields all need them reads them once.
 */
export function customerView(db: Db, row: CustomerRow, nowMs: number, subscriptions?: () => SubscriptionRow[]) {
  const all = subscriptions ?? (() => customerRepo.subscriptions(db, row.id));
  return {
    coupon: () => (row.couponId ? (catalog.coupon(db, row.couponId) ?? null) : null),
    liveSubscriptions: () =>
      row.archivedAt ? [] : subscriptions ? subscriptions().filter((s) => LIVE_STATUSES.has(s.status)) : customerRepo.liveSubscriptions(db, row.id),
    activePromotionalEntitlements: () =>
      db
        .select()
        .from(promotionalEntitlements)
        .where(eq(promotionalEntitlements.customerId, row.id))
        .all()
        .filter((p) => promotionalEntitlementStatus(p, nowMs) === 'Active'),
    trialedPlans: () => {
      const seen = new Map<string, { planId: string; planRefId: string; productId: string; productRefId: string }>();
      for (const s of all()) {
        if (s.trialEndDate !== null) seen.set(s.planId, { planId: s.planId, planRefId: s.planId, productId: s.productId, productRefId: s.productId });
      }
      return [...seen.values()];
    },
    eligibleForTrial: () => {
      const trialed = trialedProductIds(all());
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
