/**
 * Webhook rules: event type strings, endpoint filters, retry schedule and the payloads (RULES 9).
 * Pure functions of rows and now: the service reads the rows and records the results.
 */
import { currentBillingPeriod } from '../catalog/catalog-rules.js';
import type { CustomerRow, SubscriptionRow } from '../db/repositories/customers.js';
import { iso } from '../time.js';

/** The events the emulator emits today. */
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
  'subscription.spent_limit_exceeded',
  'promotionalEntitlement.granted',
  'promotionalEntitlement.updated',
  'promotionalEntitlement.revoked',
  'promotionalEntitlement.expired',
  'entitlement.usage_exceeded',
  'credit_grant.created',
  'credit_grant.voided',
  'credit_grant.depleted',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The webhook type string of an event name (RULES 9.5, "silent" 5): lower-case dotted form of
 * Stigg's EventLogType (`SUBSCRIPTION_TRIAL_STARTED` -> `subscription.trial_started`); a name
 * already in dotted form is kept as written.
 */
export function webhookTypeOf(name: string): string {
  if (name.includes('.')) return name;
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
 * A customer's fields. The emulator has no internal ids: `entityId` is the customer id, as
 * GraphQL's `Customer.id` is.
 */
export function customerFields(row: CustomerRow): Json {
  return {
    id: row.id,
    entityId: row.id,
    name: row.name,
    email: row.email,
    billingId: row.billingId,
    metadata: row.metadata,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface SubscriptionFacts {
  plan: { id: string; displayName: string };
  customer: CustomerRow | null;
  addonNames: ReadonlyMap<string, string>;
}

/** A subscription's fields (those of RULES 9.3 the emulator has), as they are at `nowMs`. */
export function subscriptionFields(row: SubscriptionRow, facts: SubscriptionFacts, nowMs: number): Json {
  const period = currentBillingPeriod(row, nowMs);
  const effectiveEnd = row.endDate;
  return {
    id: row.id,
    entityId: row.id,
    status: row.status,
    startDate: row.startDate,
    endDate: row.endDate,
    effectiveEndDate: effectiveEnd,
    cancellationDate: row.cancellationDate,
    cancelReason: row.cancelReason,
    trialEndDate: row.trialEndDate,
    currentBillingPeriodStart: period.start,
    currentBillingPeriodEnd: period.end,
    billingPeriod: row.billingPeriod,
    isTrialSubscription: row.status === 'IN_TRIAL',
    paymentCollection: 'NOT_REQUIRED',
    resource: row.resourceId === null ? null : { id: row.resourceId },
    plan: { id: facts.plan.id, name: facts.plan.displayName },
    customer: facts.customer
      ? { id: facts.customer.id, entityId: facts.customer.id, name: facts.customer.name, email: facts.customer.email }
      : { id: row.customerId, entityId: row.customerId, name: null, email: null },
    addons: row.addons.map((a) => ({ id: a.addonId, name: facts.addonNames.get(a.addonId) ?? a.addonId, quantity: a.quantity })),
    metadata: row.metadata,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
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
export function promotionFields(grant: PromotionFacts, feature: { id: string; displayName: string; featureType: string } | null, customer: CustomerRow | null): Json {
  return {
    id: `${grant.customerId}:${grant.featureId}`,
    status: grant.status,
    feature: feature ? { id: feature.id, name: feature.displayName, featureType: feature.featureType } : { id: grant.featureId },
    customer: customer ? { id: customer.id, entityId: customer.id, name: customer.name, email: customer.email } : { id: grant.customerId, entityId: grant.customerId },
    hasUnlimitedUsage: grant.hasUnlimitedUsage,
    hasSoftLimit: grant.hasSoftLimit,
    usageLimit: grant.usageLimit,
    isVisible: grant.isVisible ?? true,
    period: PERIOD_TEXT[grant.period] ?? grant.period,
    startDate: grant.startDate,
    endDate: grant.endDate,
  };
}

/** A credit grant as a webhook carries it (the grant's stored fields, its status and remaining credits at the event). */
export interface CreditGrantFacts {
  id: string;
  customerId: string;
  currencyId: string;
  resourceId: string;
  grantType: string;
  amount: number;
  consumed: number;
  priority: number;
  displayName: string;
  comment: string | null;
  cost: { amount: number; currency: string } | null;
  metadata: Record<string, unknown> | null;
  effectiveAt: string;
  expireAt: string | null;
  voidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** credit_grant.* (names from Stigg's CREDIT_GRANT_CREATED / VOIDED / DEPLETED; fields chosen: the grant as the API lists it). */
export function creditGrantFields(grant: CreditGrantFacts, facts: { status: string; remaining: number; customer: CustomerRow | null }): Json {
  const { customer } = facts;
  return {
    id: grant.id,
    grantId: grant.id,
    customer: customer ? { id: customer.id, entityId: customer.id, name: customer.name, email: customer.email } : { id: grant.customerId, entityId: grant.customerId },
    resourceId: grant.resourceId || null,
    currencyId: grant.currencyId,
    grantType: grant.grantType,
    status: facts.status,
    amount: grant.amount,
    consumedAmount: grant.consumed,
    remainingAmount: facts.remaining,
    priority: grant.priority,
    displayName: grant.displayName,
    comment: grant.comment,
    cost: grant.cost,
    metadata: grant.metadata,
    effectiveAt: grant.effectiveAt,
    expireAt: grant.expireAt,
    voidedAt: grant.voidedAt,
    createdAt: grant.createdAt,
    updatedAt: grant.updatedAt,
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

/** RULES 9.3: the fields of entitlement.usage_exceeded. */
export function usageExceededFields(
  usage: UsageFacts,
  threshold: number,
  feature: { id: string; displayName: string; featureType: string; meterType: string; units: string | null; unitsPlural: string | null },
  customer: CustomerRow | null,
  activeSubscriptions: { id: string; startDate: string; plan: { id: string; name: string } }[],
): Json {
  return {
    thresholdPercentage: threshold,
    usageUsedPercentage: usage.usageLimit ? Math.round((usage.currentUsage / usage.usageLimit) * 10000) / 100 : null,
    currentUsage: usage.currentUsage,
    hasUnlimitedUsage: usage.hasUnlimitedUsage,
    hasSoftLimit: usage.hasSoftLimit,
    usageLimit: usage.usageLimit,
    usagePeriodAnchor: usage.usagePeriodAnchor,
    usagePeriodStart: usage.usagePeriodStart,
    usagePeriodEnd: usage.usagePeriodEnd,
    resetPeriod: usage.resetPeriod,
    resetPeriodConfiguration: usage.resetPeriodConfiguration,
    feature: { id: feature.id, name: feature.displayName, featureType: feature.featureType, meterType: feature.meterType, unit: feature.units, units: feature.unitsPlural },
    customer: customer ? { entityId: customer.id, id: customer.id, name: customer.name, email: customer.email } : { entityId: usage.customerId, id: usage.customerId },
    resource: usage.resourceId === null ? null : { id: usage.resourceId },
    activeSubscriptions,
  };
}
