/**
 * Provisioning: provisionSubscription, createSubscription, applySubscription, provisionCustomer's
 * subscriptionParams and imports. The rules decide (subscription-rules.ts); this file reads the
 * facts, applies the decisions and records the webhook events, each command in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { asTrialConfig } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import { normaliseMetadata } from '../customers/customer-rules.js';
import type { Db } from '../db/open-database.js';
import { customerRepo } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { requireCurrency } from '../catalog/currencies.js';
import {
  decideSameProduct,
  decideStartPlan,
  initialStatus,
  requestedUnitQuantity,
  resolveBillingPeriod,
  startsInTrial,
  trialedProductIds,
  trialEnd,
  validateAddons,
  validateBillableFeatures,
  type JourneyLike,
} from './subscription-rules.js';
import { parseBudget } from './budget-rules.js';
import { billableFeaturesOfCharges, refuseUnmodelled, UNMODELLED_PROVISION_FIELDS } from './update-rules.js';
import { type SubscriptionParams, type SubscriptionEntitlementInput, type ProvisionOptions, type ProvisionOutcome, requireLiveCustomer, parseInstant, billingSettings, siblingFacts, databaseReads, directionBetween, refreshDue, newSubscriptionId, endSubscription, insertSubscription, blankFields } from './subscription-writes.js';

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
export function customEntitlements(db: Db, entries: SubscriptionEntitlementInput[] | null | undefined): Record<string, unknown>[] | null {
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



/**
 * Provision a subscription inside the caller's transaction: validate everything, then (E13-E38)
 * the payment gate, the same-product rules, and the new subscription or the scheduled change.
 */
export function provisionInTransaction(db: Db, nowMs: number, params: SubscriptionParams, options: ProvisionOptions = {}): ProvisionOutcome {
  if (!params.planId) throw badInput('planId is required');
  refuseUnmodelled(params as unknown as Record<string, unknown>, UNMODELLED_PROVISION_FIELDS, 'provisionSubscription');
  const reads = options.reads ?? databaseReads;
  const customer = requireLiveCustomer(db, params.customerId, reads);
  const requested = catalog.requireLivePlan(db, params.planId);
  const product = catalog.requireProduct(db, requested.productId);
  const journey = product.customerJourney as JourneyLike;
  const decision = options.journey ? decideStartPlan(journey, requested.id) : { planId: requested.id, strategy: 'REQUESTED_PLAN' as const, forceTrial: false };
  const plan = decision.planId === requested.id ? requested : catalog.requirePlan(db, decision.planId);

  const resourceId = params.resourceId ?? null;
  if (product.multipleSubscriptions && resourceId === null) {
    throw badInput(`product ${product.id} allows multiple subscriptions: resourceId is required`);
  }
  const addons = validateAddons(params.addons ?? [], plan.id, plan.compatibleAddonIds, (id) => catalog.requireLiveAddon(db, id));
  const couponId = couponOf(db, params);
  // a payer other than the customer must be a live customer; the customer paying itself is no separate payer
  const payingCustomerId = params.payingCustomerId && params.payingCustomerId !== customer.id ? requireLiveCustomer(db, params.payingCustomerId, reads).id : null;
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
    trialedProduct: trialedProductIds(reads.subscriptionsOf(db, customer.id)).has(plan.productId),
    skipTrial: params.skipTrial,
  });
  const requestedTrialEnd = parseInstant(override?.trialEndDate ?? params.trialEndDate, 'trialEndDate');
  const trialEndMs = !inTrial ? null : (requestedTrialEnd ?? trialEnd(startMs, trialConfig));
  if (trialEndMs !== null && trialEndMs <= startMs) throw badInput('trialEndDate must be after the start of the subscription');
  const billingPeriod = resolveBillingPeriod({ pricingType: plan.pricingType, prices: plan.prices, requested: params.billingPeriod, inTrial, planId: plan.id });
  const unitQuantity = requestedUnitQuantity(params.unitQuantity, params.priceUnitAmount);
  const billableFeatures = validateBillableFeatures(params.billableFeatures ?? billableFeaturesOfCharges(params.charges, 'provisionSubscription') ?? [], plan.prices, billingPeriod, unitQuantity);

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

  const siblings = reads.siblings(db, customer.id, plan.productId, resourceId);
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

  const id = params.subscriptionId ?? params.refId ?? newSubscriptionId(plan.id, (candidate) => reads.exists(db, candidate));
  if (reads.exists(db, id)) throw new EmulatorError('DuplicatedEntityNotAllowed', `subscription ${id} already exists`, 409, { id });
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
  }, reads);
  webhookEventsOf.subscriptionCreated(db, nowMs, row.id, { isUpgrade: outcome.direction === 'UPGRADE', isDowngrade: outcome.direction === 'DOWNGRADE' });
  return { status: 'SUCCESS', subscription: options.reads ? row : subscriptionRepo.get(db, row.id)!, isScheduled: false, checkoutId: null, decisionStrategy: decision.strategy };
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


/** Provisioning from provisionCustomer's subscriptionParams: the same path, with the customer journey. */
export function provisionForCustomer(db: Db, nowMs: number, customerId: string, params: SubscriptionParams): ProvisionOutcome {
  return provisionInTransaction(db, nowMs, { ...params, customerId }, { journey: true });
}
