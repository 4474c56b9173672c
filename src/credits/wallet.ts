/** A customer's wallet as read: balances, grants, the ledger and the usage of credits over time. */
import { catalog } from '../catalog/catalog-service.js';
import { paginate, type CursorPaging } from '../catalog/connection.js';
import { requireCurrency } from '../catalog/currencies.js';
import type { Db } from '../db/open-database.js';
import { creditRepo, type WalletKey } from '../db/repositories/credits.js';
import type { Environment } from '../environments/environment.js';
import { badInput } from '../errors.js';
import { iso } from '../time.js';
import {
  derivedExpiries,
  grantStatus,
  roundCredits,
  walletBalance,
} from './credit-rules.js';
import { currencyView, requireCustomer, walletOf, parseInstant, type GrantView } from './grants.js';

// ------------------------------------------------------------------------------------ reads

export interface BalanceView {
  customerId: string;
  resourceId: string | null;
  currencyId: string;
  currency: ReturnType<typeof currencyView>;
  currentBalance: number;
  totalGranted: number;
  totalConsumed: number;
  validUntil: number | null;
}

/** A wallet's balance (CreditBalance, creditBalanceUpdated). */
export function balanceOf(db: Db, nowMs: number, wallet: WalletKey): BalanceView {
  const b = walletBalance(creditRepo.walletGrants(db, wallet), nowMs);
  return { customerId: wallet.customerId, resourceId: wallet.resourceId || null, currencyId: wallet.currencyId, currency: currencyView(db, wallet.currencyId), ...b };
}

/** creditBalanceSummary: one balance per currency the customer has credits of (or the one asked for). */
export function creditBalanceSummary(env: Environment, nowMs: number, input: { customerId: string; currencyId?: string | null; resourceId?: string | null }) {
  const db = env.db;
  requireCustomer(db, input.customerId);
  if (input.currencyId) requireCurrency(db, input.currencyId);
  const resourceId = input.resourceId ?? '';
  const currencies = input.currencyId
    ? [input.currencyId]
    : [...new Set(creditRepo.customerGrants(db, input.customerId, null, resourceId).map((g) => g.currencyId))].sort();
  return {
    customerId: input.customerId,
    resourceId: input.resourceId ?? null,
    balances: currencies.map((currencyId) => balanceOf(db, nowMs, walletOf(input.customerId, currencyId, resourceId))),
  };
}

/** A grant as GraphQL CreditGrant reads it (status in environment time). */
export function creditGrants(env: Environment, nowMs: number, input: { customerId: string; currencyId?: string | null; resourceId?: string | null; paging?: CursorPaging | null }) {
  const db = env.db;
  requireCustomer(db, input.customerId);
  if (input.currencyId) requireCurrency(db, input.currencyId);
  const rows = creditRepo
    .customerGrants(db, input.customerId, input.currencyId, input.resourceId ?? null)
    .map((g): GrantView => ({ ...g, status: grantStatus(g, nowMs) }));
  return paginate(rows, input.paging);
}

export interface LedgerView {
  eventId: string;
  eventType: string;
  customerId: string;
  resourceId: string | null;
  currencyId: string;
  featureId: string | null;
  amount: number;
  grantId: string;
  timestamp: string;
}

/** creditsLedger: the written entries and the expiries (dated at each grant's expiry), oldest first. */
export function creditsLedger(
  env: Environment,
  nowMs: number,
  input: { customerId: string; currencyId?: string | null; resourceId?: string | null; eventType?: string[] | null; paging?: CursorPaging | null },
) {
  const db = env.db;
  requireCustomer(db, input.customerId);
  if (input.currencyId) requireCurrency(db, input.currencyId);
  const resourceId = input.resourceId ?? null;
  const written: LedgerView[] = creditRepo.ledgerOf(db, input.customerId, input.currencyId, resourceId).map((e) => ({
    eventId: e.eventId ?? `ledger-${e.id}`,
    eventType: e.eventType,
    customerId: e.customerId,
    resourceId: e.resourceId || null,
    currencyId: e.currencyId,
    featureId: e.featureId,
    amount: e.amount,
    grantId: e.grantId,
    timestamp: e.timestamp,
  }));
  const grants = creditRepo.customerGrants(db, input.customerId, input.currencyId, resourceId);
  const expired: LedgerView[] = derivedExpiries(grants, nowMs).map((x) => {
    const g = grants.find((y) => y.id === x.grantId)!;
    return { eventId: `expiry-${g.id}`, eventType: 'CREDITS_EXPIRED', customerId: g.customerId, resourceId: g.resourceId || null, currencyId: g.currencyId, featureId: null, amount: x.amount, grantId: g.id, timestamp: x.timestamp };
  });
  const types = input.eventType && input.eventType.length > 0 ? new Set(input.eventType) : null;
  const all = [...written, ...expired]
    .filter((e) => !types || types.has(e.eventType))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.timestamp) - Date.parse(b.e.timestamp) || a.i - b.i)
    .map((x) => x.e);
  return paginate(all, input.paging);
}

