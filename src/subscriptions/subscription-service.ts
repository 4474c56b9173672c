/**
 * Subscriptions: provisioning (provisionSubscription, createSubscription, applySubscription,
 * provisionCustomer's subscriptionParams, imports, paid checkouts), cancellation, payment methods,
 * and the reconcile step that applies what time made due. The rules decide (subscription-rules.ts);
 * this file reads the facts, applies the decisions and records the webhook events, each command in
 * one transaction.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { asTrialConfig, currentBillingPeriod, effectiveTrialEndBehavior } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import { normaliseMetadata, PROMOTION_NOTICE_DAYS } from '../customers/customer-rules.js';
import type { Db, Sqlite } from '../db/open-database.js';
import { writeStamp } from '../db/write-stamp.js';
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import { earliestDueAt, promotionRepo, subscriptionRepo, type PromotionRow } from '../db/repositories/subscriptions.js';
import { meta } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { addMonths, INSTANT_BOUNDS, instantInBounds, iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { applyCreditSchedule, creditSchedules, requireCurrency, scheduleSubscriptionCredits } from '../credits/credit-service.js';
import type { CreditScheduleRow } from '../db/repositories/credits.js';
import {
  decideCancellation,
  decideSameProduct,
  decideStartPlan,
  initialStatus,
  nextDueAt,
  periodEndAfter,
  planAfterEnd,
  planDirection,
  defaultBillingPeriod,
  requestedUnitQuantity,
  resolveBillingPeriod,
  startsInTrial,
  transitionsAhead,
  trialedProductIds,
  trialEnd,
  trialEndOutcome,
  validateAddons,
  validateBillableFeatures,
  compareTransitions,
  type DecisionStrategy,
  type JourneyLike,
  type PlanChange,
  type SiblingFacts,
  type Transition,
} from './subscription-rules.js';
import { latestVersionPatch } from './migration-rules.js';
import { journeyDefersUpdate, refuseUnmodelled } from './update-rules.js';
import { parseBudget, type BudgetInput } from './budget-rules.js';
import { connectionCache } from '../db/connection-caches.js';

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
}

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

const journeyOf = (db: Db, productId: string): JourneyLike => (catalog.product(db, productId)?.customerJourney ?? {}) as JourneyLike;

function billingSettings(db: Db): { requirePaymentMethod: boolean } {
  const row = db.select().from(meta).where(eq(meta.key, 'billing')).get();
  return { requirePaymentMethod: !!(row?.value as { requirePaymentMethod?: boolean } | undefined)?.requirePaymentMethod };
}

function parseInstant(value: string | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badInput(`${field} must be an ISO-8601 date`);
  if (!instantInBounds(ms)) throw badInput(`${field} must be between ${INSTANT_BOUNDS}`);
  return ms;
}

function requireLiveCustomer(db: Db, customerId: string | undefined): CustomerRow {
  if (!customerId) throw badInput('customerId is required');
  const customer = customerRepo.get(db, customerId);
  if (!customer) throw notFound('CustomerNotFound', 'Customer', customerId);
  if (customer.archivedAt) throw new EmulatorError('EntityIsArchivedError', `customer ${customerId} is archived`, 409, { id: customerId });
  return customer;
}

export function couponOf(db: Db, params: SubscriptionParams): string | null {
  const id = params.appliedCoupon?.couponId ?? params.appliedCoupon?.billingCouponId ?? null;
  const code = params.promotionCode ?? params.appliedCoupon?.promotionCode ?? null;
  if (id) {
    const coupon = catalog.coupon(db, id);
    if (!coupon) throw notFound('CouponNotFound', 'Coupon', id);
    if (coupon.status === 'ARCHIVED') throw new EmulatorError('ArchivedCouponCantBeApplied', `coupon ${id} is archived`);
    return coupon.id;
  }
  if (code) {
    const coupon = catalog.coupon(db, code);
    if (!coupon) throw new EmulatorError('PromotionCodeNotFound', `promotion code ${code} matches no coupon`);
    if (coupon.status === 'ARCHIVED') throw new EmulatorError('PromotionCodeNotActive', `promotion code ${code} is archived`);
    return coupon.id;
  }
  return null;
}

/** Custom-plan entitlements: each entry a feature or a credit (not both); features must exist. */
function customEntitlements(db: Db, entries: SubscriptionEntitlementInput[] | null | undefined): Record<string, unknown>[] | null {
  if (!entries || entries.length === 0) return null;
  return entries.map((entry, i) => {
    if (!!entry.feature === !!entry.credit) throw badInput(`entitlements.${i} must have exactly one of feature or credit`);
    if (entry.feature) {
      const f = entry.feature;
      catalog.requireFeature(db, f.featureId);
      if (f.usageLimit !== null && f.usageLimit !== undefined && (!Number.isFinite(f.usageLimit) || f.usageLimit < 0)) {
        throw badInput(`entitlements.${i}.feature.usageLimit must be a non-negative number`);
      }
      const according =
        f.monthlyResetPeriodConfiguration?.accordingTo ?? f.weeklyResetPeriodConfiguration?.accordingTo ?? f.yearlyResetPeriodConfiguration?.accordingTo;
      return {
        kind: 'feature',
        featureId: f.featureId,
        usageLimit: f.usageLimit ?? null,
        hasUnlimitedUsage: f.hasUnlimitedUsage ?? false,
        hasSoftLimit: f.hasSoftLimit ?? false,
        enumValues: f.enumValues ?? null,
        resetPeriod: f.resetPeriod ?? null,
        resetPeriodConfiguration: according ? { accordingTo: according } : null,
      };
    }
    const c = entry.credit!;
    requireCurrency(db, c.customCurrencyId);
    if (!Number.isFinite(c.amount) || c.amount < 0) throw badInput(`entitlements.${i}.credit.amount must be a non-negative number`);
    return { kind: 'credit', customCurrencyId: c.customCurrencyId, amount: c.amount, cadence: c.cadence, hasSoftLimit: c.hasSoftLimit ?? false };
  });
}

