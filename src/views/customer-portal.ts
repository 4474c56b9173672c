/**
 * customerPortal: what the customer portal widget shows a customer: its live subscriptions (with
 * prices, totals, add-ons, scheduled changes and the next invoice, from the pricing module), its
 * entitlements, promotional entitlements and billing information. Reads only.
 */
import { catalog, type CustomerRow, type PlanRow, type ResourceView, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { customerRepo } from '../db/repositories/customers.js';
import type { Environment } from '../environments/environment.js';
import { EmulatorError, notFound } from '../errors.js';
import { planDirection } from '../subscriptions/subscription-rules.js';
import { customerView } from './customer-view.js';

export interface CustomerPortalInput {
  customerId: string;
  productId?: string | null;
  resourceId?: string | null;
}

/** The parent of GraphQL `CustomerPortal`. */
export interface CustomerPortalView {
  customer: CustomerRow;
  resourceId: string | null;
  subscriptions: SubscriptionRow[];
  promotionalEntitlements: ReturnType<ReturnType<typeof customerView>['activePromotionalEntitlements']>;
  canUpgradeSubscription: boolean;
  resource: ResourceView | null;
}

const LIVE = new Set(['ACTIVE', 'IN_TRIAL']);

/** Whether a plan of the subscription's product is an upgrade of its plan (the portal's "upgrade" button). */
function canUpgrade(db: Db, sub: SubscriptionRow): boolean {
  const current = catalog.plan(db, sub.planId);
  if (!current) return false;
  const plans = catalog.plansById(db, sub.productId);
  return [...plans.values()].some((target: PlanRow) => planDirection(current, target, plans) === 'UPGRADE');
}

/**
 * The customer's ACTIVE and IN_TRIAL subscriptions (of the product when given) in the resource
 * (those without a resource when none is given). Upgrading is possible when a subscription's
 * product has a plan above its plan, or, without a subscription, when the catalog has a paid plan.
 */
export function customerPortal(env: Environment, nowMs: number, input: CustomerPortalInput): CustomerPortalView {
  const db = env.db;
  const customer = customerRepo.get(db, input.customerId);
  if (!customer) throw notFound('CustomerNotFound', 'Customer', input.customerId);
  if (customer.archivedAt) throw new EmulatorError('EntityIsArchivedError', `customer ${customer.id} is archived`, 409, { id: customer.id });
  if (input.productId) catalog.requireProduct(db, input.productId);
  const resourceId = input.resourceId ?? null;
  const subscriptions = customerRepo
    .subscriptions(db, customer.id)
    .filter((s) => LIVE.has(s.status) && (s.resourceId ?? null) === resourceId && (!input.productId || s.productId === input.productId))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const upgradable =
    subscriptions.length > 0
      ? subscriptions.some((s) => canUpgrade(db, s))
      : catalog.plans(db, input.productId ?? null).some((p) => p.pricingType === 'PAID');
  return {
    customer,
    resourceId,
    subscriptions,
    promotionalEntitlements: customerView(db, customer, nowMs).activePromotionalEntitlements().filter((p) => p.isVisible),
    canUpgradeSubscription: upgradable,
    resource: resourceId ? catalog.resource(db, env.id, customer.id, resourceId) : null,
  };
}
