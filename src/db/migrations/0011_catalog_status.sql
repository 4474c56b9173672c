ALTER TABLE `features` ADD `status` text DEFAULT 'ACTIVE' NOT NULL;--> statement-breakpoint
ALTER TABLE `features` ADD `unit_transformation` text;--> statement-breakpoint
ALTER TABLE `products` ADD `status` text DEFAULT 'PUBLISHED' NOT NULL;