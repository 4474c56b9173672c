import { customerEntitlements, type EntitlementsQuery } from '../../entitlements/entitlement-service.js';
import type { Resolver } from '../context.js';

/** The Node SDK's GetEntitlements (aliased `entitlements`): every entitlement of the customer in the scope. */
export const cachedEntitlements: Resolver<unknown, { query: EntitlementsQuery }> = (_parent, { query }, ctx) =>
  customerEntitlements(ctx.env, ctx.nowMs, query);
