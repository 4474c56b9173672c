/**
 * The tables of one environment's database. Ids are the ids users pass to the SDKs (Stigg's refIds).
 * Times are ISO strings written by services from the environment clock: no database-side defaults.
 * Instant columns (`instant(...)`) hold INTEGER epoch milliseconds, read and written as ISO strings
 * (instant-column.ts); period keys (`period_start`) and `source_key` are text.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant } from './instant-column.js';

export * from './schema-governance.js';

type Json = Record<string, unknown>;
/** Key/value facts of the environment: clock state, billing settings, declared keys. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
});

export const features = sqliteTable('features', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  featureType: text('feature_type').notNull(),
  meterType: text('meter_type').notNull(),
  units: text('units'),
  unitsPlural: text('units_plural'),
  enumValues: text('enum_values', { mode: 'json' }).$type<{ value: string; displayName: string }[]>().notNull(),
  meter: text('meter', { mode: 'json' }).$type<Json | null>(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  /** FeatureStatus NEW, ACTIVE or SUSPENDED (archived); unitTransformation { divide, round, featureUnits, featureUnitsPlural } is stored and answered, not applied */
  status: text('status').notNull().default('ACTIVE'),
  unitTransformation: text('unit_transformation', { mode: 'json' }).$type<Json | null>(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const products = sqliteTable('products', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  multipleSubscriptions: integer('multiple_subscriptions', { mode: 'boolean' }).notNull(),
  customerJourney: text('customer_journey', { mode: 'json' }).$type<Json>().notNull(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  status: text('status').notNull().default('PUBLISHED'), // ProductStatus: PUBLISHED or ARCHIVED
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** PackageStatus (PUBLISHED for fixtures; DRAFT: never published; ARCHIVED) and the pending draft of the next version (its prices and entitlements). */
const packageState = { status: text('status').notNull().default('PUBLISHED'), draft: text('draft', { mode: 'json' }).$type<{ prices: Json[]; entitlements: Json[]; createdAt: string } | null>(), billingId: text('billing_id') };
export const plans = sqliteTable('plans', {
  id: text('id').primaryKey(),
  productId: text('product_id').notNull(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  pricingType: text('pricing_type').notNull(),
  basePlanId: text('base_plan_id'),
  defaultTrialConfig: text('default_trial_config', { mode: 'json' }).$type<Json | null>(),
  compatibleAddonIds: text('compatible_addon_ids', { mode: 'json' }).$type<string[]>().notNull(),
  prices: text('prices', { mode: 'json' }).$type<Json[]>().notNull(),
  entitlements: text('entitlements', { mode: 'json' }).$type<Json[]>().notNull(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  position: integer('position').notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
  /** the latest published version (prices and entitlements above are this version's) */
  versionNumber: integer('version_number').notNull().default(1),
  /** the versions published before the latest, oldest first: what subscriptions not yet migrated stand on */
  earlierVersions: text('earlier_versions', { mode: 'json' }).$type<PlanVersionFacts[]>().notNull().default([]),
  ...packageState,
});

/** A published version of a plan: its prices and entitlements. */
export interface PlanVersionFacts {
  versionNumber: number;
  prices: Json[];
  entitlements: Json[];
}

export const addons = sqliteTable('addons', {
  id: text('id').primaryKey(),
  productId: text('product_id').notNull(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  maxQuantity: integer('max_quantity'),
  dependencies: text('dependencies', { mode: 'json' }).$type<string[]>().notNull(),
  prices: text('prices', { mode: 'json' }).$type<Json[]>().notNull(),
  entitlements: text('entitlements', { mode: 'json' }).$type<Json[]>().notNull(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
  versionNumber: integer('version_number').notNull().default(1),
  ...packageState,
});

export const coupons = sqliteTable('coupons', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  type: text('type').notNull(),
  discountValue: real('discount_value').notNull(),
  /** the currency of a FIXED coupon's amount off (null: USD) */
  currency: text('currency'),
  durationInMonths: integer('duration_in_months'),
  status: text('status').notNull(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const customers = sqliteTable('customers', {
  id: text('id').primaryKey(),
  name: text('name'),
  email: text('email'),
  billingId: text('billing_id'),
  crmId: text('crm_id'),
  salesforceId: text('salesforce_id'),
  awsMarketplaceCustomerId: text('aws_marketplace_customer_id'),
  couponId: text('coupon_id'),
  hasPaymentMethod: integer('has_payment_method', { mode: 'boolean' }).notNull(),
  excludeFromExperiment: integer('exclude_from_experiment', { mode: 'boolean' }).notNull(),
  billingInformation: text('billing_information', { mode: 'json' }).$type<Json | null>(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  archivedAt: instant('archived_at'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const subscriptions = sqliteTable('subscriptions', {
  id: text('id').primaryKey(),
  customerId: text('customer_id').notNull(),
  planId: text('plan_id').notNull(),
  productId: text('product_id').notNull(),
  resourceId: text('resource_id'),
  status: text('status').notNull(),
  billingPeriod: text('billing_period'),
  startDate: instant('start_date').notNull(),
  endDate: instant('end_date'),
  trialEndDate: instant('trial_end_date'),
  cancellationDate: instant('cancellation_date'),
  cancelReason: text('cancel_reason'),
  addons: text('addons', { mode: 'json' }).$type<{ addonId: string; quantity: number }[]>().notNull(),
  billableFeatures: text('billable_features', { mode: 'json' }).$type<{ featureId: string; quantity: number }[]>().notNull(),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
  /** what happens at trialEndDate when set on the subscription (override); null = the plan's configuration */
  trialEndBehavior: text('trial_end_behavior'),
  /** the instant billing periods count from (billingCycleAnchor NOW, a converted trial); null = startDate */
  billingAnchor: instant('billing_anchor'),
  /** the cancel reason that applies when endDate arrives (a scheduled end) */
  endReason: text('end_reason'),
  /** what follows the end: DEFAULT (the product's end setup), REVOKE_ENTITLEMENTS or NONE (replaced by another subscription) */
  endAction: text('end_action'),
  /** custom-plan entitlements given at provisioning: { feature } or { credit } entries */
  entitlements: text('entitlements', { mode: 'json' }).$type<Record<string, unknown>[]>(),
  couponId: text('coupon_id'),
  billingInformation: text('billing_information', { mode: 'json' }).$type<Json | null>(),
  billingCountryCode: text('billing_country_code'),
  /** the end of the billing period the subscription is in, as last renewed: its next renewal is due then (null while it does not renew) */
  periodEndAt: instant('period_end_at'),
  /** the earliest pending scheduled change (subscription_schedules), kept here so reconcile needs no extra read */
  scheduleAt: instant('schedule_at'),
  /** the instant of the last "ends soon" notice sent (trial end or billing month end it announced) */
  noticeFor: instant('notice_for'),
  /** derived: the earliest instant at which time changes this subscription (start, trial end, end, a schedule, a renewal); indexed for reconcile */
  nextDueAt: instant('next_due_at'),
  /** the version of its plan the subscription stands on (E53: until migrated) */
  planVersion: integer('plan_version').notNull().default(1),
  /** delegateSubscriptionToCustomer: the customer who pays while customerId has the entitlements (null: customerId pays) */
  payingCustomerId: text('paying_customer_id'),
  /** the spend budget (RULES 2.8.7): usage-based charges of a billing period up to `limit`; hard unless hasSoftLimit */
  budget: text('budget', { mode: 'json' }).$type<{ limit: number; hasSoftLimit: boolean } | null>(),
}, (t) => [index('subscriptions_customer').on(t.customerId), index('subscriptions_next_due').on(t.nextDueAt)]);

/** Scheduled changes of a subscription (Stigg's scheduledUpdates): a downgrade at the end of the period, ... */
export const subscriptionSchedules = sqliteTable(
  'subscription_schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: text('subscription_id').notNull(),
    /** SubscriptionScheduleType: Downgrade, Plan, ... */
    type: text('type').notNull(),
    /** SubscriptionScheduleStatus: Scheduled, Done, Canceled, Failed */
    status: text('status').notNull(),
    scheduledAt: instant('scheduled_at').notNull(),
    /** what to apply: target plan, billing period, add-ons, billable features */
    variables: text('variables', { mode: 'json' }).$type<Json>().notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('subscription_schedules_subscription').on(t.subscriptionId)],
);

/** Checkouts opened by provisioning a paid plan for a customer without a payment method (billing.requirePaymentMethod). */
export const checkouts = sqliteTable('checkouts', {
  id: text('id').primaryKey(),
  customerId: text('customer_id').notNull(),
  /** the provisioning request, replayed when the checkout is paid */
  request: text('request', { mode: 'json' }).$type<Json>().notNull(),
  status: text('status').notNull(),
  subscriptionId: text('subscription_id'),
  createdAt: instant('created_at').notNull(),
  completedAt: instant('completed_at'),
});

export const usage = sqliteTable(
  'usage',
  {
    customerId: text('customer_id').notNull(),
    featureId: text('feature_id').notNull(),
    resourceId: text('resource_id').notNull().default(''),
    value: real('value').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.featureId, t.resourceId] })],
);

/**
 * Calculated-usage reports as received (reportUsage, reportUsageBulk): the usage history and the
 * idempotency of retried reports (one row per customer, feature, resource and idempotencyKey).
 */
export const usageReports = sqliteTable(
  'usage_reports',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    featureId: text('feature_id').notNull(),
    resourceId: text('resource_id').notNull().default(''),
    value: real('value').notNull(),
    updateBehavior: text('update_behavior').notNull(),
    /** the feature's usage in the report's period once the report was applied */
    currentUsage: real('current_usage').notNull(),
    dimensions: text('dimensions', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    idempotencyKey: text('idempotency_key'),
    /** the instant the report falls in (its createdAt, else when it was received) */
    at: instant('at').notNull(),
    /** the usage period the report falls in ('' when the usage never resets) */
    periodStart: text('period_start').notNull(),
    usagePeriodEnd: instant('usage_period_end'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('usage_reports_history').on(t.customerId, t.featureId, t.resourceId, t.at),
    uniqueIndex('usage_reports_idempotency').on(t.customerId, t.featureId, t.resourceId, t.idempotencyKey),
  ],
);

/** Raw events as received (reportEvent); one per customer, resource, event name and idempotencyKey (E78). */
export const usageEvents = sqliteTable(
  'usage_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: text('customer_id').notNull(),
    resourceId: text('resource_id').notNull().default(''),
    eventName: text('event_name').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    dimensions: text('dimensions', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    timestamp: instant('timestamp').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('usage_events_idempotency').on(t.customerId, t.resourceId, t.eventName, t.idempotencyKey),
    index('usage_events_history').on(t.customerId, t.resourceId, t.timestamp),
  ],
);

/**
 * Running aggregates of the metered features' events, one row per customer, feature, resource and
 * usage period (periodStart '' when the usage never resets), updated in the ingest's transaction:
 * a check reads one row, never the events.
 */
export const meterAggregates = sqliteTable(
  'meter_aggregates',
  {
    customerId: text('customer_id').notNull(),
    featureId: text('feature_id').notNull(),
    resourceId: text('resource_id').notNull().default(''),
    periodStart: text('period_start').notNull(),
    /** events that contributed (for SUM/AVG/MIN/MAX: those with a numeric field; UNIQUE: with the field) */
    count: integer('count').notNull(),
    sum: real('sum').notNull(),
    min: real('min'),
    max: real('max'),
    uniqueCount: integer('unique_count').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.featureId, t.resourceId, t.periodStart] })],
);

/** The distinct values of UNIQUE meters per period (meterAggregates.uniqueCount counts them). */
export const meterUniqueValues = sqliteTable(
  'meter_unique_values',
  {
    customerId: text('customer_id').notNull(),
    featureId: text('feature_id').notNull(),
    resourceId: text('resource_id').notNull().default(''),
    periodStart: text('period_start').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.featureId, t.resourceId, t.periodStart, t.value] })],
);

export const promotionalEntitlements = sqliteTable(
  'promotional_entitlements',
  {
    customerId: text('customer_id').notNull(),
    featureId: text('feature_id').notNull(),
    period: text('period').notNull(),
    usageLimit: real('usage_limit'),
    hasUnlimitedUsage: integer('has_unlimited_usage', { mode: 'boolean' }).notNull(),
    hasSoftLimit: integer('has_soft_limit', { mode: 'boolean' }).notNull(),
    enumValues: text('enum_values', { mode: 'json' }).$type<string[] | null>(),
    /** shown in widgets (Stigg's isVisible) */
    isVisible: integer('is_visible', { mode: 'boolean' }).notNull().default(true),
    /** usage of the grant resets every period (from the grant's start, or per the configuration) */
    resetPeriod: text('reset_period'),
    resetPeriodConfiguration: text('reset_period_configuration', { mode: 'json' }).$type<{ accordingTo: string } | null>(),
    startDate: instant('start_date').notNull(),
    endDate: instant('end_date'),
    status: text('status').notNull(),
    /** when promotionalEntitlement.ends_soon is due (7 days before the end date); null once sent or when none is */
    noticeAt: instant('notice_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.featureId] }),
    index('promotional_entitlements_due').on(t.status, t.endDate),
    index('promotional_entitlements_notice').on(t.status, t.noticeAt),
  ],
);

/** The entitlements last announced by entitlements.updated, per customer and resource scope ('' = global): a digest of features and limits. */
export const entitlementDigests = sqliteTable(
  'entitlement_digests',
  {
    customerId: text('customer_id').notNull(),
    resourceId: text('resource_id').notNull(),
    digest: text('digest').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.resourceId] })],
);

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull(),
  secret: text('secret'),
  events: text('events', { mode: 'json' }).$type<string[] | null>(),
});

