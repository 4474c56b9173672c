/**
 * Credit rules (RULES section 6, E92-E96): pure functions of stored grants and "now".
 *
 * A wallet is a customer's credits of one custom currency (and resource). Every grant has an amount
 * and what was consumed from it; `remaining = amount - consumed`. The wallet's OVERDRAFT grant has
 * amount 0: a deficit is consumed from it, so its remaining is negative (the balance below zero).
 */
import { addMonths, iso } from '../time.js';
import { fieldOf } from '../meters/meter-rules.js';

export type GrantStatus = 'ACTIVE' | 'EXPIRED' | 'SCHEDULED' | 'VOIDED';
export type GrantType = 'PAID' | 'PROMOTIONAL' | 'RECURRING' | 'OVERDRAFT';

/** What the rules read of a grant. */
export interface GrantFacts {
  id: string;
  grantType: string;
  amount: number;
  consumed: number;
  priority: number;
  effectiveAt: string;
  expireAt: string | null;
  voidedAt: string | null;
  createdAt: string;
}

/** Credits are kept to 1e-9 so that repeated fractions add up (0.1 + 0.2 = 0.3). */
export const roundCredits = (value: number): number => Math.round(value * 1e9) / 1e9;

export const remainingOf = (g: GrantFacts): number => roundCredits(g.amount - g.consumed);

/** E94: VOIDED once voided; SCHEDULED before its effective date; EXPIRED from its expiry on; else ACTIVE. */
export function grantStatus(g: GrantFacts, nowMs: number): GrantStatus {
  if (g.voidedAt) return 'VOIDED';
  if (Date.parse(g.effectiveAt) > nowMs) return 'SCHEDULED';
  if (g.expireAt && Date.parse(g.expireAt) <= nowMs) return 'EXPIRED';
  return 'ACTIVE';
}

/**
 * The documented consumption order (RULES 6.1): priority (lower first), sooner expiry first
 * (non-expiring last), promotional before paid (and recurring), earlier effective date, earlier
 * creation; the grant id breaks what is left of a tie.
 */
export function compareForConsumption(a: GrantFacts, b: GrantFacts): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  const ae = a.expireAt ? Date.parse(a.expireAt) : Number.POSITIVE_INFINITY;
  const be = b.expireAt ? Date.parse(b.expireAt) : Number.POSITIVE_INFINITY;
  if (ae !== be) return ae < be ? -1 : 1;
  const ap = a.grantType === 'PROMOTIONAL' ? 0 : 1;
  const bp = b.grantType === 'PROMOTIONAL' ? 0 : 1;
  if (ap !== bp) return ap - bp;
  const eff = Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt);
  if (eff !== 0) return eff;
  const created = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (created !== 0) return created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The grants a consumption may draw from at now, in consumption order. */
export function consumable<T extends GrantFacts>(grants: T[], nowMs: number): T[] {
  return grants
    .filter((g) => g.grantType !== 'OVERDRAFT' && grantStatus(g, nowMs) === 'ACTIVE' && remainingOf(g) > 0)
    .sort(compareForConsumption);
}

export interface ConsumptionPlan {
  /** one debit per grant drawn from (one ledger entry each), highest-ranked first */
  debits: { grantId: string; amount: number }[];
  /** E93: what no grant covers, recorded on the wallet's overdraft grant */
  overdraft: number;
}

/** E92, E93: how `amount` credits are drawn from a wallet's grants at now. */
export function planConsumption(grants: GrantFacts[], amount: number, nowMs: number): ConsumptionPlan {
  const debits: ConsumptionPlan['debits'] = [];
  let left = roundCredits(amount);
  for (const g of consumable(grants, nowMs)) {
    if (left <= 0) break;
    const take = Math.min(left, remainingOf(g));
    debits.push({ grantId: g.id, amount: roundCredits(take) });
    left = roundCredits(left - take);
  }
  return { debits, overdraft: left > 0 ? left : 0 };
}

