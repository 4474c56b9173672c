/**
 * Credits (RULES section 6, E92-E96): grants, consumption, balances, the ledger, usage, cost
 * estimates, automatic recharge and the recurring grants of credit entitlements. Each command is
 * one transaction; the decisions are in credit-rules.ts.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { catalog } from '../catalog/catalog-service.js';
import { paginate, type CursorPaging } from '../catalog/connection.js';
import type { Db } from '../db/open-database.js';
import { creditRepo, type AutoRechargeRow, type CreditGrantRow, type CreditScheduleRow, type WalletKey } from '../db/repositories/credits.js';
import type { SubscriptionRow } from '../db/repositories/customers.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { assertCustomerId } from '../customers/customer-rules.js';
import { meta } from '../db/schema.js';
import { writeStamp } from '../db/write-stamp.js';
import { prepared } from '../db/prepared.js';
import { INSTANT_BOUNDS, instantInBounds, iso } from '../time.js';
import { assertJsonDepth } from '../json-depth.js';
import { creditWebhooks } from '../webhooks/credit-webhooks.js';
import {
  cadenceEnd,
  checkGrantInput,
  checkGrantUpdate,
  creditAccess,
  DEFAULT_PRIORITY,
  depleted,
  derivedExpiries,
  eventMatches,
  eventUnits,
  expiriesBetween,
  grantStatus,
  liveOverdraft,
  lowBalanceThreshold,
  overdraftSettled,
  planConsumption,
  planSettlement,
  rechargeAmount,
  rechargeExpiry,
  rechargeSpendThreshold,
  remainingOf,
  remainingPercentage,
  roundCredits,
  spendPercentage,
  walletBalance,
  type MeterLike,
  type WalletBalance,
} from './credit-rules.js';
import { connectionCache } from '../db/connection-caches.js';

// ------------------------------------------------------------------------------------ lookups

export function requireCurrency(db: Db, currencyId: string) {
  const row = creditRepo.currency(db, currencyId);
  if (!row) throw notFound('CustomCurrencyNotFound', 'Custom currency', currencyId);
  return row;
}

function requireCustomer(db: Db, customerId: string) {
  const customer = catalog.customer(db, assertCustomerId(customerId));
  // an archived customer reads as not found (as everywhere else)
  if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', customerId);
  return customer;
}

const walletOf = (customerId: string, currencyId: string, resourceId?: string | null): WalletKey => ({ customerId, currencyId, resourceId: resourceId ?? '' });

function parseInstant(value: unknown, field: string): number | null {
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

interface NewGrant {
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
function writeGrant(db: Db, nowMs: number, wallet: WalletKey, g: NewGrant): CreditGrantRow | null {
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
function grantDebited(db: Db, nowMs: number, before: CreditGrantRow, after: CreditGrantRow, eventId: string | null): void {
  const was = remainingOf(before);
  const left = remainingOf(after);
  const threshold = lowBalanceThreshold(was, left, after.amount);
  if (threshold !== null) creditWebhooks.grantBalanceLow(db, nowMs, after, threshold, remainingPercentage(left, after.amount)!, eventId);
  if (depleted(was, left)) creditWebhooks.grant(db, nowMs, 'credit_grant.depleted', after);
}

/** A consumption changed a wallet's balance: credit_balance.low below a threshold, credit_balance.depleted at zero. */
function walletDebited(db: Db, nowMs: number, wallet: WalletKey, before: WalletBalance, after: WalletBalance, eventId: string | null): void {
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
function settle(db: Db, nowMs: number, wallet: WalletKey): void {
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
    requireCurrency(db, input.currencyId);
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
const EXPIRIES_KEY = 'credits.expiriesReportedTo';

function storedExpiriesReportedTo(db: Db): number | null {
  const value = prepared(db, 'credits.expiriesReportedTo', (d) => d.select().from(meta).where(eq(meta.key, EXPIRIES_KEY)).prepare()).get()?.value;
  return typeof value === 'number' ? value : null;
}

const expiriesReportedTo = (db: Db): number => storedExpiriesReportedTo(db) ?? 0;

function setExpiriesReportedTo(db: Db, ms: number): void {
  db.insert(meta).values({ key: EXPIRIES_KEY, value: ms }).onConflictDoUpdate({ target: meta.key, set: { value: ms } }).run();
}

/**
 * credit_grant.expired for every grant whose expiry passed since the last report, each dated at its
 * expiry, earliest first; the report then stands at `nowMs`.
 */
function reportExpiries(db: Db, nowMs: number): void {
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
function reportExpiry(db: Db, nowMs: number, grantId: string): void {
  const grant = creditRepo.grant(db, grantId)!;
  if (expiriesBetween([grant], expiriesReportedTo(db), nowMs).length === 0) creditWebhooks.grant(db, nowMs, 'credit_grant.expired', grant);
  reportExpiries(db, nowMs);
}

/** The earliest unreported expiry of a connection, as of its write stamp (ISO text, or null). */
const nextExpiry = connectionCache<object, { stamp: number; at: string | null }>();

function earliestUnreportedExpiry(env: Environment): string | null {
  const read = () => creditRepo.earliestExpiryAfter(env.db, iso(expiriesReportedTo(env.db)));
  if (env.sqlite.inTransaction) return read();
  const stamp = writeStamp(env.sqlite);
  let known = nextExpiry.get(env.sqlite);
  if (!known || known.stamp !== stamp) {
    known = { stamp, at: read() };
    nextExpiry.set(env.sqlite, known);
  }
  return known.at;
}

/**
 * Time's part of the credit webhooks (with the environment's reconcile): the grants whose expiry
 * the clock passed emit credit_grant.expired. Nothing due costs no query until the next write.
 */
export function reconcileCreditExpiries(env: Environment, nowMs: number): { at: string; type: string }[] {
  const due = earliestUnreportedExpiry(env);
  if (due === null || iso(nowMs) < due) return [];
  env.transaction((db) => reportExpiries(db, nowMs));
  return [];
}

// ------------------------------------------------------------------------------------ consumption

export interface ConsumeInput {
  customerId: string;
  currencyId: string;
  amount: number;
  idempotencyKey: string;
  resourceId?: string | null;
  dimensions?: Record<string, unknown> | null;
  createdAt?: unknown;
  featureId?: string | null;
}

export interface ConsumptionResult {
  customerId: string;
  currencyId: string;
  resourceId: string | null;
  amount: number;
  timestamp: string;
  credit: { currencyId: string; currentUsage: number; usageLimit: number; usagePeriodEnd: string | null; timestamp: string };
}

function consumptionResult(db: Db, nowMs: number, c: { customerId: string; currencyId: string; resourceId: string; amount: number; timestamp: string }): ConsumptionResult {
  const wallet = walletOf(c.customerId, c.currencyId, c.resourceId);
  const grants = creditRepo.walletGrants(db, wallet);
  const balance = walletBalance(grants, nowMs);
  return {
    customerId: c.customerId,
    currencyId: c.currencyId,
    resourceId: c.resourceId || null,
    amount: c.amount,
    timestamp: c.timestamp,
    credit: {
      currencyId: c.currencyId,
      currentUsage: balance.totalConsumed,
      usageLimit: balance.totalGranted,
      usagePeriodEnd: recurringPeriodEnd(grants, nowMs),
      timestamp: iso(nowMs),
    },
  };
}

/** The end of the current recurring grant period of a wallet (when recurring credits reset), if any. */
function recurringPeriodEnd(grants: CreditGrantRow[], nowMs: number): string | null {
  const ends = grants.filter((g) => g.grantType === 'RECURRING' && grantStatus(g, nowMs) === 'ACTIVE' && g.expireAt).map((g) => g.expireAt!);
  return ends.sort()[0] ?? null;
}

/** E92, E93: draw credits in the documented order; what no grant covers goes to the overdraft grant. A repeated idempotency key counts once. */
export function consumeInTransaction(db: Db, nowMs: number, input: ConsumeInput): ConsumptionResult {
  requireCustomer(db, input.customerId);
  requireCurrency(db, input.currencyId);
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.trim() === '') throw badInput('idempotencyKey is required');
  if (!Number.isFinite(input.amount) || input.amount <= 0) throw badInput('amount must be a number greater than 0');
  const at = parseInstant(input.createdAt, 'createdAt') ?? nowMs;
  const previous = creditRepo.consumption(db, input.customerId, input.idempotencyKey);
  if (previous) return consumptionResult(db, nowMs, previous);
  const wallet = walletOf(input.customerId, input.currencyId, input.resourceId);
  const now = iso(nowMs);
  settle(db, nowMs, wallet);
  const grants = creditRepo.walletGrants(db, wallet);
  const balanceBefore = walletBalance(grants, nowMs);
  const plan = planConsumption(grants, input.amount, nowMs);
  for (const d of plan.debits) {
    const before = creditRepo.grant(db, d.grantId)!;
    creditRepo.addConsumed(db, d.grantId, d.amount, now);
    creditRepo.ledger(db, { ...wallet, eventType: 'CREDITS_CONSUMED', amount: -d.amount, grantId: d.grantId, featureId: input.featureId ?? null, eventId: input.idempotencyKey, timestamp: iso(at) });
    grantDebited(db, nowMs, before, creditRepo.grant(db, d.grantId)!, input.idempotencyKey);
  }
  if (plan.overdraft > 0) {
    // a settled overdraft grant is voided: a new deficit opens a new one
    let overdraft = liveOverdraft(creditRepo.walletGrants(db, wallet));
    if (!overdraft) {
      overdraft = {
        id: randomUUID(),
        ...wallet,
        grantType: 'OVERDRAFT',
        amount: 0,
        consumed: 0,
        priority: Number.MAX_SAFE_INTEGER,
        displayName: 'Overdraft',
        comment: null,
        cost: null,
        metadata: null,
        effectiveAt: now,
        expireAt: null,
        voidedAt: null,
        sourceKey: null,
        autoRechargeId: null,
        createdAt: now,
        updatedAt: now,
      };
      creditRepo.insertGrant(db, overdraft);
      creditWebhooks.grant(db, nowMs, 'credit_grant.created', overdraft);
    }
    creditRepo.addConsumed(db, overdraft.id, plan.overdraft, now);
    creditRepo.ledger(db, { ...wallet, eventType: 'CREDITS_CONSUMED', amount: -plan.overdraft, grantId: overdraft.id, featureId: input.featureId ?? null, eventId: input.idempotencyKey, timestamp: iso(at) });
  }
  const dimensions = input.dimensions ? Object.fromEntries(Object.entries(input.dimensions).map(([k, v]) => [k, String(v)])) : null;
  const row = { customerId: input.customerId, idempotencyKey: input.idempotencyKey, currencyId: input.currencyId, resourceId: wallet.resourceId, amount: roundCredits(input.amount), featureId: input.featureId ?? null, dimensions, timestamp: iso(at) };
  walletDebited(db, nowMs, wallet, balanceBefore, walletBalance(creditRepo.walletGrants(db, wallet), nowMs), input.idempotencyKey);
  creditRepo.insertConsumption(db, row);
  rechargeIfNeeded(db, nowMs, wallet);
  return consumptionResult(db, nowMs, row);
}

export function consumeCredits(env: Environment, nowMs: number, input: ConsumeInput): ConsumptionResult {
  return env.transaction((db) => consumeInTransaction(db, nowMs, input));
}

/** consumeCreditsAsync: every consumption checked and applied, all or nothing; answers an acknowledgement id. */
export function consumeCreditsAsync(env: Environment, nowMs: number, inputs: ConsumeInput[]): string {
  if (inputs.length === 0) throw badInput('consumptions must not be empty');
  if (inputs.length > 100) throw badInput('consumptions must have at most 100 items');
  env.transaction((db) => {
    for (const input of inputs) consumeInTransaction(db, nowMs, input);
  });
  return randomUUID();
}

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
export type GrantView = CreditGrantRow & { status: string };

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

const RANGE_MS: Record<string, number> = { LAST_DAY: 86_400_000, LAST_WEEK: 7 * 86_400_000, LAST_MONTH: 30 * 86_400_000, LAST_YEAR: 365 * 86_400_000 };

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
    points: [...s.points.entries()].sort((a, b) => a[0] - b[0]).map(([timestamp, p]) => ({ timestamp: iso(timestamp), ...p })),
  }));
  const page = paginate(list, input.paging);
  return { currency: currencyId ? currencyView(db, currencyId) : null, series: page.edges.map((e) => e.node), pageInfo: page.pageInfo };
}

