/**
 * Subscription reads: one subscription, a customer's active subscriptions (global or per resource),
 * the `subscriptions` connection and a customer's filtered subscription list. Pure reads over the
 * stored rows; no GraphQL types (the CustomerSubscription resolvers shape the rows).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { placeholder, prepared } from '../db/prepared.js';
import type { Db } from '../db/open-database.js';
import { customerRepo, type CustomerRow, type SubscriptionRow } from '../db/repositories/customers.js';
import * as t from '../db/schema.js';
import { currentBillingPeriod } from '../catalog/catalog-rules.js';
import { catalog, type SubscriptionPriceRef } from '../catalog/catalog-service.js';
import {
  matchesFilter,
  sortRows,
  toConnection,
  type Connection,
  type CursorPaging,
  type FieldGetter,
  type RelationGetter,
  type SortSpec,
} from '../catalog/connection.js';
import { EmulatorError, notFound } from '../errors.js';

/** The statuses getActiveSubscriptions answers (2.1.3: the ones that grant entitlements). */
export const ACTIVE_SUBSCRIPTION_STATUSES = ['ACTIVE', 'IN_TRIAL'] as const;

export interface SubscriptionListArgs {
  filter?: Record<string, unknown> | null;
  sorting?: SortSpec[] | null;
}

export interface SubscriptionConnectionArgs extends SubscriptionListArgs {
  paging?: CursorPaging | null;
}

/** Stigg's defaults for `subscriptions(sorting:)` and `Customer.subscriptions(sorting:)`. */
const DEFAULT_SORTING: SortSpec[] = [{ field: 'createdAt', direction: 'DESC' }];
/** Ties keep a stable order, so cursors stay valid between pages. */
const TIE_BREAK: SortSpec = { field: 'subscriptionId', direction: 'ASC' };

const withTieBreak = (sorting: SortSpec[] | null | undefined): SortSpec[] => [...(sorting && sorting.length > 0 ? sorting : DEFAULT_SORTING), TIE_BREAK];

/** getSubscription: the subscription, or SubscriptionNotFound. */
export function getSubscription(db: Db, _nowMs: number, subscriptionId: string): SubscriptionRow {
  const row = catalog.subscription(db, subscriptionId);
  if (!row) throw notFound('SubscriptionNotFound', 'Subscription', subscriptionId);
  return row;
}

function requireLiveCustomer(db: Db, customerId: string): CustomerRow {
  const row = customerRepo.get(db, customerId);
  if (!row) throw notFound('CustomerNotFound', 'Customer', customerId);
  if (row.archivedAt) throw new EmulatorError('CustomerNotFound', `Customer not found: ${customerId} (archived)`, 404, { id: customerId });
  return row;
}

/**
 * getActiveSubscriptions (2.2.3, E32): the customer's ACTIVE and IN_TRIAL subscriptions. Without a
 * resource only the global ones (no resourceId); with `resourceId` that resource's; with
 * `resourceIds` (non-empty) those resources'. Newest start first, then by id.
 */
