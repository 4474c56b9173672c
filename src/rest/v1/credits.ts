/**
 * `/api/v1/credits`: grants, the ledger, the usage of credits, automatic recharge settings,
 * consumption and custom currencies, over the credit services the GraphQL resolvers call
 * (createCreditGrant, voidCreditGrant, creditGrants, creditsLedger, creditUsage,
 * getAutoRechargeSettings, consumeCredits, consumeCreditsAsync) and the catalog's currencies.
 */
import { z } from 'zod';
import {
  archiveCustomCurrency,
  createCustomCurrency,
  listCurrencyAssociatedEntities,
  listCustomCurrencies,
  unarchiveCustomCurrency,
  updateCustomCurrency,
  type CurrencyStatus,
} from '../../catalog-editing/currencies.js';
import { getAutoRechargeSettings } from '../../credits/auto-recharge.js';
import { consumeCredits, consumeCreditsAsync, MAX_ASYNC_CONSUMPTIONS, type ConsumeInput, type ConsumptionResult } from '../../credits/consumption.js';
import { grantStatus } from '../../credits/credit-rules.js';
import { createCreditGrant, voidCreditGrant } from '../../credits/grants.js';
import { creditGrants, creditsLedger, creditUsage } from '../../credits/wallet.js';
import type { CreditGrantRow, CustomCurrencyRow } from '../../db/repositories/credits.js';
import { pageOf } from '../../governance/governance-rules.js';
import { createdAtFilter, inCreatedRange } from './created-at.js';
import { instant, listRoute, pagingQueryShape, queryList, route, type RestMethodDeclaration } from '../route.js';

// ------------------------------------------------------------------ shared shapes

const metadataSchema = z.record(z.string(), z.string());
const dimensionsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const stringMetadata = (value: Record<string, unknown> | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(value ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));

// ------------------------------------------------------------------ grants

const grantData = z.object({
  id: z.string(),
  amount: z.number(),
  comment: z.string().nullable(),
  consumedAmount: z.number(),
  cost: z.object({ amount: z.number(), currency: z.string() }),
  createdAt: z.string(),
  currencyId: z.string(),
  customerId: z.string(),
  displayName: z.string(),
  effectiveAt: z.string(),
  expireAt: z.string().nullable(),
  grantType: z.enum(['PAID', 'PROMOTIONAL', 'RECURRING', 'OVERDRAFT']),
  invoiceId: z.string().nullable(),
  latestInvoice: z.null(),
  metadata: metadataSchema,
  paymentCollection: z.enum(['NOT_REQUIRED', 'PROCESSING', 'FAILED', 'ACTION_REQUIRED']),
  priority: z.number(),
  resourceId: z.string().nullable(),
  sourceType: z.enum(['PRICE', 'PLAN_ENTITLEMENT', 'ADDON_ENTITLEMENT']).nullable(),
  status: z.enum(['PAYMENT_PENDING', 'ACTIVE', 'EXPIRED', 'VOIDED', 'SCHEDULED']),
  syncStates: z.array(z.object({ status: z.string(), syncedEntityId: z.string().nullable(), vendorIdentifier: z.string() })).nullable(),
  updatedAt: z.string(),
  voidedAt: z.string().nullable(),
});

/** A grant as the REST API answers it (no billing: no invoice, no payment to collect). */
function grantJson(row: CreditGrantRow, nowMs: number): z.input<typeof grantData> {
  return {
    id: row.id,
    amount: row.amount,
    comment: row.comment,
    consumedAmount: row.consumed,
    // a grant without a cost (promotional, recurring, overdraft) cost nothing
    cost: { amount: row.cost?.amount ?? 0, currency: (row.cost?.currency ?? 'USD').toLowerCase() },
    createdAt: row.createdAt,
    currencyId: row.currencyId,
    customerId: row.customerId,
    displayName: row.displayName,
    effectiveAt: row.effectiveAt,
    expireAt: row.expireAt,
    grantType: row.grantType as 'PAID',
    invoiceId: null,
    latestInvoice: null,
    metadata: stringMetadata(row.metadata),
    paymentCollection: 'NOT_REQUIRED',
    priority: row.priority,
    resourceId: row.resourceId || null,
    // a recurring grant comes from the credit entitlements of a subscription's plan (and add-ons)
    sourceType: row.grantType === 'RECURRING' ? 'PLAN_ENTITLEMENT' : null,
    status: grantStatus(row, nowMs),
    syncStates: [],
    updatedAt: row.updatedAt,
    voidedAt: row.voidedAt,
  };
}