/**
 * E93: settling an overdraft: the debt (the overdraft grant's consumed credits) moves onto the
 * wallet's consumable grants, in consumption order. Answers the transfers (source: the grant that
 * pays; the overdraft grant is the target of each).
 */
export function planSettlement(grants: GrantFacts[], nowMs: number): { grantId: string; amount: number }[] {
  const overdraft = liveOverdraft(grants);
  if (!overdraft || overdraft.consumed <= 0) return [];
  return planConsumption(grants, overdraft.consumed, nowMs).debits;
}

/** A wallet's overdraft grant still in use (a fully settled one is voided: a later deficit opens a new one). */
export function liveOverdraft<T extends GrantFacts>(grants: T[]): T | undefined {
  return grants.find((g) => g.grantType === 'OVERDRAFT' && !g.voidedAt);
}

/**
 * A settled overdraft is voided (Stigg's void-credit-grant page: "automatically voided when fully
 * settled by a new credit grant"): true when the settlement left nothing owed on it.
 */
export const overdraftSettled = (overdraft: Pick<GrantFacts, 'grantType' | 'consumed' | 'voidedAt'>): boolean =>
  overdraft.grantType === 'OVERDRAFT' && !overdraft.voidedAt && roundCredits(overdraft.consumed) <= 0;

export interface WalletBalance {
  currentBalance: number;
  totalGranted: number;
  totalConsumed: number;
  /** epoch ms: the next instant the balance changes by itself (a grant expires or takes effect), null when none */
  validUntil: number | null;
}

/**
 * A wallet's balance at now (CreditBalance): the remaining credits of its active grants (the
 * overdraft's negative remaining included), what they granted and what was consumed from them.
 */
export function walletBalance(grants: GrantFacts[], nowMs: number): WalletBalance {
  let currentBalance = 0;
  let totalGranted = 0;
  let totalConsumed = 0;
  let validUntil: number | null = null;
  const earlier = (ms: number) => {
    if (validUntil === null || ms < validUntil) validUntil = ms;
  };
  for (const g of grants) {
    const status = grantStatus(g, nowMs);
    if (status === 'SCHEDULED') earlier(Date.parse(g.effectiveAt));
    if (status !== 'ACTIVE') continue;
    currentBalance += remainingOf(g);
    totalGranted += g.amount;
    totalConsumed += g.consumed;
    if (g.expireAt) earlier(Date.parse(g.expireAt));
  }
  return { currentBalance: roundCredits(currentBalance), totalGranted: roundCredits(totalGranted), totalConsumed: roundCredits(totalConsumed), validUntil };
}

/** Expiries are not written: a grant past its expiry with credits left shows a CREDITS_EXPIRED entry dated at its expiry. */
export function derivedExpiries(grants: GrantFacts[], nowMs: number): { grantId: string; amount: number; timestamp: string }[] {
  return grants
    .filter((g) => g.grantType !== 'OVERDRAFT' && grantStatus(g, nowMs) === 'EXPIRED' && remainingOf(g) > 0)
    .map((g) => ({ grantId: g.id, amount: -remainingOf(g), timestamp: iso(Date.parse(g.expireAt!)) }));
}

/** What createCreditGrant checks (nothing stored on a failure). The error code names the rule broken. */
export type GrantProblem = { code: 'BadUserInput' | 'ExpireAtMustBeLaterThanEffectiveAtError'; message: string } | null;

export function checkGrantInput(input: { amount: number; priority?: number | null; effectiveAtMs: number; expireAtMs: number | null; displayName: string; comment?: string | null }): GrantProblem {
  if (!Number.isFinite(input.amount) || input.amount <= 0) return { code: 'BadUserInput', message: 'amount must be a number greater than 0' };
  if (input.amount > 1e15) return { code: 'BadUserInput', message: 'amount must be at most 1e15' };
  if (input.priority !== null && input.priority !== undefined && (!Number.isFinite(input.priority) || input.priority < 0)) {
    return { code: 'BadUserInput', message: 'priority must be a number >= 0' };
  }
  if (input.displayName.trim() === '') return { code: 'BadUserInput', message: 'displayName must not be empty' };
  if (input.comment && input.comment.length > 200) return { code: 'BadUserInput', message: 'comment must be at most 200 characters' };
  if (input.expireAtMs !== null && input.expireAtMs <= input.effectiveAtMs) {
    return { code: 'ExpireAtMustBeLaterThanEffectiveAtError', message: 'expireAt must be later than effectiveAt' };
  }
  return null;
}

