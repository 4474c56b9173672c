/**
 * The composition of the domains: where each domain's write steps get the steps of the domains
 * that follow it (registered once, when this module loads), and what every environment is given
 * when the registry opens it (its reconciler, the entitlements' announcement before each commit,
 * the webhook and realtime outboxes after it). Nothing below the application layer knows who
 * takes what it hands on; this file is the one place that says.
 */
import { chargeUsage } from '../credits/consumption.js';
import { scheduleSubscriptionCredits } from '../credits/credit-entitlements.js';
import { announceEarlierInstant, announceEntitlements } from '../entitlements/entitlement-announcements.js';
import type { Environment } from '../environments/environment.js';
import { reconcileAll } from '../lifecycle/reconcile.js';
import { RealtimePublisher } from '../realtime/realtime-publisher.js';
import { subscriptionCreated } from '../subscriptions/subscription-writes.js';
import { watchSpendAfter, watchSpendBefore } from '../usage/budget-watch.js';
import { usageChanging, usageCharged, usageCounted, usageMeasured } from '../usage/usage-recorded.js';
import { announceMeasurement } from '../usage/usage-thresholds.js';
import { WebhookDispatcher, type WebhookDeliveryOptions } from '../webhooks/webhook-delivery.js';
import { beforeEventRecorded } from '../webhooks/webhook-service.js';

// a new subscription: its recurring credit grants are scheduled
subscriptionCreated.add((db, _nowMs, subscription) => scheduleSubscriptionCredits(db, subscription));

// usage recorded: the budget watch, the measurement's webhooks and thresholds, the credits it costs
usageChanging.add(watchSpendBefore);
usageCounted.add(watchSpendAfter);
usageMeasured.add(announceMeasurement);
usageCharged.add(chargeUsage);

// an event of a later instant: entitlements.updated for what the earlier instant changed comes first
beforeEventRecorded.add((db, nowMs) => announceEarlierInstant(db, nowMs));

/** What the registry gives an environment it opens (created, restored or reopened). */
export function composeEnvironment(env: Environment): void {
  env.reconciler = reconcileAll;
}

/** The environment's after-write work, attached once it is in use: entitlements.updated before each commit, webhook delivery and realtime after it. */
export function attachOutboxes(env: Environment, webhooks: WebhookDeliveryOptions | undefined): void {
  env.beforeCommit.push(announceEntitlements);
  env.outboxes.push(new WebhookDispatcher(env, webhooks), new RealtimePublisher(env, webhooks?.logger));
}
