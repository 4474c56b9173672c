/**
 * What each inspector page shows, read from one environment at one pinned instant. Reads reuse
 * the services the API answers from (entitlements and explain, the governance tree, the catalog,
 * the next due transition), so the page shows exactly what a client would get.
 */
import { catalog } from '../catalog/catalog-service.js';
import type { CustomerRow } from '../db/repositories/customers.js';
import { entitlementsState, explainEntitlement } from '../entitlements/entitlement-service.js';
import { isMetered } from '../entitlements/entitlement-rules.js';
import type { Environment } from '../environments/environment.js';
import { listSnapshots } from '../application/snapshot-service.js';
import { promotionalEntitlementStatus } from '../customers/customer-rules.js';
import { tree } from '../governance/governance-management.js';
import { nextTransition } from '../lifecycle/reconcile.js';
import type { JourneyLike } from '../subscriptions/subscription-rules.js';
import type { StoredEntitlement } from '../catalog/catalog-rules.js';
import { listEndpoints } from '../webhooks/webhook-service.js';
import { extraSections } from './customer-sections.js';
import {
  allCoupons,
  allFeatures,
  allSubscriptions,
  customerWebhookEvents,
  environmentCounts,
  governanceOwners,
  promotions,
  resourceIdsOf,
  schedulesOf,
  searchCustomers,
  slicePage,
  usageRows,
  webhookEventsPage,
  webhookEventTypes,
} from './inspector-queries.js';
import type { Flash } from './layout.js';
import type { CatalogData } from './pages/catalog.js';
import type { CustomerPageData, UsageItem } from './pages/customer.js';
import type { EnvironmentOverview } from './pages/environment.js';
import type { JournalFilter } from './pages/journal.js';
import { buildTimeline } from './timeline.js';
import { recentUsage } from './usage-history.js';

export function overviewData(env: Environment, nowMs: number, flash: Flash | null, live: string): EnvironmentOverview {
  return {
    envId: env.id,
    clock: env.clock.toJSON(),
    nextDue: nextTransition(env.db),
    createdAt: env.createdAt,
    counts: environmentCounts(env.db),
    recentRequests: env.journal.list().slice(-8).reverse(),
    recentWebhooks: webhookEventsPage(env.db, null, 1, 8).items,
    snapshots: listSnapshots(env),
    faults: env.faults.list(),
    flash,
    live,
  };
}

export function catalogData(env: Environment, live: string): CatalogData {
  const db = env.db;
  return {
    envId: env.id,
    clock: env.clock.toJSON(),
    live,
    products: catalog.products(db),
    plans: catalog.plans(db).map((plan) => ({
      plan,
      own: catalog.ownEntitlements(plan).map((r) => r.entitlement as StoredEntitlement),
      inherited: catalog.inheritedEntitlements(db, plan).map((r) => ({ entitlement: r.entitlement as StoredEntitlement, fromPlanId: r.package.id })),
      compatibleAddonIds: plan.compatibleAddonIds,
    })),
    addons: catalog.addons(db),
    features: allFeatures(db),
    coupons: allCoupons(db),
  };
}

export function customersData(env: Environment, search: string, page: number) {
  return searchCustomers(env.db, search, page);
}

