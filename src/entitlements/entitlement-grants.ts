/**
 * What a customer's sources grant: a subscription's grants (its plan's package, per-unit
 * quantities, add-ons), promotional grants, and their traced entitlements, remembered per
 * connection for the same inputs (entitlement-service.ts decides with them).
 */
import { eq } from 'drizzle-orm';
import { asEntitlements, asTrialConfig, effectiveTrialEndBehavior } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { connectionOf, placeholder, prepared } from '../db/prepared.js';
import { connectionCache } from '../db/connection-caches.js';
import * as t from '../db/schema.js';
import { usageAnchorMs } from '../meters/reset-rules.js';
import { traceEntitlements, tracePromotionalGrant, traceSubscriptionGrants, type TracedEntitlement, type TracedGrant } from './entitlement-rules.js';

/** The product's rule for usage across a plan change (E85). */
export const usageRuleOf = (db: Db, productId: string): string | null =>
  ((catalog.product(db, productId)?.customerJourney ?? {}) as { usageResetCutoffRule?: string }).usageResetCutoffRule ?? null;

export function trialConvertsToPaid(db: Db, sub: SubscriptionRow, hasPaymentMethod: boolean): boolean {
  const plan = catalog.plan(db, sub.planId);
  if (!plan) return false;
  return effectiveTrialEndBehavior(asTrialConfig(plan.defaultTrialConfig), plan.pricingType, hasPaymentMethod) === 'CONVERT_TO_PAID';
}

/** The grants of one subscription, traced: its plan's package, per-unit quantities and add-ons. */
export function grantsOfSubscription(db: Db, sub: SubscriptionRow, anchorMs: number = Date.parse(sub.startDate)): TracedGrant[] {
  // the plan as of the subscription's version (E53)
  const plan = catalog.subscriptionPlan(db, sub);
  if (!plan) return [];
  const perUnit = catalog
    .subscriptionPrices(db, sub)
    .filter((p) => p.usageLimit !== null && p.ref.price.featureId)
    .map((p) => ({ featureId: p.ref.price.featureId!, quantity: p.usageLimit! }));
  const addons = sub.addons.map((a) => ({ entitlements: asEntitlements(catalog.addon(db, a.addonId)?.entitlements), quantity: a.quantity, addonId: a.addonId }));
  // custom-plan entitlements given at provisioning replace the plan's for their features
  const custom = asEntitlements((sub.entitlements ?? []).filter((e) => e.kind === 'feature'));
  const customIds = new Set(custom.map((e) => e.featureId));
  const planEntitlements = catalog.effectiveEntitlements(db, plan).filter((ref) => !customIds.has(ref.entitlement.featureId));
  return traceSubscriptionGrants({
    planEntitlements: [...custom, ...planEntitlements.map((ref) => ref.entitlement)],
    ownFeatureIds: new Set([...asEntitlements(plan.entitlements).map((e) => e.featureId), ...customIds]),
    perUnit,
    addons,
    anchorMs,
    updatedAt: sub.updatedAt,
    endsAt: sub.endDate,
    subscriptionId: sub.id,
    planId: sub.planId,
    inheritedFrom: new Map(planEntitlements.filter((ref) => ref.package.id !== plan.id).map((ref) => [ref.entitlement.featureId, ref.package.id])),
  });
}

/** A customer's promotional grants, whatever their status. */
export const promotionsOf = (db: Db, customerId: string) =>
  prepared(db, 'entitlements.promotions', (d) =>
    d.select().from(t.promotionalEntitlements).where(eq(t.promotionalEntitlements.customerId, placeholder('customer'))).prepare(),
  ).all({ customer: customerId });

/**
 * The entitlements a customer's sources grant, traced (the costly part of a check), remembered per
 * connection and scope: what they are derived from (the catalog held in memory, the customer's
 * subscriptions, which of them grant now, the active promotional grants) is read on every call and
 * compared whole, so an entry is reused only for the same inputs (a usage report, which changes
 * none of them, or the next check).
 */
type PromotionRow = typeof t.promotionalEntitlements.$inferSelect;

/** The rows an entry was traced from, when the caller stood for them with a `sources` object. */
interface TracedFrom {
  sources: object;
  live: SubscriptionRow[];
  promotions: PromotionRow[];
}

const tracedCache = connectionCache<object, Map<string, { catalog: object; inputs: string; traces: Map<string, TracedEntitlement>; read?: TracedFrom }>>();

/**
 * `sources`: when the caller's subscriptions and promotional grants are rows it remembered (the
 * same objects while the customer's tables are unwritten; a usage report's), an object that stands
 * for them: the same sources and the same rows granting now are the same inputs, without comparing
 * them whole.
 */
export function tracedEntitlements(
  db: Db,
  customerId: string,
  scope: string | null,
  subscriptions: SubscriptionRow[],
  live: SubscriptionRow[],
  promotions: PromotionRow[],
  sources?: object,
): Map<string, TracedEntitlement> {
  const connection = connectionOf(db);
  let cache = tracedCache.get(connection);
  if (!cache) tracedCache.set(connection, (cache = new Map()));
  const key = `${customerId}\u0000${scope ?? ''}`;
  const snapshot = catalog.snapshotToken(db);
  const cached = cache.get(key);
  const read: TracedFrom | undefined = sources ? { sources, live, promotions } : undefined;
  const known = cached?.read;
  if (cached && cached.catalog === snapshot && known && known.sources === sources && sameRows(known.live, live) && sameRows(known.promotions, promotions)) {
    return cached.traces;
  }
  const inputs = JSON.stringify([subscriptions, live.map((s) => s.id), promotions]);
  if (cached && cached.catalog === snapshot && cached.inputs === inputs) {
    cached.read = read;
    return cached.traces;
  }
  // usage periods roll from the subscription's start, or from the chain its usage carries over from (E85)
  const anchorOf = (s: SubscriptionRow) => usageAnchorMs(s, subscriptions, (productId) => usageRuleOf(db, productId));
  const grants = [...live.flatMap((s) => grantsOfSubscription(db, s, anchorOf(s))), ...promotions.map(tracePromotionalGrant)].filter((g) =>
    catalog.feature(db, g.grant.featureId),
  );
  const traces = traceEntitlements(grants);
  if (cache.size >= TRACED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, { catalog: snapshot, inputs, traces, read });
  return traces;
}

/** The same rows, in the same order (the same objects). */
const sameRows = (a: readonly object[], b: readonly object[]): boolean => a.length === b.length && a.every((row, i) => row === b[i]);

/** Customers' scopes remembered per connection (the oldest is dropped first). */
const TRACED_CACHE_SIZE = 256;
