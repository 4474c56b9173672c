-- Instants as INTEGER epoch milliseconds (they were ISO-8601 text, compared as text). A column's
-- affinity cannot change in place: every table with instant columns is copied aside (TEMP), made
-- again with INTEGER instant columns and refilled, its text converted to milliseconds with
-- julianday (exact to the millisecond for every ISO form: fractions of any precision, offsets, a
-- date alone; years written +YYYYYY/-YYYYYY, outside 0000..9999, are moved into 2000..2399 and back
-- by whole 400-year cycles of 146097 days); NULL stays NULL, a value SQLite cannot read as a date is
-- kept as it was. Rowids, AUTOINCREMENT sequences and indexes are kept. No table has foreign keys.
-- (Copied aside rather than renamed: a rename re-reads the whole schema, which made this
-- migration several times slower on every new database.)
CREATE TEMP TABLE `__instants_sequences` AS SELECT name, seq FROM sqlite_sequence WHERE name IN ('credit_ledger', 'subscription_schedules', 'usage_events', 'webhook_deliveries', 'webhook_events');
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_addons` AS SELECT "rowid" AS "__rowid", * FROM `addons`;
--> statement-breakpoint
DROP TABLE `addons`;
--> statement-breakpoint
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
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `addons`("rowid", "id", "product_id", "display_name", "description", "max_quantity", "dependencies", "prices", "entitlements", "metadata", "created_at", "updated_at") SELECT "__rowid", "id", "product_id", "display_name", "description", "max_quantity", "dependencies", "prices", "entitlements", "metadata", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_addons` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_addons`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_auto_recharge_settings` AS SELECT "rowid" AS "__rowid", * FROM `auto_recharge_settings`;
--> statement-breakpoint
DROP TABLE `auto_recharge_settings`;
--> statement-breakpoint
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
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `currency_id`)
);
--> statement-breakpoint
INSERT INTO `auto_recharge_settings`("rowid", "id", "customer_id", "currency_id", "is_enabled", "threshold_type", "threshold_value", "target_balance", "max_spend_limit", "grant_expiration_period", "created_at", "updated_at") SELECT "__rowid", "id", "customer_id", "currency_id", "is_enabled", "threshold_type", "threshold_value", "target_balance", "max_spend_limit", "grant_expiration_period", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_auto_recharge_settings` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_auto_recharge_settings`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_checkouts` AS SELECT "rowid" AS "__rowid", * FROM `checkouts`;
--> statement-breakpoint
DROP TABLE `checkouts`;
--> statement-breakpoint
CREATE TABLE `checkouts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`request` text NOT NULL,
	`status` text NOT NULL,
	`subscription_id` text,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