export const RANGE_MS: Record<string, number> = { LAST_DAY: 86_400_000, LAST_WEEK: 7 * 86_400_000, LAST_MONTH: 30 * 86_400_000, LAST_YEAR: 365 * 86_400_000 };

/**
 * creditUsage: consumed credits in a time range (startDate..endDate, else the timeRange, LAST_MONTH
 * by default), one series per feature (null: direct consumption) or per dimension group, with a
 * point per day (per hour for a range of a day or less).
 */
export function creditUsage(
  env: Environment,
  nowMs: number,
  input: { customerId: string; currencyId?: string | null; resourceId?: string | null; startDate?: unknown; endDate?: unknown; timeRange?: string | null; groupBy?: string[] | null; paging?: CursorPaging | null },
) {
  const db = env.db;
  requireCustomer(db, input.customerId);
  if (input.currencyId) requireCurrency(db, input.currencyId);
  const startParam = parseInstant(input.startDate, 'startDate');
  const endMs = parseInstant(input.endDate, 'endDate') ?? nowMs;
  const startMs = startParam ?? endMs - (RANGE_MS[input.timeRange ?? 'LAST_MONTH'] ?? RANGE_MS.LAST_MONTH!);
  if (startMs > endMs) throw badInput('startDate must be before endDate');
  const currencyId =
    input.currencyId ?? creditRepo.customerGrants(db, input.customerId).map((g) => g.currencyId).sort()[0] ?? null;
  const rows = currencyId ? creditRepo.consumptionsBetween(db, input.customerId, [currencyId], iso(startMs), iso(endMs), input.resourceId ?? null) : [];
  const bucketMs = endMs - startMs <= 86_400_000 ? 3_600_000 : 86_400_000;
  const bucketOf = (ms: number) => Math.floor(ms / bucketMs) * bucketMs;
  const groupBy = input.groupBy ?? [];
  const series = new Map<string, { featureId: string | null; tags: { key: string; value: string }[]; points: Map<number, { value: number; eventCount: number }>; total: number }>();
  for (const r of rows) {
    const tags = groupBy.map((key) => ({ key, value: r.dimensions?.[key] ?? '' }));
    const featureId = groupBy.length > 0 ? null : r.featureId;
    const key = JSON.stringify([featureId, tags]);
    const s = series.get(key) ?? { featureId, tags, points: new Map(), total: 0 };
    const bucket = bucketOf(Date.parse(r.timestamp));
    const point = s.points.get(bucket) ?? { value: 0, eventCount: 0 };
    s.points.set(bucket, { value: roundCredits(point.value + r.amount), eventCount: point.eventCount + 1 });
    s.total = roundCredits(s.total + r.amount);
    series.set(key, s);
  }
  const list = [...series.values()].map((s) => ({
    featureId: s.featureId,
    featureName: s.featureId ? (catalog.feature(db, s.featureId)?.displayName ?? s.featureId) : null,
    tags: s.tags,
    totalCredits: s.total,
    // every consumption is one event (its idempotency key), counted once per series
    eventCount: [...s.points.values()].reduce((n, p) => n + p.eventCount, 0),
    points: [...s.points.entries()].sort((a, b) => a[0] - b[0]).map(([timestamp, p]) => ({ timestamp: iso(timestamp), ...p })),
  }));
  const page = paginate(list, input.paging);
  return { currency: currencyId ? currencyView(db, currencyId) : null, series: page.edges.map((e) => e.node), pageInfo: page.pageInfo };
}