// ------------------------------------------------------------------------------------ estimates

export interface CreditPrice {
  featureId: string;
  currencyId: string;
  rate: number;
}

/** The CREDIT_BASED prices of a subscription's plan and add-ons. */
function packagePrices(db: Db, sub: SubscriptionRow): CreditPrice[] {
  const out: CreditPrice[] = [];
  const packages = [catalog.plan(db, sub.planId), ...sub.addons.map((a) => catalog.addon(db, a.addonId))];
  for (const pkg of packages) {
    for (const p of (pkg?.prices ?? []) as { billingModel?: string; featureId?: string | null; creditRate?: number | null; customCurrencyId?: string | null }[]) {
      if (p.billingModel === 'CREDIT_BASED' && p.featureId && p.customCurrencyId && p.creditRate) out.push({ featureId: p.featureId, currencyId: p.customCurrencyId, rate: p.creditRate });
    }
  }
  return out;
}

/** The credit rates of a customer's live subscriptions (CREDIT_BASED prices of their plans and add-ons). */
function creditPrices(db: Db, customerId: string, resourceId: string | null): CreditPrice[] {
  const out: CreditPrice[] = [];
  for (const sub of catalog.customerSubscriptions(db, customerId)) {
    if (!isLive(sub) || (resourceId !== null && (sub.resourceId ?? null) !== resourceId)) continue;
    for (const p of packagePrices(db, sub)) {
      if (!out.some((x) => x.featureId === p.featureId && x.currencyId === p.currencyId)) out.push(p);
    }
  }
  return out;
}