export function customerData(env: Environment, nowMs: number, customer: CustomerRow, scope: string | null, live: string): CustomerPageData {
  const db = env.db;
  const subscriptions = allSubscriptions(db, customer.id);
  const schedules = schedulesOf(db, subscriptions.map((s) => s.id));
  const timeline = buildTimeline(
    subscriptions,
    schedules,
    {
      planName: (planId) => catalog.plan(db, planId)?.displayName ?? planId,
      journey: (productId) => (catalog.product(db, productId)?.customerJourney as JourneyLike | undefined) ?? null,
    },
    nowMs,
  );
  const state = entitlementsState(env, nowMs, { customerId: customer.id, resourceId: scope });
  const entitlements = state.entitlements.map((view) => ({
    view,
    explanation: explainEntitlement(env, nowMs, { customerId: customer.id, featureId: view.featureId, resourceId: scope }),
  }));

  // usage: every metered entitlement in the scope, and any stored usage row of the customer
  const stored = usageRows(db, customer.id);
  const usage: UsageItem[] = [];
  const seen = new Set<string>();
  for (const { view } of entitlements) {
    if (!view.feature || !isMetered(view.feature)) continue;
    const row = stored.find((u) => u.featureId === view.featureId && u.resourceId === (scope ?? ''));
    seen.add(`${view.featureId}\u0000${scope ?? ''}`);
    usage.push({
      featureId: view.featureId,
      featureName: view.feature.displayName,
      resourceId: scope,
      currentUsage: view.currentUsage,
      usageLimit: view.usageLimit,
      hasUnlimitedUsage: view.hasUnlimitedUsage,
      usagePeriodStart: view.usagePeriodStart,
      usagePeriodEnd: view.usagePeriodEnd,
      resetPeriod: view.resetPeriod,
      storedValue: row?.value ?? null,
      updatedAt: row?.updatedAt ?? null,
      history: recentUsage(env, nowMs, { customerId: customer.id, featureId: view.featureId, resourceId: scope, customerCreatedAt: customer.createdAt }),
    });
  }
  for (const row of stored) {
    if (seen.has(`${row.featureId}\u0000${row.resourceId}`) || (row.resourceId || null) !== scope) continue;
    usage.push({
      featureId: row.featureId,
      featureName: catalog.feature(db, row.featureId)?.displayName ?? '',
      resourceId: row.resourceId || null,
      currentUsage: null,
      usageLimit: null,
      hasUnlimitedUsage: false,
      usagePeriodStart: null,
      usagePeriodEnd: null,
      resetPeriod: null,
      storedValue: row.value,
      updatedAt: row.updatedAt,
      history: recentUsage(env, nowMs, { customerId: customer.id, featureId: row.featureId, resourceId: row.resourceId || null, customerCreatedAt: customer.createdAt }),
    });
  }

  return {
    envId: env.id,
    clock: env.clock.toJSON(),
    nowMs,
    live,
    customer,
    subscriptions,
    schedules,
    timeline,
    scope,
    scopes: resourceIdsOf(subscriptions),
    stateDeniedReason: state.accessDeniedReason,
    entitlements,
    usage,
    promotions: promotions(db, customer.id).map((g) => ({ ...g, effectiveStatus: promotionalEntitlementStatus(g, nowMs) })),
    extraSections: extraSections({ db, nowMs, customerId: customer.id, subscriptions }),
    webhooks: customerWebhookEvents(db, customer.id),
  };
}

export function journalData(env: Environment, filter: JournalFilter, page: number) {
  const all = env.journal.list();
  const operations = [...new Set(all.map((e) => e.operationName).filter((o): o is string => !!o))].sort();
  const q = filter.q.trim().toLowerCase();
  const matching = all
    .filter(
      (e) =>
        (!filter.operation || e.operationName === filter.operation) &&
        (!filter.status || e.status === filter.status) &&
        (!q || `${e.operationName ?? ''} ${e.path ?? ''} ${JSON.stringify(e.variables ?? null)}`.toLowerCase().includes(q)),
    )
    .reverse();
  return { operations, page: slicePage(matching, page) };
}

export function webhooksData(env: Environment, type: string, page: number) {
  return { types: webhookEventTypes(env.db), page: webhookEventsPage(env.db, type || null, page), endpoints: listEndpoints(env) };
}

export function governanceData(env: Environment, nowMs: number, owner: string | undefined) {
  const owners = governanceOwners(env.db);
  const chosen = owner && owners.includes(owner) ? owner : (owners[0] ?? null);
  return { owners, owner: chosen, nodes: chosen ? tree(env, chosen, nowMs) : [] };
}


