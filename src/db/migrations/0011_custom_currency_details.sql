-- Custom currencies: a description, metadata and an archive date (the REST API's custom-currency methods).
ALTER TABLE `custom_currencies` ADD `description` text;--> statement-breakpoint
ALTER TABLE `custom_currencies` ADD `metadata` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `custom_currencies` ADD `archived_at` integer;
