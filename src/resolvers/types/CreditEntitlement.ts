import type { CreditEntitlementView } from '../../credits/credit-entitlements.js';
import type { TypeResolvers } from '../context.js';

/** The credit member of EntitlementUnion. Parent: a CreditEntitlementView. */
export const CreditEntitlement: TypeResolvers = {
  isGranted: (v: CreditEntitlementView) => v.isGranted,
  accessDeniedReason: (v: CreditEntitlementView) => v.accessDeniedReason,
  currency: (v: CreditEntitlementView) => v.currency,
  currentUsage: (v: CreditEntitlementView) => v.currentUsage,
  usageLimit: (v: CreditEntitlementView) => v.usageLimit,
  hasSoftLimit: (v: CreditEntitlementView) => v.hasSoftLimit,
  entitlementUpdatedAt: (v: CreditEntitlementView) => v.entitlementUpdatedAt,
  usageUpdatedAt: (v: CreditEntitlementView) => v.usageUpdatedAt,
  usagePeriodEnd: (v: CreditEntitlementView) => v.usagePeriodEnd,
  validUntil: (v: CreditEntitlementView) => v.validUntil,
};

/** EntitlementCurrency. Parent: the credit service's currencyView. */
export const EntitlementCurrency: TypeResolvers = {
  currencyId: (c: CreditEntitlementView['currency']) => c.currencyId,
  displayName: (c: CreditEntitlementView['currency']) => c.displayName,
  description: (c: CreditEntitlementView['currency']) => c.description,
  unitSingular: (c: CreditEntitlementView['currency']) => c.units.singular,
  unitPlural: (c: CreditEntitlementView['currency']) => c.units.plural,
  additionalMetaData: () => null,
};
