/**
 * A package's charges as the REST API sets them (`charges` of v1.plans.update / v1.addons.update):
 * each pricing model's price periods become prices of the package's draft, in the fixture shape
 * (pricing-rules.ts StoredPrice), so that they price subscriptions as fixture prices do. What the
 * engine does not price (localized prices, one-off charges, overage charges, minimum spend, top-ups)
 * is refused as not supported rather than dropped.
 */
import { eq } from 'drizzle-orm';
import type { StoredPrice } from '../catalog/catalog-rules.js';
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import * as t from '../db/schema.js';
import { badInput, EmulatorError } from '../errors.js';

interface Money {
  amount: number;
  currency?: string;
}

export interface PricePeriodInput {
  billingPeriod: 'MONTHLY' | 'ANNUALLY';
  billingCountryCode?: string;
  blockSize?: number;
  creditGrantCadence?: string;
  creditRate?: { amount: number; currencyId: string; costFormula?: string };
  price?: Money;
  tiers?: { flatPrice?: Money; unitPrice?: Money; upTo?: number }[];
}

export interface PricingModelInput {
  billingModel: 'FLAT_FEE' | 'MINIMUM_SPEND' | 'PER_UNIT' | 'USAGE_BASED' | 'CREDIT_BASED';
  pricePeriods: PricePeriodInput[];
  billingCadence?: 'RECURRING' | 'ONE_OFF';
  featureId?: string;
  maxUnitQuantity?: number;
  minUnitQuantity?: number;
  tiersMode?: 'VOLUME' | 'GRADUATED';
  topUpCustomCurrencyId?: string;
  resetPeriod?: string;
}

export interface ChargesInput {
  pricingType: 'FREE' | 'PAID' | 'CUSTOM';
  minimumSpend?: unknown[] | null;
  overagePricingModels?: unknown[];
  pricingModels?: PricingModelInput[];
}

const notSupported = (what: string) => new EmulatorError('NotSupportedByEmulator', `${what} are not supported by the emulator`, 501);

const FEATURE_MODELS = new Set(['PER_UNIT', 'USAGE_BASED', 'CREDIT_BASED']);

/** The stored prices `charges` describe, checked against the catalog. */
export function pricesOfCharges(db: Db, charges: ChargesInput): StoredPrice[] {
  if (charges.minimumSpend?.length) throw notSupported('minimum spend charges (minimumSpend)');
  if (charges.overagePricingModels?.length) throw notSupported('overage charges (overagePricingModels)');
  const models = charges.pricingModels ?? [];
  if (charges.pricingType !== 'PAID' && models.length > 0) throw badInput(`a ${charges.pricingType} package has no pricing models (pricingType PAID prices it)`);
  const prices: StoredPrice[] = [];
  models.forEach((model, i) => {
    if (model.billingCadence === 'ONE_OFF') throw notSupported('one-off charges (billingCadence ONE_OFF)');
    if (model.topUpCustomCurrencyId) throw notSupported('top-up charges (topUpCustomCurrencyId)');
    if (FEATURE_MODELS.has(model.billingModel) && !model.featureId) throw badInput(`pricingModels.${i}: a ${model.billingModel} charge needs a featureId`);
    if (model.featureId) catalog.requireFeature(db, model.featureId);
    if (model.pricePeriods.length === 0) throw badInput(`pricingModels.${i}.pricePeriods: at least one price period is required`);
    for (const [j, period] of model.pricePeriods.entries()) {
      const where = `pricingModels.${i}.pricePeriods.${j}`;
      if (period.billingCountryCode) throw notSupported('localized prices (billingCountryCode)');
      if (prices.some((p) => p.billingModel === model.billingModel && p.billingPeriod === period.billingPeriod && (p.featureId ?? null) === (model.featureId ?? null))) {
        throw badInput(`${where}: a ${model.billingModel} ${period.billingPeriod} charge${model.featureId ? ` of ${model.featureId}` : ''} is given twice`);
      }
      const tiers = period.tiers?.length ? period.tiers : null;
      if (tiers && model.billingModel !== 'PER_UNIT') throw notSupported(`tiered ${model.billingModel} charges (tiers are for PER_UNIT charges)`);
      const currencies = [period.price?.currency, ...(tiers ?? []).flatMap((tier) => [tier.unitPrice?.currency, tier.flatPrice?.currency])].filter((c): c is string => !!c);
      const currency = (currencies[0] ?? 'usd').toUpperCase();
      if (currencies.some((c) => c.toUpperCase() !== currency)) throw badInput(`${where}: one currency per charge`);
      let amount: number;
      let customCurrencyId: string | null = null;
      let creditRate: number | null = null;
      if (model.billingModel === 'CREDIT_BASED') {
        if (!period.creditRate) throw badInput(`${where}.creditRate: a CREDIT_BASED charge needs a creditRate`);
        if (!db.select({ id: t.customCurrencies.id }).from(t.customCurrencies).where(eq(t.customCurrencies.id, period.creditRate.currencyId)).get()) {
          throw new EmulatorError('CustomCurrencyNotFound', `Custom currency not found: ${period.creditRate.currencyId}`, 404, { id: period.creditRate.currencyId });
        }
        customCurrencyId = period.creditRate.currencyId;
        creditRate = period.creditRate.amount;
        amount = period.price?.amount ?? 0;
      } else if (tiers) {
        amount = period.price?.amount ?? tiers[0]?.unitPrice?.amount ?? 0;
      } else {
        if (!period.price) throw badInput(`${where}.price: a ${model.billingModel} charge needs a price`);
        amount = period.price.amount;
      }
      if (amount < 0) throw badInput(`${where}.price.amount must not be negative`);
      tiers?.forEach((tier, k) => {
        const before = k > 0 ? tiers[k - 1]!.upTo : 0;
        if (k < tiers.length - 1 && tier.upTo === undefined) throw badInput(`${where}.tiers.${k}.upTo: only the last tier may omit upTo`);
        if (tier.upTo !== undefined && before !== undefined && tier.upTo <= before) throw badInput(`${where}.tiers.${k}.upTo: tiers must be in ascending upTo`);
      });
      const price: StoredPrice = {
        billingModel: model.billingModel,
        billingPeriod: period.billingPeriod,
        amount,
        currency,
        ...(model.featureId ? { featureId: model.featureId } : {}),
        ...(model.minUnitQuantity !== undefined ? { minUnitQuantity: model.minUnitQuantity } : {}),
        ...(model.maxUnitQuantity !== undefined ? { maxUnitQuantity: model.maxUnitQuantity } : {}),
        ...(period.blockSize !== undefined ? { blockSize: period.blockSize } : {}),
        ...(creditRate !== null ? { creditRate, customCurrencyId } : {}),
        ...(tiers
          ? {
              tiersMode: model.tiersMode ?? 'GRADUATED',
              tiers: tiers.map((tier) => ({ upTo: tier.upTo ?? null, unitPrice: tier.unitPrice?.amount ?? null, flatPrice: tier.flatPrice?.amount ?? null })),
            }
          : {}),
      } as StoredPrice;
      prices.push(price);
    }
  });
  return prices;
}
