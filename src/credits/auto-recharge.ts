/** Automatic recharge: its settings, and the recharge a consumption triggers below the threshold, within the month's spend limit. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open-database.js';
import { creditRepo, type AutoRechargeRow, type CreditGrantRow, type WalletKey } from '../db/repositories/credits.js';
import type { Environment } from '../environments/environment.js';
import { badInput } from '../errors.js';
import { iso } from '../time.js';
import { creditWebhooks } from '../webhooks/credit-webhooks.js';
import {
  DEFAULT_PRIORITY,
  rechargeAmount,
  rechargeExpiry,
  rechargeSpendThreshold,
  roundCredits,
  spendPercentage,
  walletBalance,
} from './credit-rules.js';
import { requireCustomer, walletOf, writeGrant } from './grants.js';
import { requireCurrency } from '../catalog/currencies.js';

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

export const monthStart = (nowMs: number) => {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

export function monthlySpend(db: Db, nowMs: number, customerId: string, currencyId: string, settingsId: string): number {
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
export function rechargeIfNeeded(db: Db, nowMs: number, wallet: WalletKey): void {
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
export function rechargeEvents(db: Db, nowMs: number, settings: AutoRechargeRow, grant: CreditGrantRow, spentBefore: number): void {
  creditWebhooks.rechargeAttempted(db, nowMs, settings, grant.id, grant.amount);
  if (settings.maxSpendLimit === null) return;
  const spentAfter = monthlySpend(db, nowMs, settings.customerId, settings.currencyId, settings.id);
  const threshold = rechargeSpendThreshold(spentBefore, spentAfter, settings.maxSpendLimit);
  if (threshold !== null) {
    creditWebhooks.rechargeLimit(db, nowMs, { ...settings, maxSpendLimit: settings.maxSpendLimit }, spentAfter, spendPercentage(spentAfter, settings.maxSpendLimit), threshold);
  }
}

