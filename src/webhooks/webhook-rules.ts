/**
 * Webhook rules: event type strings, endpoint filters, retry schedule and the payloads (RULES 9).
 * Pure functions of rows and now: the service reads the rows and records the results.
 */
import { currentBillingPeriod } from '../catalog/catalog-rules.js';
import type { CustomerRow, SubscriptionRow } from '../db/repositories/customers.js';
import { iso } from '../time.js';

/**
 * The type strings the emulator sends: every in-scope event of Stigg's catalog
 * (schema/stigg-webhooks.json), spelled as its reference page spells it.
 */
export const WEBHOOK_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'subscription.created',
  'subscription.updated',
  'subscription.trial_started',
  'subscription.trial_converted',
  'subscription.trial_expired',
  'subscription.trial.ends_soon',
  'subscription.billing_month.ends_soon',
  'subscription.canceled',
  'subscription.expired',
  'subscription.spend_limit.exceeded',
  'entitlement.usage_exceeded',
  'entitlements.updated',
  'measurement.reported',
  'promotionalEntitlement.granted',
  'promotionalEntitlement.updated',
  'promotionalEntitlement.revoked',
  'promotionalEntitlement.expired',
  'promotionalEntitlement.ends_soon',
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
  // the catalog (sent by the catalog-editing API: catalog-webhooks.ts)
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

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The EventLogType spelling of a type string: `promotionalEntitlement.granted` -> `PROMOTIONAL_ENTITLEMENT_GRANTED`. */
const eventLogName = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase();

/** EventLogType names -> the type strings of the reference pages (the one name that differs beyond spelling: SPENT). */
const TYPE_OF_EVENT_LOG_NAME: ReadonlyMap<string, string> = new Map([
  ...WEBHOOK_EVENT_TYPES.map((type): [string, string] => [eventLogName(type), type]),
  ['SUBSCRIPTION_SPENT_LIMIT_EXCEEDED', 'subscription.spend_limit.exceeded'],
]);

/**
 * The webhook type string of an event name (RULES 9.5): a GraphQL EventLogType name
 * (`SUBSCRIPTION_TRIAL_ENDS_SOON`) answers the type string Stigg's reference page documents
 * (`subscription.trial.ends_soon`); other names their lower-case dotted form; a name already in
 * dotted form is kept as written.
 */
export function webhookTypeOf(name: string): string {
  if (name.includes('.')) return name;
  const documented = TYPE_OF_EVENT_LOG_NAME.get(name.toUpperCase());
  if (documented) return documented;
  const [head, ...rest] = name.toLowerCase().split('_');
  return rest.length === 0 ? head! : `${head}.${rest.join('_')}`;
}

/** Whether an endpoint with an events filter (null or empty = all) receives an event type. */
export function endpointWants(filter: readonly string[] | null, type: string): boolean {
  if (!filter || filter.length === 0) return true;
  return filter.some((entry) => entry === '*' || webhookTypeOf(entry) === type);
}

/** RULES 9.2: 3 immediate retries, then 3 more every 30 s (delays before each retry). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [0, 0, 0, 30_000, 30_000, 30_000];

/** An endpoint must answer within 30 s (RULES 9.2). */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 30_000;

/** A 2xx answer is a delivery. */
export const isDelivered = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

/** The delay before the next attempt after `attempts` failed ones, or null when retries are exhausted. */
export function nextRetryDelay(delays: readonly number[], attempts: number): number | null {
  return attempts >= 1 && attempts <= delays.length ? delays[attempts - 1]! : null;
}

type Json = Record<string, unknown>;

/** RULES 9.3: flat JSON, the envelope first, then the entity's fields at top level. */
export function envelope(type: string, ids: { messageId: string; traceId: string }, nowMs: number, fields: Json): Json {
  return { type, messageId: ids.messageId, traceId: ids.traceId, timestamp: iso(nowMs), ...fields };
}

/**
 * A customer's fields (customer.* pages). The emulator has no internal ids: `entityId` is the
 * customer id, as GraphQL's `Customer.id` is.
 */
export function customerFields(row: CustomerRow): Json {
  return { entityId: row.id, id: row.id, name: row.name, email: row.email, billingId: row.billingId, metadata: row.metadata };
}

/** The customer object embedded in subscription, promotional and usage events. */
export function embeddedCustomer(row: CustomerRow | null, customerId: string): Json {
  return row ? customerFields(row) : { entityId: customerId, id: customerId };
}

/** The feature object embedded in promotional, usage and entitlement events. */
export function embeddedFeature(feature: { id: string; displayName: string; description?: string | null; featureType: string; meterType: string; units: string | null; unitsPlural: string | null }): Json {
  return {
    id: feature.id,
    name: feature.displayName,
    description: feature.description ?? null,
    featureType: feature.featureType,
    meterType: feature.meterType,
    unit: feature.units,
    units: feature.unitsPlural,
    status: 'ACTIVE',
  };
}

export interface SubscriptionFacts {
  plan: { id: string; displayName: string; description?: string | null; pricingType?: string };
  customer: CustomerRow | null;
  addonNames: ReadonlyMap<string, string>;
}

