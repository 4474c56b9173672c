/**
 * subscription.spend_limit.exceeded (RULES 2.8.7, and its reference page): a usage report or a raw
 * event that takes a subscription's spend across 80 % or 100 % of its budget's limit emits it once
 * per threshold (the highest crossed; the spend only grows within a period; a new period starts
 * again from 0). One watch per command, in
 * its transaction: the spend of each watched subscription is read once before the first change
 * and again after each change of a feature its usage-based prices charge for. A crossing updates
 * the subscription (updatedAt): its budgetExceeded changed, and with a hard budget its
 * entitlements did, so realtime clients are sent them.
 */
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import { budgetReader, type BudgetState } from '../entitlements/entitlement-service.js';
import { budgetCrossed, type Budget } from '../catalog/pricing-rules.js';
import { iso } from '../time.js';
import { crossedSpendThreshold } from '../webhooks/webhook-rules.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import type { UsageCommand, UsageOfFeature, UsageScope } from './usage-recorded.js';

interface Watched {
  sub: SubscriptionRow;
  budget: Budget;
  /** the spend as last read in this command */
  spend: number;
  featureIds: string[];
  read: () => BudgetState;
}

export class BudgetWatch {
  /** by customer and resource scope: the live subscriptions there with a budget */
  private readonly scopes = new Map<string, Watched[]>();

  constructor(
    private readonly db: Db,
    private readonly nowMs: number,
  ) {}

  /** Call before a change of `featureId`'s usage in the scope: reads the spends it may move (once per scope and command). */
  before(customerId: string, resourceId: string | null | undefined, subscriptions?: readonly SubscriptionRow[]): void {
    const key = JSON.stringify([customerId, resourceId || null]);
    if (this.scopes.has(key)) return;
    const scope = resourceId || null;
    const watched: Watched[] = [];
    for (const sub of subscriptions ?? catalog.customerSubscriptions(this.db, customerId)) {
      if ((sub.resourceId ?? null) !== scope || (sub.status !== 'ACTIVE' && sub.status !== 'IN_TRIAL')) continue;
      const read = budgetReader(this.db, this.nowMs, sub);
      const state = read?.();
      if (read && state && state.featureIds.length > 0) watched.push({ sub, budget: state.budget, spend: state.spend, featureIds: state.featureIds, read });
    }
    this.scopes.set(key, watched);
  }

  /** Call after the change: emits for every watched subscription whose spend crossed its limit. */
  after(customerId: string, resourceId: string | null | undefined, featureId: string): void {
    const watched = this.scopes.get(JSON.stringify([customerId, resourceId || null])) ?? [];
    for (const w of watched) {
      // already at the limit in this command: no second crossing is looked for
      if (!w.featureIds.includes(featureId) || w.spend >= w.budget.limit) continue;
      const after = w.read();
      const threshold = crossedSpendThreshold(after.budget.limit, w.spend, after.spend);
      const exceeded = budgetCrossed(after.budget, w.spend, after.spend);
      w.spend = after.spend;
      if (threshold === null) continue;
      if (exceeded) subscriptionRepo.update(this.db, w.sub.id, { updatedAt: iso(this.nowMs) });
      webhookEventsOf.spendLimitExceeded(this.db, this.nowMs, w.sub.id, after, threshold);
    }
  }
}

/** The budget watch of each usage command, made at its first change. */
const watches = new WeakMap<UsageCommand, BudgetWatch>();

function watchOf(db: Db, nowMs: number, command: UsageCommand): BudgetWatch {
  let watch = watches.get(command);
  if (!watch) {
    watch = new BudgetWatch(db, nowMs);
    watches.set(command, watch);
  }
  return watch;
}

/** The step on usageChanging: reads the spends the change may move (once per scope and command). */
export const watchSpendBefore = (db: Db, nowMs: number, usage: UsageScope): void => watchOf(db, nowMs, usage.command).before(usage.customerId, usage.resourceId, usage.subscriptions);

/** The step on usageCounted: a spend limit crossed emits subscription.spend_limit.exceeded. */
export const watchSpendAfter = (db: Db, nowMs: number, usage: UsageOfFeature): void => watchOf(db, nowMs, usage.command).after(usage.customerId, usage.resourceId, usage.featureId);