/** What updateCreditGrant checks (nothing stored on a failure); the error code names the rule broken. */
export type GrantUpdateProblem = {
  code: 'BadUserInput' | 'CreditGrantAlreadyVoided' | 'CannotUpdateExpireAtForExpiredCreditGrantError' | 'ExpireAtMustBeLaterThanEffectiveAtError';
  message: string;
} | null;

export interface GrantUpdate {
  displayName?: string | null;
  comment?: string | null;
  priority?: number | null;
  effectiveAtMs?: number;
  /** null: never expires; undefined: unchanged */
  expireAtMs?: number | null;
}

/**
 * updateCreditGrant (UpdateCreditGrantInput: displayName, comment, priority, effectiveAt, expireAt,
 * additionalMetaData): a voided grant and the overdraft grant cannot change; an expired grant's
 * expiry cannot move; priority 0-100 (the input's page); a display name is not blank; a comment
 * (the "reason") is at most 200 characters; the expiry stays after the effective date.
 */
export function checkGrantUpdate(grant: GrantFacts, update: GrantUpdate, nowMs: number): GrantUpdateProblem {
  if (grant.voidedAt) return { code: 'CreditGrantAlreadyVoided', message: `credit grant ${grant.id} is voided` };
  if (grant.grantType === 'OVERDRAFT') return { code: 'BadUserInput', message: 'an overdraft grant cannot be updated' };
  if (update.expireAtMs !== undefined && grantStatus(grant, nowMs) === 'EXPIRED') {
    return { code: 'CannotUpdateExpireAtForExpiredCreditGrantError', message: `credit grant ${grant.id} has expired: its expireAt cannot change` };
  }
  if (update.priority !== null && update.priority !== undefined && (!Number.isFinite(update.priority) || update.priority < 0 || update.priority > 100)) {
    return { code: 'BadUserInput', message: 'priority must be a number from 0 to 100' };
  }
  if (update.displayName !== undefined && (update.displayName === null || update.displayName.trim() === '')) return { code: 'BadUserInput', message: 'displayName must not be empty' };
  if (update.comment && update.comment.length > 200) return { code: 'BadUserInput', message: 'comment must be at most 200 characters' };
  const effectiveAtMs = update.effectiveAtMs ?? Date.parse(grant.effectiveAt);
  const expireAtMs = update.expireAtMs === undefined ? (grant.expireAt ? Date.parse(grant.expireAt) : null) : update.expireAtMs;
  if (expireAtMs !== null && expireAtMs <= effectiveAtMs) return { code: 'ExpireAtMustBeLaterThanEffectiveAtError', message: 'expireAt must be later than effectiveAt' };
  return null;
}

// ------------------------------------------------------------------------------------ webhook thresholds

/**
 * The low-balance thresholds, in percent of the credits granted that remain (Stigg's pages: "e.g.,
 * 80%, 50%, 20%"; Stigg configures them per environment, the emulator has these).
 */
export const LOW_BALANCE_THRESHOLDS: readonly number[] = [80, 50, 20];

const percent = (part: number, whole: number): number => Math.round((part / whole) * 10000) / 100;

/** What remains of `granted`, in percent (2 decimals, 0 to 100: a deficit leaves 0 %); null when nothing was granted. */
export const remainingPercentage = (remaining: number, granted: number): number | null => (granted > 0 ? Math.min(100, Math.max(0, percent(remaining, granted))) : null);

/**
 * credit_grant.balance.low / credit_balance.low: the threshold a decrease took the remaining
 * credits below (remaining before at or above it, after under it); the lowest one when it passed
 * several; null when it passed none or nothing was granted.
 */