/** A subscription's fields (the shared object of the subscription.* and trial pages), as they are at `nowMs`. */
export function subscriptionFields(row: SubscriptionRow, facts: SubscriptionFacts, nowMs: number): Json {
  const period = currentBillingPeriod(row, nowMs);
  return {
    entityId: row.id,
    id: row.id,
    status: row.status,
    startDate: row.startDate,
    endDate: row.endDate,
    cancellationDate: row.cancellationDate,
    trialEndDate: row.trialEndDate,
    currentBillingPeriodStart: period.start,
    currentBillingPeriodEnd: period.end,
    billingPeriod: row.billingPeriod,
    isTrialSubscription: row.status === 'IN_TRIAL',
    paymentCollection: 'NOT_REQUIRED',
    resource: row.resourceId === null ? null : { id: row.resourceId },
    plan: { id: facts.plan.id, name: facts.plan.displayName, description: facts.plan.description ?? null, pricingType: facts.plan.pricingType, status: 'PUBLISHED' },
    customer: embeddedCustomer(facts.customer, row.customerId),
    addons: row.addons.map((a) => ({ id: a.addonId, name: facts.addonNames.get(a.addonId) ?? a.addonId, quantity: a.quantity, status: 'PUBLISHED' })),
    metadata: row.metadata,
  };
}

/** The thresholds (percent of the spend limit) whose crossing sends subscription.spend_limit.exceeded (its page: 80 and 100). */
export const SPEND_LIMIT_THRESHOLDS: readonly number[] = [80, 100];

/** The highest spend-limit threshold a change of spend crossed (before below it, after at or above), or null. */
export function crossedSpendThreshold(limit: number, before: number, after: number): number | null {
  if (!(limit > 0)) return null;
  const crossed = SPEND_LIMIT_THRESHOLDS.filter((t) => (before / limit) * 100 < t && (after / limit) * 100 >= t);
  return crossed.length === 0 ? null : Math.max(...crossed);
}

/** The fields subscription.spend_limit.exceeded adds to the subscription's. */
export function spendLimitFields(budget: { limit: number; hasSoftLimit: boolean }, spend: number, threshold: number): Json {
  return {
    spendLimit: budget.limit,
    currentSpend: spend,
    currentSpendPercentage: Math.round((spend / budget.limit) * 10000) / 100,
    thresholdPercentage: threshold,
    isSoftLimit: budget.hasSoftLimit,
  };
}

/** An entitlement as entitlements.updated and subscription.billing_month.ends_soon list it (the pages' examples). */
export interface EntitlementFacts {
  feature: Parameters<typeof embeddedFeature>[0] | null;
  featureId: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  currentUsage: number | null;
  enumValues: string[] | null;
  resetPeriod: string | null;
  resetPeriodConfiguration: { accordingTo: string } | null;
  usagePeriodAnchor: string | null;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
}

export function entitlementItem(e: EntitlementFacts): Json {
  return {
    feature: e.feature ? embeddedFeature(e.feature) : { id: e.featureId },
    usageLimit: e.usageLimit,
    hasUnlimitedUsage: e.hasUnlimitedUsage,
    hasSoftLimit: e.hasSoftLimit,
    currentUsage: e.currentUsage ?? 0,
    usagePeriodAnchor: e.usagePeriodAnchor,
    usagePeriodStart: e.usagePeriodStart,
    usagePeriodEnd: e.usagePeriodEnd,
    resetPeriod: e.resetPeriod,
    resetPeriodConfiguration: e.resetPeriodConfiguration,
    enumValues: e.enumValues,
  };
}

/**
 * What makes two entitlement lists the same for entitlements.updated: the features and their
 * limits, not the usage counted against them (usage has measurement.reported).
 */
export function entitlementsDigest(items: readonly EntitlementFacts[]): string {
  return JSON.stringify(
    items.map((e) => [e.featureId, e.usageLimit, e.hasUnlimitedUsage, e.hasSoftLimit, e.enumValues, e.resetPeriod, e.resetPeriodConfiguration?.accordingTo ?? null]),
  );
}

/** Whether entitlements.updated is due: the digest differs from the one last announced (a customer never announced counts as having none). */
export const entitlementsChanged = (lastDigest: string | null, digest: string, count: number): boolean => (lastDigest === null ? count > 0 : lastDigest !== digest);

/** entitlements.updated's `trigger`: the event that changed them, in the page's spelling (`subscription_updated`). */
export const entitlementsTrigger = (type: string): string => eventLogName(type).toLowerCase();

/** The fields of entitlements.updated. */
export function entitlementsUpdatedFields(items: readonly EntitlementFacts[], facts: { trigger: string; customer: CustomerRow | null; customerId: string; resourceId: string | null; environmentId: string | null; nowMs: number }): Json {
  return {
    trigger: facts.trigger,
    customer: embeddedCustomer(facts.customer, facts.customerId),
    resource: facts.resourceId === null ? null : { id: facts.resourceId },
    entitlements: items.map(entitlementItem),
    environmentId: facts.environmentId,
    entitlementsUpdatedAt: iso(facts.nowMs),
    actor: { type: 'SYSTEM' },
  };
}