const grantCreateBody = z.object({
  amount: z.number().positive(),
  currencyId: z.string().min(1),
  customerId: z.string().min(1),
  displayName: z.string().min(1),
  grantType: z.enum(['PAID', 'PROMOTIONAL']),
  awaitPaymentConfirmation: z.boolean().optional(),
  billingInformation: z.object({}).passthrough().optional(),
  comment: z.string().optional(),
  cost: z.object({ amount: z.number().nonnegative(), currency: z.string().regex(/^[a-z]{3}$/, 'an ISO 4217 code in lower case') }).optional(),
  effectiveAt: instant.optional(),
  expireAt: instant.optional(),
  metadata: metadataSchema.optional(),
  paymentCollectionMethod: z.enum(['CHARGE', 'INVOICE', 'NONE']).optional(),
  priority: z.number().int().nonnegative().optional(),
  resourceId: z.string().min(1).optional(),
});

// ------------------------------------------------------------------ ledger, usage, auto-recharge

const ledgerData = z.object({
  amount: z.number(),
  creditCurrencyId: z.string(),
  creditGrantId: z.string(),
  customerId: z.string(),
  eventId: z.string().nullable(),
  eventType: z.enum([
    'CREDITS_GRANTED',
    'CREDITS_EXPIRED',
    'CREDITS_CONSUMED',
    'CREDITS_VOIDED',
    'CREDITS_UPDATED',
    'CREDITS_CONSUMPTION_TRANSFER_SOURCE',
    'CREDITS_CONSUMPTION_TRANSFER_TARGET',
  ]),
  featureId: z.string().nullable(),
  resourceId: z.string().nullable(),
  timestamp: z.string(),
});

/** A ledger entry's cursor: a consumption writes one entry per grant it drew on, under one event id. */
const ledgerCursor = (e: z.input<typeof ledgerData>) => Buffer.from(JSON.stringify([e.eventType, e.eventId, e.creditGrantId, e.timestamp])).toString('base64url');

const usageData = z.object({
  currency: z.object({ currencyId: z.string(), displayName: z.string(), plural: z.string().nullable(), singular: z.string().nullable(), symbol: z.string().nullable() }).nullable(),
  pagination: z.object({ next: z.string().nullable(), prev: z.string().nullable() }),
  series: z.array(
    z.object({
      eventCount: z.number(),
      featureId: z.string().nullable(),
      featureName: z.string().nullable(),
      points: z.array(z.object({ eventCount: z.number(), timestamp: z.string(), value: z.number() })),
      totalCredits: z.number(),
      tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
    }),
  ),
});

const autoRechargeData = z.object({
  id: z.string().nullable(),
  createdAt: z.string().nullable(),
  currencyId: z.string(),
  customerId: z.string(),
  grantExpirationPeriod: z.enum(['1_MONTH', '1_YEAR']),
  isEnabled: z.boolean(),
  maxSpendLimit: z.number().nullable(),
  targetBalance: z.number(),
  thresholdType: z.enum(['CREDIT_AMOUNT', 'DOLLAR_AMOUNT']),
  thresholdValue: z.number(),
  updatedAt: z.string().nullable(),
});

const THRESHOLD_TYPES: Record<string, 'CREDIT_AMOUNT' | 'DOLLAR_AMOUNT'> = { CreditAmount: 'CREDIT_AMOUNT', DollarAmount: 'DOLLAR_AMOUNT' };
const EXPIRATION_PERIODS: Record<string, '1_MONTH' | '1_YEAR'> = { OneMonth: '1_MONTH', OneYear: '1_YEAR' };