export function lowBalanceThreshold(before: number, after: number, granted: number, thresholds: readonly number[] = LOW_BALANCE_THRESHOLDS): number | null {
  if (!(granted > 0) || after >= before) return null;
  const pctBefore = percent(before, granted);
  const pctAfter = percent(after, granted);
  const crossed = thresholds.filter((t) => pctBefore >= t && pctAfter < t);
  return crossed.length === 0 ? null : Math.min(...crossed);
}

/** credit_grant.depleted / credit_balance.depleted: the remaining credits reached zero (from above it). */
export const depleted = (before: number, after: number): boolean => before > 0 && after <= 0;

/** The auto-recharge spend thresholds, in percent of the monthly spend limit (the spend-limit page: 80, 90, 100). */
export const RECHARGE_SPEND_THRESHOLDS: readonly number[] = [80, 90, 100];

/**
 * credits.automatic_recharge_limit_exceeded: the highest threshold a recharge took the month's
 * spend to (below it before, at or above it after); null without a limit or when it reached none.
 */
export function rechargeSpendThreshold(spentBefore: number, spentAfter: number, maxSpendLimit: number | null, thresholds: readonly number[] = RECHARGE_SPEND_THRESHOLDS): number | null {
  if (maxSpendLimit === null || !(maxSpendLimit > 0)) return null;
  const crossed = thresholds.filter((t) => percent(spentBefore, maxSpendLimit) < t && percent(spentAfter, maxSpendLimit) >= t);
  return crossed.length === 0 ? null : Math.max(...crossed);
}

/** The month's auto-recharge spend in percent of its limit (2 decimals). */
export const spendPercentage = (spent: number, maxSpendLimit: number): number => percent(spent, maxSpendLimit);

/**
 * credit_grant.expired: the grants whose expiry falls in (afterMs, nowMs] and that were in force
 * then (created before it, not voided before it; the overdraft never expires), earliest first, then
 * oldest first (then in the order given).
 */
