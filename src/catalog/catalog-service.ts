/**
 * Catalog reads: features, products, plans, add-ons, coupons, and the views built from them
 * (inherited entitlements, prices, paywalls, subscription totals). Reads only; the catalog is
 * written by fixtures and the catalog-editing services, so it is read once per database into memory
 * and kept until one of them changes it (`invalidateCatalog`); a reset or a restored snapshot opens
 * a new database, which starts with no cached catalog.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import { connectionOf, placeholder, prepared } from '../db/prepared.js';
import { connectionCache } from '../db/connection-caches.js';
import { customerRepo, type CustomerRow, type SubscriptionRow } from '../db/repositories/customers.js';
import { subscriptionRepo } from '../db/repositories/subscriptions.js';
import * as t from '../db/schema.js';
import { onRollback } from '../environments/environment.js';
import { EmulatorError, notFound } from '../errors.js';
import {
  asEntitlements,
  asPrices,
  effectivePlanEntitlements,
  inheritedEntitlements,
  planPricePoints,
  paywallCurrency,
  pricesForPeriod,
  resetPeriodConfiguration,
  unitQuantity,
  type PricePoint,
  type SourcedEntitlement,
  type StoredEntitlement,
  type StoredPrice,
} from './catalog-rules.js';
import { toConnection, type Connection, type CursorPaging, type SortSpec } from './connection.js';
import { planAtVersion, type PlanAtVersion } from './plan-versions.js';

export type FeatureRow = typeof t.features.$inferSelect;
export type ProductRow = typeof t.products.$inferSelect;
export type PlanRow = typeof t.plans.$inferSelect;
export type AddonRow = typeof t.addons.$inferSelect;
export type CouponRow = typeof t.coupons.$inferSelect;
export type PromotionalEntitlementRow = typeof t.promotionalEntitlements.$inferSelect;
export type { CustomerRow, SubscriptionRow };

/** A plan or an add-on: what prices and entitlements hang off. */
export type PackageRow = PlanRow | AddonRow;

export const isPlanRow = (row: PackageRow): row is PlanRow => 'pricingType' in row && 'position' in row;

/**
 * A price of a package, as the parent of GraphQL `Price`: with the fields Price answers as they are
 * (read by the default resolver, which compiled execution inlines instead of calling a resolver).
 */
export interface PriceRef {
  kind: 'price';
  package: PackageRow;
  index: number;
  price: StoredPrice;
  id: string;
  packageId: string;
  createdAt: string;
  billingModel: string;
  billingPeriod: string;
  billingCadence: 'RECURRING';
  featureId: string | null;
  minUnitQuantity: number | null;
  maxUnitQuantity: number | null;
  blockSize: number | null;
  tiersMode: string | null;
  isOverridePrice: false;
}

/**
 * An entitlement of a package, as the parent of GraphQL `PackageEntitlement` /
 * `PackageFeatureEntitlement`: with the fields they answer as they are (as PriceRef).
 */
export interface EntitlementRef {
  kind: 'entitlement';
  package: PackageRow;
  index: number;
  entitlement: StoredEntitlement;
  id: string;
  packageId: string;
  createdAt: string;
  updatedAt: string;
  featureId: string;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  hasSoftLimit: boolean;
  enumValues: string[] | null;
  resetPeriod: string | null;
  resetPeriodConfiguration: ReturnType<typeof resetPeriodConfiguration>;
  behavior: string;
  isCustom: boolean;
  displayNameOverride: string | null;
  hiddenFromWidgets: string[];
  isGranted: true;
  order: number;
  featureGroupIds: never[];
  featureGroups: never[];
}

const priceRef = (pkg: PackageRow, price: StoredPrice, index: number): PriceRef => ({
  kind: 'price',
  package: pkg,
  index,
  price,
  id: `${pkg.id}:price:${index + 1}`,
  packageId: pkg.id,
  createdAt: pkg.createdAt,
  billingModel: price.billingModel,
  billingPeriod: price.billingPeriod,
  billingCadence: 'RECURRING',
  featureId: price.featureId ?? null,
  minUnitQuantity: price.minUnitQuantity ?? null,
  maxUnitQuantity: price.maxUnitQuantity ?? null,
  blockSize: price.blockSize ?? null,
  tiersMode: price.tiers?.length ? (price.tiersMode ?? 'GRADUATED') : null,
  isOverridePrice: false,
});

