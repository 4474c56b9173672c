/** Updates of a subscription (updateSubscription): now, or scheduled for the end of its period; and the pending schedules. */
import { currentBillingPeriod } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import { normaliseMetadata } from '../customers/customer-rules.js';
import type { Db } from '../db/open-database.js';
import { subscriptionRepo, type ScheduleRow } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import {
  periodEndAfter,
  validateAddons,
  validateBillableFeatures,
} from './subscription-rules.js';
import { billableFeaturesOfCharges, journeyDefersUpdate, refuseUnmodelled, type ChargeInput } from './update-rules.js';
import { parseBudget, type BudgetInput } from './budget-rules.js';
import { couponOf, customEntitlements } from './provisioning.js';
import { type SubscriptionParams, type SubscriptionEntitlementInput, journeyOf, parseInstant, refreshDue } from './subscription-writes.js';

export interface UpdateSubscriptionInput {
  subscriptionId?: string | null;
  refId?: string | null;
  addons?: { addonId: string; quantity?: number | null }[] | null;
  billableFeatures?: { featureId: string; quantity: number }[] | null;
  /** FEATURE charges are billable feature quantities (as billableFeatures); CREDIT ones are refused */
  charges?: ChargeInput[] | null;
  unitQuantity?: number | null;
  billingPeriod?: string | null;
  billingCycleAnchor?: string | null;
  additionalMetaData?: Record<string, unknown> | null;
  trialEndDate?: string | null;
  promotionCode?: string | null;
  appliedCoupon?: SubscriptionParams['appliedCoupon'];
  entitlements?: SubscriptionEntitlementInput[] | null;
  billingInformation?: Record<string, unknown> | null;
  awaitPaymentConfirmation?: boolean | null;
  scheduleStrategy?: string | null;
  /** the spend budget (RULES 2.8.7): replaces the subscription's budget at once */
  budget?: BudgetInput | null;
}

/**
 * updateOneSubscription (E22, E37, E42, E52): add-ons (the list replaces the old one), per-unit
 * quantities, billing period, billing cycle anchor, metadata, coupon, custom entitlements, the
 * trial's end. Applied at once, replacing any pending scheduled change; with scheduleStrategy
 * END_OF_BILLING_PERIOD the add-on, quantity and period changes are scheduled for the end of the
 * period instead (replacing a pending one), and so is a downgrade (fewer add-ons or units) when the
 * product's journey downgrades at the end of the billing period (RULES 2.6.4). A plan change is a
 * new provisioning.
 */
