CREATE TABLE `entitlement_digests` (
	`customer_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`digest` text NOT NULL,
	PRIMARY KEY(`customer_id`, `resource_id`)
);
--> statement-breakpoint
ALTER TABLE `promotional_entitlements` ADD `notice_at` text;--> statement-breakpoint
CREATE INDEX `promotional_entitlements_notice` ON `promotional_entitlements` (`status`,`notice_at`);