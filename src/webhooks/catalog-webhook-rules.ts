/**
 * The catalog webhooks' payloads, as Stigg's reference pages define them (schema/stigg-webhooks.json:
 * features/*, products/*, plans/*, add-ons/*, coupons/*). Pure functions of rows: the emitting side
 * (catalog-webhooks.ts, called by the catalog-editing services and the coupon service) reads the
 * rows and records the results through recordEvent, which shapes every payload by its page.
 *
 * Stigg documents no archive event for features, products or coupons and no add-on update event:
 * archiving or unarchiving a feature or product, and archiving a coupon, are `*.updated`;
 * publishing an add-on records nothing.
 */
import type { CouponRow, FeatureRow, ProductRow } from '../catalog/catalog-service.js';
import type { WebhookEventType } from './webhook-rules.js';

type Json = Record<string, unknown>;

/** The catalog webhook types the emulator sends (of WEBHOOK_EVENT_TYPES). */
export type CatalogWebhookType = Extract<WebhookEventType, `feature.${string}` | `product.${string}` | `plan.${string}` | `addon.${string}` | `coupon.${string}`>;

export type FeatureEventType = Extract<CatalogWebhookType, `feature.${string}`>;
export type ProductEventType = Extract<CatalogWebhookType, `product.${string}`>;
export type PackageEventType = Extract<CatalogWebhookType, `plan.${string}` | `addon.${string}`>;
export type CouponEventType = Extract<CatalogWebhookType, `coupon.${string}`>;

/** The fields of the feature.* events (the page's feature object: unit is the singular, units the plural). */
export function featureEventFields(row: FeatureRow): Json {
  return {
    id: row.id,
    name: row.displayName,
    description: row.description,
    unit: row.units,
    units: row.unitsPlural,
    featureType: row.featureType,
    meterType: row.meterType === 'None' ? null : row.meterType.toUpperCase(),
    status: row.status,
  };
}

/**
 * The fields of the product.* events. `entityId` repeats the id (the emulator has no internal ids);
 * no product is Stigg's default product; the usage-reset behaviour is the customer journey's cutoff
 * rule; no auto-cancellation rule is kept.
 */
export function productEventFields(row: ProductRow): Json {
  const journey = row.customerJourney as { usageResetCutoffRule?: string | null } | null;
  return {
    entityId: row.id,
    id: row.id,
    displayName: row.displayName,
    name: row.displayName,
    isDefaultProduct: false,
    metadata: row.metadata,
    subscriptionUpdateUsageResetBehavior: journey?.usageResetCutoffRule ?? 'ALWAYS_RESET',
    autoCancellationRules: [],
  };
}

/** A plan or add-on as the plan.* / addon.* events describe it: its working version (the draft when it has one). */
export interface PackageEventFacts {
  kind: 'PLAN' | 'ADDON';
  id: string;
  name: string;
  description: string | null;
  productId: string;
  metadata: Record<string, unknown> | null;
  status: string;
  version: number;
  isLatest: boolean;
  packageEntitlements: Json[];
  prices: { billingModel: string; billingPeriod: string; amount: number; currency: string }[];
}

/** The fields of the plan.* and addon.* events (the add-on pages list no productId, isLatest or version). */
export function packageEventFields(facts: PackageEventFacts): Json {
  return {
    id: facts.id,
    name: facts.name,
    description: facts.description,
    ...(facts.kind === 'PLAN' ? { productId: facts.productId, isLatest: facts.isLatest, version: facts.version } : {}),
    status: facts.status,
    packageEntitlements: facts.packageEntitlements,
    prices: facts.prices.map((p) => ({ billingModel: p.billingModel, billingPeriod: p.billingPeriod, amount: p.amount, currency: p.currency.toLowerCase() })),
    metadata: facts.metadata,
  };
}

/**
 * The fields of the coupon.* events. The pages list no `id`: `entityId` is the coupon's id (its
 * refId; Stigg sends an internal UUID there). `discountValue` is the percent off of a PERCENTAGE
 * coupon, the amount off of a FIXED one.
 */
export function couponEventFields(row: CouponRow): Json {
  return {
    entityId: row.id,
    name: row.name,
    description: row.description,
    couponType: row.type,
    status: row.status,
    discountValue: row.discountValue,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
