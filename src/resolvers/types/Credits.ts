import { catalog } from '../../catalog/catalog-service.js';
import { creditRepo } from '../../db/repositories/credits.js';
import { grantStatus } from '../../credits/credit-rules.js';
import { currencyView, type BalanceView, type GrantView, type LedgerView } from '../../credits/credit-service.js';
import { EMULATOR_ACCOUNT_ID } from '../../realtime/realtime-publisher.js';
import type { TypeResolvers } from '../context.js';

type GrantParent = GrantView | (Omit<GrantView, 'status'> & { status?: string });

/** Parent: a credit_grants row (status in environment time). */
export const CreditGrant: TypeResolvers = {
  id: (g: GrantParent) => g.id,
  grantId: (g: GrantParent) => g.id,
  status: (g: GrantParent, _args, ctx) => g.status ?? grantStatus(g, ctx.nowMs),
  resourceId: (g: GrantParent) => g.resourceId || null,
  consumedAmount: (g: GrantParent) => g.consumed,
  cost: (g: GrantParent) => g.cost ?? { amount: 0, currency: 'USD' },
  additionalMetaData: (g: GrantParent) => g.metadata,
  automaticRechargeConfigurationId: (g: GrantParent) => g.autoRechargeId,
  paymentCollection: () => 'NOT_REQUIRED',
  invoiceId: () => null,
  latestInvoice: () => null,
  sourceType: (g: GrantParent) => (g.grantType === 'RECURRING' ? 'PLAN_ENTITLEMENT' : null),
};

/** Parent: a LedgerView. */
export const CreditLedgerEvent: TypeResolvers = {
  creditCurrencyId: (e: LedgerView) => e.currencyId,
  creditGrantId: (e: LedgerView) => e.grantId,
  feature: (e: LedgerView, _args, ctx) => (e.featureId ? (catalog.feature(ctx.env.db, e.featureId) ?? null) : null),
  grant: (e: LedgerView, _args, ctx) => creditRepo.grant(ctx.env.db, e.grantId) ?? null,
};

/** Parent: getAutoRechargeSettings' view. */
export const AutoRechargeSettingsDTO: TypeResolvers = {
  environmentId: (_s, _args, ctx) => ctx.env.id,
  customer: (s: { customerId: string }, _args, ctx) => catalog.requireCustomer(ctx.env.db, s.customerId),
  customCurrency: (s: { currencyId: string }, _args, ctx) => {
    const row = creditRepo.currency(ctx.env.db, s.currencyId);
    const view = currencyView(ctx.env.db, s.currencyId);
    return { ...view, id: s.currencyId, additionalMetaData: null, archivedAt: null, createdAt: row?.createdAt, updatedAt: row?.updatedAt };
  },
  validationConfig: () => ({
    allowUnlimitedSpendLimit: true,
    maxCreditPoolSize: null,
    maxTargetBalance: null,
    maxThresholdAmount: null,
    minGrantAmount: null,
    minTargetBalance: null,
  }),
};

/** Parent: a BalanceView published after a grant changed. */
export const CreditBalanceUpdated: TypeResolvers = {
  accountId: () => EMULATOR_ACCOUNT_ID,
  environmentId: (_b: BalanceView, _args, ctx) => ctx.env.id,
};
