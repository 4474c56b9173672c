/**
 * Transfer rules (RULES 2.2.5, 2.8.11): pure decisions about moving subscriptions between the
 * resources of a customer (transferSubscription, transferSubscriptionToResource) and handing a
 * subscription to another customer while its payer stays (delegateSubscriptionToCustomer).
 * transfer-service.ts reads the facts and applies what these decide in one transaction.
 */
import { badInput, EmulatorError } from '../errors.js';

/** What the rules need of a subscription being moved. */
export interface MovingFacts {
  id: string;
  status: string;
  productId: string;
  customerId: string;
  resourceId: string | null;
  payingCustomerId: string | null;
}

/** Where a subscription would land: whether its product allows several subscriptions, and what already runs there. */
export interface LandingFacts {
  multipleSubscriptions: boolean;
  /** live subscriptions of the product at the destination (same resource on a multiple-subscriptions product), the moving ones excluded */
  occupiedBy: { id: string; free: boolean }[];
}

const ENDED = new Set(['CANCELED', 'EXPIRED']);

/** An ended subscription is not transferred or delegated. */
export function requireLive(sub: MovingFacts): void {
  if (ENDED.has(sub.status)) throw new EmulatorError('InvalidSubscriptionStatus', `subscription ${sub.id} is ${sub.status}`);
}

/**
 * Moving subscriptions to a resource (or to no resource): a product with multiple subscriptions
 * needs a resource (E31). A free subscription of the product at the destination is replaced (the
 * SDK: "destinationResourceId must have a free active subscription"), ended at once as a plan
 * change; a paid or custom one refuses the move (one per customer, product and resource:
 * TooManySubscriptionsPerCustomer). Answers the subscriptions to end.
 */
export function checkLanding(sub: MovingFacts, destinationResourceId: string | null, landing: LandingFacts): string[] {
  requireLive(sub);
  if (landing.multipleSubscriptions && destinationResourceId === null) {
    throw badInput(`product ${sub.productId} allows multiple subscriptions: a destination resource is required`);
  }
  const blocking = landing.occupiedBy.find((o) => !o.free);
  if (blocking) {
    const where = destinationResourceId === null ? 'without a resource' : `on resource ${destinationResourceId}`;
    throw new EmulatorError('TooManySubscriptionsPerCustomer', `subscription ${blocking.id} of product ${sub.productId} already runs ${where}`);
  }
  return landing.occupiedBy.map((o) => o.id);
}

/**
 * transferSubscription: the live subscriptions of the customer's source resource move to the
 * destination resource. The source must hold one (CustomerResourceNotFound); source and
 * destination differ.
 */
export function decideResourceTransfer(input: { sourceResourceId: string; destinationResourceId: string; liveOnSource: readonly MovingFacts[] }): MovingFacts[] {
  if (!input.sourceResourceId || !input.destinationResourceId) throw badInput('sourceResourceId and destinationResourceId are required');
  if (input.sourceResourceId === input.destinationResourceId) throw badInput('sourceResourceId and destinationResourceId must differ');
  if (input.liveOnSource.length === 0) {
    throw new EmulatorError('CustomerResourceNotFound', `the customer has no live subscription on resource ${input.sourceResourceId}`, 404, { id: input.sourceResourceId });
  }
  return [...input.liveOnSource];
}

/**
 * delegateSubscriptionToCustomer: the subscription (and with it its entitlements) moves to the
 * destination customer; the customer who paid for it keeps paying (payingCustomerId). Delegating it
 * back to its payer makes the payer its customer again (no separate payer). The destination's
 * subscriptions of the product land as in checkLanding.
 */
export function decideDelegation(
  sub: MovingFacts,
  destinationCustomerId: string,
  landing: LandingFacts,
): { patch: { customerId: string; payingCustomerId: string | null }; replaced: string[] } {
  requireLive(sub);
  if (destinationCustomerId === sub.customerId) throw badInput(`subscription ${sub.id} already belongs to customer ${destinationCustomerId}`);
  const replaced = checkLanding(sub, sub.resourceId, landing);
  const payer = sub.payingCustomerId ?? sub.customerId;
  return { patch: { customerId: destinationCustomerId, payingCustomerId: payer === destinationCustomerId ? null : payer }, replaced };
}
