/** Checkout: paid checkouts (payment sessions), and the customer's payment method. */
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { provisionInTransaction } from './provisioning.js';
import type { SubscriptionParams } from './subscription-writes.js';


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

