CREATE TABLE `addons` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`max_quantity` integer,
	`dependencies` text NOT NULL,
	`prices` text NOT NULL,
	`entitlements` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text NOT NULL,
	`discount_value` real NOT NULL,
	`duration_in_months` integer,
	`status` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`email` text,
	`billing_id` text,
	`crm_id` text,
	`salesforce_id` text,
	`aws_marketplace_customer_id` text,
	`coupon_id` text,
	`has_payment_method` integer NOT NULL,
	`exclude_from_experiment` integer NOT NULL,
	`billing_information` text,
	`metadata` text NOT NULL,
	`archived_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `features` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`feature_type` text NOT NULL,
	`meter_type` text NOT NULL,
	`units` text,
	`units_plural` text,
	`enum_values` text NOT NULL,
	`meter` text,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `gov_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`entity_id` text NOT NULL,
	`capability_id` text NOT NULL,
	`scope_key` text NOT NULL,
	`scope_entity_ids` text NOT NULL,
	`usage_limit` real,
	`cadence` text NOT NULL,
	`anchor_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `gov_capabilities` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `gov_entities` (
	`owner_id` text NOT NULL,
	`id` text NOT NULL,
	`entity_type_id` text NOT NULL,
	`parent_id` text,
	`display_name` text,
	`metadata` text NOT NULL,
	`archived_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`owner_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `gov_entity_types` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`attribution_keys` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `gov_idempotency_keys` (
	`owner_id` text NOT NULL,
	`key` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`owner_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `gov_usage` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` text NOT NULL,
	`period_start` text NOT NULL,
	`amount` real NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`pricing_type` text NOT NULL,
	`base_plan_id` text,
	`default_trial_config` text,
	`compatible_addon_ids` text NOT NULL,
	`prices` text NOT NULL,
	`entitlements` text NOT NULL,
	`metadata` text NOT NULL,
	`position` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`multiple_subscriptions` integer NOT NULL,
	`customer_journey` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `promotional_entitlements` (
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`period` text NOT NULL,
	`usage_limit` real,
	`has_unlimited_usage` integer NOT NULL,
	`has_soft_limit` integer NOT NULL,
	`enum_values` text,
	`start_date` text NOT NULL,
	`end_date` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`)
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`product_id` text NOT NULL,
	`resource_id` text,
	`status` text NOT NULL,
	`billing_period` text,
	`start_date` text NOT NULL,
	`end_date` text,
	`trial_end_date` text,
	`cancellation_date` text,
	`cancel_reason` text,
	`addons` text NOT NULL,
	`billable_features` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `usage` (
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`resource_id` text DEFAULT '' NOT NULL,
	`value` real NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`, `resource_id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`url` text NOT NULL,
	`secret` text,
	`events` text
);
