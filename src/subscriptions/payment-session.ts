/**
 * Collecting a payment method outside provisioning: createPaymentSession and the checkout widget's
 * checkoutState. Both answer the emulator's checkout page (the page a PAYMENT_REQUIRED provisioning
 * links to) for a "payment method" checkout: paying it gives the customer a payment method and
 * provisions nothing (the widget then provisions with applySubscription / provisionSubscription).
 * One OPEN payment-method checkout per customer and plan is kept and answered again.
 */
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { catalog, type PlanRow, type ResourceView } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { customerRepo, type CustomerRow, type SubscriptionRow } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import { checkouts } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';

/** What a payment-method checkout stores as its request (a provisioning checkout stores SubscriptionParams). */
export const PAYMENT_METHOD_CHECKOUT = 'paymentMethod';

export interface PaymentSessionInput {
  customerId: string;
  planId: string;
  billingCountryCode?: string | null;
}

function liveCustomer(db: Db, customerId: string): CustomerRow {
  if (!customerId) throw badInput('customerId is required');
  const customer = customerRepo.get(db, customerId);
  if (!customer) throw notFound('CustomerNotFound', 'Customer', customerId);
  if (customer.archivedAt) throw new EmulatorError('EntityIsArchivedError', `customer ${customerId} is archived`, 409, { id: customerId });
  return customer;
}

/** The customer's OPEN payment-method checkout for the plan, opened when there is none. */
function paymentCheckout(db: Db, nowMs: number, customer: CustomerRow, plan: PlanRow, billingCountryCode: string | null): string {
  const open = db
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.customerId, customer.id), eq(checkouts.status, 'OPEN')))
    .all()
    .find((c) => {
      const r = c.request as Record<string, unknown>;
      return r.kind === PAYMENT_METHOD_CHECKOUT && r.planId === plan.id;
    });
  if (open) return open.id;
  const id = `checkout-${randomUUID()}`;
  subscriptionRepo.insertCheckout(db, {
    id,
    customerId: customer.id,
    request: { kind: PAYMENT_METHOD_CHECKOUT, customerId: customer.id, planId: plan.id, billingCountryCode },
    status: 'OPEN',
    subscriptionId: null,
    createdAt: iso(nowMs),
    completedAt: null,
  });
  return id;
}

/** createPaymentSession: the checkout id whose page collects the customer's payment method for the plan. */
export function createPaymentSession(env: Environment, nowMs: number, input: PaymentSessionInput): string {
  return env.transaction((db) => {
    const customer = liveCustomer(db, input.customerId);
    const plan = catalog.requirePlan(db, input.planId);
    return paymentCheckout(db, nowMs, customer, plan, input.billingCountryCode ?? null);
  });
}

export interface CheckoutStateInput {
  customerId: string;
  planId: string;
  productId?: string | null;
  resourceId?: string | null;
  billingCountryCode?: string | null;
}

/** The parent of GraphQL `CheckoutState`. */
export interface CheckoutStateView {
  customer: CustomerRow;
  plan: PlanRow;
  /** the customer's live subscription of the plan's product (in the resource), if any */
  activeSubscription: SubscriptionRow | null;
  resource: ResourceView | null;
  checkoutId: string;
}

/**
 * checkoutState: the checkout widget's state for a customer buying a plan: the customer, the plan,
 * the subscription it would replace, and the payment-method checkout (Stigg's setup intent).
 */
export function checkoutState(env: Environment, nowMs: number, input: CheckoutStateInput): CheckoutStateView {
  return env.transaction((db) => {
    const customer = liveCustomer(db, input.customerId);
    const plan = catalog.requirePlan(db, input.planId);
    if (input.productId && input.productId !== plan.productId) throw badInput(`plan ${plan.id} is not a plan of product ${input.productId}`);
    const resourceId = input.resourceId ?? null;
    const activeSubscription =
      customerRepo
        .liveSubscriptions(db, customer.id)
        .find((s) => s.productId === plan.productId && (s.status === 'ACTIVE' || s.status === 'IN_TRIAL') && (s.resourceId ?? null) === resourceId) ?? null;
    const checkoutId = paymentCheckout(db, nowMs, customer, plan, input.billingCountryCode ?? null);
    return {
      customer,
      plan,
      activeSubscription,
      resource: resourceId ? catalog.resource(db, env.id, customer.id, resourceId) : null,
      checkoutId,
    };
  });
}
