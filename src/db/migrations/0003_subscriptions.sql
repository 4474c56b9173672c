CREATE TABLE `checkouts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`request` text NOT NULL,
	`status` text NOT NULL,
	`subscription_id` text,
	`created_at` text NOT NULL,
	`completed_at` text
);
--> statement-breakpoint
CREATE TABLE `subscription_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`scheduled_at` text NOT NULL,
	`variables` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `subscription_schedules_subscription` ON `subscription_schedules` (`subscription_id`);--> statement-breakpoint
ALTER TABLE `promotional_entitlements` ADD `is_visible` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `promotional_entitlements` ADD `reset_period` text;--> statement-breakpoint
ALTER TABLE `promotional_entitlements` ADD `reset_period_configuration` text;--> statement-breakpoint
CREATE INDEX `promotional_entitlements_due` ON `promotional_entitlements` (`status`,`end_date`);--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `trial_end_behavior` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `billing_anchor` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `end_reason` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `end_action` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `entitlements` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `coupon_id` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `billing_information` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `billing_country_code` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `period_end_at` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `schedule_at` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `notice_for` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `next_due_at` text;--> statement-breakpoint
CREATE INDEX `subscriptions_customer` ON `subscriptions` (`customer_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_next_due` ON `subscriptions` (`next_due_at`);