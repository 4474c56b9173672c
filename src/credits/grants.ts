/**
 * Credit grants (RULES section 6, E92-E96): lookups, writing a grant (with its ledger entry and the
 * settlement of an overdraft), creating, voiding and updating grants, and the report of expiries
 * (credit_grant.expired; time's part of it is the lifecycle's, lifecycle/credit-expiries.ts).
 * Each command is one transaction; the decisions are in credit-rules.ts.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { creditRepo, type CreditGrantRow, type WalletKey } from '../db/repositories/credits.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { assertCustomerId } from '../customers/customer-rules.js';
import { meta } from '../db/schema.js';
import { prepared } from '../db/prepared.js';
import { INSTANT_BOUNDS, instantInBounds, iso } from '../time.js';
import { assertJsonDepth } from '../json-depth.js';
import { creditWebhooks } from '../webhooks/credit-webhooks.js';
import {
  checkGrantInput,
  checkGrantUpdate,
  DEFAULT_PRIORITY,
  depleted,
  expiriesBetween,
  grantStatus,
  liveOverdraft,
  lowBalanceThreshold,
  overdraftSettled,
  planSettlement,
  remainingOf,
  remainingPercentage,
  roundCredits,
  type WalletBalance,
} from './credit-rules.js';
import { requireCurrency } from '../catalog/currencies.js';

// ------------------------------------------------------------------------------------ lookups

export function requireCustomer(db: Db, customerId: string) {
  const customer = catalog.customer(db, assertCustomerId(customerId));
  // an archived customer reads as not found (as everywhere else)
  if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', customerId);
  return customer;
}

export const walletOf = (customerId: string, currencyId: string, resourceId?: string | null): WalletKey => ({ customerId, currencyId, resourceId: resourceId ?? '' });

export function parseInstant(value: unknown, field: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw badInput(`${field} must be a date`);
  if (!instantInBounds(ms)) throw badInput(`${field} must be between ${INSTANT_BOUNDS}`);
  return ms;
}

/** The currency as SlimCustomCurrency / EntitlementCurrency. */
export function currencyView(db: Db, currencyId: string) {
  const c = creditRepo.currency(db, currencyId);
  return {
    currencyId,
    customCurrencyId: currencyId,
    displayName: c?.displayName ?? currencyId,
    description: null,
    symbol: c?.symbol ?? null,
    units: { singular: c?.units ?? 'credit', plural: c?.unitsPlural ?? c?.units ?? 'credits' },
  };
}

// ------------------------------------------------------------------------------------ grants

export interface CreditGrantInput {
  customerId: string;
  currencyId: string;
  amount: number;
  displayName: string;
  grantType: string;
  priority?: number | null;
  effectiveAt?: unknown;
  expireAt?: unknown;
  comment?: string | null;
  cost?: { amount: number; currency?: string | null } | null;
  additionalMetaData?: Record<string, unknown> | null;
  resourceId?: string | null;
}

export interface NewGrant {
  grantType: string;
  amount: number;
  displayName: string;
  priority: number;
  effectiveAtMs: number;
  expireAtMs: number | null;
  comment?: string | null;
  cost?: { amount: number; currency: string } | null;
  metadata?: Record<string, unknown> | null;
  sourceKey?: string | null;
  autoRechargeId?: string | null;
}