function siblingFacts(db: Db, sub: SubscriptionRow, nowMs: number): SiblingFacts {
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

function directionBetween(db: Db, productId: string, fromPlanId: string, toPlanId: string): PlanChange {
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
function siblingsOf(db: Db, customerId: string, productId: string, resourceId: string | null): SubscriptionRow[] {
  const multiple = catalog.product(db, productId)?.multipleSubscriptions ?? false;
  return multiple ? subscriptionRepo.liveOf(db, customerId, productId, resourceId) : subscriptionRepo.liveOfProduct(db, customerId, productId);
}

const isPaid = (db: Db, sub: { planId: string }): boolean => catalog.plan(db, sub.planId)?.pricingType === 'PAID';

/** Recompute a subscription's earliest pending schedule and next-due instant after a change. */
export function refreshDue(db: Db, subscriptionId: string): void {
  const sub = subscriptionRepo.get(db, subscriptionId);
  if (!sub) return;
  const scheduleAt = subscriptionRepo.pendingSchedules(db, sub.id)[0]?.scheduledAt ?? null;
  const next = nextDueAt({ ...sub, scheduleAt }, isPaid(db, sub));
  if (next !== sub.nextDueAt || scheduleAt !== sub.scheduleAt) subscriptionRepo.update(db, sub.id, { nextDueAt: next, scheduleAt });
}

/** Write a change of a subscription known in full (its schedules unchanged), with its next-due instant, in one statement. */
function updateWithDue(db: Db, sub: SubscriptionRow, patch: Partial<SubscriptionRow>): void {
  const next = nextDueAt({ ...sub, ...patch }, isPaid(db, sub));
  subscriptionRepo.update(db, sub.id, { ...patch, nextDueAt: next });
}

/**
 * A new subscription row (status from its start and trial), inserted with its next renewal and
 * next-due instant. Notices are due only for what is ahead of its creation.
 */
function insertSubscription(
  db: Db,
  nowMs: number,
  fields: Omit<SubscriptionRow, 'nextDueAt' | 'createdAt' | 'updatedAt' | 'periodEndAt' | 'noticeFor' | 'scheduleAt' | 'planVersion' | 'payingCustomerId'> &
    Partial<Pick<SubscriptionRow, 'payingCustomerId'>>,
): SubscriptionRow {
  if (subscriptionRepo.get(db, fields.id)) {
    throw new EmulatorError('DuplicatedEntityNotAllowed', `subscription ${fields.id} already exists`, 409, { id: fields.id });
  }
  const now = iso(nowMs);
  // a new subscription stands on the plan's latest published version (E20, E53)
  const planVersion = catalog.plan(db, fields.planId)?.versionNumber ?? 1;
  const row: SubscriptionRow = { payingCustomerId: null, ...fields, planVersion, createdAt: now, updatedAt: now, nextDueAt: null, periodEndAt: null, noticeFor: now, scheduleAt: null };
  if (row.status === 'ACTIVE') row.periodEndAt = periodEndAfter(row, nowMs);
  row.nextDueAt = nextDueAt(row, isPaid(db, row));
  subscriptionRepo.insert(db, row);
  scheduleSubscriptionCredits(db, row);
  return row;
}

const newSubscriptionId = (planId: string): string => `subscription-${planId}-${randomUUID().slice(0, 6)}`;

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
function followEnd(db: Db, atMs: number, ended: SubscriptionRow, action: string, applied?: AppliedTransition[]): void {
  const others = siblingsOf(db, ended.customerId, ended.productId, ended.resourceId).filter((s) => s.id !== ended.id);
  const otherLiveNonTrial = others.some((s) => s.status !== 'IN_TRIAL' && !(s.status === 'NOT_STARTED' && s.trialEndDate !== null) && !(s.endDate && Date.parse(s.endDate) <= atMs));
  const planId = planAfterEnd({ journey: journeyOf(db, ended.productId), action, endedPlanId: ended.planId, otherLiveNonTrial });
  if (!planId) return;
  const plan = catalog.plan(db, planId);
  if (!plan) return;
  const row = insertSubscription(db, atMs, {
    ...blankFields(),
    id: newSubscriptionId(plan.id),
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

function blankFields() {
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

/**
 * Provision a subscription inside the caller's transaction: validate everything, then (E13-E38)
 * the payment gate, the same-product rules, and the new subscription or the scheduled change.
 */
export function provisionInTransaction(db: Db, nowMs: number, params: SubscriptionParams, options: ProvisionOptions = {}): ProvisionOutcome {
  if (!params.planId) throw badInput('planId is required');
  const customer = requireLiveCustomer(db, params.customerId);
  const requested = catalog.requirePlan(db, params.planId);
  const product = catalog.requireProduct(db, requested.productId);
  const journey = product.customerJourney as JourneyLike;
  const decision = options.journey ? decideStartPlan(journey, requested.id) : { planId: requested.id, strategy: 'REQUESTED_PLAN' as const, forceTrial: false };
  const plan = decision.planId === requested.id ? requested : catalog.requirePlan(db, decision.planId);

  const resourceId = params.resourceId ?? null;
  if (product.multipleSubscriptions && resourceId === null) {
    throw badInput(`product ${product.id} allows multiple subscriptions: resourceId is required`);
  }
  const addons = validateAddons(params.addons ?? [], plan.id, plan.compatibleAddonIds, (id) => catalog.requireAddon(db, id));
  const couponId = couponOf(db, params);
  // a payer other than the customer must be a live customer; the customer paying itself is no separate payer
  const payingCustomerId = params.payingCustomerId && params.payingCustomerId !== customer.id ? requireLiveCustomer(db, params.payingCustomerId).id : null;
  const entitlements = customEntitlements(db, params.entitlements);
  const metadata = normaliseMetadata(params.additionalMetaData ?? undefined, 'additionalMetaData') ?? {};
  const budget = parseBudget(params.budget);

  const startMs = parseInstant(params.startDate, 'startDate') ?? nowMs;
  const endMs = parseInstant(params.endDate, 'endDate');
  if (endMs !== null && endMs <= startMs) throw badInput('endDate must be after startDate');
  const override = params.trialOverrideConfiguration ?? (params.isTrial !== null && params.isTrial !== undefined ? { isTrial: params.isTrial, trialEndBehavior: params.trialEndBehavior, trialEndDate: params.trialEndDate } : null);
  const trialConfig = asTrialConfig(plan.defaultTrialConfig);
  const inTrial = startsInTrial({
    override: override?.isTrial,
    forceTrial: decision.forceTrial,
    trial: trialConfig,
    pricingType: plan.pricingType,
    trialedProduct: trialedProductIds(customerRepo.subscriptions(db, customer.id)).has(plan.productId),
    skipTrial: params.skipTrial,
  });
  const requestedTrialEnd = parseInstant(override?.trialEndDate ?? params.trialEndDate, 'trialEndDate');
  const trialEndMs = !inTrial ? null : (requestedTrialEnd ?? trialEnd(startMs, trialConfig));
  if (trialEndMs !== null && trialEndMs <= startMs) throw badInput('trialEndDate must be after the start of the subscription');
  const billingPeriod = resolveBillingPeriod({ pricingType: plan.pricingType, prices: plan.prices, requested: params.billingPeriod, inTrial, planId: plan.id });
  const unitQuantity = requestedUnitQuantity(params.unitQuantity, params.priceUnitAmount);
  const billableFeatures = validateBillableFeatures(params.billableFeatures ?? [], plan.prices, billingPeriod, unitQuantity);

  // the payment gate: a paid plan (not a trial) for a customer without a payment method
  if (params.paymentMethodId && !customer.hasPaymentMethod) {
    customerRepo.update(db, customer.id, { hasPaymentMethod: true, updatedAt: iso(nowMs) });
    webhookEventsOf.customerUpdated(db, nowMs, customer.id);
  }
  const hasPaymentMethod = customer.hasPaymentMethod || !!params.paymentMethodId;
  if (options.paymentGate !== false && !inTrial && plan.pricingType === 'PAID' && !hasPaymentMethod && billingSettings(db).requirePaymentMethod) {
    const checkoutId = `checkout-${randomUUID()}`;
    subscriptionRepo.insertCheckout(db, {
      id: checkoutId,
      customerId: customer.id,
      request: { ...params, customerId: customer.id, planId: plan.id } as Record<string, unknown>,
      status: 'OPEN',
      subscriptionId: null,
      createdAt: iso(nowMs),
      completedAt: null,
    });
    return { status: 'PAYMENT_REQUIRED', subscription: null, isScheduled: false, checkoutId, decisionStrategy: decision.strategy };
  }

  const siblings = siblingsOf(db, customer.id, plan.productId, resourceId);
  const outcome = decideSameProduct({
    nowMs,
    newPlanId: plan.id,
    newPaid: plan.pricingType === 'PAID',
    newInTrial: inTrial,
    startMs,
    explicitStart: params.startDate !== null && params.startDate !== undefined,
    siblings: siblings.map((s) => siblingFacts(db, s, nowMs)),
    directionFrom: (fromPlanId) => directionBetween(db, plan.productId, fromPlanId, plan.id),
    downgradeAtEndOfBillingPeriod: journey.downgradeAtEndOfBillingPeriod === true,
    scheduleStrategy: params.scheduleStrategy,
  });

  if (outcome.kind === 'schedule') {
    const current = siblings.find((s) => s.id === outcome.subscriptionId)!;
    const pending = subscriptionRepo.pendingSchedules(db, current.id).filter((s) => s.type === 'Downgrade' || s.type === 'Plan');
    subscriptionRepo.setScheduleStatus(db, pending.map((s) => s.id), 'Canceled', iso(nowMs));
    subscriptionRepo.insertSchedule(db, {
      subscriptionId: current.id,
      type: outcome.direction === 'DOWNGRADE' ? 'Downgrade' : 'Plan',
      status: 'Scheduled',
      scheduledAt: iso(outcome.atMs),
      variables: {
        planId: plan.id,
        billingPeriod,
        addons,
        billableFeatures,
        changeType: outcome.direction,
        subscriptionId: params.subscriptionId ?? params.refId ?? null,
        metadata,
        payingCustomerId,
        budget,
      },
      createdAt: iso(nowMs),
      updatedAt: iso(nowMs),
    });
    subscriptionRepo.update(db, current.id, { updatedAt: iso(nowMs) });
    refreshDue(db, current.id);
    webhookEventsOf.subscription(db, nowMs, 'subscription.updated', current.id, { isUpgrade: false, isDowngrade: outcome.direction === 'DOWNGRADE' });
    return { status: 'SUCCESS', subscription: subscriptionRepo.get(db, current.id)!, isScheduled: true, checkoutId: null, decisionStrategy: decision.strategy };
  }

  const id = params.subscriptionId ?? params.refId ?? newSubscriptionId(plan.id);
  if (subscriptionRepo.get(db, id)) throw new EmulatorError('DuplicatedEntityNotAllowed', `subscription ${id} already exists`, 409, { id });
  for (const ending of outcome.endings) {
    const sibling = siblings.find((s) => s.id === ending.subscriptionId)!;
    endSubscription(db, nowMs, sibling, { atMs: ending.atMs, reason: ending.reason, action: 'NONE' });
  }
  const billingAnchor = params.billingCycleAnchor === 'NOW' && startMs < nowMs ? iso(nowMs) : null;
  const row = insertSubscription(db, nowMs, {
    ...blankFields(),
    id,
    customerId: customer.id,
    planId: plan.id,
    productId: plan.productId,
    resourceId,
    status: initialStatus(inTrial, startMs, nowMs),
    billingPeriod,
    startDate: iso(startMs),
    endDate: endMs === null ? null : iso(endMs),
    endReason: endMs === null ? null : 'Expired',
    endAction: endMs === null ? null : 'DEFAULT',
    trialEndDate: trialEndMs === null ? null : iso(trialEndMs),
    trialEndBehavior: inTrial ? (override?.trialEndBehavior ?? null) : null,
    billingAnchor,
    addons,
    billableFeatures,
    metadata,
    entitlements,
    couponId,
    billingInformation: params.billingInformation ?? null,
    billingCountryCode: params.billingCountryCode ?? null,
    payingCustomerId,
    budget,
  });
  webhookEventsOf.subscriptionCreated(db, nowMs, row.id, { isUpgrade: outcome.direction === 'UPGRADE', isDowngrade: outcome.direction === 'DOWNGRADE' });
  return { status: 'SUCCESS', subscription: subscriptionRepo.get(db, row.id)!, isScheduled: false, checkoutId: null, decisionStrategy: decision.strategy };
}

/**
 * applySubscription: provisioning with the customer's payment method (`paymentMethodId`); a paid
 * plan for a customer without one is refused (PaymentMethodNotFoundError) and nothing is written.
 */
export function applySubscription(env: Environment, nowMs: number, params: SubscriptionParams): SubscriptionRow {
  return withDueApplied(env, nowMs, () => env.transaction((db) => {
    const outcome = provisionInTransaction(db, nowMs, params);
    if (outcome.status === 'PAYMENT_REQUIRED') {
      throw new EmulatorError('PaymentMethodNotFoundError', `customer ${params.customerId} has no payment method: pass paymentMethodId`);
    }
    return outcome.subscription!;
  }));
}

/** provisionSubscription: one command. */
export function provisionSubscription(env: Environment, nowMs: number, params: SubscriptionParams, options: ProvisionOptions = {}): ProvisionOutcome {
  return withDueApplied(env, nowMs, () => env.transaction((db) => provisionInTransaction(db, nowMs, params, options)));
}

/**
 * A command that may make something due at once (a new subscription's first recurring credit
 * grant, at its start): once it has committed, reconcile applies that, so the command's answer
 * (the entitlements it returns) already shows it.
 */
export function withDueApplied<T>(env: Environment, nowMs: number, command: () => T): T {
  const result = command();
  env.reconcile(nowMs);
  return result;
}

/** createSubscription: an administrator's creation (no payment gate); a trial as `isTrial` asks. */
export function createSubscription(env: Environment, nowMs: number, params: SubscriptionParams): SubscriptionRow {
  return env.transaction((db) => provisionInTransaction(db, nowMs, params, { paymentGate: false }).subscription!);
}

export interface UpdateSubscriptionInput {
  subscriptionId?: string | null;
  refId?: string | null;
  addons?: { addonId: string; quantity?: number | null }[] | null;
  billableFeatures?: { featureId: string; quantity: number }[] | null;
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
    if (input.billableFeatures || (input.unitQuantity !== null && input.unitQuantity !== undefined) || patch.billingPeriod) {
      const given = input.billableFeatures ?? (input.unitQuantity !== null && input.unitQuantity !== undefined ? [] : sub.billableFeatures);
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

/** detachCustomerPaymentMethod: the customer no longer has a payment method. */
export function detachPaymentMethod(env: Environment, nowMs: number, customerId: string): CustomerRow {
  return env.transaction((db) => {
    const customer = customerRepo.get(db, customerId);
    if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', customerId);
    customerRepo.update(db, customerId, { hasPaymentMethod: false, billingInformation: null, updatedAt: iso(nowMs) });
    webhookEventsOf.customerUpdated(db, nowMs, customerId);
    return customerRepo.get(db, customerId)!;
  });
}

export interface ImportSubscriptionInput extends SubscriptionParams {
  customerId: string;
  updatedAt?: string | null;
}

/**
 * importSubscriptionsBulk (RULES 1.17): all or nothing; each entry provisions through the same
 * rules without a trial or a payment gate; an entry whose subscription was updated after its
 * `updatedAt` is skipped.
 */
export function importSubscriptionsBulk(env: Environment, nowMs: number, inputs: ImportSubscriptionInput[]): { imported: number; skipped: number } {
  if (inputs.length === 0) throw badInput('subscriptions must not be empty');
  return env.transaction((db) => {
    let imported = 0;
    let skipped = 0;
    const seen = new Set<string>();
    for (const input of inputs) {
      const id = input.subscriptionId ?? null;
      if (id !== null) {
        if (seen.has(id)) throw new EmulatorError('DuplicatedEntityNotAllowed', `subscription ${id} appears more than once in the import`, 409, { id });
        seen.add(id);
        const existing = subscriptionRepo.get(db, id);
        if (existing) {
          const updatedAt = parseInstant(input.updatedAt, 'updatedAt');
          if (updatedAt === null || Date.parse(existing.updatedAt) > updatedAt) {
            skipped += 1;
            continue;
          }
          throw new EmulatorError('DuplicatedEntityNotAllowed', `subscription ${id} already exists`, 409, { id });
        }
      }
      provisionInTransaction(db, nowMs, { ...input, skipTrial: true, trialOverrideConfiguration: null }, { paymentGate: false });
      imported += 1;
    }
    return { imported, skipped };
  });
}

// ------------------------------------------------------------------------------------ checkouts

export interface CheckoutView {
  id: string;
  customerId: string;
  planId: string;
  status: string;
  subscriptionId: string | null;
}

export function getCheckout(env: Environment, checkoutId: string): CheckoutView {
  const row = subscriptionRepo.checkout(env.db, checkoutId);
  if (!row) throw new EmulatorError('NotFound', `checkout not found: ${checkoutId}`, 404);
  return { id: row.id, customerId: row.customerId, planId: String(row.request.planId), status: row.status, subscriptionId: row.subscriptionId };
}

/** Paying a checkout: the customer gets a payment method and the subscription it was opened for is provisioned. */
export function payCheckout(env: Environment, nowMs: number, checkoutId: string): CheckoutView {
  return env.transaction((db) => {
    const row = subscriptionRepo.checkout(db, checkoutId);
    if (!row) throw new EmulatorError('NotFound', `checkout not found: ${checkoutId}`, 404);
    if (row.status !== 'OPEN') throw new EmulatorError('Conflict', `checkout ${checkoutId} is already ${row.status.toLowerCase()}`, 409);
    customerRepo.update(db, row.customerId, { hasPaymentMethod: true, updatedAt: iso(nowMs) });
    webhookEventsOf.customerUpdated(db, nowMs, row.customerId);
    if (row.request.kind === 'paymentMethod') {
      // a payment session (createPaymentSession, checkoutState): the payment method only
      subscriptionRepo.completeCheckout(db, checkoutId, null, iso(nowMs));
      return { id: row.id, customerId: row.customerId, planId: String(row.request.planId), status: 'COMPLETED', subscriptionId: null };
    }
    const outcome = provisionInTransaction(db, nowMs, row.request as unknown as SubscriptionParams, { paymentGate: false });
    subscriptionRepo.completeCheckout(db, checkoutId, outcome.subscription?.id ?? null, iso(nowMs));
    return { id: row.id, customerId: row.customerId, planId: String(row.request.planId), status: 'COMPLETED', subscriptionId: outcome.subscription?.id ?? null };
  });
}

// ------------------------------------------------------------------------------------ reconcile

/** Apply one transition of one subscription, dated at the transition's instant. */
function applyTransition(db: Db, sub: SubscriptionRow, t: Transition, applied: AppliedTransition[]): void {
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
        webhookEventsOf.billingMonthEndsSoon(db, t.atMs, sub.id, { start: monthStart, end: forIso });
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
        id: v.subscriptionId && !subscriptionRepo.get(db, v.subscriptionId) ? v.subscriptionId : newSubscriptionId(plan.id),
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

/** At most this many transitions per reconcile (a runaway guard; a year of daily trials is far below it). */
const MAX_TRANSITIONS = 1_000_000;

type Due =
  | { kind: 'subscription'; sub: SubscriptionRow; t: Transition }
  | { kind: 'promotion'; grant: PromotionRow; atMs: number }
  | { kind: 'credit'; schedule: CreditScheduleRow; atMs: number }
  | { kind: 'promotionNotice'; grant: PromotionRow; atMs: number };
const dueAt = (d: Due): number => (d.kind === 'subscription' ? d.t.atMs : d.atMs);
/** At one instant: subscription transitions, then promotional expiries, then recurring credit grants, then ends-soon notices. */
const KIND_RANK: Record<Due['kind'], number> = { subscription: 0, promotion: 1, credit: 2, promotionNotice: 3 };
const compareDue = (a: Due, b: Due): number =>
  dueAt(a) - dueAt(b) || KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.kind === 'subscription' && b.kind === 'subscription' ? compareTransitions(a.t, b.t) : 0);

/**
 * The transitions due at the earliest due instant (at or before `nowMs`), in the order they apply:
 * one instant's subscriptions by kind, else the first of its promotional expiries, recurring credit
 * grants and promotional ends-soon notices.
 */
function dueBatch(db: Db, nowMs: number): Due[] {
  const at = iso(nowMs);
  const first = subscriptionRepo.nextDue(db);
  const subMs = first?.nextDueAt ? Date.parse(first.nextDueAt) : null;
  const grant = promotionRepo.due(db, at);
  const credit = creditSchedules.due(db, at);
  const notice = promotionRepo.noticeDue(db, at);
  const singles: Due[] = [
    ...(grant ? [{ kind: 'promotion' as const, grant, atMs: Date.parse(grant.endDate!) }] : []),
    ...(credit ? [{ kind: 'credit' as const, schedule: credit, atMs: Date.parse(credit.nextGrantAt) }] : []),
    ...(notice ? [{ kind: 'promotionNotice' as const, grant: notice, atMs: Date.parse(notice.noticeAt!) }] : []),
  ].sort(compareDue);
  const single = singles[0];
  if (subMs === null || subMs > nowMs || (single && dueAt(single) < subMs)) return single ? [single] : [];
  const batch: Due[] = [];
  for (const sub of subscriptionRepo.dueAt(db, first!.nextDueAt!)) {
    const t = transitionsAhead(sub, isPaid(db, sub))[0];
    if (!t || t.atMs !== subMs) {
      refreshDue(db, sub.id); // a stale next-due instant
      continue;
    }
    batch.push({ kind: 'subscription', sub, t });
  }
  return batch.sort(compareDue);
}

/** E89: a promotional grant past its end date expires. */
function expirePromotion(db: Db, grant: PromotionRow, atMs: number, applied: AppliedTransition[]): void {
  const at = iso(atMs);
  promotionRepo.expire(db, grant.customerId, grant.featureId, at);
  applied.push({ at, type: 'promotionalEntitlement.expired', customerId: grant.customerId, subscriptionId: null, featureId: grant.featureId, from: 'Active', to: 'Expired' });
  webhookEventsOf.promotionExpired(db, atMs, grant.customerId, grant.featureId);
}

/** promotionalEntitlement.ends_soon, 7 days before a promotional grant's end date. */
function announcePromotionEnd(db: Db, grant: PromotionRow, atMs: number, applied: AppliedTransition[]): void {
  promotionRepo.noticeSent(db, grant.customerId, grant.featureId);
  applied.push({ at: iso(atMs), type: 'promotionalEntitlement.ends_soon', customerId: grant.customerId, subscriptionId: null, featureId: grant.featureId, from: null, to: grant.endDate });
  webhookEventsOf.promotion(db, atMs, 'promotionalEntitlement.ends_soon', grant, { notifyBeforeDays: PROMOTION_NOTICE_DAYS });
}

/**
 * Apply every transition due at or before `nowMs`, earliest first across the environment, each
 * dated at its own instant. Idempotent: a second call at the same instant applies nothing.
 */
export function reconcileDue(db: Db, nowMs: number, limit?: number): AppliedTransition[] {
  const applied: AppliedTransition[] = [];
  const perEntity = new Map<string, number>();
  let steps = 0;
  for (;;) {
    const batch = dueBatch(db, nowMs);
    if (batch.length === 0) {
      // nothing left, or only stale next-due instants that dueBatch just moved forward
      const at = iso(nowMs);
      if (!subscriptionRepo.anyDue(db, at) && !promotionRepo.due(db, at) && !creditSchedules.due(db, at) && !promotionRepo.noticeDue(db, at)) break;
      continue;
    }
    // renewals and notices change only their own subscription: the rest may change others, so
    // those are read again before they apply
    let othersChanged = false;
    for (const due of batch) {
      if (limit !== undefined) {
        // per subscription, promotional grant or credit schedule: a seeded tenant of thousands of
        // subscriptions still moves a month at once, one subscription cannot renew for millennia
        const key = dueKey(due);
        const count = (perEntity.get(key) ?? 0) + 1;
        if (count > limit) throw new TransitionLimitError(limit, due);
        perEntity.set(key, count);
      }
      if (++steps > MAX_TRANSITIONS) throw new EmulatorError('UnexpectedError', `reconcile stopped after ${MAX_TRANSITIONS} transitions`);
      if (due.kind === 'promotion') {
        expirePromotion(db, due.grant, due.atMs, applied);
        continue;
      }
      if (due.kind === 'promotionNotice') {
        announcePromotionEnd(db, due.grant, due.atMs, applied);
        continue;
      }
      if (due.kind === 'credit') {
        const granted = applyCreditSchedule(db, due.schedule);
        if (granted) {
          applied.push({ at: granted.at, type: 'credits.granted', customerId: granted.customerId, subscriptionId: granted.subscriptionId, from: null, to: `${granted.granted} ${granted.currencyId}` });
        }
        continue;
      }
      let { sub, t } = due;
      if (othersChanged) {
        const fresh = subscriptionRepo.get(db, sub.id);
        const next = fresh ? transitionsAhead(fresh, isPaid(db, fresh))[0] : undefined;
        if (!fresh || !next || next.atMs !== t.atMs || next.kind !== t.kind) continue; // picked up by the next batch
        sub = fresh;
        t = next;
      }
      applyTransition(db, sub, t, applied);
      if (t.kind !== 'RENEWAL' && t.kind !== 'NOTICE') othersChanged = true;
    }
  }
  return applied;
}

/** What a transition belongs to, for the clock move's limit: a subscription, a promotional grant or a credit schedule. */
const dueKey = (d: Due): string =>
  d.kind === 'subscription'
    ? `subscription:${d.sub.id}`
    : d.kind === 'credit'
      ? `credit:${d.schedule.subscriptionId}:${d.schedule.currencyId}`
      : `promotion:${d.grant.customerId}:${d.grant.featureId}`;

/** A clock move would apply more than its limit of transitions to one entity: the transaction rolls back. */
export class TransitionLimitError extends Error {
  readonly atMs: number;
  constructor(
    readonly limit: number,
    due: Due,
  ) {
    super(`more than ${limit} transitions due`);
    this.atMs = dueAt(due);
  }
}

/**
 * The environment's reconcile: nothing to do costs two indexed lookups; otherwise one transaction.
 * With a `limit` (a clock move), more transitions than that for one subscription, promotional grant or
 * credit schedule throw TransitionLimitError and apply nothing.
 */
export function reconcileEnvironment(env: Environment, nowMs: number, limit?: number): AppliedTransition[] {
  const at = iso(nowMs);
  if (nothingDueBy(env, at)) return [];
  return env.transaction((db) => reconcileDue(db, nowMs, limit));
}

/** The earliest due instant of a connection, as of its write stamp (nothing written since: still the earliest). */
const earliestDue = connectionCache<Sqlite, { stamp: number; at: string | null }>();

/**
 * Whether nothing is due at `at` (ISO): answered from the earliest due instant remembered per
 * connection until the next write, so a read request that finds nothing due reads nothing. Inside a
 * transaction (what it reads may be rolled back) it asks SQLite.
 */
function nothingDueBy(env: Environment, at: string): boolean {
  const sqlite = env.sqlite;
  if (sqlite.inTransaction) return !subscriptionRepo.anyDue(env.db, at) && !promotionRepo.due(env.db, at) && !creditSchedules.due(env.db, at);
  const stamp = writeStamp(sqlite);
  let known = earliestDue.get(sqlite);
  if (!known || known.stamp !== stamp) {
    known = { stamp, at: earliestDueAt(env.db) };
    earliestDue.set(sqlite, known);
  }
  return known.at === null || at < known.at;
}

/** The next transition time will apply (the clock's `nextDue`), or null. */
export function nextTransition(db: Db): { at: string; kind: string; customerId: string; subscriptionId: string | null; featureId?: string } | null {
  const next = nextSubscriptionOrPromotion(db);
  const credit = creditSchedules.next(db);
  if (credit && (!next || Date.parse(credit.nextGrantAt) < Date.parse(next.at))) {
    const sub = subscriptionRepo.get(db, credit.subscriptionId);
    return { at: credit.nextGrantAt, kind: 'credits.granted', customerId: sub?.customerId ?? '', subscriptionId: credit.subscriptionId };
  }
  return next;
}

function nextSubscriptionOrPromotion(db: Db): { at: string; kind: string; customerId: string; subscriptionId: string | null; featureId?: string } | null {
  const sub = subscriptionRepo.nextDue(db);
  const t = sub ? transitionsAhead(sub, isPaid(db, sub))[0] : undefined;
  const grant = promotionRepo.next(db);
  const grantMs = grant?.endDate ? Date.parse(grant.endDate) : null;
  if (sub && t && (grantMs === null || t.atMs <= grantMs)) {
    const kinds: Record<string, string> = {
      END: sub.endReason === 'Expired' ? 'subscription.expired' : 'subscription.canceled',
      START: 'subscription.started',
      SCHEDULE: 'subscription.schedule_applied',
      TRIAL_END: 'subscription.trial_end',
      RENEWAL: 'subscription.renewed',
      NOTICE: sub.status === 'IN_TRIAL' ? 'subscription.trial.ends_soon' : 'subscription.billing_month.ends_soon',
    };
    return { at: iso(t.atMs), kind: kinds[t.kind]!, customerId: sub.customerId, subscriptionId: sub.id };
  }
  if (grant && grantMs !== null) return { at: iso(grantMs), kind: 'promotionalEntitlement.expired', customerId: grant.customerId, subscriptionId: null, featureId: grant.featureId };
  return null;
}

/** The scheduled changes of a subscription (GraphQL scheduledUpdates): pending ones. */
export function scheduledUpdatesOf(db: Db, subscriptionId: string) {
  return subscriptionRepo.pendingSchedules(db, subscriptionId);
}

/** Provisioning from provisionCustomer's subscriptionParams: the same path, with the customer journey. */
export function provisionForCustomer(db: Db, nowMs: number, customerId: string, params: SubscriptionParams): ProvisionOutcome {
  return provisionInTransaction(db, nowMs, { ...params, customerId }, { journey: true });
}
