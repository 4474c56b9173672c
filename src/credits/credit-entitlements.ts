/** Credit entitlements: what a subscription grants in credits, their recurring grants (scheduled, applied when due), and the entitlement a customer has to a currency. */
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { creditRepo, type CreditScheduleRow } from '../db/repositories/credits.js';
import type { SubscriptionRow } from '../db/repositories/customers.js';
import type { Environment } from '../environments/environment.js';
import { badInput } from '../errors.js';
import { iso } from '../time.js';
import {
  cadenceEnd,
  creditAccess,
  DEFAULT_PRIORITY,
  grantStatus,
  walletBalance,
} from './credit-rules.js';
import { walletOf, writeGrant, currencyView, isLive, recurringPeriodEnd } from './grants.js';
import { requireCurrency } from '../catalog/currencies.js';

// ------------------------------------------------------------------------------------ credit entitlements

/** What a subscription's credit entitlements are computed from. */
export type CreditSubscriptionFacts = Pick<SubscriptionRow, 'planId' | 'addons' | 'entitlements'>;

export interface CreditEntitlementGrant {
  currencyId: string;
  amount: number;
  cadence: string;
  hasSoftLimit: boolean;
}

/**
 * A subscription's credit entitlements: its plan's and add-ons' (× quantity; Increment) and, for a
 * custom plan, the credits given at provisioning (which replace the plan's for their currency).
 */
export function subscriptionCredits(db: Db, sub: CreditSubscriptionFacts): CreditEntitlementGrant[] {
  const byCurrency = new Map<string, CreditEntitlementGrant>();
  const add = (c: CreditEntitlementGrant, times = 1) => {
    const prev = byCurrency.get(c.currencyId);
    byCurrency.set(c.currencyId, prev ? { ...prev, amount: prev.amount + c.amount * times, hasSoftLimit: prev.hasSoftLimit || c.hasSoftLimit } : { ...c, amount: c.amount * times });
  };
  const custom = (sub.entitlements ?? []).filter((e) => e.kind === 'credit');
  const customCurrencies = new Set(custom.map((e) => String(e.customCurrencyId)));
  for (const c of creditRepo.packageCredits(db, 'PLAN', sub.planId)) if (!customCurrencies.has(c.currencyId)) add(c);
  for (const e of custom) add({ currencyId: String(e.customCurrencyId), amount: Number(e.amount), cadence: String(e.cadence ?? 'MONTH'), hasSoftLimit: e.hasSoftLimit === true });
  for (const a of sub.addons) for (const c of creditRepo.packageCredits(db, 'ADDON', a.addonId)) add(c, a.quantity);
  return [...byCurrency.values()];
}

/** A new subscription's recurring credit grants: the first is due at its start (reconcile grants it). */
export function scheduleSubscriptionCredits(db: Db, sub: CreditSubscriptionFacts & { id: string; startDate: string }): void {
  for (const c of subscriptionCredits(db, sub)) {
    creditRepo.insertSchedule(db, { subscriptionId: sub.id, currencyId: c.currencyId, cadence: c.cadence, nextGrantAt: sub.startDate });
  }
}

export const creditSchedules = {
  due: (db: Db, atIso: string) => creditRepo.dueSchedule(db, atIso),
  next: (db: Db) => creditRepo.nextSchedule(db),
};

/**
 * A recurring grant falls due (reconcile, dated at its instant): the subscription's credits of the
 * currency for one cadence period, expiring at the period's end. A subscription that no longer
 * runs (or no longer has the credit entitlement) ends its schedule.
 */
export function applyCreditSchedule(db: Db, schedule: CreditScheduleRow): { customerId: string; subscriptionId: string; currencyId: string; at: string; granted: number } | null {
  const atMs = Date.parse(schedule.nextGrantAt);
  const sub = catalog.subscription(db, schedule.subscriptionId);
  const ended = !sub || !isLive(sub) || (sub.endDate !== null && Date.parse(sub.endDate) <= atMs);
  const credit = sub && !ended ? subscriptionCredits(db, sub).find((c) => c.currencyId === schedule.currencyId) : undefined;
  if (!sub || !credit) {
    creditRepo.deleteSchedule(db, schedule);
    return null;
  }
  const endMs = cadenceEnd(atMs, credit.cadence);
  const wallet = walletOf(sub.customerId, credit.currencyId, sub.resourceId);
  let granted = false;
  if (credit.amount > 0) {
    granted = !!writeGrant(db, atMs, wallet, {
      grantType: 'RECURRING',
      amount: credit.amount,
      displayName: `${catalog.plan(db, sub.planId)?.displayName ?? sub.planId} credits`,
      priority: DEFAULT_PRIORITY,
      effectiveAtMs: atMs,
      expireAtMs: endMs,
      sourceKey: `${sub.id}|${iso(atMs)}`,
    });
  }
  creditRepo.advanceSchedule(db, schedule, iso(endMs));
  if (!granted) return null; // nothing to grant, or granted already (a re-imported subscription)
  return { customerId: sub.customerId, subscriptionId: sub.id, currencyId: credit.currencyId, at: iso(atMs), granted: credit.amount };
}

