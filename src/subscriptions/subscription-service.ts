/**
 * Provisioning a subscription for a customer (the part provisionCustomer needs): the customer
 * journey decision, trials, billing period and add-on checks. Runs inside the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { asTrialConfig } from '../catalog/catalog-rules.js';
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { customerRepo, type SubscriptionRow } from '../db/repositories/customers.js';
import { subscriptions } from '../db/schema.js';
import { normaliseMetadata } from '../customers/customer-rules.js';
import { badInput, EmulatorError } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import {
  decideStartPlan,
  initialStatus,
  resolveBillingPeriod,
  startsInTrial,
  trialEnd,
  trialedProductIds,
  type DecisionStrategy,
} from './subscription-rules.js';

export interface SubscriptionParams {
  planId: string;
  billingPeriod?: string | null;
  resourceId?: string | null;
  startDate?: string | null;
  subscriptionId?: string | null;
  refId?: string | null;
  addons?: { addonId: string; quantity?: number | null }[] | null;
  billableFeatures?: { featureId: string; quantity: number }[] | null;
  additionalMetaData?: Record<string, unknown> | null;
  trialOverrideConfiguration?: { isTrial?: boolean | null; trialEndDate?: string | null } | null;
  skipTrial?: boolean | null;
}

export interface ProvisionedSubscription {
  subscription: SubscriptionRow;
  decisionStrategy: DecisionStrategy;
}

export function provisionSubscriptionForNewCustomer(db: Db, nowMs: number, customerId: string, params: SubscriptionParams): ProvisionedSubscription {
  if (!params.planId) throw badInput('subscriptionParams.planId is required');
  const requested = catalog.requirePlan(db, params.planId);
  const product = catalog.requireProduct(db, requested.productId);

  const decision = decideStartPlan(product.customerJourney as Record<string, string>, requested.id);
  const plan = decision.planId === requested.id ? requested : catalog.requirePlan(db, decision.planId);

  const period = resolveBillingPeriod(plan.pricingType, plan.prices as { billingPeriod?: unknown }[], params.billingPeriod);
  if (period.missing) throw new EmulatorError('BillingPeriodMissingError', `billingPeriod is required for paid plan ${plan.id}`);

  const compatible = new Set(plan.compatibleAddonIds);
  const addons = (params.addons ?? []).map((a) => {
    const addon = catalog.requireAddon(db, a.addonId);
    if (!compatible.has(addon.id)) throw new EmulatorError('IncompatibleSubscriptionAddon', `addon ${addon.id} is not compatible with plan ${plan.id}`);
    const quantity = a.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1) throw new EmulatorError('InvalidQuantity', `quantity of addon ${addon.id} must be a positive integer`);
    if (addon.maxQuantity !== null && quantity > addon.maxQuantity) {
      throw new EmulatorError('AddonQuantityExceedsLimitError', `addon ${addon.id} allows at most ${addon.maxQuantity}`);
    }
    return { addonId: addon.id, quantity };
  });

  const startMs = params.startDate ? Date.parse(params.startDate) : nowMs;
  if (Number.isNaN(startMs)) throw badInput('subscriptionParams.startDate must be an ISO-8601 date');

  const trial = asTrialConfig(plan.defaultTrialConfig);
  const inTrial = startsInTrial({
    override: params.trialOverrideConfiguration?.isTrial,
    forceTrial: decision.forceTrial,
    trial,
    pricingType: plan.pricingType,
    trialedProduct: trialedProductIds(customerRepo.subscriptions(db, customerId)).has(plan.productId),
    skipTrial: params.skipTrial,
  });
  const requestedTrialEnd = params.trialOverrideConfiguration?.trialEndDate;
  const trialEndMs = !inTrial ? null : requestedTrialEnd ? Date.parse(requestedTrialEnd) : trialEnd(startMs, trial);
  if (Number.isNaN(trialEndMs)) throw badInput('subscriptionParams.trialOverrideConfiguration.trialEndDate must be an ISO-8601 date');

  const resourceId = params.resourceId ?? null;
  if (!product.multipleSubscriptions || resourceId !== null) {
    // one live subscription per product (and resource): the new one replaces it
    const replaced = customerRepo
      .liveSubscriptions(db, customerId)
      .filter((s) => s.productId === plan.productId && (s.resourceId ?? null) === resourceId);
    customerRepo.cancelSubscriptions(db, replaced.map((s) => s.id), iso(nowMs), 'UpgradeOrDowngrade');
    webhookEventsOf.subscriptionsCanceled(db, nowMs, replaced.map((s) => s.id));
  }

  const id = params.subscriptionId ?? params.refId ?? `subscription-${plan.id}-${randomUUID().slice(0, 6)}`;
  if (catalog.subscription(db, id)) {
    throw new EmulatorError('DuplicatedEntityNotAllowed', `subscription ${id} already exists`, 409, { id });
  }
  const now = iso(nowMs);
  const row: SubscriptionRow = {
    id,
    customerId,
    planId: plan.id,
    productId: plan.productId,
    resourceId,
    status: initialStatus(trialEndMs !== null, startMs, nowMs),
    billingPeriod: period.billingPeriod,
    startDate: iso(startMs),
    endDate: null,
    trialEndDate: trialEndMs === null ? null : iso(trialEndMs),
    cancellationDate: null,
    cancelReason: null,
    addons,
    billableFeatures: params.billableFeatures ?? [],
    metadata: normaliseMetadata(params.additionalMetaData ?? undefined, 'subscriptionParams.additionalMetaData') ?? {},
    createdAt: now,
    updatedAt: now,
  };
  db.insert(subscriptions).values(row).run();
  webhookEventsOf.subscriptionCreated(db, nowMs, row.id);
  return { subscription: row, decisionStrategy: decision.strategy };
}
