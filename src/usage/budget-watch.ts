/**
 * subscription.spent_limit_exceeded (RULES 2.8.7): a usage report or a raw event that takes a
 * subscription's spend from below its budget's limit to the limit or above emits it once (the
 * spend only grows within a period; a new period starts again from 0). Read before the write, then
 * compared after it, in the command's transaction. A crossing updates the subscription (updatedAt):
 * its budgetExceeded changed, and with a hard budget its entitlements did.
 */
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { budgetOf, subscriptionBudget } from '../entitlements/entitlement-service.js';
import { budgetCrossed } from '../pricing/pricing-rules.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import { iso } from '../time.js';

const noop = (): void => {};

/**
 * Watch the budgets a change of `featureId`'s usage in a scope can move: the customer's subscriptions
 * in that scope with a budget whose usage-based prices charge for the feature. Returns what to call
 * after the write (nothing to do for a customer without budgets).
 */
export function watchBudgets(db: Db, nowMs: number, customerId: string, resourceId: string | null | undefined, featureId: string): () => void {
  const scope = resourceId || null;
  const candidates = catalog
    .customerSubscriptions(db, customerId)
    .filter((s) => (s.resourceId ?? null) === scope && (s.status === 'ACTIVE' || s.status === 'IN_TRIAL') && budgetOf(db, s) !== null);
  if (candidates.length === 0) return noop;
  const before = candidates
    .map((sub) => ({ sub, state: subscriptionBudget(db, nowMs, sub) }))
    .filter((b) => b.state !== null && b.state.featureIds.includes(featureId));
  if (before.length === 0) return noop;
  return () => {
    for (const { sub, state } of before) {
      const after = subscriptionBudget(db, nowMs, sub);
      if (!after || !budgetCrossed(after.budget, state!.spend, after.spend)) continue;
      // budgetExceeded changed (and, for a hard budget, the entitlements): the subscription is updated, so realtime clients get entitlementsUpdated
      subscriptionRepo.update(db, sub.id, { updatedAt: iso(nowMs) });
      webhookEventsOf.spentLimitExceeded(db, nowMs, sub.id, after);
    }
  };
}