// ------------------------------------------------------------------ consumption

const consumptionBody = z.object({
  amount: z.number().positive(),
  currencyId: z.string().min(1),
  customerId: z.string().min(1),
  idempotencyKey: z.string().min(1).max(255),
  createdAt: instant.optional(),
  dimensions: dimensionsSchema.optional(),
  resourceId: z.string().min(1).optional(),
});

const consumeData = z.object({
  amount: z.number(),
  currencyId: z.string(),
  customerId: z.string(),
  timestamp: z.string(),
  credit: z.object({ currencyId: z.string(), currentUsage: z.number(), timestamp: z.string(), usageLimit: z.number(), usagePeriodEnd: z.string().nullable().optional() }).nullable().optional(),
  resourceId: z.string().nullable().optional(),
});

const consumeInput = (b: z.output<typeof consumptionBody>): ConsumeInput => ({ ...b, resourceId: b.resourceId ?? null, dimensions: b.dimensions ?? null });

const consumeJson = (r: ConsumptionResult): z.input<typeof consumeData> => ({
  amount: r.amount,
  currencyId: r.currencyId,
  customerId: r.customerId,
  timestamp: r.timestamp,
  credit: r.credit,
  resourceId: r.resourceId,
});

// ------------------------------------------------------------------ custom currencies

