/**
 * Which conformance test drives which documented event type. Together the lists are every in-scope
 * type of the catalog (checked in conformance.test.ts); each test asserts that it produced and
 * validated every type of its list.
 */
export const CREDIT_EVENT_TYPES = [
  'credit_grant.created',
  'credit_grant.updated',
  'credit_grant.depleted',
  'credit_grant.expired',
  'credit_grant.balance.low',
  'credit_balance.low',
  'credit_balance.depleted',
  'automatic_recharge.operation.attempted',
  'credits.automatic_recharge_limit_exceeded',
  'automatic_recharge.configuration.changed',
] as const;

export const CORE_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'subscription.expired',
  'subscription.billing_month.ends_soon',
  'subscription.spend_limit.exceeded',
  'subscription.trial_started',
  'subscription.trial_converted',
  'subscription.trial_expired',
  'subscription.trial.ends_soon',
  'entitlement.usage_exceeded',
  'entitlements.updated',
  'promotionalEntitlement.granted',
  'promotionalEntitlement.updated',
  'promotionalEntitlement.revoked',
  'promotionalEntitlement.expired',
  'promotionalEntitlement.ends_soon',
  'measurement.reported',
] as const;

/** The catalog events, sent by the catalog-editing API (REST /api/v1 and GraphQL createOneCoupon): catalog-conformance.test.ts. */
export const CATALOG_EVENT_TYPES = [
  'feature.created',
  'feature.updated',
  'product.created',
  'product.updated',
  'plan.created',
  'plan.updated',
  'plan.deleted',
  'addon.created',
  'addon.deleted',
  'coupon.created',
  'coupon.updated',
] as const;