export function expiriesBetween<T extends GrantFacts>(grants: T[], afterMs: number, nowMs: number): T[] {
  return grants
    .filter((g) => {
      if (!g.expireAt || g.grantType === 'OVERDRAFT') return false;
      const at = Date.parse(g.expireAt);
      if (!(at > afterMs && at <= nowMs)) return false;
      if (Date.parse(g.createdAt) >= at) return false;
      return !g.voidedAt || Date.parse(g.voidedAt) > at;
    })
    .sort((a, b) => Date.parse(a.expireAt!) - Date.parse(b.expireAt!) || Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** Recurring credit grants (credit entitlements of plans, add-ons and custom plans): one per cadence period from the subscription's start. */
export function cadenceEnd(startMs: number, cadence: string): number {
  return addMonths(startMs, cadence === 'YEAR' ? 12 : 1);
}

/** The default priority of a grant (Stigg's lowest-ranked unless given). */
export const DEFAULT_PRIORITY = 10;

/**
 * E96: a credit entitlement check: granted while the balance covers the requested credits; a soft
 * limit always grants; no credit entitlement and no credits at all is EntitlementNotFound. An
 * unknown or archived customer, or a resource without subscriptions nor credits, is denied first.
 */
export function creditAccess(input: {
  customer?: 'found' | 'missing' | 'archived';
  resourceMissing?: boolean;
  hasEntitlement: boolean;
  hasSoftLimit: boolean;
  balance: number;
  requested: number;
}): {
  isGranted: boolean;
  accessDeniedReason: 'CustomerNotFound' | 'CustomerIsArchived' | 'CustomerResourceNotFound' | 'InsufficientCredits' | 'EntitlementNotFound' | null;
} {
  if (input.customer === 'missing') return { isGranted: false, accessDeniedReason: 'CustomerNotFound' };
  if (input.customer === 'archived') return { isGranted: false, accessDeniedReason: 'CustomerIsArchived' };
  if (input.resourceMissing) return { isGranted: false, accessDeniedReason: 'CustomerResourceNotFound' };
  if (!input.hasEntitlement) return { isGranted: false, accessDeniedReason: 'EntitlementNotFound' };
  if (input.hasSoftLimit) return { isGranted: true, accessDeniedReason: null };
  const requested = Math.max(input.requested, 0);
  const ok = requested === 0 ? input.balance > 0 : input.balance >= requested;
  return ok ? { isGranted: true, accessDeniedReason: null } : { isGranted: false, accessDeniedReason: 'InsufficientCredits' };
}

export interface AutoRechargeFacts {
  isEnabled: boolean;
  thresholdValue: number;
  targetBalance: number;
  maxSpendLimit: number | null;
}

/**
 * Automatic recharge: when enabled and the balance falls under the threshold, a grant brings it
 * back to the target balance, within what is left of the monthly spend limit (a credit costs one
 * unit of money in the emulator). Answers the credits to grant (0: none).
 */
export function rechargeAmount(settings: AutoRechargeFacts, balance: number, spentThisMonth: number): number {
  if (!settings.isEnabled || balance >= settings.thresholdValue) return 0;
  let amount = roundCredits(settings.targetBalance - balance);
  if (settings.maxSpendLimit !== null) amount = Math.min(amount, roundCredits(settings.maxSpendLimit - spentThisMonth));
  return amount > 0 ? amount : 0;
}

/** The expiry of an automatic recharge grant. */
export function rechargeExpiry(grantExpirationPeriod: string, nowMs: number): number {
  return addMonths(nowMs, grantExpirationPeriod === 'OneYear' ? 12 : 1);
}

export interface MeterLike {
  aggregation?: { function?: string; field?: string | null } | null;
  filters?: { conditions?: { field: string; operation: string; value?: string | null; values?: string[] | null }[] }[] | null;
}

/** Whether an event matches a meter's filters (any filter whose conditions all hold; no filters: every event). */
export function eventMatches(meter: MeterLike, eventName: string, dimensions: Record<string, unknown>): boolean {
  const filters = meter.filters ?? [];
  if (filters.length === 0) return true;
  const valueOf = (field: string): unknown => fieldOf({ eventName, dimensions }, field);
  return filters.some((f) =>
    (f.conditions ?? []).every((c) => {
      const v = valueOf(c.field);
      const s = v === undefined || v === null ? null : String(v);
      const n = Number(v);
      const target = c.value ?? '';
      switch (c.operation) {
        case 'EQUALS':
          return s === target;
        case 'NOT_EQUALS':
          return s !== target;
        case 'CONTAINS':
          return s !== null && s.includes(target);
        case 'STARTS_WITH':
          return s !== null && s.startsWith(target);
        case 'ENDS_WITH':
          return s !== null && s.endsWith(target);
        case 'IN':
          return s !== null && (c.values ?? []).includes(s);
        case 'IS_NULL':
          return s === null;
        case 'IS_NOT_NULL':
          return s !== null;
        case 'GREATER_THAN':
          return s !== null && n > Number(target);
        case 'GREATER_THAN_OR_EQUAL':
          return s !== null && n >= Number(target);
        case 'LESS_THAN':
          return s !== null && n < Number(target);
        case 'LESS_THAN_OR_EQUAL':
          return s !== null && n <= Number(target);
        default:
          return false;
      }
    }),
  );
}

/**
 * The feature units one event adds to a metered feature, for a cost estimate: COUNT counts 1, SUM
 * adds the field's value; the other aggregations cannot be estimated from one event (warning).
 */
export function eventUnits(meter: MeterLike, dimensions: Record<string, unknown>): { units: number; warning: 'UNSUPPORTED_AGGREGATION' | null } {
  const fn = meter.aggregation?.function ?? 'COUNT';
  if (fn === 'COUNT') return { units: 1, warning: null };
  if (fn === 'SUM') {
    const v = Number(fieldOf({ eventName: '', dimensions }, meter.aggregation?.field ?? ''));
    return { units: Number.isFinite(v) ? v : 0, warning: null };
  }
  return { units: 0, warning: 'UNSUPPORTED_AGGREGATION' };
}