const currencyData = z.object({
  id: z.string(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  description: z.string().nullable(),
  displayName: z.string(),
  metadata: metadataSchema,
  symbol: z.string().nullable(),
  units: z.object({ plural: z.string().nullable(), singular: z.string().nullable() }).nullable(),
  updatedAt: z.string(),
});

function currencyJson(row: CustomCurrencyRow): z.input<typeof currencyData> {
  return {
    id: row.id,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    description: row.description,
    displayName: row.displayName,
    metadata: row.metadata ?? {},
    symbol: row.symbol,
    units: row.units || row.unitsPlural ? { singular: row.units, plural: row.unitsPlural } : null,
    updatedAt: row.updatedAt,
  };
}

const unitsSchema = z.object({ plural: z.string().min(1), singular: z.string().min(1) });
const CURRENCY_PATH = '/api/v1/credits/custom-currencies/{currencyId}';

// ------------------------------------------------------------------ routes

export const creditRoutes: RestMethodDeclaration[] = [
  route(
    {
      sdk: 'v1.credits.getAutoRecharge',
      method: 'get',
      path: '/api/v1/credits/auto-recharge',
      summary: 'Get the automatic recharge settings of a customer and currency',
      query: z.object({ customerId: z.string().min(1), currencyId: z.string().min(1) }),
      data: autoRechargeData,
    },
    ({ env, nowMs, query }) => {
      const s = getAutoRechargeSettings(env, nowMs, query);
      return {
        id: s.id,
        createdAt: s.createdAt,
        currencyId: s.currencyId,
        customerId: s.customerId,
        grantExpirationPeriod: EXPIRATION_PERIODS[s.grantExpirationPeriod] ?? '1_MONTH',
        isEnabled: s.isEnabled,
        maxSpendLimit: s.maxSpendLimit,
        targetBalance: s.targetBalance,
        thresholdType: THRESHOLD_TYPES[s.thresholdType] ?? 'CREDIT_AMOUNT',
        thresholdValue: s.thresholdValue,
        updatedAt: s.updatedAt,
      };
    },
  ),
  route(
    {
      sdk: 'v1.credits.getUsage',
      method: 'get',
      path: '/api/v1/credits/usage',
      summary: 'Credit usage over a time range, one series per feature or dimension group',
      query: z.object({
        customerId: z.string().min(1),
        currencyId: z.string().min(1).optional(),
        resourceId: z.string().min(1).optional(),
        startDate: instant.optional(),
        endDate: instant.optional(),
        timeRange: z.enum(['LAST_DAY', 'LAST_WEEK', 'LAST_MONTH', 'LAST_YEAR']).optional(),
        groupBy: queryList(z.string().regex(/^[a-zA-Z0-9_$-]+$/)).pipe(z.array(z.string()).max(3)).optional(),
        ...pagingQueryShape,
      }),
      data: usageData,
    },
    ({ env, nowMs, query }) => {
      const { after, before, limit, ...input } = query;
      const usage = creditUsage(env, nowMs, input);
      const cursorOf = (s: { featureId: string | null; tags: { key: string; value: string }[] }) =>
        Buffer.from(JSON.stringify(query.groupBy?.length ? s.tags.map((t) => t.value) : [s.featureId])).toString('base64url');
      const page = pageOf(usage.series, cursorOf, { after, before, limit });
      const c = usage.currency;
      return {
        currency: c ? { currencyId: c.currencyId, displayName: c.displayName, plural: c.units.plural, singular: c.units.singular, symbol: c.symbol } : null,
        pagination: { next: page.next, prev: page.prev },
        series: page.page.map((s) => ({ ...s, ...(query.groupBy?.length ? {} : { tags: undefined }) })),
      };
    },
  ),
  listRoute(
    {
      sdk: 'v1.credits.listLedger',
      method: 'get',
      path: '/api/v1/credits/ledger',
      summary: "A customer's credit ledger, oldest first",
      query: z.object({
        customerId: z.string().min(1),
        currencyId: z.string().min(1).optional(),
        resourceId: z.string().min(1).optional(),
        eventType: queryList(ledgerData.shape.eventType).optional(),
      }),
      data: ledgerData,
      cursorOf: ledgerCursor,
    },
    ({ env, nowMs, query }) =>
      creditsLedger(env, nowMs, query).edges.map(({ node: e }) => ({
        amount: e.amount,
        creditCurrencyId: e.currencyId,
        creditGrantId: e.grantId,
        customerId: e.customerId,
        eventId: e.eventId,
        eventType: e.eventType as 'CREDITS_GRANTED',
        featureId: e.featureId,
        resourceId: e.resourceId,
        timestamp: e.timestamp,
      })),
  ),
  route(
    { sdk: 'v1.credits.grants.create', method: 'post', path: '/api/v1/credits/grants', summary: 'Grant credits to a customer', body: grantCreateBody, data: grantData },
    ({ env, nowMs, body }) =>
      grantJson(
        createCreditGrant(env, nowMs, {
          customerId: body.customerId,
          currencyId: body.currencyId,
          amount: body.amount,
          displayName: body.displayName,
          grantType: body.grantType,
          priority: body.priority,
          effectiveAt: body.effectiveAt,
          expireAt: body.expireAt,
          comment: body.comment,
          cost: body.cost ? { amount: body.cost.amount, currency: body.cost.currency.toUpperCase() } : null,
          additionalMetaData: body.metadata,
          resourceId: body.resourceId,
        }),
        nowMs,
      ),
  ),
  listRoute(
    {
      sdk: 'v1.credits.grants.list',
      method: 'get',
      path: '/api/v1/credits/grants',
      summary: "A customer's credit grants, oldest first (of the customer itself unless resourceId is given)",
      query: z.object({ customerId: z.string().min(1), currencyId: z.string().min(1).optional(), resourceId: z.string().min(1).optional(), createdAt: createdAtFilter }),
      data: grantData,
    },
    ({ env, nowMs, query }) =>
      creditGrants(env, nowMs, { customerId: query.customerId, currencyId: query.currencyId, resourceId: query.resourceId ?? '' })
        .edges.map((e) => e.node)
        .filter((g) => inCreatedRange(g.createdAt, query.createdAt))
        .map((g) => grantJson(g, nowMs)),
  ),
  route(
    { sdk: 'v1.credits.grants.void', method: 'post', path: '/api/v1/credits/grants/{id}/void', summary: 'Void a credit grant', data: grantData },
    ({ env, nowMs, params }) => grantJson(voidCreditGrant(env, nowMs, params.id), nowMs),
  ),
  route(
    {
      sdk: 'v1.credits.customCurrencies.create',
      method: 'post',
      path: '/api/v1/credits/custom-currencies',
      summary: 'Create a custom currency',
      body: z.object({
        id: z.string().min(1),
        displayName: z.string().min(1),
        description: z.string().optional(),
        metadata: metadataSchema.optional(),
        symbol: z.string().optional(),
        units: unitsSchema.optional(),
      }),
      data: currencyData,
    },
    ({ env, nowMs, body }) => currencyJson(createCustomCurrency(env, nowMs, body)),
  ),
  route(
    {
      sdk: 'v1.credits.customCurrencies.update',
      method: 'patch',
      path: CURRENCY_PATH,
      summary: 'Update a custom currency',
      body: z.object({
        description: z.string().nullable().optional(),
        displayName: z.string().min(1).optional(),
        metadata: metadataSchema.nullable().optional(),
        symbol: z.string().nullable().optional(),
        units: unitsSchema.optional(),
      }),
      data: currencyData,
    },
    ({ env, nowMs, params, body }) => currencyJson(updateCustomCurrency(env, nowMs, params.currencyId, body)),
  ),
  listRoute(
    {
      sdk: 'v1.credits.customCurrencies.list',
      method: 'get',
      path: '/api/v1/credits/custom-currencies',
      summary: 'The custom currencies (ACTIVE unless status says otherwise), by id',
      query: z.object({ status: queryList(z.enum(['ACTIVE', 'ARCHIVED'])).optional() }),
      data: currencyData,
    },
    ({ env, query }) => listCustomCurrencies(env, query.status as CurrencyStatus[] | undefined).map(currencyJson),
  ),
  route(
    { sdk: 'v1.credits.customCurrencies.archive', method: 'post', path: `${CURRENCY_PATH}/archive`, summary: 'Archive a custom currency no plan or add-on uses', data: currencyData },
    ({ env, nowMs, params }) => currencyJson(archiveCustomCurrency(env, nowMs, params.currencyId)),
  ),
  route(
    {
      sdk: 'v1.credits.customCurrencies.listAssociatedEntities',
      method: 'get',
      path: `${CURRENCY_PATH}/associated-entities`,
      summary: 'The plans and add-ons that use a custom currency',
      data: z.array(z.object({ id: z.string(), displayName: z.string(), type: z.string() })),
    },
    ({ env, params }) => listCurrencyAssociatedEntities(env, params.currencyId),
  ),
  route(
    { sdk: 'v1.credits.customCurrencies.unarchive', method: 'post', path: `${CURRENCY_PATH}/unarchive`, summary: 'Unarchive a custom currency', data: currencyData },
    ({ env, nowMs, params }) => currencyJson(unarchiveCustomCurrency(env, nowMs, params.currencyId)),
  ),
  route(
    { sdk: 'v1.credits.consumption.consume', method: 'post', path: '/api/v1/credits/consumption', summary: "Consume credits from a customer's wallet", body: consumptionBody, data: consumeData },
    ({ env, nowMs, body }) => consumeJson(consumeCredits(env, nowMs, consumeInput(body))),
  ),
  route(
    {
      sdk: 'v1.credits.consumption.consumeAsync',
      method: 'post',
      path: '/api/v1/credits/consumption/async',
      summary: 'Consume credits in a batch (applied at once, all or nothing)',
      body: z.object({ consumptions: z.array(consumptionBody).min(1).max(MAX_ASYNC_CONSUMPTIONS) }),
      // Stigg's consume-credits-asynchronously page answers `{ "data": {} }`
      data: z.object({}),
    },
    ({ env, nowMs, body }) => {
      consumeCreditsAsync(env, nowMs, body.consumptions.map(consumeInput));
      return {};
    },
  ),
];
