/**
 * The catalog webhooks the catalog-editing services and the coupon service emit, one call each,
 * inside their transaction, with the entity as the command left it: each builds its payload
 * (catalog-webhook-rules.ts) and records it (recordEvent, which shapes it by its page and refuses
 * one lacking a required field, WebhookPayloadIncomplete). Loading fixtures writes the catalog
 * without them.
 */
import type { CouponRow, FeatureRow, ProductRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import {
  couponEventFields,
  featureEventFields,
  packageEventFields,
  productEventFields,
  type CouponEventType,
  type FeatureEventType,
  type PackageEventFacts,
  type PackageEventType,
  type ProductEventType,
} from './catalog-webhook-rules.js';
import { recordEvent } from './webhook-service.js';

export const catalogWebhooks = {
  /** feature.created / feature.updated (an archive or unarchive is an update: no feature.archived page) */
  feature: (db: Db, nowMs: number, type: FeatureEventType, row: FeatureRow) => recordEvent(db, nowMs, type, featureEventFields(row)),
  /** product.created (create, duplicate) / product.updated (update, archive, unarchive) */
  product: (db: Db, nowMs: number, type: ProductEventType, row: ProductRow) => recordEvent(db, nowMs, type, productEventFields(row)),
  /** plan.created / plan.updated (a version published) / plan.deleted (archived); addon.created / addon.deleted */
  package: (db: Db, nowMs: number, type: PackageEventType, facts: PackageEventFacts) => recordEvent(db, nowMs, type, packageEventFields(facts)),
  /** coupon.created / coupon.updated (an update or an archive) */
  coupon: (db: Db, nowMs: number, type: CouponEventType, row: CouponRow) => recordEvent(db, nowMs, type, couponEventFields(row)),
};