/** A credit entitlement as GraphQL `CreditEntitlement` (a member of EntitlementUnion) and the REST credit check answer it. */
export interface CreditEntitlementView {
  kind: 'credit';
  customerId: string;
  resourceId: string | null;
  currencyId: string;
  isGranted: boolean;
  accessDeniedReason: 'CustomerNotFound' | 'CustomerIsArchived' | 'CustomerResourceNotFound' | 'InsufficientCredits' | 'EntitlementNotFound' | null;
  currency: ReturnType<typeof currencyView>;
  currentUsage: number;
  usageLimit: number;
  hasSoftLimit: boolean;
  entitlementUpdatedAt: string | null;
  usageUpdatedAt: string | null;
  usagePeriodEnd: string | null;
  validUntil: string | null;
}

/** The credit entitlements of a customer's live subscriptions in one wallet scope (the resource, none by default). */
export function scopedCreditEntitlements(db: Db, customerId: string, resourceId: string): CreditEntitlementGrant[] {
  return catalog
    .customerSubscriptions(db, customerId)
    .filter((s) => isLive(s) && (s.resourceId ?? '') === resourceId)
    .flatMap((s) => subscriptionCredits(db, s));
}

/**
 * E96 inside a transaction or a read: a credit entitlement check (entitlement by currencyId):
 * granted while the balance covers the requested credits, always with a soft limit; no credit
 * entitlement nor credits: EntitlementNotFound. An unknown or archived customer, or a resource the
 * customer has no subscription on, is denied with that reason (as a feature's check).
 */
export function creditEntitlementIn(db: Db, nowMs: number, input: { customerId: string; currencyId: string; resourceId?: string | null; requestedUsage?: number | null }): CreditEntitlementView {
  requireCurrency(db, input.currencyId);
  const requested = input.requestedUsage ?? 0;
  if (!Number.isFinite(requested) || requested < 0) throw badInput(`requestedUsage must be a number >= 0 (got ${requested})`);
  const wallet = walletOf(input.customerId, input.currencyId, input.resourceId);
  const customer = catalog.customer(db, input.customerId);
  const subscriptions = customer ? catalog.customerSubscriptions(db, input.customerId) : [];
  const grants = customer ? creditRepo.walletGrants(db, wallet) : [];
  const balance = walletBalance(grants, nowMs);
  const entitlements = customer ? scopedCreditEntitlements(db, input.customerId, wallet.resourceId).filter((c) => c.currencyId === input.currencyId) : [];
  const hasEntitlement = entitlements.length > 0 || grants.some((g) => grantStatus(g, nowMs) === 'ACTIVE');
  const hasSoftLimit = entitlements.some((c) => c.hasSoftLimit);
  const access = creditAccess({
    customer: !customer ? 'missing' : customer.archivedAt ? 'archived' : 'found',
    resourceMissing: wallet.resourceId !== '' && !subscriptions.some((s) => s.resourceId === wallet.resourceId) && grants.length === 0,
    hasEntitlement,
    hasSoftLimit,
    balance: balance.currentBalance,
    requested,
  });
  const latest = grants.map((g) => g.updatedAt).sort().at(-1) ?? null;
  return {
    kind: 'credit',
    customerId: input.customerId,
    resourceId: wallet.resourceId || null,
    currencyId: input.currencyId,
    isGranted: access.isGranted,
    accessDeniedReason: access.accessDeniedReason,
    currency: currencyView(db, input.currencyId),
    currentUsage: balance.totalConsumed,
    usageLimit: balance.totalGranted,
    hasSoftLimit,
    entitlementUpdatedAt: latest,
    usageUpdatedAt: latest,
    usagePeriodEnd: recurringPeriodEnd(grants, nowMs),
    validUntil: balance.validUntil === null ? null : iso(balance.validUntil),
  };
}

/** E96: the credit entitlement check of `entitlementV2(currencyId)` and the REST check. */
export function creditEntitlement(env: Environment, nowMs: number, input: { customerId: string; currencyId: string; resourceId?: string | null; requestedUsage?: number | null }): CreditEntitlementView {
  return creditEntitlementIn(env.db, nowMs, input);
}

/**
 * A customer's credit entitlements in a scope, one per currency (sorted): every currency a live
 * subscription on the scope has a credit entitlement of, and every currency the scope's wallet has
 * an active grant of. None for an unknown or archived customer.
 */
export function customerCreditEntitlements(db: Db, nowMs: number, customerId: string, resourceId?: string | null): CreditEntitlementView[] {
  const customer = catalog.customer(db, customerId);
  if (!customer || customer.archivedAt) return [];
  const scope = resourceId ?? '';
  const currencies = new Set(scopedCreditEntitlements(db, customerId, scope).map((c) => c.currencyId));
  for (const g of creditRepo.customerGrants(db, customerId, null, scope)) if (grantStatus(g, nowMs) === 'ACTIVE') currencies.add(g.currencyId);
  return [...currencies].sort().map((currencyId) => creditEntitlementIn(db, nowMs, { customerId, currencyId, resourceId }));
}