function estimates(db: Db, nowMs: number, customerId: string, resourceId: string | null, costs: { featureId: string; currencyId: string; cost: number; warningCode: string | null }[]) {
  const byCurrency = new Map<string, typeof costs>();
  for (const c of costs) byCurrency.set(c.currencyId, [...(byCurrency.get(c.currencyId) ?? []), c]);
  return {
    estimates: [...byCurrency.entries()].map(([currencyId, items]) => {
      const currentBalance = balanceOf(db, nowMs, walletOf(customerId, currencyId, resourceId)).currentBalance;
      const estimatedCost = roundCredits(items.reduce((s, i) => s + i.cost, 0));
      const balanceAfterEstimate = roundCredits(currentBalance - estimatedCost);
      return { currencyId, estimatedCost, currentBalance, balanceAfterEstimate, wouldOverdraft: balanceAfterEstimate < 0, breakdown: items.map(({ featureId, cost, warningCode }) => ({ featureId, cost, warningCode })) };
    }),
    warnings: [] as string[],
  };
}

/** estimateUsageCost: what reporting `value` of a feature would cost in credits, recording nothing. */
export function estimateUsageCost(env: Environment, nowMs: number, input: { customerId: string; featureId: string; value: number; resourceId?: string | null }) {
  const db = env.db;
  requireCustomer(db, input.customerId);
  catalog.requireFeature(db, input.featureId);
  if (!Number.isFinite(input.value)) throw badInput('value must be a number');
  const resourceId = input.resourceId ?? null;
  const costs = creditPrices(db, input.customerId, resourceId)
    .filter((p) => p.featureId === input.featureId)
    .map((p) => ({ featureId: p.featureId, currencyId: p.currencyId, cost: roundCredits(input.value * p.rate), warningCode: null }));
  return estimates(db, nowMs, input.customerId, resourceId, costs);
}

