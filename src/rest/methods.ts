/**
 * Every method of Stigg's REST API the emulator knows, served or not (schema/rest-methods.json
 * lists the SDK's; test/rest/coverage.test.ts holds this list to it). One file per resource.
 */
import type { RestMethodDeclaration } from './route.js';
import { addonRoutes } from './v1/addons.js';
import { contractRoutes } from './v1/contracts.js';
import { couponRoutes } from './v1/coupons.js';
import { creditRoutes } from './v1/credits.js';
import { customerEntitlementRoutes } from './v1/customers-entitlements.js';
import { customerRoutes } from './v1/customers.js';
import { eventRoutes } from './v1/events.js';
import { featureRoutes } from './v1/features.js';
import { planRoutes } from './v1/plans.js';
import { productRoutes } from './v1/products.js';
import { subscriptionRoutes } from './v1/subscriptions.js';
import { usageRoutes } from './v1/usage.js';
import { v1BetaMethods } from './v1-beta.js';

export const restMethods: readonly RestMethodDeclaration[] = [
  ...customerRoutes,
  ...customerEntitlementRoutes,
  ...subscriptionRoutes,
  ...usageRoutes,
  ...eventRoutes,
  ...creditRoutes,
  ...couponRoutes,
  ...featureRoutes,
  ...productRoutes,
  ...planRoutes,
  ...addonRoutes,
  ...contractRoutes,
  ...v1BetaMethods,
];

/** Counts for `/_emulator/info` and the coverage script. */
export function restMethodSummary(methods: readonly RestMethodDeclaration[] = restMethods) {
  return {
    served: methods.filter((m) => m.kind !== 'notSupported').map((m) => ({ sdk: m.sdk, method: m.method.toUpperCase(), path: m.path })),
    notSupported: methods.filter((m) => m.kind === 'notSupported').map((m) => ({ sdk: m.sdk, method: m.method.toUpperCase(), path: m.path, reason: m.reason })),
  };
}
