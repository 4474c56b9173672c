/**
 * Credit consumption: consumeCredits (in the documented order, the overdraft, a recharge), its
 * asynchronous form, and the consumption of credit-backed usage (RULES 4.3), in the caller's
 * transaction.
 */
import { randomUUID } from 'node:crypto';
import { catalog, type SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { creditRepo } from '../db/repositories/credits.js';
import type { Environment } from '../environments/environment.js';
import { badInput } from '../errors.js';
import { iso } from '../time.js';
import { creditWebhooks } from '../webhooks/credit-webhooks.js';
import {
  eventUnits,
  liveOverdraft,
  MeterLike,
  planConsumption,
  roundCredits,
  walletBalance,
} from './credit-rules.js';
import { rechargeIfNeeded } from './auto-recharge.js';
import { type CreditPrice, packagePrices } from './credit-prices.js';
import { walletOf, requireCustomer, parseInstant, settle, grantDebited, walletDebited, recurringPeriodEnd, isLive } from './grants.js';
import { requireCurrency } from '../catalog/currencies.js';

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

export function consumptionResult(db: Db, nowMs: number, c: { customerId: string; currencyId: string; resourceId: string; amount: number; timestamp: string }): ConsumptionResult {
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

export const MAX_ASYNC_CONSUMPTIONS = 1000;

/** consumeCreditsAsync: every consumption checked and applied, all or nothing; answers an acknowledgement id. */
export function consumeCreditsAsync(env: Environment, nowMs: number, inputs: ConsumeInput[]): string {
  if (inputs.length === 0) throw badInput('consumptions must not be empty');
  // ConsumeCreditsAsyncInput: "The credit consumptions to report (up to 1000)"
  if (inputs.length > MAX_ASYNC_CONSUMPTIONS) throw badInput(`consumptions must have at most ${MAX_ASYNC_CONSUMPTIONS} items`);
  env.transaction((db) => {
    for (const input of inputs) consumeInTransaction(db, nowMs, input);
  });
  return randomUUID();
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
export function scopedCreditRates(db: Db, customerId: string, resourceId: string | null, subscriptions?: readonly SubscriptionRow[]): Map<string, CreditPrice> {
  const scope = resourceId ?? '';
  const out = new Map<string, CreditPrice>();
  for (const sub of subscriptions ?? catalog.customerSubscriptions(db, customerId)) {
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


/** What a usage change costs (the usage's hand-off, usage/usage-recorded.ts, read structurally). */
export interface UsageToCharge {
  /** the usage command: the credit prices are read once per command and scope */
  command: object;
  /** the customer's subscriptions when the command read them already, else read here */
  subscriptions?: readonly SubscriptionRow[];
  customerId: string;
  featureId: string;
  resourceId: string | null;
  /** the units a report added (0 for a retry: the wallet is answered as it is) */
  units: number;
  /** a raw event's meter: the event's units are the meter's (COUNT 1, SUM the field's value) */
  meter: MeterLike | null;
  dimensions: Record<string, string | number | boolean> | null;
  /** makes the consumption count once */
  key: string;
  atMs: number;
}

/** The credit prices a command read, by customer and resource scope. */
const commandRates = new WeakMap<object, Map<string, Map<string, CreditPrice>>>();

/**
 * The credit prices of subscription rows a command handed over, by the rows (a usage report's,
 * remembered while the customer's tables are unwritten: the same array from one report to the
 * next) and scope, for the catalog they were read from (a pure function of both).
 */
const rowRates = new WeakMap<readonly SubscriptionRow[], { catalog: object; byScope: Map<string, Map<string, CreditPrice>> }>();

function ratesOfRows(db: Db, customerId: string, resourceId: string | null, subscriptions: readonly SubscriptionRow[], scope: string): Map<string, CreditPrice> {
  const catalogNow = catalog.snapshotToken(db);
  let known = rowRates.get(subscriptions);
  if (!known || known.catalog !== catalogNow) {
    known = { catalog: catalogNow, byScope: new Map() };
    rowRates.set(subscriptions, known);
  }
  let rates = known.byScope.get(scope);
  if (!rates) {
    rates = scopedCreditRates(db, customerId, resourceId, subscriptions);
    known.byScope.set(scope, rates);
  }
  return rates;
}

/**
 * The credits' step for usage (registered by the composition): a credit-backed feature (RULES 4.3)
 * consumes `units × creditRate` from the customer's wallet and answers the wallet's balance; a
 * feature that is not credit-backed answers nothing.
 */
export function chargeUsage(db: Db, nowMs: number, usage: UsageToCharge): UsageCredit | undefined {
  let byScope = commandRates.get(usage.command);
  if (!byScope) {
    byScope = new Map();
    commandRates.set(usage.command, byScope);
  }
  const scope = JSON.stringify([usage.customerId, usage.resourceId]);
  let rates = byScope.get(scope);
  if (!rates) {
    rates = usage.subscriptions ? ratesOfRows(db, usage.customerId, usage.resourceId, usage.subscriptions, scope) : scopedCreditRates(db, usage.customerId, usage.resourceId);
    byScope.set(scope, rates);
  }
  const price = rates.get(usage.featureId);
  if (!price) return undefined;
  return consumeForUsage(db, nowMs, {
    customerId: usage.customerId,
    featureId: usage.featureId,
    resourceId: usage.resourceId,
    price,
    units: usage.meter ? eventUnits(usage.meter, usage.dimensions ?? {}).units : usage.units,
    key: usage.key,
    dimensions: usage.dimensions,
    atMs: usage.atMs,
  });
}
