/** A customer's credit grants and recharge settings as fixtures load and export them. */
import type { Db } from '../db/open-database.js';
import { creditRepo, type CreditGrantRow } from '../db/repositories/credits.js';
import { iso } from '../time.js';
import {
  DEFAULT_PRIORITY,
  remainingOf,
} from './credit-rules.js';
import { expiriesReportedTo, setExpiriesReportedTo } from './grants.js';

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
