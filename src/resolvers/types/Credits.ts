import { catalog } from '../../catalog/catalog-service.js';
import type { Db } from '../../db/open-database.js';
import { creditRepo, type PackageCreditRow } from '../../db/repositories/credits.js';
import { grantStatus } from '../../credits/credit-rules.js';
import { currencyView } from '../../credits/grants.js';
import type { BalanceView, LedgerView } from '../../credits/wallet.js';
import type { GrantView } from '../../credits/grants.js';
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
  customCurrency: (s: { currencyId: string }, _args, ctx) => customCurrencyObject(ctx.env.db, s.currencyId),
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

/** A plan's or add-on's credit entitlement (a member of PackageEntitlementUnion). */
export interface PackageCreditRef {
  kind: 'credit';
  package: { id: string; createdAt: string; updatedAt: string };
  credit: PackageCreditRow;
  index: number;
}

/** The credit entitlements of a plan or add-on, after its feature entitlements. */
export function packageCreditRefs(db: Db, packageType: 'PLAN' | 'ADDON', pkg: { id: string; createdAt: string; updatedAt: string }, after: number): PackageCreditRef[] {
  return creditRepo.packageCredits(db, packageType, pkg.id).map((credit, i) => ({ kind: 'credit', package: pkg, credit, index: after + i }));
}

/** Parent: a PackageCreditRef. */
export const PackageCreditEntitlement: TypeResolvers = {
  id: (ref: PackageCreditRef) => `${ref.package.id}:${ref.credit.currencyId}`,
  packageId: (ref: PackageCreditRef) => ref.package.id,
  package: (ref: PackageCreditRef) => ref.package,
  environmentId: (_ref, _args, ctx) => ctx.env.id,
  createdAt: (ref: PackageCreditRef) => ref.package.createdAt,
  updatedAt: (ref: PackageCreditRef) => ref.package.updatedAt,
  amount: (ref: PackageCreditRef) => ref.credit.amount,
  cadence: (ref: PackageCreditRef) => ref.credit.cadence,
  customCurrencyId: (ref: PackageCreditRef) => ref.credit.currencyId,
  customCurrency: (ref: PackageCreditRef, _args, ctx) => customCurrencyObject(ctx.env.db, ref.credit.currencyId),
  behavior: () => 'Increment',
  hasSoftLimit: (ref: PackageCreditRef) => ref.credit.hasSoftLimit,
  isCustom: () => false,
  isGranted: () => true,
  description: () => null,
  displayNameOverride: () => null,
  hiddenFromWidgets: () => [],
  order: (ref: PackageCreditRef) => ref.index,
  dependency: () => null,
  dependencyFeature: () => null,
};

/** GraphQL CustomCurrency of a currency id. */
export function customCurrencyObject(db: Db, currencyId: string) {
  const row = creditRepo.currency(db, currencyId);
  return { ...currencyView(db, currencyId), id: currencyId, additionalMetaData: null, archivedAt: null, createdAt: row?.createdAt ?? null, updatedAt: row?.updatedAt ?? null };
}