export function getActiveSubscriptions(
  db: Db,
  _nowMs: number,
  customerId: string,
  resourceId?: string | null,
  resourceIds?: readonly string[] | null,
): SubscriptionRow[] {
  requireLiveCustomer(db, customerId);
  const resources = [...new Set([...(resourceId ? [resourceId] : []), ...(resourceIds ?? [])])];
  const active = inArray(t.subscriptions.status, [...ACTIVE_SUBSCRIPTION_STATUSES]);
  const rows =
    resources.length > 0
      ? db
          .select()
          .from(t.subscriptions)
          .where(and(eq(t.subscriptions.customerId, customerId), active, inArray(t.subscriptions.resourceId, resources)))
          .all()
      : // the SDKs' usual call (no resource): prepared once per connection
        prepared(db, 'subscription.activeGlobal', (d) =>
          d
            .select()
            .from(t.subscriptions)
            .where(and(eq(t.subscriptions.customerId, placeholder('customerId')), active, isNull(t.subscriptions.resourceId)))
            .prepare(),
        ).all({ customerId });
  return rows.sort((a, b) => Date.parse(b.startDate) - Date.parse(a.startDate) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The `subscriptions` root query: every subscription of the environment, filtered, sorted and paged. */
export function subscriptionConnection(db: Db, nowMs: number, args: SubscriptionConnectionArgs, environmentId = ''): Connection<SubscriptionRow> {
  const fields = subscriptionFields(db, nowMs, environmentId);
  const rows = db.select().from(t.subscriptions).all();
  return toConnection(rows, { filter: args.filter, paging: args.paging, sorting: withTieBreak(args.sorting) }, fields.get, DEFAULT_SORTING, fields.relation);
}

/**
 * Every subscription of the environment matching a SubscriptionQueryFilter, sorted (Stigg's default:
 * newest created first, ties by id); no paging (the caller pages, e.g. the REST list by id cursor).
 */
export function subscriptionList(db: Db, nowMs: number, args: SubscriptionListArgs = {}, environmentId = ''): SubscriptionRow[] {
  const fields = subscriptionFields(db, nowMs, environmentId);
  const rows = db.select().from(t.subscriptions).all().filter((row) => matchesFilter(row, args.filter, fields.get, fields.relation));
  return sortRows(rows, withTieBreak(args.sorting), fields.get);
}

/**
 * Stigg's default filter of a customer's (or a resource's) subscription list relation:
 * `subscriptions(filter: CustomerSubscriptionFilter = {status: {in: [ACTIVE, IN_TRIAL]}}, sorting = createdAt DESC)`.
 */
export const LIVE_SUBSCRIPTIONS_FILTER = { status: { in: [...ACTIVE_SUBSCRIPTION_STATUSES] } };

/**
 * A customer's subscriptions matching a CustomerSubscriptionFilter, sorted by CustomerSubscriptionSort
 * (ties by id); no paging. Without a filter every subscription; without a sorting the stored order.
 * Callers that follow Stigg's relation defaults pass LIVE_SUBSCRIPTIONS_FILTER and createdAt DESC
 * (GraphQL does, from the field's argument defaults, where the schema declares them).
 */
export function customerSubscriptions(
  db: Db,
  nowMs: number,
  customerId: string,
  args: SubscriptionListArgs = {},
  environmentId = '',
  /** the customer's subscriptions as stored, when the caller already read them */
  stored: SubscriptionRow[] = customerRepo.subscriptions(db, customerId),
): SubscriptionRow[] {
  const fields = subscriptionFields(db, nowMs, environmentId);
  const rows = stored.filter((row) => matchesFilter(row, args.filter, fields.get, fields.relation));
  return args.sorting && args.sorting.length > 0 ? sortRows(rows, [...args.sorting, TIE_BREAK], fields.get) : rows;
}

/** A resource of a customer: the resource id its subscriptions name, first named at createdAt, last changed at updatedAt. */
export interface CustomerResourceView {
  resourceId: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The resources of a customer (every resource id a subscription of it names, whatever the
 * subscription's status), newest first as GraphQL `customerResources` sorts them (ties by id).
 */
export function customerResources(db: Db, customerId: string): CustomerResourceView[] {
  const byId = new Map<string, CustomerResourceView>();
  for (const s of customerRepo.subscriptions(db, customerId)) {
    if (s.resourceId === null) continue;
    const seen = byId.get(s.resourceId);
    byId.set(s.resourceId, {
      resourceId: s.resourceId,
      createdAt: seen && seen.createdAt < s.createdAt ? seen.createdAt : s.createdAt,
      updatedAt: seen && seen.updatedAt > s.updatedAt ? seen.updatedAt : s.updatedAt,
    });
  }
  return [...byId.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.resourceId < b.resourceId ? -1 : 1) : a.createdAt > b.createdAt ? -1 : 1));
}

// ---------------------------------------------------------------- filter and sort fields

/** Field values of a subscription for SubscriptionQueryFilter / CustomerSubscriptionFilter and their sort fields. */
function subscriptionFields(db: Db, nowMs: number, environmentId: string): { get: FieldGetter<SubscriptionRow>; relation: RelationGetter<SubscriptionRow> } {
  const get: FieldGetter<SubscriptionRow> = (row, field) => {
    switch (field) {
      case 'id':
      case 'refId':
      case 'subscriptionId':
        return row.id;
      case 'environmentId':
        return environmentId;
      case 'effectiveEndDate':
        return row.endDate;
      case 'pricingType':
        return catalog.plan(db, row.planId)?.pricingType ?? null;
      case 'paymentCollection':
        return 'NOT_REQUIRED';
      case 'billingCycleAnchor':
        return currentBillingPeriod(row, nowMs).anchor;
      case 'currentBillingPeriodStart':
        return currentBillingPeriod(row, nowMs).start;
      case 'currentBillingPeriodEnd':
        return currentBillingPeriod(row, nowMs).end;
      case 'billingId':
      case 'salesforceId':
      case 'crmId':
      case 'crmLinkUrl':
      case 'oldBillingId':
        return null;
      case 'payingCustomerId':
        return row.payingCustomerId;
      default:
        return (row as Record<string, unknown>)[field];
    }
  };

  const relation: RelationGetter<SubscriptionRow> = (row, key) => {
    switch (key) {
      case 'plan': {
        const plan = catalog.subscriptionPlan(db, row);
        return { rows: plan ? [plan] : [], get: packageField(environmentId) };
      }
      case 'customer': {
        const customer = customerRepo.get(db, row.customerId);
        return { rows: customer ? [customer] : [], get: customerField(environmentId) };
      }
      case 'payingCustomer': {
        const payer = row.payingCustomerId ? customerRepo.get(db, row.payingCustomerId) : undefined;
        return { rows: payer ? [payer] : [], get: customerField(environmentId) };
      }
      case 'resource':
        return {
          rows: row.resourceId ? [{ resourceId: row.resourceId, createdAt: row.createdAt, environmentId }] : [],
          get: (r, field) => (r as Record<string, unknown>)[field],
        };
      case 'addons':
        return {
          rows: row.addons,
          get: (a, field) => {
            const addon = a as { addonId: string; quantity: number };
            return ({ id: addon.addonId, quantity: addon.quantity, createdAt: row.createdAt, updatedAt: row.updatedAt } as Record<string, unknown>)[field];
          },
        };
      case 'prices':
        return {
          rows: catalog.subscriptionPrices(db, row),
          get: (p, field) => {
            const ref = p as SubscriptionPriceRef;
            return (
              {
                id: `${ref.ref.package.id}:${ref.ref.index}`,
                billingModel: ref.ref.price.billingModel,
                featureId: ref.ref.price.featureId ?? null,
                usageLimit: ref.usageLimit,
                hasSoftLimit: false,
                createdAt: row.createdAt,
                updatedAt: row.updatedAt,
              } as Record<string, unknown>
            )[field];
          },
        };
      case 'subscriptionEntitlements':
        return { rows: [], get: () => null };
      default:
        return undefined;
    }
  };

  return { get, relation };
}

const packageField =
  (environmentId: string): FieldGetter<unknown> =>
  (row, field) => {
    const plan = row as Record<string, unknown>;
    switch (field) {
      case 'id':
      case 'refId':
        return plan.id;
      case 'environmentId':
        return environmentId;
      case 'status':
        return 'PUBLISHED';
      case 'isLatest':
        return plan.isLatest ?? true;
      case 'versionNumber':
        return plan.versionNumber ?? 1;
      case 'billingId':
        return null;
      default:
        return plan[field];
    }
  };

const customerField =
  (environmentId: string): FieldGetter<unknown> =>
  (row, field) => {
    const customer = row as CustomerRow;
    switch (field) {
      case 'id':
      case 'refId':
      case 'customerId':
        return customer.id;
      case 'environmentId':
        return environmentId;
      case 'deletedAt':
        return customer.archivedAt;
      case 'searchQuery':
        // iLike over what Stigg's customer search covers: id, name, email
        return [customer.id, customer.name, customer.email].filter(Boolean).join(' ');
      case 'crmHubspotCompanyId':
      case 'crmHubspotCompanyUrl':
        return null;
      default:
        return (customer as Record<string, unknown>)[field];
    }
  };
