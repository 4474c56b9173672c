/**
 * What one due transition does: a subscription's start, trial end, renewal, notice, scheduled
 * change or end; a promotional grant's expiry and its ends-soon notice. Each dated at its own
 * instant, with its webhook events; the reconcile (reconcile.ts) takes them in time order.
 */
import { asTrialConfig, effectiveTrialEndBehavior } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import { PROMOTION_NOTICE_DAYS } from '../customers/customer-rules.js';
import type { Db } from '../db/open-database.js';
import { customerRepo } from '../db/repositories/customers.js';
import { promotionRepo, subscriptionRepo, type PromotionRow } from '../db/repositories/subscriptions.js';
import { EmulatorError } from '../errors.js';
import { addMonths, iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import {
  periodEndAfter,
  trialEndOutcome,
  type Transition,
} from '../subscriptions/subscription-rules.js';
import { latestVersionPatch } from '../subscriptions/migration-rules.js';
import { type AppliedTransition, endSubscription, updateWithDue, siblingsOf, refreshDue, insertSubscription, blankFields, newSubscriptionId } from '../subscriptions/subscription-writes.js';
import { entitlementListIn } from '../entitlements/entitlement-service.js';


/** Apply one transition of one subscription, dated at the transition's instant. */
export function applyTransition(db: Db, sub: SubscriptionRow, t: Transition, applied: AppliedTransition[]): void {
  const at = iso(t.atMs);
  switch (t.kind) {
    case 'END': {
      const reason = sub.endReason ?? 'ScheduledCancellation';
      endSubscription(db, t.atMs, sub, { atMs: t.atMs, reason, action: sub.endAction ?? 'DEFAULT', status: reason === 'Expired' ? 'EXPIRED' : 'CANCELED' }, applied);
      return;
    }
    case 'START': {
      const status = sub.trialEndDate && Date.parse(sub.trialEndDate) > t.atMs ? 'IN_TRIAL' : 'ACTIVE';
      updateWithDue(db, sub, { status, updatedAt: at, periodEndAt: status === 'ACTIVE' ? periodEndAfter(sub, t.atMs) : null });
      applied.push({ at, type: 'subscription.started', customerId: sub.customerId, subscriptionId: sub.id, from: 'NOT_STARTED', to: status });
      if (status === 'IN_TRIAL') webhookEventsOf.subscription(db, t.atMs, 'subscription.trial_started', sub.id);
      return;
    }
    case 'TRIAL_END': {
      const plan = catalog.plan(db, sub.planId);
      const customer = customerRepo.get(db, sub.customerId);
      const behavior = sub.trialEndBehavior ?? effectiveTrialEndBehavior(asTrialConfig(plan?.defaultTrialConfig), plan?.pricingType ?? 'FREE', customer?.hasPaymentMethod ?? false);
      const outcome = trialEndOutcome(behavior);
      if (outcome.status === 'EXPIRED') {
        endSubscription(db, t.atMs, sub, { atMs: t.atMs, reason: 'TrialEnded', action: 'DEFAULT', status: 'EXPIRED' }, applied);
        return;
      }
      updateWithDue(db, sub, { status: 'ACTIVE', billingAnchor: at, updatedAt: at, periodEndAt: periodEndAfter({ ...sub, billingAnchor: at }, t.atMs) });
      applied.push({ at, type: 'subscription.trial_converted', customerId: sub.customerId, subscriptionId: sub.id, from: 'IN_TRIAL', to: 'ACTIVE' });
      webhookEventsOf.subscription(db, t.atMs, 'subscription.trial_converted', sub.id, { reason: 'TRIAL_ENDED' });
      // the converted trial is now the paid subscription of its product and resource
      for (const other of siblingsOf(db, sub.customerId, sub.productId, sub.resourceId)) {
        if (other.id === sub.id || other.status !== 'ACTIVE') continue;
        endSubscription(db, t.atMs, other, { atMs: t.atMs, reason: 'UpgradeOrDowngrade', action: 'NONE' }, applied);
      }
      return;
    }
    case 'RENEWAL': {
      const next = periodEndAfter(sub, t.atMs);
      updateWithDue(db, sub, { periodEndAt: next });
      applied.push({ at, type: 'subscription.renewed', customerId: sub.customerId, subscriptionId: sub.id, from: at, to: next });
      return;
    }
    case 'NOTICE': {
      const forIso = iso(t.forMs!);
      updateWithDue(db, sub, { noticeFor: forIso });
      if (sub.status === 'IN_TRIAL') {
        applied.push({ at, type: 'subscription.trial.ends_soon', customerId: sub.customerId, subscriptionId: sub.id, from: null, to: forIso });
        webhookEventsOf.subscription(db, t.atMs, 'subscription.trial.ends_soon', sub.id);
      } else {
        const monthStart = iso(addMonths(t.forMs!, -1));
        applied.push({ at, type: 'subscription.billing_month.ends_soon', customerId: sub.customerId, subscriptionId: sub.id, from: monthStart, to: forIso });
        webhookEventsOf.billingMonthEndsSoon(db, t.atMs, sub.id, { start: monthStart, end: forIso }, (row) => entitlementListIn(db, t.atMs, row.customerId, row.resourceId ?? null));
      }
      return;
    }
    case 'SCHEDULE': {
      const schedule = subscriptionRepo.pendingSchedules(db, sub.id).find((s) => Date.parse(s.scheduledAt) <= t.atMs);
      if (!schedule) {
        refreshDue(db, sub.id);
        return;
      }
      const v = schedule.variables as {
        planId: string;
        billingPeriod: string | null;
        addons: [];
        billableFeatures: [];
        changeType: string;
        subscriptionId: string | null;
        metadata: Record<string, string>;
        payingCustomerId?: string | null;
        budget?: SubscriptionRow['budget'];
      };
      subscriptionRepo.setScheduleStatus(db, [schedule.id], 'Done', at);
      if (schedule.type !== 'Downgrade' && schedule.type !== 'Plan') {
        // a change of the subscription itself (add-ons, quantities, billing period, E53's migration to the then latest version) at the end of its period
        const patch = schedule.type === 'MigrateToLatest' ? scheduledMigrationPatch(db, sub) : (schedule.variables.patch as Partial<SubscriptionRow>);
        if (!patch) {
          subscriptionRepo.setScheduleStatus(db, [schedule.id], 'Failed', at);
          refreshDue(db, sub.id);
          return;
        }
        subscriptionRepo.update(db, sub.id, { ...patch, updatedAt: at });
        refreshDue(db, sub.id);
        applied.push({ at, type: 'subscription.schedule_applied', customerId: sub.customerId, subscriptionId: sub.id, from: null, to: schedule.type });
        webhookEventsOf.subscription(db, t.atMs, 'subscription.updated', sub.id);
        return;
      }
      const plan = catalog.plan(db, v.planId);
      if (!plan) {
        subscriptionRepo.setScheduleStatus(db, [schedule.id], 'Failed', at);
        refreshDue(db, sub.id);
        return;
      }
      endSubscription(db, t.atMs, subscriptionRepo.get(db, sub.id)!, { atMs: t.atMs, reason: 'UpgradeOrDowngrade', action: 'NONE' }, applied);
      const row = insertSubscription(db, t.atMs, {
        ...blankFields(),
        id: v.subscriptionId && !subscriptionRepo.get(db, v.subscriptionId) ? v.subscriptionId : newSubscriptionId(plan.id, (id) => subscriptionRepo.get(db, id) !== undefined),
        customerId: sub.customerId,
        planId: plan.id,
        productId: plan.productId,
        resourceId: sub.resourceId,
        status: 'ACTIVE',
        billingPeriod: v.billingPeriod,
        startDate: at,
        addons: v.addons ?? [],
        billableFeatures: v.billableFeatures ?? [],
        metadata: v.metadata ?? {},
        payingCustomerId: v.payingCustomerId ?? sub.payingCustomerId, // the payer named by the change, else the payer so far
        budget: v.budget ?? null,
      });
      applied.push({ at, type: 'subscription.schedule_applied', customerId: sub.customerId, subscriptionId: row.id, from: sub.planId, to: plan.id });
      webhookEventsOf.subscriptionCreated(db, t.atMs, row.id, { isUpgrade: v.changeType === 'UPGRADE', isDowngrade: v.changeType === 'DOWNGRADE' });
      return;
    }
  }
}

/** E53: a migration scheduled for the end of the period moves to the version latest then; null when that version refuses it (the schedule fails). */
function scheduledMigrationPatch(db: Db, sub: SubscriptionRow): Partial<SubscriptionRow> | null {
  const plan = catalog.plan(db, sub.planId);
  if (!plan) return null;
  try {
    return latestVersionPatch(sub, plan);
  } catch (error) {
    if (error instanceof EmulatorError) return null;
    throw error;
  }
}

/** E89: a promotional grant past its end date expires. */
export function expirePromotion(db: Db, grant: PromotionRow, atMs: number, applied: AppliedTransition[]): void {
  const at = iso(atMs);
  promotionRepo.expire(db, grant.customerId, grant.featureId, at);
  applied.push({ at, type: 'promotionalEntitlement.expired', customerId: grant.customerId, subscriptionId: null, featureId: grant.featureId, from: 'Active', to: 'Expired' });
  webhookEventsOf.promotionExpired(db, atMs, grant.customerId, grant.featureId);
}

/** promotionalEntitlement.ends_soon, 7 days before a promotional grant's end date. */
export function announcePromotionEnd(db: Db, grant: PromotionRow, atMs: number, applied: AppliedTransition[]): void {
  promotionRepo.noticeSent(db, grant.customerId, grant.featureId);
  applied.push({ at: iso(atMs), type: 'promotionalEntitlement.ends_soon', customerId: grant.customerId, subscriptionId: null, featureId: grant.featureId, from: null, to: grant.endDate });
  webhookEventsOf.promotion(db, atMs, 'promotionalEntitlement.ends_soon', grant, { notifyBeforeDays: PROMOTION_NOTICE_DAYS });
}
