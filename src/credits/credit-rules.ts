/**
 * Credit rules (RULES section 6, E92-E96): pure functions of stored grants and "now".
 *
 * A wallet is a customer's credits of one custom currency (and resource). Every grant has an amount
 * and what was consumed from it; `remaining = amount - consumed`. The wallet's OVERDRAFT grant has
 * amount 0: a deficit is consumed from it, so its remaining is negative (the balance below zero).
 */
import { addMonths, iso } from '../time.js';
import { fieldOf } from '../usage/meter-rules.js';

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
  const overdraft = grants.find((g) => g.grantType === 'OVERDRAFT');
  if (!overdraft || overdraft.consumed <= 0) return [];
  return planConsumption(grants, overdraft.consumed, nowMs).debits;
}

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