/** estimateEventCost: what one raw event would cost: each credit-priced feature whose meter counts the event. */
export function estimateEventCost(env: Environment, nowMs: number, input: { customerId: string; eventName: string; dimensions?: Record<string, unknown> | null; resourceId?: string | null }) {
  const db = env.db;
  requireCustomer(db, input.customerId);
  if (typeof input.eventName !== 'string' || input.eventName === '') throw badInput('eventName is required');
  const resourceId = input.resourceId ?? null;
  const dimensions = input.dimensions ?? {};
  const costs = [];
  for (const p of creditPrices(db, input.customerId, resourceId)) {
    const meter = catalog.feature(db, p.featureId)?.meter as MeterLike | null | undefined;
    if (!meter || !eventMatches(meter, input.eventName, dimensions)) continue;
    const { units, warning } = eventUnits(meter, dimensions);
    costs.push({ featureId: p.featureId, currencyId: p.currencyId, cost: roundCredits(units * p.rate), warningCode: warning });
  }
  return estimates(db, nowMs, input.customerId, resourceId, costs);
}

// ------------------------------------------------------------------------------------ automatic recharge

export interface AutoRechargeInput {
  customerId: string;
  currencyId: string;
  isEnabled: boolean;
  thresholdType?: string | null;
  thresholdValue?: number | null;
  targetBalance?: number | null;
  maxSpendLimit?: number | null;
  grantExpirationPeriod?: string | null;
}