export function updateSubscription(env: Environment, nowMs: number, input: UpdateSubscriptionInput): SubscriptionRow {
  return env.transaction((db) => {
    const id = input.subscriptionId ?? input.refId;
    if (!id) throw badInput('subscriptionId is required');
    refuseUnmodelled(input as Record<string, unknown>);
    const billableFeatures = input.billableFeatures ?? billableFeaturesOfCharges(input.charges, 'updateSubscription');
    const sub = subscriptionRepo.get(db, id);
    if (!sub) throw notFound('SubscriptionNotFound', 'Subscription', id);
    if (sub.status === 'CANCELED' || sub.status === 'EXPIRED') throw new EmulatorError('InvalidSubscriptionStatus', `subscription ${id} is ${sub.status}`);
    // the plan as of the subscription's version (E53)
    const plan = catalog.subscriptionPlan(db, sub) ?? catalog.requirePlan(db, sub.planId);
    const now = iso(nowMs);
    const patch: Partial<SubscriptionRow> = {};

    let billingPeriod = sub.billingPeriod;
    if (input.billingPeriod && input.billingPeriod !== sub.billingPeriod) {
      const periods = new Set((plan.prices as { billingPeriod?: string }[]).map((p) => p.billingPeriod ?? 'MONTHLY'));
      if (!periods.has(input.billingPeriod)) throw badInput(`plan ${plan.id} is not priced ${input.billingPeriod}`);
      billingPeriod = patch.billingPeriod = input.billingPeriod;
    }
    if (input.addons) patch.addons = validateAddons(input.addons, plan.id, plan.compatibleAddonIds, (addonId) => catalog.requireAddon(db, addonId));
    if (billableFeatures || (input.unitQuantity !== null && input.unitQuantity !== undefined) || patch.billingPeriod) {
      const given = billableFeatures ?? (input.unitQuantity !== null && input.unitQuantity !== undefined ? [] : sub.billableFeatures);
      patch.billableFeatures = validateBillableFeatures(given, plan.prices, billingPeriod, input.unitQuantity);
    }
    // RULES 2.6.4: the product's journey defers a downgrade (fewer add-ons or units) to the end of the period
    const deferred = journeyDefersUpdate({
      downgradeAtEndOfBillingPeriod: journeyOf(db, sub.productId).downgradeAtEndOfBillingPeriod === true,
      scheduleStrategy: input.scheduleStrategy,
      status: sub.status,
      paid: plan.pricingType === 'PAID',
      current: sub,
      patch,
    });
    const scheduled = deferred || input.scheduleStrategy === 'END_OF_BILLING_PERIOD' || input.scheduleStrategy === 'END_OF_BILLING_MONTH';
    const pending = subscriptionRepo.pendingSchedules(db, sub.id);
    if (scheduled && Object.keys(patch).length > 0) {
      if (sub.status !== 'ACTIVE') throw new EmulatorError('SchedulingAtEndOfBillingPeriod', `only an ACTIVE subscription can schedule a change for the end of its period`);
      const type = patch.billingPeriod ? 'BillingPeriod' : patch.billableFeatures && !patch.addons ? 'UnitAmount' : 'Addon';
      // a scheduled update replaces the pending update of the subscription (not a plan change or a migration)
      const replaced = pending.filter((s) => s.type !== 'Downgrade' && s.type !== 'Plan' && s.type !== 'MigrateToLatest');
      subscriptionRepo.setScheduleStatus(db, replaced.map((s) => s.id), 'Canceled', now);
      subscriptionRepo.insertSchedule(db, {
        subscriptionId: sub.id,
        type,
        status: 'Scheduled',
        scheduledAt: currentBillingPeriod(sub, nowMs).end,
        variables: { patch, addons: patch.addons ?? sub.addons, billableFeatures: patch.billableFeatures ?? sub.billableFeatures, billingPeriod },
        createdAt: now,
        updatedAt: now,
      });
      for (const key of Object.keys(patch)) delete (patch as Record<string, unknown>)[key];
    } else {
      // E22: an update applies at once and overrides what was scheduled
      subscriptionRepo.setScheduleStatus(db, pending.map((s) => s.id), 'Canceled', now);
    }

    if (input.additionalMetaData !== undefined && input.additionalMetaData !== null) patch.metadata = normaliseMetadata(input.additionalMetaData, 'additionalMetaData') ?? {};
    if (input.appliedCoupon || input.promotionCode) patch.couponId = couponOf(db, { planId: plan.id, appliedCoupon: input.appliedCoupon, promotionCode: input.promotionCode });
    if (input.entitlements) patch.entitlements = customEntitlements(db, input.entitlements);
    if (input.billingInformation) patch.billingInformation = input.billingInformation;
    if (input.budget) patch.budget = parseBudget(input.budget);
    if (input.trialEndDate) {
      // E42: a trial's end moves (a scheduled cancellation of the trial is dropped)
      if (sub.status !== 'IN_TRIAL') throw badInput(`subscription ${id} is not in trial`);
      const trialEndMs = parseInstant(input.trialEndDate, 'trialEndDate')!;
      if (trialEndMs <= nowMs) throw badInput('trialEndDate must be in the future');
      patch.trialEndDate = iso(trialEndMs);
      if (sub.endDate && sub.endReason === 'ScheduledCancellation') Object.assign(patch, { endDate: null, endReason: null, endAction: null, cancellationDate: null });
    }
    if (input.billingCycleAnchor === 'NOW' && sub.status === 'ACTIVE') {
      // E52: the cycle restarts now
      patch.billingAnchor = now;
      patch.periodEndAt = periodEndAfter({ ...sub, ...patch }, nowMs);
    } else if (patch.billingPeriod && sub.status === 'ACTIVE') {
      patch.periodEndAt = periodEndAfter({ ...sub, ...patch }, nowMs);
    }
    subscriptionRepo.update(db, sub.id, { ...patch, updatedAt: now });
    refreshDue(db, sub.id);
    webhookEventsOf.subscription(db, nowMs, 'subscription.updated', sub.id);
    return subscriptionRepo.get(db, sub.id)!;
  });
}


/** The scheduled changes of a subscription (GraphQL scheduledUpdates): pending ones. */
export function scheduledUpdatesOf(db: Db, subscriptionId: string) {
  return subscriptionRepo.pendingSchedules(db, subscriptionId);
}

/** The pending scheduled changes of every subscription of a customer, by subscription (each in scheduledUpdatesOf's order), in one query. */
export function scheduledUpdatesOfCustomer(db: Db, customerId: string): Map<string, ScheduleRow[]> {
  const bySubscription = new Map<string, ScheduleRow[]>();
  for (const schedule of subscriptionRepo.pendingSchedulesOfCustomer(db, customerId)) {
    const list = bySubscription.get(schedule.subscriptionId);
    if (list) list.push(schedule);
    else bySubscription.set(schedule.subscriptionId, [schedule]);
  }
  return bySubscription;
}
