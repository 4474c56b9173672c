CREATE TABLE `auto_recharge_settings` (
	`id` text NOT NULL,
	`customer_id` text NOT NULL,
	`currency_id` text NOT NULL,
	`is_enabled` integer NOT NULL,
	`threshold_type` text NOT NULL,
	`threshold_value` real NOT NULL,
	`target_balance` real NOT NULL,
	`max_spend_limit` real,
	`grant_expiration_period` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `currency_id`)
);
--> statement-breakpoint
CREATE TABLE `credit_consumptions` (
	`customer_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`currency_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`amount` real NOT NULL,
	`feature_id` text,
	`dimensions` text,
	`timestamp` text NOT NULL,
	PRIMARY KEY(`customer_id`, `idempotency_key`)
);
--> statement-breakpoint
CREATE INDEX `credit_consumptions_time` ON `credit_consumptions` (`customer_id`,`currency_id`,`timestamp`);--> statement-breakpoint
CREATE TABLE `credit_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`currency_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`grant_type` text NOT NULL,
	`amount` real NOT NULL,
	`consumed` real NOT NULL,
	`priority` real NOT NULL,
	`display_name` text NOT NULL,
	`comment` text,
	`cost` text,
	`metadata` text,
	`effective_at` text NOT NULL,
	`expire_at` text,
	`voided_at` text,
	`source_key` text,
	`auto_recharge_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `credit_grants_customer` ON `credit_grants` (`customer_id`,`currency_id`,`resource_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_grants_source` ON `credit_grants` (`source_key`,`currency_id`);--> statement-breakpoint
CREATE TABLE `credit_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` text NOT NULL,
	`currency_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`event_type` text NOT NULL,
	`amount` real NOT NULL,
	`grant_id` text NOT NULL,
	`feature_id` text,
	`event_id` text,
	`timestamp` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `credit_ledger_customer` ON `credit_ledger` (`customer_id`,`currency_id`,`resource_id`);--> statement-breakpoint
CREATE TABLE `credit_schedules` (
	`subscription_id` text NOT NULL,
	`currency_id` text NOT NULL,
	`cadence` text NOT NULL,
	`next_grant_at` text NOT NULL,
	PRIMARY KEY(`subscription_id`, `currency_id`)
);
--> statement-breakpoint
CREATE INDEX `credit_schedules_due` ON `credit_schedules` (`next_grant_at`);--> statement-breakpoint
CREATE TABLE `custom_currencies` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`symbol` text,
	`units` text,
	`units_plural` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `feature_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`feature_ids` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `package_credits` (
	`package_type` text NOT NULL,
	`package_id` text NOT NULL,
	`currency_id` text NOT NULL,
	`amount` real NOT NULL,
	`cadence` text NOT NULL,
	`has_soft_limit` integer NOT NULL,
	PRIMARY KEY(`package_type`, `package_id`, `currency_id`)
);
--> statement-breakpoint
CREATE TABLE `promotion_group_links` (
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`feature_group_id` text NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`)
);
--> statement-breakpoint
CREATE INDEX `promotion_group_links_group` ON `promotion_group_links` (`customer_id`,`feature_group_id`);