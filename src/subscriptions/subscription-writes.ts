/**
 * What every subscription command writes the same way: the facts a decision reads (siblings,
 * plan direction, billing settings), a new subscription's row, the end of a subscription and what
 * follows it (the downgrade plan), and the next-due instant kept in step. Used by provisioning,
 * updates, cancellation, checkout and the lifecycle's transitions.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { currentBillingPeriod } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import { meta } from '../db/schema.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { INSTANT_BOUNDS, instantInBounds, iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { WriteSteps } from '../write-steps.js';
import {
  nextDueAt,
  periodEndAfter,
  planAfterEnd,
  planDirection,
  defaultBillingPeriod,
  type DecisionStrategy,
  type JourneyLike,
  type PlanChange,
  type SiblingFacts,
} from './subscription-rules.js';
import type { BudgetInput } from './budget-rules.js';

export interface SubscriptionEntitlementInput {
  feature?: {
    featureId: string;
    usageLimit?: number | null;
    hasUnlimitedUsage?: boolean | null;
    hasSoftLimit?: boolean | null;
    enumValues?: string[] | null;
    resetPeriod?: string | null;
    /** GraphQL MonthlyResetPeriodConfigInput etc.: `{ accordingTo }` */
    monthlyResetPeriodConfiguration?: { accordingTo?: string } | null;
    weeklyResetPeriodConfiguration?: { accordingTo?: string } | null;
    yearlyResetPeriodConfiguration?: { accordingTo?: string } | null;
  } | null;
  credit?: { customCurrencyId: string; amount: number; cadence: string; hasSoftLimit?: boolean | null } | null;
}

/** What every way of provisioning a subscription takes (the union of the GraphQL inputs). */
export interface SubscriptionParams {
  customerId?: string;
  planId: string;
  billingPeriod?: string | null;
  resourceId?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  subscriptionId?: string | null;
  refId?: string | null;
  addons?: { addonId: string; quantity?: number | null }[] | null;
  billableFeatures?: { featureId: string; quantity: number }[] | null;
  /** FEATURE charges are billable feature quantities (as billableFeatures); CREDIT ones are refused */
  charges?: { id: string; quantity: number; type: string }[] | null;
  unitQuantity?: number | null;
  /** the unit quantity under the name the Node SDK sends on provisionCustomer and createSubscription */
  priceUnitAmount?: number | null;
  additionalMetaData?: Record<string, unknown> | null;
  trialOverrideConfiguration?: { isTrial?: boolean | null; trialEndDate?: string | null; trialEndBehavior?: string | null } | null;
  skipTrial?: boolean | null;
  scheduleStrategy?: string | null;
  billingCycleAnchor?: string | null;
  billingInformation?: Record<string, unknown> | null;
  billingCountryCode?: string | null;
  awaitPaymentConfirmation?: boolean | null;
  promotionCode?: string | null;
  appliedCoupon?: { couponId?: string | null; billingCouponId?: string | null; promotionCode?: string | null } | null;
  entitlements?: SubscriptionEntitlementInput[] | null;
  /** createSubscription's forms of the trial override */
  isTrial?: boolean | null;
  trialEndBehavior?: string | null;
  /** applySubscription: the payment method the customer pays with */
  paymentMethodId?: string | null;
  /** another customer who pays for the subscription (as after delegateSubscriptionToCustomer) */
  payingCustomerId?: string | null;
  trialEndDate?: string | null;
  /** the spend budget (RULES 2.8.7) */
  budget?: BudgetInput | null;
}

export interface ProvisionOptions {
  /** provisionCustomer: the product's customer journey picks the plan (E2-E4) */
  journey?: boolean;
  /** a paid plan may answer PAYMENT_REQUIRED (billing.requirePaymentMethod); off for admin creation and imports */
  paymentGate?: boolean;
  /**
   * Where provisioning reads the customer and its subscriptions (default: the database). Fixtures
   * seeding many customers answer from what they wrote; a provisioning given reads answers the
   * new subscription as written (not read back).
   */
  reads?: ProvisionReads;
}

