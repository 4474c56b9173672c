/**
 * Every method of Stigg's REST API the emulator knows, served or not (schema/rest-methods.json
 * lists the SDK's; test/rest/coverage.test.ts holds this list to it). One file per resource.
 */
import type { RestMethodDeclaration } from './route.js';
import { v1BetaMethods } from './v1-beta.js';
import { customerRoutes } from './v1/customers.js';
import { planRoutes } from './v1/plans.js';
import { addonRoutes } from './v1/addons.js';

export const restMethods: readonly RestMethodDeclaration[] = [...customerRoutes, ...planRoutes, ...addonRoutes, ...v1BetaMethods];

/** Counts for `/_emulator/info` and the coverage script. */
export function restMethodSummary(methods: readonly RestMethodDeclaration[] = restMethods) {
  return {
    served: methods.filter((m) => m.kind !== 'notSupported').map((m) => ({ sdk: m.sdk, method: m.method.toUpperCase(), path: m.path })),
    notSupported: methods.filter((m) => m.kind === 'notSupported').map((m) => ({ sdk: m.sdk, method: m.method.toUpperCase(), path: m.path, reason: m.reason })),
  };
}
