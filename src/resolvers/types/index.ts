import type { TypeResolvers } from '../context.js';
import { Customer } from './Customer.js';
import { Addon } from './Addon.js';
import { Coupon } from './Coupon.js';
import { CheckoutState } from './CheckoutState.js';
import { CustomerPortal, CustomerPortalPricingFeature, CustomerPortalSubscription } from './CustomerPortal.js';
import { CustomerSubscription } from './CustomerSubscription.js';
import { Entitlement } from './Entitlement.js';
import { EntitlementFeature } from './EntitlementFeature.js';
import { EntitlementsState } from './EntitlementsState.js';
import { EntitlementUnion } from './EntitlementUnion.js';
import { CreditEntitlement, EntitlementCurrency } from './CreditEntitlement.js';
import { FeatureEntitlement } from './FeatureEntitlement.js';
import { UsageMeasurementWithCurrentUsage } from './UsageMeasurementWithCurrentUsage.js';
import { Feature } from './Feature.js';
import { PackageDTO } from './PackageDTO.js';
import { Paywall } from './Paywall.js';
import { PaywallAddon, PaywallBasePlan, PaywallPlan, PaywallPrice, PaywallProduct } from './MockPaywall.js';
import { PaywallPricePoint } from './PaywallPricePoint.js';
import { Plan } from './Plan.js';
import { Price } from './Price.js';
import { Product } from './Product.js';
import { PromotionalEntitlement } from './PromotionalEntitlement.js';
import { SubscriptionAddon } from './SubscriptionAddon.js';
import { SubscriptionPrice } from './SubscriptionPrice.js';
import { SubscriptionQuery } from './SubscriptionQuery.js';
import { PackageEntitlement, PackageEntitlementUnion, PackageFeatureEntitlement } from './PackageEntitlement.js';
import { AutoRechargeSettingsDTO, CreditBalanceUpdated, CreditGrant, CreditLedgerEvent, PackageCreditEntitlement } from './Credits.js';

export const typeResolvers: Record<string, TypeResolvers> = {
  Addon,
  Coupon,
  CheckoutState,
  CustomerPortal,
  CustomerPortalPricingFeature,
  CustomerPortalSubscription,
  CustomerSubscription,
  Entitlement,
  EntitlementFeature,
  EntitlementsState,
  EntitlementUnion,
  CreditEntitlement,
  EntitlementCurrency,
  FeatureEntitlement,
  UsageMeasurementWithCurrentUsage,
  Feature,
  PackageDTO,
  Paywall,
  PaywallAddon,
  PaywallBasePlan,
  PaywallPlan,
  PaywallPrice,
  PaywallProduct,
  PaywallPricePoint,
  Plan,
  Price,
  Product,
  PromotionalEntitlement,
  SubscriptionAddon,
  SubscriptionPrice,
  SubscriptionQuery,
  PackageEntitlement,
  PackageEntitlementUnion,
  PackageFeatureEntitlement,
  Customer,
  CreditGrant,
  CreditLedgerEvent,
  AutoRechargeSettingsDTO,
  CreditBalanceUpdated,
  PackageCreditEntitlement,
};
