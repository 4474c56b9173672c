/**
 * Export and import: an environment's whole state as a fixture document, and back. An export
 * writes every stored fact the fixture format can carry (state keys included: subscription
 * status and dates, archived customers and entities, budget anchors and current usage), so
 * importing it into an empty environment and exporting again gives the same document.
 * Not carried: the clock, the request journal, faults, snapshots and governance idempotency keys.
 */
import { and, asc, eq } from 'drizzle-orm';
import { openMemoryDatabase, type Db } from '../db/open-database.js';
import * as t from '../db/schema.js';
import { applyFixtures } from '../fixtures/apply.js';
import { noKnownIds, type FixtureFormat } from '../fixtures/load.js';
import { exportCustomerCredits } from '../credits/credit-fixtures.js';
import type { FixtureDocument } from '../fixtures/model.js';
import { periodKey, periodOf } from '../governance/governance-rules.js';
import type { Environment } from '../environments/environment.js';
import { fixtureSummary, parseFixtureBody } from './fixture-service.js';
import type { EnvironmentRegistry } from './registry.js';

type Json = Record<string, unknown>;

/** Drop keys whose value is null or undefined (the fixture format treats absent and null alike). */
/** A customer's credits without empty lists and null fields. */
function compactCredits(credits: ReturnType<typeof exportCustomerCredits>) {
  return {
    creditGrants: credits.creditGrants.map((g) => compact(g as unknown as Json)),
    autoRecharge: credits.autoRecharge.map((a) => compact(a as unknown as Json)),
  };
}

function compact<T extends Json>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

const metaValue = <T>(db: Db, key: string): T | undefined => db.select().from(t.meta).where(eq(t.meta.key, key)).get()?.value as T | undefined;