const entitlementRef = (pkg: PackageRow, entitlement: StoredEntitlement, index: number): EntitlementRef => ({
  kind: 'entitlement',
  package: pkg,
  index,
  entitlement,
  id: `${pkg.id}:${entitlement.featureId}`,
  packageId: pkg.id,
  createdAt: pkg.createdAt,
  updatedAt: pkg.updatedAt,
  featureId: entitlement.featureId,
  usageLimit: entitlement.usageLimit ?? null,
  hasUnlimitedUsage: entitlement.hasUnlimitedUsage ?? false,
  hasSoftLimit: entitlement.hasSoftLimit ?? false,
  enumValues: entitlement.enumValues ?? null,
  resetPeriod: entitlement.resetPeriod ?? null,
  resetPeriodConfiguration: resetPeriodConfiguration(entitlement.resetPeriod, entitlement.resetPeriodConfiguration),
  behavior: entitlement.behavior ?? 'Increment',
  isCustom: entitlement.isCustom ?? false,
  displayNameOverride: entitlement.displayNameOverride ?? null,
  hiddenFromWidgets: entitlement.hiddenFromWidgets ?? [],
  isGranted: true,
  order: index,
  featureGroupIds: [],
  featureGroups: [],
});

/** A package row's prices and entitlements as refs, derived once per row (rows are replaced, never changed, when the catalog changes). */
const priceRefsOf = new WeakMap<PackageRow, PriceRef[]>();
const entitlementRefsOf = new WeakMap<PackageRow, EntitlementRef[]>();
const inheritedRefsOf = new WeakMap<PlanRow, EntitlementRef[]>();

/** The package's prices (shared: never mutate the list). */
export function priceRefs(pkg: PackageRow): PriceRef[] {
  let refs = priceRefsOf.get(pkg);
  if (!refs) priceRefsOf.set(pkg, (refs = asPrices(pkg.prices).map((price, index) => priceRef(pkg, price, index))));
  return refs;
}

/** The package's own entitlements (shared: never mutate the list). */
export function entitlementRefs(pkg: PackageRow): EntitlementRef[] {
  let refs = entitlementRefsOf.get(pkg);
  if (!refs) entitlementRefsOf.set(pkg, (refs = asEntitlements(pkg.entitlements).map((entitlement, index) => entitlementRef(pkg, entitlement, index))));
  return refs;
}

/** A price of a subscription, as the parent of GraphQL `SubscriptionPrice` (its own fields read by the default resolver). */
export interface SubscriptionPriceRef {
  kind: 'subscriptionPrice';
  subscription: SubscriptionRow;
  ref: PriceRef;
  /** the bought quantity of a per-unit price; null for other prices */
  usageLimit: number | null;
  id: string;
  subscriptionId: string;
  createdAt: string;
  updatedAt: string;
  billingModel: string;
  featureId: string | null;
}

