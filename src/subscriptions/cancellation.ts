/** Cancellation (cancelSubscription) and the cancellation of scheduled changes. */
import { currentBillingPeriod } from '../catalog/catalog-rules.js';
import type { SubscriptionRow } from '../catalog/catalog-service.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import {
  decideCancellation,
} from './subscription-rules.js';
import { journeyOf, endSubscription, refreshDue } from './subscription-writes.js';

export interface CancellationInput {
  subscriptionRefId: string;
  subscriptionCancellationTime?: string | null;
  subscriptionCancellationAction?: string | null;
  endDate?: string | null;
  prorate?: boolean | null;
  awaitSubscriptionCancellation?: boolean | null;
}

/** E44-E49: cancel now, at the end of the billing period, or at a date. */
export function cancelSubscription(env: Environment, nowMs: number, input: CancellationInput): SubscriptionRow {
  return env.transaction((db) => {
    const sub = subscriptionRepo.get(db, input.subscriptionRefId);
    if (!sub) throw notFound('SubscriptionNotFound', 'Subscription', input.subscriptionRefId);
    const journey = journeyOf(db, sub.productId);
    const decision = decideCancellation({
      nowMs,
      status: sub.status,
      startMs: Date.parse(sub.startDate),
      trialEndMs: sub.trialEndDate ? Date.parse(sub.trialEndDate) : null,
      periodEndMs: Date.parse(currentBillingPeriod(sub, nowMs).end),
      time: input.subscriptionCancellationTime,
      productDefaultTime: journey.subscriptionCancellationTime,
      action: input.subscriptionCancellationAction,
      endDate: input.endDate,
    });
    if (decision.extendTrialToMs !== null) subscriptionRepo.update(db, sub.id, { trialEndDate: iso(decision.extendTrialToMs) });
    const current = subscriptionRepo.get(db, sub.id)!;
    endSubscription(db, nowMs, current, { atMs: decision.atMs, reason: decision.reason, action: decision.action });
    if (decision.atMs > nowMs) webhookEventsOf.subscription(db, nowMs, 'subscription.updated', sub.id);
    return subscriptionRepo.get(db, sub.id)!;
  });
}

/** E21: cancel a subscription's scheduled changes of a status (Scheduled by default); answers the subscription id. */
export function cancelSchedules(env: Environment, nowMs: number, subscriptionId: string, status: string): string {
  return env.transaction((db) => {
    const sub = subscriptionRepo.get(db, subscriptionId);
    if (!sub) throw notFound('SubscriptionNotFound', 'Subscription', subscriptionId);
    const pending = subscriptionRepo.schedules(db, sub.id).filter((s) => s.status === status);
    if (pending.length === 0) throw new EmulatorError('FutureUpdateNotFound', `subscription ${subscriptionId} has no ${status} update`);
    subscriptionRepo.setScheduleStatus(db, pending.map((s) => s.id), 'Canceled', iso(nowMs));
    subscriptionRepo.update(db, sub.id, { updatedAt: iso(nowMs) });
    refreshDue(db, sub.id);
    webhookEventsOf.subscription(db, nowMs, 'subscription.updated', sub.id);
    return sub.id;
  });
}