/**
 * The event log: every webhook event the environment emitted, recorded in the transaction of the
 * change it describes (a failed command records nothing). Kept even when no endpoint is set.
 */
export const webhookEvents = sqliteTable('webhook_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  messageId: text('message_id').notNull().unique(),
  type: text('type').notNull(),
  payload: text('payload', { mode: 'json' }).$type<Json>().notNull(),
  createdAt: instant('created_at').notNull(),
});

/** One row per event and matching endpoint: the delivery attempts (status = last HTTP status, 0 = network error). */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').notNull(),
    endpointId: integer('endpoint_id').notNull(),
    url: text('url').notNull(),
    status: integer('status'),
    attempts: integer('attempts').notNull(),
    lastAttemptAt: instant('last_attempt_at'),
  },
  (t) => [index('webhook_deliveries_event').on(t.eventId)],
);

// ---------------------------------------------------------------- governance

/** Feature groups (fixtures): promotional entitlements can be granted and revoked per group. */
// ---------------------------------------------------------------- feature groups and credits

export const featureGroups = sqliteTable('feature_groups', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  description: text('description'),
  featureIds: text('feature_ids', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** The feature group a customer's promotional entitlement was granted through (until unlinked or revoked). */
export const promotionGroupLinks = sqliteTable(
  'promotion_group_links',
  {
    customerId: text('customer_id').notNull(),
    featureId: text('feature_id').notNull(),
    featureGroupId: text('feature_group_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.featureId] }), index('promotion_group_links_group').on(t.customerId, t.featureGroupId)],
);

/** Custom currencies (credit types) of the environment (fixtures, and the REST API's custom-currency methods). */
export const customCurrencies = sqliteTable('custom_currencies', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  symbol: text('symbol'),
  units: text('units'),
  unitsPlural: text('units_plural'),
  description: text('description'),
  metadata: text('metadata', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
  /** archived: no new grants of it (Stigg's archive-credit-type page); null while active */
  archivedAt: instant('archived_at'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** Credit entitlements of plans and add-ons: a recurring grant of `amount` every `cadence`. */
export const packageCredits = sqliteTable(
  'package_credits',
  {
    packageType: text('package_type').notNull(),
    packageId: text('package_id').notNull(),
    currencyId: text('currency_id').notNull(),
    amount: real('amount').notNull(),
    cadence: text('cadence').notNull(),
    hasSoftLimit: integer('has_soft_limit', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.packageType, t.packageId, t.currencyId] })],
);

/** Credit grants. `remaining = amount - consumed`; an OVERDRAFT grant has amount 0 and a negative remaining. */
export const creditGrants = sqliteTable(
  'credit_grants',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    currencyId: text('currency_id').notNull(),
    /** '' = the customer's (no resource) */
    resourceId: text('resource_id').notNull(),
    /** PAID | PROMOTIONAL | RECURRING | OVERDRAFT */
    grantType: text('grant_type').notNull(),
    amount: real('amount').notNull(),
    consumed: real('consumed').notNull(),
    priority: real('priority').notNull(),
    displayName: text('display_name').notNull(),
    comment: text('comment'),
    cost: text('cost', { mode: 'json' }).$type<{ amount: number; currency: string } | null>(),
    metadata: text('metadata', { mode: 'json' }).$type<Json | null>(),
    effectiveAt: instant('effective_at').notNull(),
    expireAt: instant('expire_at'),
    voidedAt: instant('voided_at'),
    /** recurring grants: `<subscriptionId>|<period start>` (one grant per subscription, currency and period) */
    sourceKey: text('source_key'),
    autoRechargeId: text('auto_recharge_id'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('credit_grants_customer').on(t.customerId, t.currencyId, t.resourceId), uniqueIndex('credit_grants_source').on(t.sourceKey, t.currencyId)],
);

/** The credit ledger: one entry per grant a change touched (granted, consumed, voided, transfers). Expiries are derived. */
export const creditLedger = sqliteTable(
  'credit_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: text('customer_id').notNull(),
    currencyId: text('currency_id').notNull(),
    resourceId: text('resource_id').notNull(),
    eventType: text('event_type').notNull(),
    /** signed: granted +, consumed - */
    amount: real('amount').notNull(),
    grantId: text('grant_id').notNull(),
    featureId: text('feature_id'),
    /** the consumption's idempotency key */
    eventId: text('event_id'),
    timestamp: instant('timestamp').notNull(),
  },
  (t) => [index('credit_ledger_customer').on(t.customerId, t.currencyId, t.resourceId)],
);

/** Idempotency keys of credit consumptions: a retried consumption counts once. */
export const creditConsumptions = sqliteTable(
  'credit_consumptions',
  {
    customerId: text('customer_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    currencyId: text('currency_id').notNull(),
    resourceId: text('resource_id').notNull(),
    amount: real('amount').notNull(),
    featureId: text('feature_id'),
    dimensions: text('dimensions', { mode: 'json' }).$type<Record<string, string> | null>(),
    timestamp: instant('timestamp').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.idempotencyKey] }), index('credit_consumptions_time').on(t.customerId, t.currencyId, t.timestamp)],
);

/** Recurring credit grants of subscriptions: the next grant of each (subscription, currency) is due at `nextGrantAt` (reconcile). */
export const creditSchedules = sqliteTable(
  'credit_schedules',
  {
    subscriptionId: text('subscription_id').notNull(),
    currencyId: text('currency_id').notNull(),
    cadence: text('cadence').notNull(),
    nextGrantAt: instant('next_grant_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.currencyId] }), index('credit_schedules_due').on(t.nextGrantAt)],
);

/** Automatic recharge settings per customer and currency. */
export const autoRechargeSettings = sqliteTable(
  'auto_recharge_settings',
  {
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    currencyId: text('currency_id').notNull(),
    isEnabled: integer('is_enabled', { mode: 'boolean' }).notNull(),
    thresholdType: text('threshold_type').notNull(),
    thresholdValue: real('threshold_value').notNull(),
    targetBalance: real('target_balance').notNull(),
    maxSpendLimit: real('max_spend_limit'),
    grantExpirationPeriod: text('grant_expiration_period').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.currencyId] })],
);
