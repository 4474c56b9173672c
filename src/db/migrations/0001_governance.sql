PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_gov_usage` (
	`assignment_id` text NOT NULL,
	`period_start` text NOT NULL,
	`amount` real NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`assignment_id`, `period_start`)
);
--> statement-breakpoint
INSERT INTO `__new_gov_usage`("assignment_id", "period_start", "amount", "at") SELECT "assignment_id", "period_start", SUM("amount"), MAX("at") FROM `gov_usage` GROUP BY "assignment_id", "period_start";--> statement-breakpoint
DROP TABLE `gov_usage`;--> statement-breakpoint
ALTER TABLE `__new_gov_usage` RENAME TO `gov_usage`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `gov_assignments` ADD `capability_kind` text;--> statement-breakpoint
CREATE UNIQUE INDEX `gov_assignments_natural_key` ON `gov_assignments` (`owner_id`,`entity_id`,`capability_id`,`scope_key`);--> statement-breakpoint
CREATE INDEX `gov_entities_parent` ON `gov_entities` (`owner_id`,`parent_id`);