import { catalog } from '../../catalog/catalog-service.js';
import type { PaywallView } from '../../views/paywall-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a PaywallView. */
export const Paywall: TypeResolvers = {
  plans: (view: PaywallView) => view.plans,
  customer: (view: PaywallView) => view.customer,
  activeSubscriptions: (view: PaywallView) => view.activeSubscriptions,
  resource: (view: PaywallView) => view.resource,
  currency: (view: PaywallView) => catalog.paywallCurrency(view.plans),
  // no widget configuration is stored: the widgets use their defaults
  configuration: () => null,
  paywallCalculatedPricePoints: (view: PaywallView) =>
    catalog.paywallPricePoints(view.plans).map((point) => ({ ...point, billingCountryCode: view.billingCountryCode })),
};
