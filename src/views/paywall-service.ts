/** The paywall: a product's plans (or every product's) for a widget, with the customer's current subscriptions. */
import { getActiveCustomer } from '../customers/customer-service.js';
import type { Environment } from '../environments/environment.js';
import { catalog, type CustomerRow, type PlanRow, type ResourceView, type SubscriptionRow } from '../catalog/catalog-service.js';

export interface GetPaywallInput {
  productId?: string | null;
  customerId?: string | null;
  resourceId?: string | null;
  billingCountryCode?: string | null;
  includeHiddenPlans?: boolean | null;
  context?: string | null;
  fetchAllCountriesPrices?: boolean | null;
}

/** The parent of GraphQL `Paywall`. */
export interface PaywallView {
  plans: PlanRow[];
  customer: CustomerRow | null;
  activeSubscriptions: SubscriptionRow[] | null;
  resource: ResourceView | null;
  billingCountryCode: string | null;
}

const ACTIVE = new Set(['ACTIVE', 'IN_TRIAL']);

/**
 * Plans of the product (all products when none is given) in catalog order. With a customer: the
 * customer (CustomerNotFound when unknown or archived) and its ACTIVE/IN_TRIAL subscriptions of
 * those plans' products, for the given resource (or the subscriptions without a resource).
 * Plans are never hidden from widgets in the emulator, so includeHiddenPlans changes nothing.
 */
export function getPaywall(env: Environment, input: GetPaywallInput): PaywallView {
  const db = env.db;
  if (input.productId) catalog.requireProduct(db, input.productId);
  const plans = catalog.plans(db, input.productId ?? null);
  if (!input.customerId) {
    return { plans, customer: null, activeSubscriptions: null, resource: null, billingCountryCode: input.billingCountryCode ?? null };
  }
  const customer = getActiveCustomer(env, input.customerId);
  const resourceId = input.resourceId ?? null;
  const activeSubscriptions = catalog
    .customerSubscriptions(db, customer.id)
    .filter((s) => ACTIVE.has(s.status) && s.resourceId === resourceId && (!input.productId || s.productId === input.productId));
  return {
    plans,
    customer,
    activeSubscriptions,
    resource: resourceId ? catalog.resource(db, env.id, customer.id, resourceId) : null,
    billingCountryCode: input.billingCountryCode ?? null,
  };
}

/** The parent of GraphQL `MockPaywall`: the paywall's plans as a preview, without a customer. */
export interface MockPaywallView {
  plans: PlanRow[];
  configuration: null;
}

/**
 * mockPaywall: the plans of the product (all products when none is given) in catalog order, as the
 * paywall widget previews them (no customer, no subscriptions). The emulator stores no paywall
 * styling, so configuration is null.
 */
export function getMockPaywall(env: Environment, input: GetPaywallInput): MockPaywallView {
  if (input.productId) catalog.requireProduct(env.db, input.productId);
  return { plans: catalog.plans(env.db, input.productId ?? null), configuration: null };
}
