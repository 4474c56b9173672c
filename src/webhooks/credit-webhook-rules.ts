/**
 * The credit webhooks' payloads, as Stigg's reference pages define them (schema/stigg-webhooks.json:
 * credit-grants/*, credit-balance/*, credit-auto-recharge/*). Pure functions of rows and numbers: the
 * emitting side (credit-webhooks.ts) reads the rows and records the results.
 *
 * Two generations of credit events are documented; the emulator sends the newer names
 * (credit_grant.*, credit_balance.*, automatic_recharge.*), with the nested balance payloads
 * (customer, creditCurrency, grant) of the newer stored versions of the balance pages.
 */
import type { CustomerRow } from '../db/repositories/customers.js';
import type { WebhookEventType } from './webhook-rules.js';

type Json = Record<string, unknown>;

/** The credit webhook types the emulator sends (of WEBHOOK_EVENT_TYPES: grants, balances, automatic recharge). */
export type CreditWebhookType = Extract<WebhookEventType, `credit_${string}` | `credits.${string}` | `automatic_recharge.${string}`>;

/** The flat grant events (credit-grants pages): one grant's fields at top level. */
export type GrantEventType = 'credit_grant.created' | 'credit_grant.updated' | 'credit_grant.depleted' | 'credit_grant.expired';

