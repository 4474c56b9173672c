ALTER TABLE `addons` ADD `version_number` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `addons` ADD `status` text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE `addons` ADD `draft` text;--> statement-breakpoint
ALTER TABLE `addons` ADD `billing_id` text;--> statement-breakpoint
ALTER TABLE `custom_currencies` ADD `description` text;--> statement-breakpoint
ALTER TABLE `custom_currencies` ADD `metadata` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `custom_currencies` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `features` ADD `status` text DEFAULT 'ACTIVE' NOT NULL;--> statement-breakpoint
ALTER TABLE `features` ADD `unit_transformation` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `status` text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `draft` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `billing_id` text;--> statement-breakpoint
ALTER TABLE `products` ADD `status` text DEFAULT 'PUBLISHED' NOT NULL;