/** An add-on of a subscription, as the parent of GraphQL `SubscriptionAddon` (its own fields read by the default resolver). */
export interface SubscriptionAddonRef {
  kind: 'subscriptionAddon';
  subscription: SubscriptionRow;
  addonId: string;
  quantity: number;
  index: number;
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** A customer's resource, shaped as GraphQL `CustomerResource` (no resolvers needed). */
export interface ResourceView {
  resourceId: string;
  createdAt: string;
  environmentId: string;
  customer: CustomerRow | null;
  subscriptions: SubscriptionRow[];
}

const toRef = (s: SourcedEntitlement<PlanRow>): EntitlementRef => entitlementRef(s.plan, s.entitlement, s.index);

const DEFAULT_SORTING: SortSpec[] = [{ field: 'createdAt', direction: 'DESC' }];

/** The whole catalog of one database, in memory. Rows are shared: never mutate them. */
interface CatalogSnapshot {
  features: Map<string, FeatureRow>;
  products: ProductRow[];
  productsById: Map<string, ProductRow>;
  /** in catalog (paywall) order */
  plans: PlanRow[];
  plansById: Map<string, PlanRow>;
  addons: AddonRow[];
  addonsById: Map<string, AddonRow>;
  coupons: CouponRow[];
  couponsById: Map<string, CouponRow>;
}

/** By connection (drizzle's session), so a command's transaction reads the catalog its database already holds in memory. */
const snapshots = connectionCache<object, CatalogSnapshot>();
/** A plan as of each version subscriptions stand on, per cached plan row. */
const planViews = new WeakMap<PlanRow, Map<number, PlanAtVersion<PlanRow>>>();

function snapshot(db: Db): CatalogSnapshot {
  const key = connectionOf(db);
  let snap = snapshots.get(key);
  if (!snap) {
    const products = db.select().from(t.products).all();
    const plans = db.select().from(t.plans).orderBy(asc(t.plans.position)).all();
    const addons = db.select().from(t.addons).all();
    const coupons = db.select().from(t.coupons).all();
    snap = {
      features: new Map(db.select().from(t.features).all().map((f) => [f.id, f])),
      products,
      productsById: new Map(products.map((p) => [p.id, p])),
      plans,
      plansById: new Map(plans.map((p) => [p.id, p])),
      addons,
      addonsById: new Map(addons.map((a) => [a.id, a])),
      coupons,
      couponsById: new Map(coupons.map((c) => [c.id, c])),
    };
    snapshots.set(key, snap);
  }
  return snap;
}

/** Forget the cached catalog of a database (after fixtures or a catalog edit wrote to it). */
export function invalidateCatalog(db: Db): void {
  snapshots.delete(connectionOf(db));
}
// a command that rolls back may have cached its own writes
onRollback(invalidateCatalog);

export interface ListArgs {
  filter?: Record<string, unknown> | null;
  paging?: CursorPaging | null;
  sorting?: SortSpec[] | null;
}

export const catalog = {
  /** The catalog held in memory for the database: another object once the catalog was changed (what reads derived from it key on). */
  snapshotToken(db: Db): object {
    return snapshot(db);
  },
  // ---------------------------------------------------------------- features
  feature(db: Db, id: string): FeatureRow | undefined {
    return snapshot(db).features.get(id);
  },
  features(db: Db): FeatureRow[] {
    const snap = snapshot(db);
    return [...snap.features.values()];
  },
  requireFeature(db: Db, id: string): FeatureRow {
    const row = catalog.feature(db, id);
    if (!row) throw notFound('FeatureNotFound', 'Feature', id);
    return row;
  },

  // ---------------------------------------------------------------- products
  product(db: Db, id: string): ProductRow | undefined {
    return snapshot(db).productsById.get(id);
  },
  requireProduct(db: Db, id: string): ProductRow {
    const row = catalog.product(db, id);
    if (!row) throw notFound('ProductNotFoundError', 'Product', id);
    return row;
  },
  products(db: Db): ProductRow[] {
    return snapshot(db).products;
  },
  productConnection(db: Db, environmentId: string, args: ListArgs): Connection<ProductRow> {
    return toConnection(catalog.products(db), args, (row, field) => productField(row, field, environmentId), DEFAULT_SORTING);
  },
  productHasSubscriptions(db: Db, productId: string): boolean {
    return db.select({ id: t.subscriptions.id }).from(t.subscriptions).where(eq(t.subscriptions.productId, productId)).limit(1).all().length > 0;
  },

  // ---------------------------------------------------------------- plans
  plan(db: Db, id: string): PlanRow | undefined {
    return snapshot(db).plansById.get(id);
  },
  requirePlan(db: Db, id: string): PlanRow {
    const row = catalog.plan(db, id);
    if (!row) throw notFound('PlanNotFound', 'Plan', id);
    return row;
  },
  /**
   * A plan a new subscription may use: published, not archived (a plan created through the REST
   * API is a draft until published; an archived plan keeps only the subscriptions it has).
   */
  requireLivePlan(db: Db, id: string): PlanRow {
    const row = catalog.requirePlan(db, id);
    assertLive(row, 'plan');
    return row;
  },
  /** The plan as of the version a subscription stands on (E53), or undefined for an unknown plan. */
  subscriptionPlan(db: Db, sub: { planId: string; planVersion: number }): PlanAtVersion<PlanRow> | undefined {
    const plan = snapshot(db).plansById.get(sub.planId);
    if (!plan) return undefined;
    // one view per cached plan row and version (rows are replaced when fixtures change the catalog)
    let views = planViews.get(plan);
    if (!views) planViews.set(plan, (views = new Map()));
    let view = views.get(sub.planVersion);
    if (!view) views.set(sub.planVersion, (view = planAtVersion(plan, sub.planVersion)));
    return view;
  },
  /** Plans in catalog (paywall) order, of one product or all. */
  plans(db: Db, productId?: string | null): PlanRow[] {
    const plans = snapshot(db).plans;
    return productId ? plans.filter((p) => p.productId === productId) : plans;
  },
  plansById(db: Db, productId: string): Map<string, PlanRow> {
    return new Map(catalog.plans(db, productId).map((p) => [p.id, p]));
  },
  planIsParent(db: Db, planId: string): boolean {
    return snapshot(db).plans.some((p) => p.basePlanId === planId);
  },
  ownEntitlements(plan: PackageRow): EntitlementRef[] {
    return entitlementRefs(plan);
  },
  /** The entitlements a plan inherits from its base plans, derived once per plan row (shared: never mutate the list). */
  inheritedEntitlements(db: Db, plan: PlanRow): EntitlementRef[] {
    if (!plan.basePlanId) return [];
    let refs = inheritedRefsOf.get(plan);
    if (!refs) inheritedRefsOf.set(plan, (refs = inheritedEntitlements(plan, catalog.plansById(db, plan.productId)).map(toRef)));
    return refs;
  },
  /** Own plus inherited entitlements: the plan's whole package, each feature once. */
  effectiveEntitlements(db: Db, plan: PlanRow): EntitlementRef[] {
    return effectivePlanEntitlements(plan, catalog.plansById(db, plan.productId)).map(toRef);
  },
  compatibleAddons(db: Db, plan: PlanRow): AddonRow[] {
    return catalog.addonsByIds(db, plan.compatibleAddonIds);
  },

  // ---------------------------------------------------------------- add-ons
  addon(db: Db, id: string): AddonRow | undefined {
    return snapshot(db).addonsById.get(id);
  },
  requireAddon(db: Db, id: string): AddonRow {
    const row = catalog.addon(db, id);
    if (!row) throw notFound('AddonNotFound', 'Addon', id);
    return row;
  },
  /** An add-on a subscription may add: published, not archived. */
  requireLiveAddon(db: Db, id: string): AddonRow {
    const row = catalog.requireAddon(db, id);
    assertLive(row, 'add-on');
    return row;
  },
  addons(db: Db, productId?: string | null): AddonRow[] {
    const addons = snapshot(db).addons;
    return productId ? addons.filter((a) => a.productId === productId) : addons;
  },
  /** Add-ons by id, in the order of the ids (unknown ids skipped). */
  addonsByIds(db: Db, ids: string[]): AddonRow[] {
    const rows = snapshot(db).addonsById;
    return ids.map((id) => rows.get(id)).filter((a): a is AddonRow => a !== undefined);
  },
  addonHasSubscriptions(db: Db, addonId: string): boolean {
    return db
      .select({ addons: t.subscriptions.addons })
      .from(t.subscriptions)
      .all()
      .some((s) => s.addons.some((a) => a.addonId === addonId));
  },

  // ---------------------------------------------------------------- coupons
  coupon(db: Db, id: string): CouponRow | undefined {
    return snapshot(db).couponsById.get(id);
  },
  couponConnection(db: Db, environmentId: string, args: ListArgs): Connection<CouponRow> {
    return toConnection(snapshot(db).coupons, args, (row, field) => couponField(row, field, environmentId), DEFAULT_SORTING);
  },
  couponCustomers(db: Db, couponId: string): CustomerRow[] {
    return db
      .select()
      .from(t.customers)
      .where(and(eq(t.customers.couponId, couponId), isNull(t.customers.archivedAt)))
      .all();
  },

  // ---------------------------------------------------------------- customers and subscriptions (read-only views)
  customer(db: Db, id: string): CustomerRow | undefined {
    return customerRepo.get(db, id);
  },
  requireCustomer(db: Db, id: string): CustomerRow {
    const row = catalog.customer(db, id);
    if (!row) throw notFound('CustomerNotFound', 'Customer', id);
    return row;
  },
  customerSubscriptions(db: Db, customerId: string): SubscriptionRow[] {
    return customerRepo.subscriptions(db, customerId);
  },
  subscription(db: Db, id: string): SubscriptionRow | undefined {
    return subscriptionRepo.get(db, id);
  },
  /** The plan prices of the subscription's billing period, with the bought quantity of per-unit prices. */
  subscriptionPrices(db: Db, sub: SubscriptionRow): SubscriptionPriceRef[] {
    const plan = catalog.subscriptionPlan(db, sub);
    if (!plan) return [];
    return priceRefs(plan)
      .filter((ref) => pricesForPeriod([ref.price], sub.billingPeriod).length > 0)
      .map((ref) => ({
        kind: 'subscriptionPrice',
        subscription: sub,
        ref,
        usageLimit: ref.price.billingModel === 'PER_UNIT' ? unitQuantity(ref.price, sub.billableFeatures) : null,
        id: `${sub.id}:price:${ref.index + 1}`,
        subscriptionId: sub.id,
        createdAt: sub.createdAt,
        updatedAt: sub.updatedAt,
        billingModel: ref.billingModel,
        featureId: ref.featureId,
      }));
  },
  subscriptionAddons(sub: SubscriptionRow): SubscriptionAddonRef[] {
    return sub.addons.map((a, index) => ({
      kind: 'subscriptionAddon',
      subscription: sub,
      addonId: a.addonId,
      quantity: a.quantity,
      index,
      id: `${sub.id}:${a.addonId}`,
      createdAt: sub.createdAt,
      updatedAt: sub.updatedAt,
    }));
  },
  /** The add-on's price of the subscription's billing period (the first one), if any. */
  subscriptionAddonPrice(db: Db, ref: SubscriptionAddonRef): PriceRef | null {
    const addon = catalog.addon(db, ref.addonId);
    if (!addon) return null;
    const period = ref.subscription.billingPeriod ?? 'MONTHLY';
    return priceRefs(addon).find((p) => p.price.billingPeriod === period) ?? null;
  },
  /**
   * A customer's resource. Its subscriptions and customer are read when one of its fields needs
   * them (the SDKs' subscription documents mostly select the resource's id alone, for every
   * subscription of a customer).
   */
  resource(db: Db, environmentId: string, customerId: string, resourceId: string): ResourceView {
    let read: { createdAt: string; customer: CustomerRow | null; subscriptions: SubscriptionRow[] } | undefined;
    const facts = () => {
      if (read) return read;
      const subscriptions = prepared(db, 'catalog.resourceSubscriptions', (d) =>
        d
          .select()
          .from(t.subscriptions)
          .where(and(eq(t.subscriptions.customerId, placeholder('customer')), eq(t.subscriptions.resourceId, placeholder('resource'))))
          .prepare(),
      ).all({ customer: customerId, resource: resourceId });
      const createdAt = subscriptions.map((s) => s.createdAt).sort()[0];
      const customer = catalog.customer(db, customerId) ?? null;
      read = {
        createdAt: createdAt ?? customer?.createdAt ?? new Date(0).toISOString(),
        customer,
        subscriptions: subscriptions.filter((s) => s.status === 'ACTIVE' || s.status === 'IN_TRIAL'),
      };
      return read;
    };
    return {
      resourceId,
      get createdAt() {
        return facts().createdAt;
      },
      environmentId,
      get customer() {
        return facts().customer;
      },
      get subscriptions() {
        return facts().subscriptions;
      },
    };
  },

  // ---------------------------------------------------------------- paywall
  paywallPricePoints(plans: PlanRow[]): PricePoint[] {
    return plans.flatMap((plan) => planPricePoints(plan.id, asPrices(plan.prices)));
  },
  paywallCurrency(plans: PlanRow[]): { code: string; symbol: string } {
    return paywallCurrency(plans.flatMap((p) => asPrices(p.prices)));
  },
};

function assertLive(row: PackageRow, what: string): void {
  if (row.status === 'DRAFT') throw new EmulatorError('UnPublishedPackage', `${what} ${row.id} was never published`, 400, { id: row.id });
  if (row.status === 'ARCHIVED') throw new EmulatorError('EntityIsArchivedError', `${what} ${row.id} is archived`, 409, { id: row.id });
}

/** Field values of a product for filters and sorting (Stigg's ids are our ids). */
function productField(row: ProductRow, field: string, environmentId: string): unknown {
  switch (field) {
    case 'id':
    case 'refId':
      return row.id;
    case 'environmentId':
      return environmentId;
    case 'status':
      return row.status;
    case 'isDefaultProduct':
      return false;
    case 'awsMarketplaceProductCode':
    case 'awsMarketplaceProductId':
      return null;
    default:
      return (row as Record<string, unknown>)[field];
  }
}

function couponField(row: CouponRow, field: string, environmentId: string): unknown {
  switch (field) {
    case 'id':
    case 'refId':
      return row.id;
    case 'environmentId':
      return environmentId;
    case 'source':
      return 'STIGG';
    case 'billingId':
      return null;
    default:
      return (row as Record<string, unknown>)[field];
  }
}
