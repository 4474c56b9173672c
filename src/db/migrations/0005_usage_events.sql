CREATE TABLE `meter_aggregates` (
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`resource_id` text DEFAULT '' NOT NULL,
	`period_start` text NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`min` real,
	`max` real,
	`unique_count` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`, `resource_id`, `period_start`)
);
--> statement-breakpoint
CREATE TABLE `meter_unique_values` (
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`resource_id` text DEFAULT '' NOT NULL,
	`period_start` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`, `resource_id`, `period_start`, `value`)
);
--> statement-breakpoint
CREATE TABLE `usage_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` text NOT NULL,
	`resource_id` text DEFAULT '' NOT NULL,
	`event_name` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`dimensions` text NOT NULL,
	`timestamp` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_events_idempotency` ON `usage_events` (`customer_id`,`resource_id`,`event_name`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `usage_events_history` ON `usage_events` (`customer_id`,`resource_id`,`timestamp`);--> statement-breakpoint
CREATE TABLE `usage_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`resource_id` text DEFAULT '' NOT NULL,
	`value` real NOT NULL,
	`update_behavior` text NOT NULL,
	`current_usage` real NOT NULL,
	`dimensions` text,
	`idempotency_key` text,
	`at` text NOT NULL,
	`period_start` text NOT NULL,
	`usage_period_end` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `usage_reports_history` ON `usage_reports` (`customer_id`,`feature_id`,`resource_id`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `usage_reports_idempotency` ON `usage_reports` (`customer_id`,`feature_id`,`resource_id`,`idempotency_key`);