/** The facts provisioning reads about a customer and its subscriptions. */
export interface ProvisionReads {
  customer(db: Db, customerId: string): CustomerRow | undefined;
  /** every subscription of the customer (the products it has trialed) */
  subscriptionsOf(db: Db, customerId: string): SubscriptionRow[];
  /** the live subscriptions a new one competes with (siblingsOf) */
  siblings(db: Db, customerId: string, productId: string, resourceId: string | null): SubscriptionRow[];
  /** whether a subscription of this id exists */
  exists(db: Db, subscriptionId: string): boolean;
}

/** The database's answers. */
export const databaseReads: ProvisionReads = {
  customer: (db, customerId) => customerRepo.get(db, customerId),
  subscriptionsOf: (db, customerId) => customerRepo.subscriptions(db, customerId),
  siblings: (db, customerId, productId, resourceId) => siblingsOf(db, customerId, productId, resourceId),
  exists: (db, subscriptionId) => subscriptionRepo.get(db, subscriptionId) !== undefined,
};

export interface ProvisionOutcome {
  status: 'SUCCESS' | 'PAYMENT_REQUIRED';
  /** the new subscription; for a scheduled change the subscription it is scheduled on */
  subscription: SubscriptionRow | null;
  isScheduled: boolean;
  checkoutId: string | null;
  decisionStrategy: DecisionStrategy;
}

/** One transition applied by reconcile (the clock's `applied`). */
export interface AppliedTransition {
  at: string;
  type: string;
  customerId: string;
  subscriptionId: string | null;
  /** promotional entitlements: the feature */
  featureId?: string;
  from: string | null;
  to: string | null;
}

export const journeyOf = (db: Db, productId: string): JourneyLike => (catalog.product(db, productId)?.customerJourney ?? {}) as JourneyLike;

export function billingSettings(db: Db): { requirePaymentMethod: boolean } {
  const row = db.select().from(meta).where(eq(meta.key, 'billing')).get();
  return { requirePaymentMethod: !!(row?.value as { requirePaymentMethod?: boolean } | undefined)?.requirePaymentMethod };
}

export function parseInstant(value: string | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badInput(`${field} must be an ISO-8601 date`);
  if (!instantInBounds(ms)) throw badInput(`${field} must be between ${INSTANT_BOUNDS}`);
  return ms;
}

export function requireLiveCustomer(db: Db, customerId: string | undefined, reads: ProvisionReads = databaseReads): CustomerRow {
  if (!customerId) throw badInput('customerId is required');
  const customer = reads.customer(db, customerId);
  if (!customer) throw notFound('CustomerNotFound', 'Customer', customerId);
  if (customer.archivedAt) throw new EmulatorError('EntityIsArchivedError', `customer ${customerId} is archived`, 409, { id: customerId });
  return customer;
}


export function siblingFacts(db: Db, sub: SubscriptionRow, nowMs: number): SiblingFacts {
  const plan = catalog.plan(db, sub.planId);
  const isTrial = sub.status === 'IN_TRIAL' || (sub.status === 'NOT_STARTED' && sub.trialEndDate !== null);
  return {
    id: sub.id,
    planId: sub.planId,
    status: sub.status,
    isTrial,
    paid: plan?.pricingType === 'PAID',
    periodEndMs: Date.parse(currentBillingPeriod(sub, nowMs).end),
  };
}

export function directionBetween(db: Db, productId: string, fromPlanId: string, toPlanId: string): PlanChange {
  const plans = catalog.plansById(db, productId);
  const from = plans.get(fromPlanId);
  const to = plans.get(toPlanId);
  return from && to ? planDirection(from, to, plans) : 'NONE';
}

/**
 * The live subscriptions a subscription competes with: on a product with multiple subscriptions,
 * those of the same resource (E32); on a single-subscription product, every live one of the product,
 * whatever resource it names (one active subscription per product).
 */