/** Write a grant and its CREDITS_GRANTED entry; an active grant settles the wallet's overdraft. Null when a recurring grant existed. */
export function writeGrant(db: Db, nowMs: number, wallet: WalletKey, g: NewGrant): CreditGrantRow | null {
  const now = iso(nowMs);
  const row: CreditGrantRow = {
    id: randomUUID(),
    ...wallet,
    grantType: g.grantType,
    amount: roundCredits(g.amount),
    consumed: 0,
    priority: g.priority,
    displayName: g.displayName,
    comment: g.comment ?? null,
    cost: g.cost ?? null,
    metadata: g.metadata ?? null,
    effectiveAt: iso(g.effectiveAtMs),
    expireAt: g.expireAtMs === null ? null : iso(g.expireAtMs),
    voidedAt: null,
    sourceKey: g.sourceKey ?? null,
    autoRechargeId: g.autoRechargeId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  if (row.sourceKey) {
    if (!creditRepo.insertGrantOnce(db, row)) return null;
  } else creditRepo.insertGrant(db, row);
  creditRepo.ledger(db, { ...wallet, eventType: 'CREDITS_GRANTED', amount: row.amount, grantId: row.id, featureId: null, eventId: null, timestamp: row.effectiveAt });
  // the report of expiries starts with the first grant
  if (storedExpiriesReportedTo(db) === null) setExpiriesReportedTo(db, nowMs);
  // created as granted; a settlement of the overdraft that takes from it comes after
  creditWebhooks.grant(db, nowMs, 'credit_grant.created', creditRepo.grant(db, row.id)!);
  if (row.expireAt && Date.parse(row.expireAt) <= nowMs) reportExpiry(db, nowMs, row.id);
  settle(db, nowMs, wallet);
  return creditRepo.grant(db, row.id)!;
}

/**
 * A debit took credits from a grant (a consumption, or the settlement of an overdraft):
 * credit_grant.balance.low when its remaining credits fell below a threshold,
 * credit_grant.depleted when they reached zero.
 */
export function grantDebited(db: Db, nowMs: number, before: CreditGrantRow, after: CreditGrantRow, eventId: string | null): void {
  const was = remainingOf(before);
  const left = remainingOf(after);
  const threshold = lowBalanceThreshold(was, left, after.amount);
  if (threshold !== null) creditWebhooks.grantBalanceLow(db, nowMs, after, threshold, remainingPercentage(left, after.amount)!, eventId);
  if (depleted(was, left)) creditWebhooks.grant(db, nowMs, 'credit_grant.depleted', after);
}

/** A consumption changed a wallet's balance: credit_balance.low below a threshold, credit_balance.depleted at zero. */
export function walletDebited(db: Db, nowMs: number, wallet: WalletKey, before: WalletBalance, after: WalletBalance, eventId: string | null): void {
  const facts = { totalGranted: after.totalGranted, remainingBalance: after.currentBalance, remainingBalancePercentage: remainingPercentage(after.currentBalance, after.totalGranted) ?? 0 };
  const threshold = lowBalanceThreshold(before.currentBalance, after.currentBalance, after.totalGranted);
  if (threshold !== null) creditWebhooks.balanceLow(db, nowMs, wallet, facts, threshold, eventId);
  if (depleted(before.currentBalance, after.currentBalance)) creditWebhooks.balanceDepleted(db, nowMs, wallet, facts, eventId);
}

/**
 * E93: the overdraft's debt moves onto the wallet's consumable grants (transfer entries on both).
 * Stigg's credits webhook page: credit_grant.updated for the grant that pays and for the overdraft
 * grant; an overdraft settled in full is voided (reported by its credit_grant.updated).
 */
export function settle(db: Db, nowMs: number, wallet: WalletKey): void {
  const grants = creditRepo.walletGrants(db, wallet);
  const transfers = planSettlement(grants, nowMs);
  if (transfers.length === 0) return;
  const overdraft = liveOverdraft(grants)!;
  const now = iso(nowMs);
  for (const t of transfers) {
    const before = creditRepo.grant(db, t.grantId)!;
    creditRepo.addConsumed(db, t.grantId, t.amount, now);
    creditRepo.addConsumed(db, overdraft.id, -t.amount, now);
    creditRepo.ledger(db, { ...wallet, eventType: 'CREDITS_CONSUMPTION_TRANSFER_SOURCE', amount: -t.amount, grantId: t.grantId, featureId: null, eventId: null, timestamp: now });
    creditRepo.ledger(db, { ...wallet, eventType: 'CREDITS_CONSUMPTION_TRANSFER_TARGET', amount: t.amount, grantId: overdraft.id, featureId: null, eventId: null, timestamp: now });
    const after = creditRepo.grant(db, t.grantId)!;
    creditWebhooks.grant(db, nowMs, 'credit_grant.updated', after);
    grantDebited(db, nowMs, before, after, null);
  }
  if (overdraftSettled(creditRepo.grant(db, overdraft.id)!)) creditRepo.voidGrant(db, overdraft.id, now);
  creditWebhooks.grant(db, nowMs, 'credit_grant.updated', creditRepo.grant(db, overdraft.id)!);
}

/** createCreditGrant: PAID or PROMOTIONAL credits, effective now or later, expiring or not. */
export function createCreditGrant(env: Environment, nowMs: number, input: CreditGrantInput): CreditGrantRow {
  return env.transaction((db) => {
    requireCustomer(db, input.customerId);
    // Stigg's archive-credit-type page: an archived currency's wallets get no more grants
    if (requireCurrency(db, input.currencyId).archivedAt) {
      throw new EmulatorError('EntityIsArchivedError', `custom currency ${input.currencyId} is archived: it cannot be granted`, 409, { currencyId: input.currencyId });
    }
    if (input.grantType !== 'PAID' && input.grantType !== 'PROMOTIONAL') throw badInput('grantType must be PAID or PROMOTIONAL');
    const effectiveAtMs = parseInstant(input.effectiveAt, 'effectiveAt') ?? nowMs;
    const expireAtMs = parseInstant(input.expireAt, 'expireAt');
    const problem = checkGrantInput({ amount: input.amount, priority: input.priority, effectiveAtMs, expireAtMs, displayName: input.displayName ?? '', comment: input.comment });
    if (problem) throw new EmulatorError(problem.code, problem.message, 400);
    if (input.cost && (!Number.isFinite(input.cost.amount) || input.cost.amount < 0)) throw badInput('cost.amount must be a number >= 0');
    assertJsonDepth(input.additionalMetaData, 'additionalMetaData');
    return writeGrant(db, nowMs, walletOf(input.customerId, input.currencyId, input.resourceId), {
      grantType: input.grantType,
      amount: input.amount,
      displayName: input.displayName,
      priority: input.priority ?? DEFAULT_PRIORITY,
      effectiveAtMs,
      expireAtMs,
      comment: input.comment ?? null,
      cost: input.cost ? { amount: input.cost.amount, currency: input.cost.currency ?? 'USD' } : null,
      metadata: input.additionalMetaData ?? null,
    })!;
  });
}

/** E95: voiding a grant: its remaining credits are gone; voiding again is CreditGrantAlreadyVoided. */
export function voidCreditGrant(env: Environment, nowMs: number, grantId: string): CreditGrantRow {
  return env.transaction((db) => {
    const grant = creditRepo.grant(db, grantId);
    if (!grant) throw notFound('CreditGrantNotFound', 'Credit grant', grantId);
    if (grant.voidedAt) throw new EmulatorError('CreditGrantAlreadyVoided', `credit grant ${grantId} is already voided`, 400);
    if (grant.grantType === 'OVERDRAFT') throw new EmulatorError('CreditGrantCannotBeVoided', 'an overdraft grant cannot be voided', 400);
    const now = iso(nowMs);
    const remaining = grantStatus(grant, nowMs) === 'EXPIRED' ? 0 : remainingOf(grant);
    creditRepo.voidGrant(db, grantId, now);
    creditRepo.ledger(db, {
      customerId: grant.customerId,
      currencyId: grant.currencyId,
      resourceId: grant.resourceId,
      eventType: 'CREDITS_VOIDED',
      amount: -remaining,
      grantId,
      featureId: null,
      eventId: null,
      timestamp: now,
    });
    const voided = creditRepo.grant(db, grantId)!;
    // no page documents a voided event: a void is a change of the grant (credit_grant.updated)
    creditWebhooks.grant(db, nowMs, 'credit_grant.updated', voided);
    return voided;
  });
}

export interface UpdateCreditGrantInput {
  id: string;
  displayName?: string | null;
  comment?: string | null;
  priority?: number | null;
  effectiveAt?: unknown;
  /** null: the grant never expires; absent: unchanged */
  expireAt?: unknown;
  additionalMetaData?: Record<string, unknown> | null;
}

/**
 * updateCreditGrant: a grant's display name, comment, priority, dates and metadata change
 * (checkGrantUpdate); the new order and dates apply at once (Stigg's adjust-credits page: "The grant
 * is re-indexed for consumption order"): an expiry moved to now or before expires it, a grant made
 * effective settles the wallet's overdraft. Emits credit_grant.updated.
 */
export function updateCreditGrant(env: Environment, nowMs: number, input: UpdateCreditGrantInput): GrantView {
  return env.transaction((db) => {
    const grant = creditRepo.grant(db, input.id);
    if (!grant) throw notFound('CreditGrantNotFound', 'Credit grant', input.id);
    const effectiveAtMs = input.effectiveAt === undefined || input.effectiveAt === null ? undefined : parseInstant(input.effectiveAt, 'effectiveAt')!;
    const expireAtMs = input.expireAt === undefined ? undefined : parseInstant(input.expireAt, 'expireAt');
    const update = { displayName: input.displayName, comment: input.comment, priority: input.priority, effectiveAtMs, expireAtMs };
    const problem = checkGrantUpdate(grant, update, nowMs);
    if (problem) throw new EmulatorError(problem.code, problem.message, 400);
    const now = iso(nowMs);
    const patch: Partial<CreditGrantRow> = { updatedAt: now };
    if (input.displayName !== undefined && input.displayName !== null) patch.displayName = input.displayName;
    if (input.comment !== undefined) patch.comment = input.comment;
    if (input.priority !== undefined && input.priority !== null) patch.priority = input.priority;
    if (effectiveAtMs !== undefined) patch.effectiveAt = iso(effectiveAtMs);
    if (expireAtMs !== undefined) patch.expireAt = expireAtMs === null ? null : iso(expireAtMs);
    if (input.additionalMetaData !== undefined) {
      assertJsonDepth(input.additionalMetaData, 'additionalMetaData');
      patch.metadata = input.additionalMetaData;
    }
    creditRepo.updateGrant(db, grant.id, patch);
    const updated = creditRepo.grant(db, grant.id)!;
    if (effectiveAtMs !== undefined && effectiveAtMs !== Date.parse(grant.effectiveAt)) {
      // the CREDITS_GRANTED entry is dated at the effective date
      creditRepo.redateGrantEntry(db, grant.id, updated.effectiveAt);
    }
    creditWebhooks.grant(db, nowMs, 'credit_grant.updated', updated);
    if (updated.expireAt && Date.parse(updated.expireAt) <= nowMs) reportExpiry(db, nowMs, updated.id);
    settle(db, nowMs, walletOf(updated.customerId, updated.currencyId, updated.resourceId));
    const after = creditRepo.grant(db, grant.id)!;
    return { ...after, status: grantStatus(after, nowMs) };
  });
}

// ------------------------------------------------------------------------------------ expiries

/** meta: the instant (epoch ms) up to which grant expiries were reported. */
export const EXPIRIES_KEY = 'credits.expiriesReportedTo';

export function storedExpiriesReportedTo(db: Db): number | null {
  const value = prepared(db, 'credits.expiriesReportedTo', (d) => d.select().from(meta).where(eq(meta.key, EXPIRIES_KEY)).prepare()).get()?.value;
  return typeof value === 'number' ? value : null;
}

export const expiriesReportedTo = (db: Db): number => storedExpiriesReportedTo(db) ?? 0;

export function setExpiriesReportedTo(db: Db, ms: number): void {
  db.insert(meta).values({ key: EXPIRIES_KEY, value: ms }).onConflictDoUpdate({ target: meta.key, set: { value: ms } }).run();
}

/**
 * credit_grant.expired for every grant whose expiry passed since the last report, each dated at its
 * expiry, earliest first; the report then stands at `nowMs`.
 */
export function reportExpiries(db: Db, nowMs: number): void {
  const stored = storedExpiriesReportedTo(db);
  // grants written before the report started (a database of an earlier version): from now on
  if (stored === null) return setExpiriesReportedTo(db, nowMs);
  const after = stored;
  if (nowMs <= after) return;
  for (const g of expiriesBetween(creditRepo.expiringBetween(db, iso(after), iso(nowMs)), after, nowMs)) {
    creditWebhooks.grant(db, Date.parse(g.expireAt!), 'credit_grant.expired', g);
  }
  setExpiriesReportedTo(db, nowMs);
}

/**
 * A grant written with an expiry at or before now (created already expired, or its expiry moved
 * back): credit_grant.expired at once, unless the report of the passed expiries covers it.
 */
export function reportExpiry(db: Db, nowMs: number, grantId: string): void {
  const grant = creditRepo.grant(db, grantId)!;
  if (expiriesBetween([grant], expiriesReportedTo(db), nowMs).length === 0) creditWebhooks.grant(db, nowMs, 'credit_grant.expired', grant);
  reportExpiries(db, nowMs);
}

/** A grant as read, with its status now. */
export type GrantView = CreditGrantRow & { status: string };

/** A live subscription (its credit entitlements count). */
export const isLive = (sub: SubscriptionRow) => sub.status === 'ACTIVE' || sub.status === 'IN_TRIAL';

/** The end of the current recurring grant period of a wallet (when recurring credits reset), if any. */
export function recurringPeriodEnd(grants: CreditGrantRow[], nowMs: number): string | null {
  const ends = grants.filter((g) => g.grantType === 'RECURRING' && grantStatus(g, nowMs) === 'ACTIVE' && g.expireAt).map((g) => g.expireAt!);
  return ends.sort()[0] ?? null;
}
