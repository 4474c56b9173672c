/** What usage costs in credits: the credit prices of a customer's subscriptions, and the estimates of a usage's or an event's cost. */
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import type { SubscriptionRow } from '../db/repositories/customers.js';
import type { Environment } from '../environments/environment.js';
import { badInput } from '../errors.js';
import {
  eventMatches,
  eventUnits,
  roundCredits,
  type MeterLike,
} from './credit-rules.js';
import { walletOf, requireCustomer, isLive } from './grants.js';
import { balanceOf } from './wallet.js';

// ------------------------------------------------------------------------------------ estimates

export interface CreditPrice {
  featureId: string;
  currencyId: string;
  rate: number;
}

/** The CREDIT_BASED prices of a subscription's plan and add-ons. */
export function packagePrices(db: Db, sub: SubscriptionRow): CreditPrice[] {
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
export function creditPrices(db: Db, customerId: string, resourceId: string | null): CreditPrice[] {
  const out: CreditPrice[] = [];
  for (const sub of catalog.customerSubscriptions(db, customerId)) {
    if (!isLive(sub) || (resourceId !== null && (sub.resourceId ?? null) !== resourceId)) continue;
    for (const p of packagePrices(db, sub)) {
      if (!out.some((x) => x.featureId === p.featureId && x.currencyId === p.currencyId)) out.push(p);
    }
  }
  return out;
}

export function estimates(db: Db, nowMs: number, customerId: string, resourceId: string | null, costs: { featureId: string; currencyId: string; cost: number; warningCode: string | null }[]) {
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