export function siblingsOf(db: Db, customerId: string, productId: string, resourceId: string | null): SubscriptionRow[] {
  const multiple = catalog.product(db, productId)?.multipleSubscriptions ?? false;
  return multiple ? subscriptionRepo.liveOf(db, customerId, productId, resourceId) : subscriptionRepo.liveOfProduct(db, customerId, productId);
}

export const isPaid = (db: Db, sub: { planId: string }): boolean => catalog.plan(db, sub.planId)?.pricingType === 'PAID';

/** Recompute a subscription's earliest pending schedule and next-due instant after a change. */
export function refreshDue(db: Db, subscriptionId: string): void {
  const sub = subscriptionRepo.get(db, subscriptionId);
  if (!sub) return;
  const scheduleAt = subscriptionRepo.pendingSchedules(db, sub.id)[0]?.scheduledAt ?? null;
  const next = nextDueAt({ ...sub, scheduleAt }, isPaid(db, sub));
  if (next !== sub.nextDueAt || scheduleAt !== sub.scheduleAt) subscriptionRepo.update(db, sub.id, { nextDueAt: next, scheduleAt });
}

/** Write a change of a subscription known in full (its schedules unchanged), with its next-due instant, in one statement. */
export function updateWithDue(db: Db, sub: SubscriptionRow, patch: Partial<SubscriptionRow>): void {
  const next = nextDueAt({ ...sub, ...patch }, isPaid(db, sub));
  subscriptionRepo.update(db, sub.id, { ...patch, nextDueAt: next });
}

/**
 * A new subscription row (status from its start and trial), inserted with its next renewal and
 * next-due instant. Notices are due only for what is ahead of its creation.
 */
export function insertSubscription(
  db: Db,
  nowMs: number,
  fields: Omit<SubscriptionRow, 'nextDueAt' | 'createdAt' | 'updatedAt' | 'periodEndAt' | 'noticeFor' | 'scheduleAt' | 'planVersion' | 'payingCustomerId'> &
    Partial<Pick<SubscriptionRow, 'payingCustomerId'>>,
  reads: ProvisionReads = databaseReads,
): SubscriptionRow {
  if (reads.exists(db, fields.id)) {
    throw new EmulatorError('DuplicatedEntityNotAllowed', `subscription ${fields.id} already exists`, 409, { id: fields.id });
  }
  const now = iso(nowMs);
  // a new subscription stands on the plan's latest published version (E20, E53)
  const planVersion = catalog.plan(db, fields.planId)?.versionNumber ?? 1;
  const row: SubscriptionRow = { payingCustomerId: null, ...fields, planVersion, createdAt: now, updatedAt: now, nextDueAt: null, periodEndAt: null, noticeFor: now, scheduleAt: null };
  if (row.status === 'ACTIVE') row.periodEndAt = periodEndAfter(row, nowMs);
  row.nextDueAt = nextDueAt(row, isPaid(db, row));
  subscriptionRepo.insert(db, row);
  subscriptionCreated.run(db, nowMs, row);
  return row;
}

/**
 * A subscription was written new (provisioned, imported, or the plan a scheduled change or an end
 * moves to): what hangs off it follows in the same transaction (its recurring credit grants,
 * scheduled by the credits' step).
 */
export const subscriptionCreated = new WriteSteps<SubscriptionRow>('subscription created');

/**
 * A new subscription's id, as Stigg's look (`subscription-<plan>-<6 hex digits>`), drawn again while
 * `taken` says it is (six hex digits collide once in a few thousand subscriptions of one plan).
 */
export function newSubscriptionId(planId: string, taken: (id: string) => boolean): string {
  for (;;) {
    const id = `subscription-${planId}-${randomUUID().slice(0, 6)}`;
    if (!taken(id)) return id;
  }
}

/**
 * End a subscription at `atMs`: at once when that is now or earlier (CANCELED with the reason, its
 * schedules cancelled, what follows the end provisioned), else recorded as its scheduled end.
 */