/** The events of a subscription created by provisioning: created, and trial_started when it starts in a trial. */
export function subscriptionCreatedTypes(row: Pick<SubscriptionRow, 'status'>): WebhookEventType[] {
  return row.status === 'IN_TRIAL' ? ['subscription.created', 'subscription.trial_started'] : ['subscription.created'];
}

export interface PromotionFacts {
  isVisible?: boolean;
  customerId: string;
  featureId: string;
  period: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  resetPeriod?: string | null;
  resetPeriodConfiguration?: { accordingTo: string } | null;
  startDate: string;
  endDate: string | null;
  status: string;
}

const PERIOD_TEXT: Record<string, string> = {
  ONE_WEEK: '1 week',
  ONE_MONTH: '1 month',
  SIX_MONTH: '6 months',
  ONE_YEAR: '1 year',
  LIFETIME: 'lifetime',
  CUSTOM: 'custom',
};

/** RULES 5.5: a promotional grant's fields (`promotionalEntitlement.*` events). */
export function promotionFields(
  grant: PromotionFacts,
  feature: Parameters<typeof embeddedFeature>[0] | null,
  customer: CustomerRow | null,
): Json {
  return {
    id: `${grant.customerId}:${grant.featureId}`,
    status: grant.status,
    feature: feature ? embeddedFeature(feature) : { id: grant.featureId },
    customer: embeddedCustomer(customer, grant.customerId),
    hasUnlimitedUsage: grant.hasUnlimitedUsage,
    usageLimit: grant.usageLimit,
    resetPeriod: grant.resetPeriod ?? null,
    resetPeriodConfiguration: grant.resetPeriodConfiguration ?? null,
    isVisible: grant.isVisible ?? true,
    period: PERIOD_TEXT[grant.period] ?? grant.period,
    endDate: grant.endDate,
  };
}

/** The usage thresholds (percent of the limit) whose crossing emits entitlement.usage_exceeded (choice). */
export const USAGE_THRESHOLDS: readonly number[] = [80, 100];

/**
 * E102: the highest threshold a measurement crossed (usage before below it, after at or above it),
 * null when it crossed none or the entitlement has no finite limit.
 */
export function crossedThreshold(before: number, after: number, usageLimit: number | null, hasUnlimitedUsage: boolean, thresholds: readonly number[] = USAGE_THRESHOLDS): number | null {
  if (hasUnlimitedUsage || usageLimit === null || usageLimit <= 0) return null;
  const pct = (v: number) => (v / usageLimit) * 100;
  const crossed = thresholds.filter((t) => pct(before) < t && pct(after) >= t);
  return crossed.length === 0 ? null : Math.max(...crossed);
}

export interface UsageFacts {
  customerId: string;
  resourceId: string | null;
  currentUsage: number;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  resetPeriod: string | null;
  resetPeriodConfiguration: { accordingTo: string } | null;
  usagePeriodAnchor: string | null;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
}

type FeatureFacts = Parameters<typeof embeddedFeature>[0];
type ActiveSubscription = { id: string; startDate: string; plan: { id: string; name: string } };

/** The usage state shared by entitlement.usage_exceeded and measurement.reported. */
function usageState(usage: UsageFacts, feature: FeatureFacts, customer: CustomerRow | null, activeSubscriptions: ActiveSubscription[]): Json {
  return {
    usageUsedPercentage: usage.usageLimit ? Math.round((usage.currentUsage / usage.usageLimit) * 10000) / 100 : null,
    currentUsage: usage.currentUsage,
    hasUnlimitedUsage: usage.hasUnlimitedUsage,
    usageLimit: usage.usageLimit,
    usagePeriodAnchor: usage.usagePeriodAnchor,
    usagePeriodStart: usage.usagePeriodStart,
    usagePeriodEnd: usage.usagePeriodEnd,
    resetPeriod: usage.resetPeriod,
    resetPeriodConfiguration: usage.resetPeriodConfiguration,
    feature: embeddedFeature(feature),
    customer: embeddedCustomer(customer, usage.customerId),
    resource: usage.resourceId === null ? null : { id: usage.resourceId },
    activeSubscriptions,
  };
}

/** RULES 9.3: the fields of entitlement.usage_exceeded. */
export function usageExceededFields(usage: UsageFacts, threshold: number, feature: FeatureFacts, customer: CustomerRow | null, activeSubscriptions: ActiveSubscription[]): Json {
  return { thresholdPercentage: threshold, hasSoftLimit: usage.hasSoftLimit, ...usageState(usage, feature, customer, activeSubscriptions) };
}

/** The fields of measurement.reported: the change a measurement made (after minus before) and the usage after it. */
export function measurementReportedFields(usage: UsageFacts, change: number, feature: FeatureFacts, customer: CustomerRow | null, activeSubscriptions: ActiveSubscription[]): Json {
  return { currentChange: change, ...usageState(usage, feature, customer, activeSubscriptions) };
}