const monthStart = (nowMs: number) => {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

function monthlySpend(db: Db, nowMs: number, customerId: string, currencyId: string, settingsId: string): number {
  const from = monthStart(nowMs);
  return roundCredits(
    creditRepo
      .customerGrants(db, customerId, currencyId)
      .filter((g) => g.autoRechargeId === settingsId && Date.parse(g.createdAt) >= from)
      .reduce((s, g) => s + (g.cost?.amount ?? g.amount), 0),
  );
}

/** The settings as AutoRechargeSettingsDTO; unsaved settings read as disabled. */
export function getAutoRechargeSettings(env: Environment, nowMs: number, input: { customerId: string; currencyId: string }) {
  const db = env.db;
  requireCustomer(db, input.customerId);
  requireCurrency(db, input.currencyId);
  const row = creditRepo.autoRecharge(db, input.customerId, input.currencyId);
  if (!row) {
    return {
      id: null,
      customerId: input.customerId,
      currencyId: input.currencyId,
      isEnabled: false,
      thresholdType: 'CreditAmount',
      thresholdValue: 0,
      targetBalance: 0,
      maxSpendLimit: null,
      grantExpirationPeriod: 'OneMonth',
      currentMonthlySpend: 0,
      createdAt: null,
      updatedAt: null,
    };
  }
  return { ...row, currentMonthlySpend: monthlySpend(db, nowMs, row.customerId, row.currencyId, row.id) };
}

/** saveAutoRechargeSettings: stored, then applied at once (a balance already under the threshold is recharged). */
export function saveAutoRechargeSettings(env: Environment, nowMs: number, input: AutoRechargeInput) {
  env.transaction((db) => {
    requireCustomer(db, input.customerId);
    requireCurrency(db, input.currencyId);
    const existing = creditRepo.autoRecharge(db, input.customerId, input.currencyId);
    const thresholdValue = input.thresholdValue ?? existing?.thresholdValue ?? 0;
    const targetBalance = input.targetBalance ?? existing?.targetBalance ?? 0;
    for (const [field, v] of [['thresholdValue', thresholdValue], ['targetBalance', targetBalance], ['maxSpendLimit', input.maxSpendLimit ?? 0]] as const) {
      if (!Number.isFinite(v) || v < 0) throw badInput(`${field} must be a number >= 0`);
    }
    if (input.isEnabled && targetBalance <= thresholdValue) throw badInput('targetBalance must be greater than thresholdValue');
    const now = iso(nowMs);
    // unsaved settings read as disabled
    const wasEnabled = existing?.isEnabled ?? false;
    creditRepo.saveAutoRecharge(db, {
      id: existing?.id ?? randomUUID(),
      customerId: input.customerId,
      currencyId: input.currencyId,
      isEnabled: input.isEnabled,
      thresholdType: input.thresholdType ?? existing?.thresholdType ?? 'CreditAmount',
      thresholdValue,
      targetBalance,
      maxSpendLimit: input.maxSpendLimit !== undefined ? input.maxSpendLimit : (existing?.maxSpendLimit ?? null),
      grantExpirationPeriod: input.grantExpirationPeriod ?? existing?.grantExpirationPeriod ?? 'OneMonth',
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    if (wasEnabled !== input.isEnabled) {
      const saved = creditRepo.autoRecharge(db, input.customerId, input.currencyId)!;
      creditWebhooks.rechargeConfigChanged(db, nowMs, saved, 'USER', input.isEnabled ? 'enabled by saveAutoRechargeSettings' : 'disabled by saveAutoRechargeSettings');
    }
    rechargeIfNeeded(db, nowMs, walletOf(input.customerId, input.currencyId, null));
  });
  return getAutoRechargeSettings(env, nowMs, input);
}

/** After credits left a wallet: a recharge grant when its balance fell under the threshold (customer wallets only). */
function rechargeIfNeeded(db: Db, nowMs: number, wallet: WalletKey): void {
  if (wallet.resourceId !== '') return;
  const settings = creditRepo.autoRecharge(db, wallet.customerId, wallet.currencyId);
  if (!settings || !settings.isEnabled) return;
  const balance = walletBalance(creditRepo.walletGrants(db, wallet), nowMs).currentBalance;
  const spentBefore = monthlySpend(db, nowMs, wallet.customerId, wallet.currencyId, settings.id);
  const amount = rechargeAmount(settings, balance, spentBefore);
  if (amount <= 0) return;
  const grant = writeGrant(db, nowMs, wallet, {
    grantType: 'PAID',
    amount,
    displayName: 'Automatic recharge',
    priority: DEFAULT_PRIORITY,
    effectiveAtMs: nowMs,
    expireAtMs: rechargeExpiry(settings.grantExpirationPeriod, nowMs),
    cost: { amount, currency: 'USD' },
    autoRechargeId: settings.id,
  })!;
  rechargeEvents(db, nowMs, settings, grant, spentBefore);
}

/** A recharge granted credits: automatic_recharge.operation.attempted, and the spend-limit threshold it reached. */
function rechargeEvents(db: Db, nowMs: number, settings: AutoRechargeRow, grant: CreditGrantRow, spentBefore: number): void {
  creditWebhooks.rechargeAttempted(db, nowMs, settings, grant.id, grant.amount);
  if (settings.maxSpendLimit === null) return;
  const spentAfter = monthlySpend(db, nowMs, settings.customerId, settings.currencyId, settings.id);
  const threshold = rechargeSpendThreshold(spentBefore, spentAfter, settings.maxSpendLimit);
  if (threshold !== null) {
    creditWebhooks.rechargeLimit(db, nowMs, { ...settings, maxSpendLimit: settings.maxSpendLimit }, spentAfter, spendPercentage(spentAfter, settings.maxSpendLimit), threshold);
  }
}

// ------------------------------------------------------------------------------------ credit entitlements

const isLive = (sub: SubscriptionRow) => sub.status === 'ACTIVE' || sub.status === 'IN_TRIAL';

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
function scopedCreditEntitlements(db: Db, customerId: string, resourceId: string): CreditEntitlementGrant[] {
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

// ------------------------------------------------------------------------------------ credit-backed usage

/** `UsageMeasurementWithCurrentUsage.credit`: what one usage report consumed and the wallet's optimistic balance after it. */
export interface UsageCredit {
  consumed: number;
  currencyId: string;
  currentUsage: number;
  usageLimit: number;
  usagePeriodEnd: string | null;
  timestamp: string;
}

/**
 * The CREDIT_BASED prices a customer's usage of features draws on in one scope: those of the live
 * subscriptions on exactly that resource (none: the global subscriptions), the first price of a
 * feature winning. Keyed by feature.
 */
export function scopedCreditRates(db: Db, customerId: string, resourceId: string | null): Map<string, CreditPrice> {
  const scope = resourceId ?? '';
  const out = new Map<string, CreditPrice>();
  for (const sub of catalog.customerSubscriptions(db, customerId)) {
    if (!isLive(sub) || (sub.resourceId ?? '') !== scope) continue;
    for (const p of packagePrices(db, sub)) if (!out.has(p.featureId)) out.set(p.featureId, p);
  }
  return out;
}

/** RULES 4.3: the wallet a credit-backed feature draws on, as the usage answer shows it (consumed: what this report took). */
export function usageCreditOf(db: Db, nowMs: number, customerId: string, price: CreditPrice, resourceId: string | null, consumed = 0): UsageCredit {
  const wallet = walletOf(customerId, price.currencyId, resourceId);
  const grants = creditRepo.walletGrants(db, wallet);
  const balance = walletBalance(grants, nowMs);
  return { consumed, currencyId: price.currencyId, currentUsage: balance.totalConsumed, usageLimit: balance.totalGranted, usagePeriodEnd: recurringPeriodEnd(grants, nowMs), timestamp: iso(nowMs) };
}

/**
 * RULES 4.3: usage of a credit-backed feature consumes `units × creditRate` credits from the
 * customer's wallet (consumeInTransaction: the documented order, the overdraft, a recharge), in the
 * caller's transaction; `key` makes it count once. Nothing is consumed for units <= 0.
 */
export function consumeForUsage(
  db: Db,
  nowMs: number,
  input: { customerId: string; featureId: string; resourceId: string | null; price: CreditPrice; units: number; key: string; dimensions?: Record<string, unknown> | null; atMs: number },
): UsageCredit {
  const amount = roundCredits(input.units * input.price.rate);
  if (!(amount > 0)) return usageCreditOf(db, nowMs, input.customerId, input.price, input.resourceId);
  consumeInTransaction(db, nowMs, {
    customerId: input.customerId,
    currencyId: input.price.currencyId,
    amount,
    idempotencyKey: input.key,
    resourceId: input.resourceId,
    dimensions: input.dimensions,
    createdAt: Math.min(input.atMs, nowMs),
    featureId: input.featureId,
  });
  return usageCreditOf(db, nowMs, input.customerId, input.price, input.resourceId, amount);
}

// ------------------------------------------------------------------------------------ fixtures

/** A customer's credit grants and recharge settings from fixtures (CustomerFixture.creditGrants / autoRecharge). */
export interface FixtureCredits {
  creditGrants: {
    id?: string;
    currencyId: string;
    amount: number;
    grantType: string;
    displayName?: string;
    priority?: number;
    effectiveAt?: string | null;
    expireAt?: string | null;
    resourceId?: string | null;
    comment?: string | null;
    cost?: { amount: number; currency: string } | null;
    consumed?: number;
    voidedAt?: string | null;
    createdAt?: string | null;
    updatedAt?: string | null;
    recurringKey?: string | null;
    autoRechargeId?: string | null;
  }[];
  autoRecharge: {
    id?: string;
    currencyId: string;
    isEnabled: boolean;
    thresholdType: string;
    thresholdValue: number;
    targetBalance: number;
    maxSpendLimit?: number | null;
    grantExpirationPeriod: string;
  }[];
}

/**
 * Write a customer's fixture credits: each grant upserted by id (a hand-written one gets
 * `<customer>-grant-<n>`, so loading a file twice converges) with its ledger rebuilt: granted at
 * its effective date, what was consumed, its void.
 */
export function loadFixtureCredits(db: Db, nowMs: number, customerId: string, credits: FixtureCredits): void {
  const now = iso(nowMs);
  credits.creditGrants.forEach((g, i) => {
    const row: CreditGrantRow = {
      id: g.id ?? `${customerId}-grant-${i + 1}`,
      customerId,
      currencyId: g.currencyId,
      resourceId: g.resourceId ?? '',
      grantType: g.grantType,
      amount: g.amount,
      consumed: g.consumed ?? 0,
      priority: g.priority ?? (g.grantType === 'OVERDRAFT' ? Number.MAX_SAFE_INTEGER : DEFAULT_PRIORITY),
      displayName: g.displayName ?? (g.grantType === 'OVERDRAFT' ? 'Overdraft' : 'Credits'),
      comment: g.comment ?? null,
      cost: g.cost ?? null,
      metadata: null,
      effectiveAt: g.effectiveAt ?? now,
      expireAt: g.expireAt ?? null,
      voidedAt: g.voidedAt ?? null,
      sourceKey: g.recurringKey ?? null,
      autoRechargeId: g.autoRechargeId ?? null,
      createdAt: g.createdAt ?? now,
      updatedAt: g.updatedAt ?? now,
    };
    creditRepo.upsertGrant(db, row);
    creditRepo.deleteLedgerOf(db, row.id);
    const wallet = { customerId, currencyId: row.currencyId, resourceId: row.resourceId };
    const entry = { ...wallet, grantId: row.id, featureId: null, eventId: null };
    if (row.amount > 0) creditRepo.ledger(db, { ...entry, eventType: 'CREDITS_GRANTED', amount: row.amount, timestamp: row.effectiveAt });
    if (row.consumed > 0) creditRepo.ledger(db, { ...entry, eventType: 'CREDITS_CONSUMED', amount: -row.consumed, timestamp: row.createdAt > row.effectiveAt ? row.createdAt : row.effectiveAt });
    // a settled overdraft is voided with nothing left: no entry
    if (row.voidedAt && row.grantType !== 'OVERDRAFT') creditRepo.ledger(db, { ...entry, eventType: 'CREDITS_VOIDED', amount: -remainingOf(row), timestamp: row.voidedAt });
  });
  // fixtures are state: the expiries they bring up to now are not reported
  if (credits.creditGrants.length > 0 && expiriesReportedTo(db) < nowMs) setExpiriesReportedTo(db, nowMs);
  for (const a of credits.autoRecharge) {
    const existing = creditRepo.autoRecharge(db, customerId, a.currencyId);
    creditRepo.saveAutoRecharge(db, {
      id: a.id ?? existing?.id ?? `${customerId}-recharge-${a.currencyId}`,
      customerId,
      currencyId: a.currencyId,
      isEnabled: a.isEnabled,
      thresholdType: a.thresholdType,
      thresholdValue: a.thresholdValue,
      targetBalance: a.targetBalance,
      maxSpendLimit: a.maxSpendLimit ?? null,
      grantExpirationPeriod: a.grantExpirationPeriod,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
  }
}

/** A customer's credits as fixtures write them (the export). */
export function exportCustomerCredits(db: Db, customerId: string): FixtureCredits {
  return {
    creditGrants: creditRepo.customerGrants(db, customerId).map((g) => ({
      id: g.id,
      currencyId: g.currencyId,
      amount: g.amount,
      grantType: g.grantType,
      displayName: g.displayName,
      priority: g.priority,
      effectiveAt: g.effectiveAt,
      expireAt: g.expireAt,
      resourceId: g.resourceId || null,
      comment: g.comment,
      cost: g.cost,
      consumed: g.consumed,
      voidedAt: g.voidedAt,
      createdAt: g.createdAt,
      updatedAt: g.updatedAt,
      recurringKey: g.sourceKey,
      autoRechargeId: g.autoRechargeId,
    })),
    autoRecharge: creditRepo.autoRechargesOf(db, customerId).map((a) => ({
      id: a.id,
      currencyId: a.currencyId,
      isEnabled: a.isEnabled,
      thresholdType: a.thresholdType,
      thresholdValue: a.thresholdValue,
      targetBalance: a.targetBalance,
      maxSpendLimit: a.maxSpendLimit,
      grantExpirationPeriod: a.grantExpirationPeriod,
    })),
  };
}
