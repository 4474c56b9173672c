ALTER TABLE `addons` ADD `status` text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE `addons` ADD `version_number` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `addons` ADD `draft` text;--> statement-breakpoint
ALTER TABLE `addons` ADD `billing_id` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `status` text DEFAULT 'PUBLISHED' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `draft` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `billing_id` text;