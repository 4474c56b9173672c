/**
 * Transfers (RULES 2.2.5, 2.8.11): transferSubscription, transferSubscriptionToResource and
 * delegateSubscriptionToCustomer. The rules decide (transfer-rules.ts); each command applies the
 * decision in one transaction and records `subscription.updated` for every subscription it moved.
 * Realtime entitlement updates follow from the change (both the old and the new customer and
 * resource are notified). Usage stays where it was reported (customer and resource). A free
 * subscription of the product where a subscription lands is replaced (subscription.canceled).
 */
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { customerRepo } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { checkLanding, decideDelegation, decideResourceTransfer, type LandingFacts } from './transfer-rules.js';
import { validateBillableFeatures } from './subscription-rules.js';
import { endSubscription } from './subscription-writes.js';

function requireCustomer(db: Db, customerId: string | null | undefined, field: string): void {
  if (!customerId) throw badInput(`${field} is required`);
  const customer = customerRepo.get(db, customerId);
  if (!customer) throw notFound('CustomerNotFound', 'Customer', customerId);
  if (customer.archivedAt) throw new EmulatorError('EntityIsArchivedError', `customer ${customerId} is archived`, 409, { id: customerId });
}

function requireSubscription(db: Db, subscriptionId: string | null | undefined): SubscriptionRow {
  if (!subscriptionId) throw badInput('subscriptionId is required');
  const sub = subscriptionRepo.get(db, subscriptionId);
  if (!sub) throw notFound('SubscriptionNotFound', 'Subscription', subscriptionId);
  return sub;
}

/** The facts of where a subscription of `productId` would land: the customer's live ones of the product there, `moving` excluded. */
function landing(db: Db, customerId: string, productId: string, resourceId: string | null, moving: ReadonlySet<string>): LandingFacts {
  const multipleSubscriptions = catalog.product(db, productId)?.multipleSubscriptions ?? false;
  const live = multipleSubscriptions ? subscriptionRepo.liveOf(db, customerId, productId, resourceId) : subscriptionRepo.liveOfProduct(db, customerId, productId);
  const occupiedBy = live.filter((s) => !moving.has(s.id)).map((s) => ({ id: s.id, free: catalog.plan(db, s.planId)?.pricingType === 'FREE' }));
  return { multipleSubscriptions, occupiedBy };
}

/** The free subscriptions a moved one replaces end now, as a plan change with nothing after (E17). */
function endReplaced(db: Db, nowMs: number, ids: readonly string[]): void {
  for (const id of new Set(ids)) {
    const row = subscriptionRepo.get(db, id);
    if (row) endSubscription(db, nowMs, row, { atMs: nowMs, reason: 'UpgradeOrDowngrade', action: 'NONE' });
  }
}

function moveToResource(db: Db, nowMs: number, subs: readonly SubscriptionRow[], destinationResourceId: string | null): void {
  const moving = new Set(subs.map((s) => s.id));
  const replaced = subs.flatMap((sub) => checkLanding(sub, destinationResourceId, landing(db, sub.customerId, sub.productId, destinationResourceId, moving)));
  endReplaced(db, nowMs, replaced);
  for (const sub of subs) {
    subscriptionRepo.update(db, sub.id, { resourceId: destinationResourceId, updatedAt: iso(nowMs) });
    webhookEventsOf.subscription(db, nowMs, 'subscription.updated', sub.id);
  }
}

export interface TransferSubscriptionInput {
  customerId: string;
  sourceResourceId: string;
  destinationResourceId: string;
}

/**
 * transferSubscription: every live subscription of the customer's source resource moves to the
 * destination resource; answers the earliest created of them.
 */
export function transferSubscription(env: Environment, nowMs: number, input: TransferSubscriptionInput): SubscriptionRow {
  return env.transaction((db) => {
    requireCustomer(db, input.customerId, 'customerId');
    const liveOnSource = customerRepo
      .liveSubscriptions(db, input.customerId)
      .filter((s) => s.resourceId === input.sourceResourceId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const subs = decideResourceTransfer({ sourceResourceId: input.sourceResourceId, destinationResourceId: input.destinationResourceId, liveOnSource });
    moveToResource(db, nowMs, liveOnSource.filter((s) => subs.some((m) => m.id === s.id)), input.destinationResourceId);
    return subscriptionRepo.get(db, subs[0]!.id)!;
  });
}

export interface TransferToResourceInput {
  subscriptionId: string;
  destinationResourceId?: string | null;
}

/** transferSubscriptionToResource: one subscription moves to a resource of its customer (or to none, for a single-subscription product). */
export function transferSubscriptionToResource(env: Environment, nowMs: number, input: TransferToResourceInput): SubscriptionRow {
  return env.transaction((db) => {
    const sub = requireSubscription(db, input.subscriptionId);
    const destination = input.destinationResourceId ?? null;
    if (destination !== null && destination === sub.resourceId) throw badInput(`subscription ${sub.id} is already on resource ${destination}`);
    moveToResource(db, nowMs, [sub], destination);
    return subscriptionRepo.get(db, sub.id)!;
  });
}

export interface DelegationInput {
  subscriptionId: string;
  destinationCustomerId?: string | null;
  unitQuantity?: number | null;
  trialEndBehavior?: string | null;
}

/**
 * delegateSubscriptionToCustomer: the subscription moves to the destination customer, who gets its
 * entitlements; the payer stays (payingCustomerId). With unitQuantity the per-unit quantity is set
 * (as updateSubscription's unitQuantity); with trialEndBehavior the trial's end behaviour.
 */
export function delegateSubscriptionToCustomer(env: Environment, nowMs: number, input: DelegationInput): SubscriptionRow {
  return env.transaction((db) => {
    const sub = requireSubscription(db, input.subscriptionId);
    requireCustomer(db, input.destinationCustomerId, 'destinationCustomerId');
    const destination = input.destinationCustomerId!;
    const decision = decideDelegation(sub, destination, landing(db, destination, sub.productId, sub.resourceId, new Set([sub.id])));
    const patch: Partial<SubscriptionRow> = { ...decision.patch, updatedAt: iso(nowMs) };
    if (input.unitQuantity !== null && input.unitQuantity !== undefined) {
      const plan = catalog.subscriptionPlan(db, sub) ?? catalog.requirePlan(db, sub.planId);
      patch.billableFeatures = validateBillableFeatures([], plan.prices, sub.billingPeriod, input.unitQuantity);
    }
    if (input.trialEndBehavior) patch.trialEndBehavior = input.trialEndBehavior;
    endReplaced(db, nowMs, decision.replaced);
    subscriptionRepo.update(db, sub.id, patch);
    webhookEventsOf.subscription(db, nowMs, 'subscription.updated', sub.id);
    return subscriptionRepo.get(db, sub.id)!;
  });
}