/** The whole state of an environment as a fixture document (the input shape of the fixture model). */
export function exportEnvironment(env: Environment): Json {
  const db = env.db;
  const nowMs = env.nowMs();
  const environments = metaValue<string[]>(db, 'environments') ?? [];
  const billing = metaValue<{ requirePaymentMethod: boolean }>(db, 'billing');

  const features = db
    .select()
    .from(t.features)
    .all()
    .map((f) =>
      compact({
        id: f.id,
        displayName: f.displayName,
        description: f.description,
        featureType: f.featureType,
        meterType: f.meterType,
        units: f.units,
        unitsPlural: f.unitsPlural,
        enumValues: f.enumValues,
        meter: f.meter,
        metadata: f.metadata,
        status: f.status === 'ACTIVE' ? null : f.status,
        unitTransformation: f.unitTransformation,
      }),
    );
  const products = db
    .select()
    .from(t.products)
    .all()
    .map((p) =>
      compact({ id: p.id, displayName: p.displayName, description: p.description, multipleSubscriptions: p.multipleSubscriptions, customerJourney: compact(p.customerJourney), metadata: p.metadata, status: p.status === 'PUBLISHED' ? null : p.status }),
    );
  const packageCredits = db.select().from(t.packageCredits).all();
  const creditsOf = (packageType: string, packageId: string) =>
    packageCredits
      .filter((c) => c.packageType === packageType && c.packageId === packageId)
      .map((c) => ({ customCurrencyId: c.currencyId, amount: c.amount, cadence: c.cadence, hasSoftLimit: c.hasSoftLimit }));
  const customCurrencies = db
    .select()
    .from(t.customCurrencies)
    .all()
    .map((c) => compact({ id: c.id, displayName: c.displayName, symbol: c.symbol, units: c.units, unitsPlural: c.unitsPlural }));
  const featureGroups = db
    .select()
    .from(t.featureGroups)
    .all()
    .map((g) => compact({ id: g.id, displayName: g.displayName, description: g.description, featureIds: g.featureIds }));
  const plans = db
    .select()
    .from(t.plans)
    .orderBy(t.plans.position)
    .all()
    .map((p) =>
      compact({
        id: p.id,
        productId: p.productId,
        displayName: p.displayName,
        description: p.description,
        pricingType: p.pricingType,
        basePlanId: p.basePlanId,
        defaultTrialConfig: p.defaultTrialConfig ? compact(p.defaultTrialConfig) : null,
        compatibleAddonIds: p.compatibleAddonIds,
        // version 1 as the plan's own keys, later versions under `versions` (the fixture form); credit
        // entitlements (stored apart from the versions) with version 1's
        ...withPlanCredits(planVersionsForExport(p), creditsOf('PLAN', p.id)),
        metadata: p.metadata,
      }),
    );
  const addons = db
    .select()
    .from(t.addons)
    .all()
    .map((a) =>
      compact({
        id: a.id,
        productId: a.productId,
        displayName: a.displayName,
        description: a.description,
        maxQuantity: a.maxQuantity,
        dependencies: a.dependencies,
        prices: a.prices.map(compact),
        entitlements: [...a.entitlements.map(compact), ...creditsOf('ADDON', a.id)],
        metadata: a.metadata,
      }),
    );
  const coupons = db
    .select()
    .from(t.coupons)
    .all()
    .map((c) =>
      compact({ id: c.id, name: c.name, description: c.description, type: c.type, discountValue: c.discountValue, currency: c.currency, durationInMonths: c.durationInMonths, status: c.status, metadata: c.metadata }),
    );

  const customers = db
    .select()
    .from(t.customers)
    .all()
    .map((c) => {
      const subscriptions = db
        .select()
        .from(t.subscriptions)
        .where(eq(t.subscriptions.customerId, c.id))
        .all()
        .map((s) =>
          compact({
            id: s.id,
            planId: s.planId,
            billingPeriod: s.billingPeriod,
            startDate: s.startDate,
            endDate: s.endDate,
            resourceId: s.resourceId,
            addons: s.addons,
            billableFeatures: s.billableFeatures,
            trial: s.trialEndDate !== null,
            metadata: s.metadata,
            status: s.status,
            trialEndDate: s.trialEndDate,
            cancellationDate: s.cancellationDate,
            cancelReason: s.cancelReason,
            createdAt: s.createdAt,
            trialEndBehavior: s.trialEndBehavior,
            billingAnchor: s.billingAnchor,
            endReason: s.endReason,
            endAction: s.endAction,
            couponId: s.couponId,
            noticeFor: s.noticeFor,
            entitlements: s.entitlements,
            planVersion: s.planVersion,
            payingCustomerId: s.payingCustomerId,
            budget: s.budget,
            scheduledUpdates: db
              .select()
              .from(t.subscriptionSchedules)
              .where(eq(t.subscriptionSchedules.subscriptionId, s.id))
              .all()
              .filter((u) => u.status === 'Scheduled')
              .map((u) => ({ type: u.type, scheduledAt: u.scheduledAt, variables: u.variables })),
          }),
        );
      const usage = db
        .select()
        .from(t.usage)
        .where(eq(t.usage.customerId, c.id))
        .all()
        .map((u) => compact({ featureId: u.featureId, value: u.value, resourceId: u.resourceId === '' ? null : u.resourceId, updatedAt: u.updatedAt }));
      const events = db
        .select()
        .from(t.usageEvents)
        .where(eq(t.usageEvents.customerId, c.id))
        .orderBy(asc(t.usageEvents.id))
        .all()
        .map((e) =>
          compact({ eventName: e.eventName, idempotencyKey: e.idempotencyKey, resourceId: e.resourceId === '' ? null : e.resourceId, dimensions: e.dimensions, timestamp: e.timestamp }),
        );
      const promotionalEntitlements = db
        .select()
        .from(t.promotionalEntitlements)
        .where(eq(t.promotionalEntitlements.customerId, c.id))
        .all()
        .map((p) =>
          compact({
            featureId: p.featureId,
            period: p.period,
            endDate: p.endDate,
            usageLimit: p.usageLimit,
            hasUnlimitedUsage: p.hasUnlimitedUsage,
            hasSoftLimit: p.hasSoftLimit,
            enumValues: p.enumValues,
            isVisible: p.isVisible,
            resetPeriod: p.resetPeriod,
            resetPeriodConfiguration: p.resetPeriodConfiguration,
            startDate: p.startDate,
            status: p.status,
          }),
        );
      return compact({
        id: c.id,
        name: c.name,
        email: c.email,
        billingId: c.billingId,
        hasPaymentMethod: c.hasPaymentMethod,
        metadata: c.metadata,
        couponId: c.couponId,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        archivedAt: c.archivedAt,
        crmId: c.crmId,
        salesforceId: c.salesforceId,
        awsMarketplaceCustomerId: c.awsMarketplaceCustomerId,
        excludeFromExperiment: c.excludeFromExperiment,
        billingInformation: c.billingInformation,
        subscriptions,
        usage,
        events,
        promotionalEntitlements,
        ...compactCredits(exportCustomerCredits(db, c.id)),
      });
    });

  const webhooks = db
    .select()
    .from(t.webhookEndpoints)
    .all()
    .map((w) => compact({ url: w.url, secret: w.secret, events: w.events }));

  const owners: Record<string, { entities: Json[]; assignments: Json[] }> = {};
  const ownerOf = (id: string) => (owners[id] ??= { entities: [], assignments: [] });
  for (const e of db.select().from(t.govEntities).all()) {
    ownerOf(e.ownerId).entities.push(
      compact({ id: e.id, entityTypeId: e.entityTypeId, parentId: e.parentId, displayName: e.displayName, metadata: e.metadata, archivedAt: e.archivedAt }),
    );
  }
  for (const a of db.select().from(t.govAssignments).all()) {
    const period = periodOf(Date.parse(a.anchorAt), a.cadence, nowMs);
    const used = db
      .select()
      .from(t.govUsage)
      .where(and(eq(t.govUsage.assignmentId, a.id), eq(t.govUsage.periodStart, periodKey(period))))
      .get();
    ownerOf(a.ownerId).assignments.push(
      compact({
        entityId: a.entityId,
        capabilityId: a.capabilityId,
        usageLimit: a.usageLimit,
        cadence: a.cadence,
        scopeEntityIds: a.scopeEntityIds,
        usage: used?.amount,
        periodAnchor: a.anchorAt,
        capabilityKind: a.capabilityKind,
      }),
    );
    // a budget without a cap exports `usageLimit: null` explicitly (the key is required)
    if (a.usageLimit === null) ownerOf(a.ownerId).assignments.at(-1)!.usageLimit = null;
  }
  const governance = {
    entityTypes: db
      .select()
      .from(t.govEntityTypes)
      .all()
      .map((e) => compact({ id: e.id, displayName: e.displayName, description: e.description, attributionKeys: e.attributionKeys, role: e.role })),
    capabilities: db
      .select()
      .from(t.govCapabilities)
      .all()
      .map((c) => ({ id: c.id, displayName: c.displayName })),
    owners,
  };

  return compact({
    environments,
    features,
    products,
    plans,
    addons,
    coupons,
    customCurrencies,
    featureGroups,
    customers,
    billing,
    webhooks,
    governance,
  }) satisfies Partial<Record<keyof FixtureDocument, unknown>>;
}