INSERT INTO `checkouts`("rowid", "id", "customer_id", "request", "status", "subscription_id", "created_at", "completed_at") SELECT "__rowid", "id", "customer_id", "request", "status", "subscription_id", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("completed_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("completed_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("completed_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("completed_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("completed_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("completed_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("completed_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("completed_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("completed_at") - 2440587.5) * 86400000.0) AS INTEGER), "completed_at") END FROM temp.`__instants_old_checkouts` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_checkouts`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_coupons` AS SELECT "rowid" AS "__rowid", * FROM `coupons`;
--> statement-breakpoint
DROP TABLE `coupons`;
--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text NOT NULL,
	`discount_value` real NOT NULL,
	`currency` text,
	`duration_in_months` integer,
	`status` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `coupons`("rowid", "id", "name", "description", "type", "discount_value", "currency", "duration_in_months", "status", "metadata", "created_at", "updated_at") SELECT "__rowid", "id", "name", "description", "type", "discount_value", "currency", "duration_in_months", "status", "metadata", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_coupons` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_coupons`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_credit_consumptions` AS SELECT "rowid" AS "__rowid", * FROM `credit_consumptions`;
--> statement-breakpoint
DROP TABLE `credit_consumptions`;
--> statement-breakpoint
CREATE TABLE `credit_consumptions` (
	`customer_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`currency_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`amount` real NOT NULL,
	`feature_id` text,
	`dimensions` text,
	`timestamp` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `idempotency_key`)
);
--> statement-breakpoint
INSERT INTO `credit_consumptions`("rowid", "customer_id", "idempotency_key", "currency_id", "resource_id", "amount", "feature_id", "dimensions", "timestamp") SELECT "__rowid", "customer_id", "idempotency_key", "currency_id", "resource_id", "amount", "feature_id", "dimensions", CASE WHEN substr("timestamp", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("timestamp", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("timestamp") - 2440587.5) * 86400000.0) AS INTEGER), "timestamp") END FROM temp.`__instants_old_credit_consumptions` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_credit_consumptions`;
--> statement-breakpoint
CREATE INDEX `credit_consumptions_time` ON `credit_consumptions` (`customer_id`,`currency_id`,`timestamp`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_credit_grants` AS SELECT "rowid" AS "__rowid", * FROM `credit_grants`;
--> statement-breakpoint
DROP TABLE `credit_grants`;
--> statement-breakpoint
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
	`effective_at` integer NOT NULL,
	`expire_at` integer,
	`voided_at` integer,
	`source_key` text,
	`auto_recharge_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `credit_grants`("rowid", "id", "customer_id", "currency_id", "resource_id", "grant_type", "amount", "consumed", "priority", "display_name", "comment", "cost", "metadata", "effective_at", "expire_at", "voided_at", "source_key", "auto_recharge_id", "created_at", "updated_at") SELECT "__rowid", "id", "customer_id", "currency_id", "resource_id", "grant_type", "amount", "consumed", "priority", "display_name", "comment", "cost", "metadata", CASE WHEN substr("effective_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("effective_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("effective_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("effective_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("effective_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("effective_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("effective_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("effective_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("effective_at") - 2440587.5) * 86400000.0) AS INTEGER), "effective_at") END, CASE WHEN substr("expire_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("expire_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("expire_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("expire_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("expire_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("expire_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("expire_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("expire_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("expire_at") - 2440587.5) * 86400000.0) AS INTEGER), "expire_at") END, CASE WHEN substr("voided_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("voided_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("voided_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("voided_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("voided_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("voided_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("voided_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("voided_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("voided_at") - 2440587.5) * 86400000.0) AS INTEGER), "voided_at") END, "source_key", "auto_recharge_id", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_credit_grants` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_credit_grants`;
--> statement-breakpoint
CREATE INDEX `credit_grants_customer` ON `credit_grants` (`customer_id`,`currency_id`,`resource_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_grants_source` ON `credit_grants` (`source_key`,`currency_id`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_credit_ledger` AS SELECT * FROM `credit_ledger`;
--> statement-breakpoint
DROP TABLE `credit_ledger`;
--> statement-breakpoint
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
	`timestamp` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `credit_ledger`("id", "customer_id", "currency_id", "resource_id", "event_type", "amount", "grant_id", "feature_id", "event_id", "timestamp") SELECT "id", "customer_id", "currency_id", "resource_id", "event_type", "amount", "grant_id", "feature_id", "event_id", CASE WHEN substr("timestamp", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("timestamp", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("timestamp") - 2440587.5) * 86400000.0) AS INTEGER), "timestamp") END FROM temp.`__instants_old_credit_ledger` ORDER BY "id";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_credit_ledger`;
--> statement-breakpoint
CREATE INDEX `credit_ledger_customer` ON `credit_ledger` (`customer_id`,`currency_id`,`resource_id`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_credit_schedules` AS SELECT "rowid" AS "__rowid", * FROM `credit_schedules`;
--> statement-breakpoint
DROP TABLE `credit_schedules`;
--> statement-breakpoint
CREATE TABLE `credit_schedules` (
	`subscription_id` text NOT NULL,
	`currency_id` text NOT NULL,
	`cadence` text NOT NULL,
	`next_grant_at` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `currency_id`)
);
--> statement-breakpoint
INSERT INTO `credit_schedules`("rowid", "subscription_id", "currency_id", "cadence", "next_grant_at") SELECT "__rowid", "subscription_id", "currency_id", "cadence", CASE WHEN substr("next_grant_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("next_grant_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("next_grant_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("next_grant_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("next_grant_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("next_grant_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("next_grant_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("next_grant_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("next_grant_at") - 2440587.5) * 86400000.0) AS INTEGER), "next_grant_at") END FROM temp.`__instants_old_credit_schedules` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_credit_schedules`;
--> statement-breakpoint
CREATE INDEX `credit_schedules_due` ON `credit_schedules` (`next_grant_at`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_custom_currencies` AS SELECT "rowid" AS "__rowid", * FROM `custom_currencies`;
--> statement-breakpoint
DROP TABLE `custom_currencies`;
--> statement-breakpoint
CREATE TABLE `custom_currencies` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`symbol` text,
	`units` text,
	`units_plural` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `custom_currencies`("rowid", "id", "display_name", "symbol", "units", "units_plural", "created_at", "updated_at") SELECT "__rowid", "id", "display_name", "symbol", "units", "units_plural", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_custom_currencies` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_custom_currencies`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_customers` AS SELECT "rowid" AS "__rowid", * FROM `customers`;
--> statement-breakpoint
DROP TABLE `customers`;
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
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `customers`("rowid", "id", "name", "email", "billing_id", "crm_id", "salesforce_id", "aws_marketplace_customer_id", "coupon_id", "has_payment_method", "exclude_from_experiment", "billing_information", "metadata", "archived_at", "created_at", "updated_at") SELECT "__rowid", "id", "name", "email", "billing_id", "crm_id", "salesforce_id", "aws_marketplace_customer_id", "coupon_id", "has_payment_method", "exclude_from_experiment", "billing_information", "metadata", CASE WHEN substr("archived_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("archived_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("archived_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("archived_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("archived_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("archived_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("archived_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("archived_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("archived_at") - 2440587.5) * 86400000.0) AS INTEGER), "archived_at") END, CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_customers` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_customers`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_feature_groups` AS SELECT "rowid" AS "__rowid", * FROM `feature_groups`;
--> statement-breakpoint
DROP TABLE `feature_groups`;
--> statement-breakpoint
CREATE TABLE `feature_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`feature_ids` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `feature_groups`("rowid", "id", "display_name", "description", "feature_ids", "created_at", "updated_at") SELECT "__rowid", "id", "display_name", "description", "feature_ids", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_feature_groups` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_feature_groups`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_features` AS SELECT "rowid" AS "__rowid", * FROM `features`;
--> statement-breakpoint
DROP TABLE `features`;
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
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `features`("rowid", "id", "display_name", "description", "feature_type", "meter_type", "units", "units_plural", "enum_values", "meter", "metadata", "created_at", "updated_at") SELECT "__rowid", "id", "display_name", "description", "feature_type", "meter_type", "units", "units_plural", "enum_values", "meter", "metadata", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_features` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_features`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_gov_assignments` AS SELECT "rowid" AS "__rowid", * FROM `gov_assignments`;
--> statement-breakpoint
DROP TABLE `gov_assignments`;
--> statement-breakpoint
CREATE TABLE `gov_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`entity_id` text NOT NULL,
	`capability_id` text NOT NULL,
	`capability_kind` text,
	`scope_key` text NOT NULL,
	`scope_entity_ids` text NOT NULL,
	`usage_limit` real,
	`cadence` text NOT NULL,
	`anchor_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `gov_assignments`("rowid", "id", "owner_id", "entity_id", "capability_id", "capability_kind", "scope_key", "scope_entity_ids", "usage_limit", "cadence", "anchor_at", "created_at", "updated_at") SELECT "__rowid", "id", "owner_id", "entity_id", "capability_id", "capability_kind", "scope_key", "scope_entity_ids", "usage_limit", "cadence", CASE WHEN substr("anchor_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("anchor_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("anchor_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("anchor_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("anchor_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("anchor_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("anchor_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("anchor_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("anchor_at") - 2440587.5) * 86400000.0) AS INTEGER), "anchor_at") END, CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_gov_assignments` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_gov_assignments`;
--> statement-breakpoint
CREATE UNIQUE INDEX `gov_assignments_natural_key` ON `gov_assignments` (`owner_id`,`entity_id`,`capability_id`,`scope_key`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_gov_capabilities` AS SELECT "rowid" AS "__rowid", * FROM `gov_capabilities`;
--> statement-breakpoint
DROP TABLE `gov_capabilities`;
--> statement-breakpoint
CREATE TABLE `gov_capabilities` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `gov_capabilities`("rowid", "id", "display_name", "created_at", "updated_at") SELECT "__rowid", "id", "display_name", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_gov_capabilities` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_gov_capabilities`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_gov_entities` AS SELECT "rowid" AS "__rowid", * FROM `gov_entities`;
--> statement-breakpoint
DROP TABLE `gov_entities`;
--> statement-breakpoint
CREATE TABLE `gov_entities` (
	`owner_id` text NOT NULL,
	`id` text NOT NULL,
	`entity_type_id` text NOT NULL,
	`parent_id` text,
	`display_name` text,
	`metadata` text NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `gov_entities`("rowid", "owner_id", "id", "entity_type_id", "parent_id", "display_name", "metadata", "archived_at", "created_at", "updated_at") SELECT "__rowid", "owner_id", "id", "entity_type_id", "parent_id", "display_name", "metadata", CASE WHEN substr("archived_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("archived_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("archived_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("archived_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("archived_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("archived_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("archived_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("archived_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("archived_at") - 2440587.5) * 86400000.0) AS INTEGER), "archived_at") END, CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_gov_entities` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_gov_entities`;
--> statement-breakpoint
CREATE INDEX `gov_entities_parent` ON `gov_entities` (`owner_id`,`parent_id`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_gov_entity_types` AS SELECT "rowid" AS "__rowid", * FROM `gov_entity_types`;
--> statement-breakpoint
DROP TABLE `gov_entity_types`;
--> statement-breakpoint
CREATE TABLE `gov_entity_types` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`attribution_keys` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `gov_entity_types`("rowid", "id", "display_name", "description", "attribution_keys", "role", "created_at", "updated_at") SELECT "__rowid", "id", "display_name", "description", "attribution_keys", "role", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_gov_entity_types` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_gov_entity_types`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_gov_idempotency_keys` AS SELECT "rowid" AS "__rowid", * FROM `gov_idempotency_keys`;
--> statement-breakpoint
DROP TABLE `gov_idempotency_keys`;
--> statement-breakpoint
CREATE TABLE `gov_idempotency_keys` (
	`owner_id` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`owner_id`, `key`)
);
--> statement-breakpoint
INSERT INTO `gov_idempotency_keys`("rowid", "owner_id", "key", "at") SELECT "__rowid", "owner_id", "key", CASE WHEN substr("at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("at") - 2440587.5) * 86400000.0) AS INTEGER), "at") END FROM temp.`__instants_old_gov_idempotency_keys` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_gov_idempotency_keys`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_gov_usage` AS SELECT "rowid" AS "__rowid", * FROM `gov_usage`;
--> statement-breakpoint
DROP TABLE `gov_usage`;
--> statement-breakpoint
CREATE TABLE `gov_usage` (
	`assignment_id` text NOT NULL,
	`period_start` text NOT NULL,
	`amount` real NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`assignment_id`, `period_start`)
);
--> statement-breakpoint
INSERT INTO `gov_usage`("rowid", "assignment_id", "period_start", "amount", "at") SELECT "__rowid", "assignment_id", "period_start", "amount", CASE WHEN substr("at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("at") - 2440587.5) * 86400000.0) AS INTEGER), "at") END FROM temp.`__instants_old_gov_usage` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_gov_usage`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_meter_aggregates` AS SELECT "rowid" AS "__rowid", * FROM `meter_aggregates`;
--> statement-breakpoint
DROP TABLE `meter_aggregates`;
--> statement-breakpoint
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
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`, `resource_id`, `period_start`)
);
--> statement-breakpoint
INSERT INTO `meter_aggregates`("rowid", "customer_id", "feature_id", "resource_id", "period_start", "count", "sum", "min", "max", "unique_count", "updated_at") SELECT "__rowid", "customer_id", "feature_id", "resource_id", "period_start", "count", "sum", "min", "max", "unique_count", CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_meter_aggregates` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_meter_aggregates`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_plans` AS SELECT "rowid" AS "__rowid", * FROM `plans`;
--> statement-breakpoint
DROP TABLE `plans`;
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
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version_number` integer DEFAULT 1 NOT NULL,
	`earlier_versions` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
INSERT INTO `plans`("rowid", "id", "product_id", "display_name", "description", "pricing_type", "base_plan_id", "default_trial_config", "compatible_addon_ids", "prices", "entitlements", "metadata", "position", "created_at", "updated_at", "version_number", "earlier_versions") SELECT "__rowid", "id", "product_id", "display_name", "description", "pricing_type", "base_plan_id", "default_trial_config", "compatible_addon_ids", "prices", "entitlements", "metadata", "position", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END, "version_number", "earlier_versions" FROM temp.`__instants_old_plans` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_plans`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_products` AS SELECT "rowid" AS "__rowid", * FROM `products`;
--> statement-breakpoint
DROP TABLE `products`;
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text,
	`multiple_subscriptions` integer NOT NULL,
	`customer_journey` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `products`("rowid", "id", "display_name", "description", "multiple_subscriptions", "customer_journey", "metadata", "created_at", "updated_at") SELECT "__rowid", "id", "display_name", "description", "multiple_subscriptions", "customer_journey", "metadata", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_products` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_products`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_promotional_entitlements` AS SELECT "rowid" AS "__rowid", * FROM `promotional_entitlements`;
--> statement-breakpoint
DROP TABLE `promotional_entitlements`;
--> statement-breakpoint
CREATE TABLE `promotional_entitlements` (
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`period` text NOT NULL,
	`usage_limit` real,
	`has_unlimited_usage` integer NOT NULL,
	`has_soft_limit` integer NOT NULL,
	`enum_values` text,
	`is_visible` integer DEFAULT true NOT NULL,
	`reset_period` text,
	`reset_period_configuration` text,
	`start_date` integer NOT NULL,
	`end_date` integer,
	`status` text NOT NULL,
	`notice_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`)
);
--> statement-breakpoint
INSERT INTO `promotional_entitlements`("rowid", "customer_id", "feature_id", "period", "usage_limit", "has_unlimited_usage", "has_soft_limit", "enum_values", "is_visible", "reset_period", "reset_period_configuration", "start_date", "end_date", "status", "notice_at", "created_at", "updated_at") SELECT "__rowid", "customer_id", "feature_id", "period", "usage_limit", "has_unlimited_usage", "has_soft_limit", "enum_values", "is_visible", "reset_period", "reset_period_configuration", CASE WHEN substr("start_date", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("start_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("start_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("start_date", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("start_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("start_date", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("start_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("start_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("start_date") - 2440587.5) * 86400000.0) AS INTEGER), "start_date") END, CASE WHEN substr("end_date", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("end_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("end_date", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("end_date", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("end_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("end_date") - 2440587.5) * 86400000.0) AS INTEGER), "end_date") END, "status", CASE WHEN substr("notice_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("notice_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("notice_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("notice_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("notice_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("notice_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("notice_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("notice_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("notice_at") - 2440587.5) * 86400000.0) AS INTEGER), "notice_at") END, CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_promotional_entitlements` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_promotional_entitlements`;
--> statement-breakpoint
CREATE INDEX `promotional_entitlements_due` ON `promotional_entitlements` (`status`,`end_date`);
--> statement-breakpoint
CREATE INDEX `promotional_entitlements_notice` ON `promotional_entitlements` (`status`,`notice_at`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_subscription_schedules` AS SELECT * FROM `subscription_schedules`;
--> statement-breakpoint
DROP TABLE `subscription_schedules`;
--> statement-breakpoint
CREATE TABLE `subscription_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`variables` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `subscription_schedules`("id", "subscription_id", "type", "status", "scheduled_at", "variables", "created_at", "updated_at") SELECT "id", "subscription_id", "type", "status", CASE WHEN substr("scheduled_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("scheduled_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("scheduled_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("scheduled_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("scheduled_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("scheduled_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("scheduled_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("scheduled_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("scheduled_at") - 2440587.5) * 86400000.0) AS INTEGER), "scheduled_at") END, "variables", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_subscription_schedules` ORDER BY "id";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_subscription_schedules`;
--> statement-breakpoint
CREATE INDEX `subscription_schedules_subscription` ON `subscription_schedules` (`subscription_id`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_subscriptions` AS SELECT "rowid" AS "__rowid", * FROM `subscriptions`;
--> statement-breakpoint
DROP TABLE `subscriptions`;
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`product_id` text NOT NULL,
	`resource_id` text,
	`status` text NOT NULL,
	`billing_period` text,
	`start_date` integer NOT NULL,
	`end_date` integer,
	`trial_end_date` integer,
	`cancellation_date` integer,
	`cancel_reason` text,
	`addons` text NOT NULL,
	`billable_features` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`trial_end_behavior` text,
	`billing_anchor` integer,
	`end_reason` text,
	`end_action` text,
	`entitlements` text,
	`coupon_id` text,
	`billing_information` text,
	`billing_country_code` text,
	`period_end_at` integer,
	`schedule_at` integer,
	`notice_for` integer,
	`next_due_at` integer,
	`plan_version` integer DEFAULT 1 NOT NULL,
	`paying_customer_id` text,
	`budget` text
);
--> statement-breakpoint
INSERT INTO `subscriptions`("rowid", "id", "customer_id", "plan_id", "product_id", "resource_id", "status", "billing_period", "start_date", "end_date", "trial_end_date", "cancellation_date", "cancel_reason", "addons", "billable_features", "metadata", "created_at", "updated_at", "trial_end_behavior", "billing_anchor", "end_reason", "end_action", "entitlements", "coupon_id", "billing_information", "billing_country_code", "period_end_at", "schedule_at", "notice_for", "next_due_at", "plan_version", "paying_customer_id", "budget") SELECT "__rowid", "id", "customer_id", "plan_id", "product_id", "resource_id", "status", "billing_period", CASE WHEN substr("start_date", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("start_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("start_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("start_date", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("start_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("start_date", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("start_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("start_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("start_date") - 2440587.5) * 86400000.0) AS INTEGER), "start_date") END, CASE WHEN substr("end_date", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("end_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("end_date", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("end_date", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("end_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("end_date") - 2440587.5) * 86400000.0) AS INTEGER), "end_date") END, CASE WHEN substr("trial_end_date", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("trial_end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("trial_end_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("trial_end_date", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("trial_end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("trial_end_date", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("trial_end_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("trial_end_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("trial_end_date") - 2440587.5) * 86400000.0) AS INTEGER), "trial_end_date") END, CASE WHEN substr("cancellation_date", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("cancellation_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("cancellation_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("cancellation_date", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("cancellation_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("cancellation_date", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("cancellation_date", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("cancellation_date", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("cancellation_date") - 2440587.5) * 86400000.0) AS INTEGER), "cancellation_date") END, "cancel_reason", "addons", "billable_features", "metadata", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END, CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END, "trial_end_behavior", CASE WHEN substr("billing_anchor", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("billing_anchor", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("billing_anchor", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("billing_anchor", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("billing_anchor", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("billing_anchor", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("billing_anchor", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("billing_anchor", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("billing_anchor") - 2440587.5) * 86400000.0) AS INTEGER), "billing_anchor") END, "end_reason", "end_action", "entitlements", "coupon_id", "billing_information", "billing_country_code", CASE WHEN substr("period_end_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("period_end_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("period_end_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("period_end_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("period_end_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("period_end_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("period_end_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("period_end_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("period_end_at") - 2440587.5) * 86400000.0) AS INTEGER), "period_end_at") END, CASE WHEN substr("schedule_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("schedule_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("schedule_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("schedule_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("schedule_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("schedule_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("schedule_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("schedule_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("schedule_at") - 2440587.5) * 86400000.0) AS INTEGER), "schedule_at") END, CASE WHEN substr("notice_for", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("notice_for", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("notice_for", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("notice_for", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("notice_for", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("notice_for", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("notice_for", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("notice_for", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("notice_for") - 2440587.5) * 86400000.0) AS INTEGER), "notice_for") END, CASE WHEN substr("next_due_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("next_due_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("next_due_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("next_due_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("next_due_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("next_due_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("next_due_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("next_due_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("next_due_at") - 2440587.5) * 86400000.0) AS INTEGER), "next_due_at") END, "plan_version", "paying_customer_id", "budget" FROM temp.`__instants_old_subscriptions` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_subscriptions`;
--> statement-breakpoint
CREATE INDEX `subscriptions_customer` ON `subscriptions` (`customer_id`);
--> statement-breakpoint
CREATE INDEX `subscriptions_next_due` ON `subscriptions` (`next_due_at`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_usage` AS SELECT "rowid" AS "__rowid", * FROM `usage`;
--> statement-breakpoint
DROP TABLE `usage`;
--> statement-breakpoint
CREATE TABLE `usage` (
	`customer_id` text NOT NULL,
	`feature_id` text NOT NULL,
	`resource_id` text DEFAULT '' NOT NULL,
	`value` real NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `feature_id`, `resource_id`)
);
--> statement-breakpoint
INSERT INTO `usage`("rowid", "customer_id", "feature_id", "resource_id", "value", "updated_at") SELECT "__rowid", "customer_id", "feature_id", "resource_id", "value", CASE WHEN substr("updated_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("updated_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("updated_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("updated_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("updated_at") - 2440587.5) * 86400000.0) AS INTEGER), "updated_at") END FROM temp.`__instants_old_usage` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_usage`;
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_usage_events` AS SELECT * FROM `usage_events`;
--> statement-breakpoint
DROP TABLE `usage_events`;
--> statement-breakpoint
CREATE TABLE `usage_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` text NOT NULL,
	`resource_id` text DEFAULT '' NOT NULL,
	`event_name` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`dimensions` text NOT NULL,
	`timestamp` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `usage_events`("id", "customer_id", "resource_id", "event_name", "idempotency_key", "dimensions", "timestamp", "created_at") SELECT "id", "customer_id", "resource_id", "event_name", "idempotency_key", "dimensions", CASE WHEN substr("timestamp", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("timestamp", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("timestamp", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("timestamp", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("timestamp") - 2440587.5) * 86400000.0) AS INTEGER), "timestamp") END, CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END FROM temp.`__instants_old_usage_events` ORDER BY "id";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_usage_events`;
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_events_idempotency` ON `usage_events` (`customer_id`,`resource_id`,`event_name`,`idempotency_key`);
--> statement-breakpoint
CREATE INDEX `usage_events_history` ON `usage_events` (`customer_id`,`resource_id`,`timestamp`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_usage_reports` AS SELECT "rowid" AS "__rowid", * FROM `usage_reports`;
--> statement-breakpoint
DROP TABLE `usage_reports`;
--> statement-breakpoint
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
	`at` integer NOT NULL,
	`period_start` text NOT NULL,
	`usage_period_end` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `usage_reports`("rowid", "id", "customer_id", "feature_id", "resource_id", "value", "update_behavior", "current_usage", "dimensions", "idempotency_key", "at", "period_start", "usage_period_end", "created_at") SELECT "__rowid", "id", "customer_id", "feature_id", "resource_id", "value", "update_behavior", "current_usage", "dimensions", "idempotency_key", CASE WHEN substr("at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("at") - 2440587.5) * 86400000.0) AS INTEGER), "at") END, "period_start", CASE WHEN substr("usage_period_end", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("usage_period_end", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("usage_period_end", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("usage_period_end", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("usage_period_end", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("usage_period_end", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("usage_period_end", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("usage_period_end", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("usage_period_end") - 2440587.5) * 86400000.0) AS INTEGER), "usage_period_end") END, CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END FROM temp.`__instants_old_usage_reports` ORDER BY "__rowid";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_usage_reports`;
--> statement-breakpoint
CREATE INDEX `usage_reports_history` ON `usage_reports` (`customer_id`,`feature_id`,`resource_id`,`at`);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_reports_idempotency` ON `usage_reports` (`customer_id`,`feature_id`,`resource_id`,`idempotency_key`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_webhook_deliveries` AS SELECT * FROM `webhook_deliveries`;
--> statement-breakpoint
DROP TABLE `webhook_deliveries`;
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`endpoint_id` integer NOT NULL,
	`url` text NOT NULL,
	`status` integer,
	`attempts` integer NOT NULL,
	`last_attempt_at` integer
);
--> statement-breakpoint
INSERT INTO `webhook_deliveries`("id", "event_id", "endpoint_id", "url", "status", "attempts", "last_attempt_at") SELECT "id", "event_id", "endpoint_id", "url", "status", "attempts", CASE WHEN substr("last_attempt_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("last_attempt_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("last_attempt_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("last_attempt_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("last_attempt_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("last_attempt_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("last_attempt_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("last_attempt_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("last_attempt_at") - 2440587.5) * 86400000.0) AS INTEGER), "last_attempt_at") END FROM temp.`__instants_old_webhook_deliveries` ORDER BY "id";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_webhook_deliveries`;
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_event` ON `webhook_deliveries` (`event_id`);
--> statement-breakpoint
CREATE TEMP TABLE `__instants_old_webhook_events` AS SELECT * FROM `webhook_events`;
--> statement-breakpoint
DROP TABLE `webhook_events`;
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `webhook_events`("id", "message_id", "type", "payload", "created_at") SELECT "id", "message_id", "type", "payload", CASE WHEN substr("created_at", 1, 1) IN ('+', '-') THEN CAST(ROUND((julianday((printf('%04d', 2000 + (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) || substr("created_at", 8))) - 2440587.5) * 86400000.0) AS INTEGER) + ((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000 - (((((CASE substr("created_at", 1, 1) WHEN '-' THEN -1 ELSE 1 END) * CAST(substr("created_at", 2, 6) AS INTEGER)) - 2000) % 400 + 400) % 400)) / 400) * 12622780800000 ELSE COALESCE(CAST(ROUND((julianday("created_at") - 2440587.5) * 86400000.0) AS INTEGER), "created_at") END FROM temp.`__instants_old_webhook_events` ORDER BY "id";
--> statement-breakpoint
DROP TABLE temp.`__instants_old_webhook_events`;
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_message_id_unique` ON `webhook_events` (`message_id`);
--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name IN ('credit_ledger', 'subscription_schedules', 'usage_events', 'webhook_deliveries', 'webhook_events');
--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT name, seq FROM temp.`__instants_sequences`;
--> statement-breakpoint
DROP TABLE temp.`__instants_sequences`;
