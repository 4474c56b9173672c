/**
 * migrateSubscriptionToLatest (RULES 2.8.9, E53-E54): the rules decide (migration-rules.ts); this
 * applies the decision in one transaction and records its webhook event. A migration at the end of
 * the billing period is a MigrateToLatest scheduled update, applied by reconcile when the clock
 * reaches it (to the version latest at that time, RULES 2.6.5).
 */
import { currentBillingPeriod } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { badInput, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { decideMigration, latestVersionPatch } from './migration-rules.js';
import { refreshDue } from './subscription-writes.js';

export interface MigrationInput {
  subscriptionId?: string | null;
  subscriptionMigrationTime?: string | null;
}

export function migrateSubscriptionToLatest(env: Environment, nowMs: number, input: MigrationInput): SubscriptionRow {
  return env.transaction((db) => {
    if (!input.subscriptionId) throw badInput('subscriptionId is required');
    const sub = subscriptionRepo.get(db, input.subscriptionId);
    if (!sub) throw notFound('SubscriptionNotFound', 'Subscription', input.subscriptionId);
    const plan = catalog.requirePlan(db, sub.planId);
    const pending = subscriptionRepo.pendingSchedules(db, sub.id).filter((s) => s.type === 'MigrateToLatest');
    const decision = decideMigration(
      { status: sub.status, planVersion: sub.planVersion, migrationScheduled: pending.length > 0, periodEndMs: Date.parse(currentBillingPeriod(sub, nowMs).end) },
      plan,
      input.subscriptionMigrationTime,
    );
    const now = iso(nowMs);
    if (decision.kind === 'now') {
      const patch = latestVersionPatch(sub, plan);
      // a migration scheduled for later is done now
      subscriptionRepo.setScheduleStatus(db, pending.map((s) => s.id), 'Canceled', now);
      subscriptionRepo.update(db, sub.id, { ...patch, updatedAt: now });
    } else {
      latestVersionPatch(sub, plan); // the latest version must accept the subscription when it is scheduled, too
      subscriptionRepo.insertSchedule(db, {
        subscriptionId: sub.id,
        type: 'MigrateToLatest',
        status: 'Scheduled',
        scheduledAt: iso(decision.atMs),
        variables: { planId: plan.id, fromVersion: sub.planVersion },
        createdAt: now,
        updatedAt: now,
      });
      subscriptionRepo.update(db, sub.id, { updatedAt: now });
    }
    refreshDue(db, sub.id);
    webhookEventsOf.subscription(db, nowMs, 'subscription.updated', sub.id);
    return subscriptionRepo.get(db, sub.id)!;
  });
}