export function endSubscription(
  db: Db,
  nowMs: number,
  sub: SubscriptionRow,
  end: { atMs: number; reason: string; action: string; status?: 'CANCELED' | 'EXPIRED' },
  applied?: AppliedTransition[],
): void {
  const at = iso(end.atMs);
  if (end.atMs > nowMs) {
    subscriptionRepo.update(db, sub.id, { endDate: at, endReason: end.reason, endAction: end.action, cancellationDate: iso(nowMs), updatedAt: iso(nowMs) });
    refreshDue(db, sub.id);
    return;
  }
  const status = end.status ?? 'CANCELED';
  subscriptionRepo.update(db, sub.id, {
    status,
    endDate: at,
    cancelReason: end.reason,
    cancellationDate: sub.cancellationDate ?? at,
    endReason: null,
    endAction: end.action,
    updatedAt: at,
    nextDueAt: null,
    scheduleAt: null,
  });
  subscriptionRepo.setScheduleStatus(db, subscriptionRepo.pendingSchedules(db, sub.id).map((s) => s.id), 'Canceled', at);
  applied?.push({ at, type: end.reason === 'TrialEnded' ? 'subscription.trial_expired' : status === 'EXPIRED' ? 'subscription.expired' : 'subscription.canceled', customerId: sub.customerId, subscriptionId: sub.id, from: sub.status, to: status });
  if (end.reason === 'TrialConverted') {
    webhookEventsOf.subscription(db, end.atMs, 'subscription.trial_converted', sub.id, { reason: 'PAID_SUBSCRIPTION_PROVISIONED' });
  } else if (end.reason === 'TrialEnded') {
    webhookEventsOf.subscription(db, end.atMs, 'subscription.trial_expired', sub.id);
  } else if (status === 'EXPIRED') {
    webhookEventsOf.subscription(db, end.atMs, 'subscription.expired', sub.id);
  } else {
    webhookEventsOf.subscriptionsCanceled(db, end.atMs, [sub.id]);
  }
  followEnd(db, end.atMs, sub, end.action, applied);
}

/** E41, E47: after an end, the product's downgrade plan when its end setup says so. */
export function followEnd(db: Db, atMs: number, ended: SubscriptionRow, action: string, applied?: AppliedTransition[]): void {
  const others = siblingsOf(db, ended.customerId, ended.productId, ended.resourceId).filter((s) => s.id !== ended.id);
  const otherLiveNonTrial = others.some((s) => s.status !== 'IN_TRIAL' && !(s.status === 'NOT_STARTED' && s.trialEndDate !== null) && !(s.endDate && Date.parse(s.endDate) <= atMs));
  const planId = planAfterEnd({ journey: journeyOf(db, ended.productId), action, endedPlanId: ended.planId, otherLiveNonTrial });
  if (!planId) return;
  const plan = catalog.plan(db, planId);
  if (!plan) return;
  const row = insertSubscription(db, atMs, {
    ...blankFields(),
    id: newSubscriptionId(plan.id, (id) => subscriptionRepo.get(db, id) !== undefined),
    customerId: ended.customerId,
    planId: plan.id,
    productId: plan.productId,
    resourceId: ended.resourceId,
    status: 'ACTIVE',
    billingPeriod: defaultBillingPeriod(plan.prices),
    startDate: iso(atMs),
  });
  applied?.push({ at: iso(atMs), type: 'subscription.downgraded_to_free', customerId: row.customerId, subscriptionId: row.id, from: ended.planId, to: plan.id });
  webhookEventsOf.subscriptionCreated(db, atMs, row.id, { isUpgrade: false, isDowngrade: true });
}

export function blankFields() {
  return {
    endDate: null,
    trialEndDate: null,
    cancellationDate: null,
    cancelReason: null,
    addons: [] as { addonId: string; quantity: number }[],
    billableFeatures: [] as { featureId: string; quantity: number }[],
    metadata: {} as Record<string, string>,
    trialEndBehavior: null,
    billingAnchor: null,
    endReason: null,
    endAction: null,
    entitlements: null,
    couponId: null,
    billingInformation: null,
    billingCountryCode: null,
    budget: null,
  };
}
