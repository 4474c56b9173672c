/**
 * The credit webhooks the credit service emits, one call each, inside its transaction: each reads
 * what its payload needs (customer, currency), builds it (credit-webhook-rules.ts) and records it
 * (recordEvent).
 */
import { creditRepo } from '../db/repositories/credits.js';
import { customerRepo } from '../db/repositories/customers.js';
import type { Db } from '../db/open-database.js';
import {
  balanceDepletedFields,
  balanceLowFields,
  creditGrantFields,
  grantBalanceLowFields,
  rechargeAttemptedFields,
  rechargeConfigChangedFields,
  rechargeLimitFields,
  type BalanceFacts,
  type CreditGrantFacts,
  type CreditWebhookType,
  type GrantEventType,
  type NestedFacts,
  type RechargeConfigFacts,
} from './credit-webhook-rules.js';
import { recordEvent } from './webhook-service.js';

/** Record one credit event (recordEvent shapes it by its page: webhook-catalog.ts). */
function record(db: Db, nowMs: number, type: CreditWebhookType, fields: Record<string, unknown>): void {
  recordEvent(db, nowMs, type, fields);
}

function nestedFacts(db: Db, customerId: string, currencyId: string, eventId: string | null): NestedFacts {
  return { customer: customerRepo.get(db, customerId) ?? null, customerId, currency: creditRepo.currency(db, currencyId) ?? null, currencyId, eventId };
}

export const creditWebhooks = {
  /** credit_grant.created / .updated / .depleted / .expired, with the grant as it is after the change */
  grant: (db: Db, nowMs: number, type: GrantEventType, grant: CreditGrantFacts) => record(db, nowMs, type, creditGrantFields(grant)),
  /** credit_grant.balance.low: a debit took the grant's remaining credits below `threshold` percent */
  grantBalanceLow: (db: Db, nowMs: number, grant: CreditGrantFacts, threshold: number, remainingPercentage: number, eventId: string | null) =>
    record(db, nowMs, 'credit_grant.balance.low', grantBalanceLowFields(grant, threshold, remainingPercentage, nestedFacts(db, grant.customerId, grant.currencyId, eventId))),
  /** credit_balance.low: a consumption took a wallet's balance below `threshold` percent */
  balanceLow: (db: Db, nowMs: number, wallet: { customerId: string; currencyId: string }, balance: BalanceFacts, threshold: number, eventId: string | null) =>
    record(db, nowMs, 'credit_balance.low', balanceLowFields(balance, threshold, nestedFacts(db, wallet.customerId, wallet.currencyId, eventId))),
  /** credit_balance.depleted: a consumption took a wallet's balance to zero */
  balanceDepleted: (db: Db, nowMs: number, wallet: { customerId: string; currencyId: string }, balance: BalanceFacts, eventId: string | null) =>
    record(db, nowMs, 'credit_balance.depleted', balanceDepletedFields(balance, nestedFacts(db, wallet.customerId, wallet.currencyId, eventId))),
  /** automatic_recharge.operation.attempted: a recharge granted `amount` credits as `grantId` */
  rechargeAttempted: (db: Db, nowMs: number, config: RechargeConfigFacts, grantId: string, amount: number) =>
    record(db, nowMs, 'automatic_recharge.operation.attempted', rechargeAttemptedFields(config, grantId, amount)),
  /** credits.automatic_recharge_limit_exceeded: the month's recharge spend reached `threshold` percent of its limit */
  rechargeLimit: (db: Db, nowMs: number, config: RechargeConfigFacts & { maxSpendLimit: number }, totalSpent: number, percentageUsed: number, threshold: number) =>
    record(db, nowMs, 'credits.automatic_recharge_limit_exceeded', rechargeLimitFields(config, totalSpent, percentageUsed, threshold)),
  /** automatic_recharge.configuration.changed: auto-recharge was enabled or disabled */
  rechargeConfigChanged: (db: Db, nowMs: number, config: RechargeConfigFacts, changedBy: 'USER' | 'SYSTEM', reason: string) =>
    record(db, nowMs, 'automatic_recharge.configuration.changed', rechargeConfigChangedFields(config, changedBy, reason)),
};