/** A credit grant as a webhook carries it (the grant's stored fields). */
export interface CreditGrantFacts {
  id: string;
  customerId: string;
  currencyId: string;
  resourceId: string;
  grantType: string;
  amount: number;
  consumed: number;
  priority: number;
  displayName: string;
  comment: string | null;
  cost: { amount: number; currency: string } | null;
  metadata: Record<string, unknown> | null;
  effectiveAt: string;
  expireAt: string | null;
  voidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The webhook `grantType` of a grant. The credit webhook pages allow PAID, PROMO and ADJUSTMENT,
 * while the API's CreditGrantType has PAID, PROMOTIONAL, RECURRING and OVERDRAFT:
 * - PAID -> PAID (bought credits, automatic recharges included);
 * - PROMOTIONAL -> PROMO (free credits);
 * - RECURRING -> PAID (the credits a plan or add-on includes: paid for with the subscription);
 * - OVERDRAFT -> ADJUSTMENT (the grant that carries a deficit: a correction of the balance, no credits of its own).
 */
export function webhookGrantType(grantType: string): 'PAID' | 'PROMO' | 'ADJUSTMENT' {
  switch (grantType) {
    case 'PROMOTIONAL':
      return 'PROMO';
    case 'OVERDRAFT':
      return 'ADJUSTMENT';
    default:
      return 'PAID';
  }
}

/**
 * credit_grant.created / .updated / .depleted / .expired: the fields the credit-grant pages list
 * (customerId, grantId, amount, consumedAmount, cost, currencyId, displayName, effectiveAt,
 * entityId, expireAt, grantType, priority). The emulator's grant has one id: it is both `grantId`
 * and `entityId`. Absent values are left out (the pages print none of these as nullable).
 */
export function creditGrantFields(grant: CreditGrantFacts): Json {
  return {
    customerId: grant.customerId,
    grantId: grant.id,
    entityId: grant.id,
    amount: grant.amount,
    consumedAmount: grant.consumed,
    ...(grant.cost ? { cost: { amount: grant.cost.amount, currency: grant.cost.currency } } : {}),
    currencyId: grant.currencyId,
    displayName: grant.displayName,
    effectiveAt: grant.effectiveAt,
    ...(grant.expireAt ? { expireAt: grant.expireAt } : {}),
    grantType: webhookGrantType(grant.grantType),
    priority: grant.priority,
  };
}

/** The customer object of the nested credit events (the pages describe no fields of it). */
export function creditCustomer(row: CustomerRow | null, customerId: string): Json {
  if (!row) return { id: customerId, entityId: customerId };
  return { id: row.id, entityId: row.id, ...(row.name !== null ? { name: row.name } : {}), ...(row.email !== null ? { email: row.email } : {}) };
}

/** What the nested events read of a custom currency. */
export interface CurrencyFacts {
  id: string;
  displayName: string;
  units: string | null;
  unitsPlural: string | null;
}

/** The `creditCurrency` object (id, name, description, unitLabel); the emulator's currencies have no description. */
export function creditCurrencyObject(currency: CurrencyFacts | null, currencyId: string): Json {
  if (!currency) return { id: currencyId, name: currencyId };
  const singular = currency.units ?? 'credit';
  return { id: currency.id, name: currency.displayName, unitLabel: { singular, plural: currency.unitsPlural ?? currency.units ?? 'credits' } };
}

/** A wallet's numbers around a change (credit balance pages: totalGranted, remainingBalance). */
export interface BalanceFacts {
  totalGranted: number;
  remainingBalance: number;
  remainingBalancePercentage: number;
}

/** consumedPercentage: the complement of what remains, in percent of the credits granted. */
const consumedOf = (remainingPercentage: number) => Math.round((100 - remainingPercentage) * 100) / 100;

/** The common part of the nested events: the customer, the currency, the underlying event's id when there is one. */
export interface NestedFacts {
  customer: CustomerRow | null;
  customerId: string;
  currency: CurrencyFacts | null;
  currencyId: string;
  /** the consumption's idempotency key (the pages' "underlying event that triggered this webhook") */
  eventId: string | null;
}

const nested = (f: NestedFacts): Json => ({
  customer: creditCustomer(f.customer, f.customerId),
  creditCurrency: creditCurrencyObject(f.currency, f.currencyId),
  ...(f.eventId ? { eventId: f.eventId } : {}),
});

/** credit_grant.balance.low: one grant's remaining credits fell below a threshold. */
export function grantBalanceLowFields(grant: CreditGrantFacts, threshold: number, remainingPercentage: number, f: NestedFacts): Json {
  return {
    ...nested(f),
    grant: {
      id: grant.id,
      entityId: grant.id,
      displayName: grant.displayName,
      grantType: webhookGrantType(grant.grantType),
      priority: grant.priority,
      effectiveAt: grant.effectiveAt,
      ...(grant.expireAt ? { expireAt: grant.expireAt } : {}),
      amount: grant.amount,
      remainingBalance: Math.round((grant.amount - grant.consumed) * 1e9) / 1e9,
      cost: grant.cost ? { amount: grant.cost.amount, currency: grant.cost.currency } : null,
    },
    remainingBalancePercentage: remainingPercentage,
    thresholdPercentage: threshold,
    consumedPercentage: consumedOf(remainingPercentage),
  };
}

/** credit_balance.low: a customer's balance of a currency fell below a threshold. */
export function balanceLowFields(balance: BalanceFacts, threshold: number, f: NestedFacts): Json {
  return {
    ...nested(f),
    totalGranted: balance.totalGranted,
    remainingBalance: balance.remainingBalance,
    remainingBalancePercentage: balance.remainingBalancePercentage,
    thresholdPercentage: threshold,
    consumedPercentage: consumedOf(balance.remainingBalancePercentage),
  };
}

/** credit_balance.depleted: a customer's balance of a currency reached zero. */
export function balanceDepletedFields(balance: BalanceFacts, f: NestedFacts): Json {
  return {
    ...nested(f),
    totalGranted: balance.totalGranted,
    remainingBalance: balance.remainingBalance,
    consumedPercentage: consumedOf(balance.remainingBalancePercentage),
  };
}

/** What the auto-recharge events read of the settings. */
export interface RechargeConfigFacts {
  id: string;
  customerId: string;
  currencyId: string;
  isEnabled: boolean;
  maxSpendLimit: number | null;
}

/** automatic_recharge.operation.attempted: a recharge granted `amount` credits (the emulator's recharges do not fail). */
export function rechargeAttemptedFields(config: RechargeConfigFacts, grantId: string, amount: number): Json {
  return { configId: config.id, grantId, customerId: config.customerId, currencyId: config.currencyId, status: 'SUCCESS', amount };
}

/** credits.automatic_recharge_limit_exceeded: the month's recharge spend reached a threshold of its limit. */
export function rechargeLimitFields(config: RechargeConfigFacts & { maxSpendLimit: number }, totalSpent: number, percentageUsed: number, threshold: number): Json {
  return { configId: config.id, customerId: config.customerId, currencyId: config.currencyId, maxSpendLimit: config.maxSpendLimit, totalSpent, percentageUsed, threshold };
}

/** automatic_recharge.configuration.changed: auto-recharge enabled or disabled. */
export function rechargeConfigChangedFields(config: RechargeConfigFacts, changedBy: 'USER' | 'SYSTEM', reason: string): Json {
  return { configId: config.id, customerId: config.customerId, currencyId: config.currencyId, isEnabled: config.isEnabled, reason, changedBy };
}
