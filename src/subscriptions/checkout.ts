/** Checkout: paid checkouts (payment sessions), and the customer's payment method. */
import { mergeBillingInformation, type PaymentMethodDetails } from '../customers/customer-rules.js';
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { provisionInTransaction } from './provisioning.js';
import type { SubscriptionParams } from './subscription-writes.js';


/** A payment method attached to a customer: its id in the billing provider, and what is known of it. */
export interface AttachPaymentMethodInput {
  paymentMethodId: string;
  /** the billing integration it belongs to (the emulator has none to check it against) */
  integrationId?: string | null;
  /** the customer's billing currency (CustomerBillingInfo.currency, e.g. USD) */
  currency?: string | null;
  details?: Partial<Omit<PaymentMethodDetails, 'billingId'>> | null;
}

/**
 * Attach a payment method: the customer has one from now on (paid plans no longer wait for a
 * checkout), recorded in its billing information with what is known of it.
 */
export function attachPaymentMethod(env: Environment, nowMs: number, customerId: string, input: AttachPaymentMethodInput): CustomerRow {
  return env.transaction((db) => {
    const customer = customerRepo.get(db, customerId);
    if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', customerId);
    const billingInformation = mergeBillingInformation(customer.billingInformation, {
      paymentMethodId: input.paymentMethodId,
      integrationId: input.integrationId ?? undefined,
      currency: input.currency ?? undefined,
      defaultPaymentMethod: { billingId: input.paymentMethodId, type: 'CARD', ...(input.details ?? {}) },
    });
    customerRepo.update(db, customerId, { hasPaymentMethod: true, billingInformation, updatedAt: iso(nowMs) });
    webhookEventsOf.customerUpdated(db, nowMs, customerId);
    return customerRepo.get(db, customerId)!;
  });
}

/**
 * detachCustomerPaymentMethod: the customer no longer has a payment method; the rest of its
 * billing information (currency, language, addresses) stays.
 */
export function detachPaymentMethod(env: Environment, nowMs: number, customerId: string): CustomerRow {
  return env.transaction((db) => {
    const customer = customerRepo.get(db, customerId);
    if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', customerId);
    const billingInformation = mergeBillingInformation(customer.billingInformation, { paymentMethodId: null, defaultPaymentMethod: null });
    customerRepo.update(db, customerId, { hasPaymentMethod: false, billingInformation, updatedAt: iso(nowMs) });
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