/**
 * Replace an environment's whole state with a fixture document (JSON or YAML text). The document
 * must be complete in itself; it is validated and written into a new database before the
 * environment switches to it, so a bad document changes nothing. The clock is left as it is.
 */
export function importEnvironment(registry: EnvironmentRegistry, env: Environment, text: string, format: FixtureFormat = 'auto'): Record<string, number> {
  const merged = parseFixtureBody(text, noKnownIds(), format);
  const fresh = openMemoryDatabase();
  try {
    const nowMs = env.nowMs();
    fresh.db.transaction((tx) => applyFixtures(tx as unknown as Db, merged, nowMs));
    const createdAt = env.createdAt;
    fresh.db.insert(t.meta).values({ key: 'createdAt', value: createdAt }).onConflictDoNothing().run();
    registry.replaceDatabase(env, fresh.sqlite.serialize());
  } finally {
    fresh.sqlite.close();
  }
  env.saveClock();
  return fixtureSummary(merged);
}

/** A plan's versions in the fixture form: version 1's prices and entitlements, then `versions` (omitted when there is one). */
/** A plan's exported keys with its credit entitlements added to version 1's entitlements. */
function withPlanCredits(keys: Record<string, unknown>, credits: readonly Record<string, unknown>[]): Record<string, unknown> {
  return credits.length === 0 ? keys : { ...keys, entitlements: [...(keys.entitlements as Record<string, unknown>[]), ...credits] };
}

function planVersionsForExport(p: typeof t.plans.$inferSelect): Record<string, unknown> {
  const all = [...p.earlierVersions, { versionNumber: p.versionNumber, prices: p.prices, entitlements: p.entitlements }];
  const [first, ...later] = all;
  return {
    prices: first!.prices.map(compact),
    entitlements: first!.entitlements.map(compact),
    ...(later.length > 0 ? { versions: later.map((v) => ({ version: v.versionNumber, prices: v.prices.map(compact), entitlements: v.entitlements.map(compact) })) } : {}),
  };
}
