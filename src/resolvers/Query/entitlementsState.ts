import { entitlementsState as state, type EntitlementsQuery } from '../../entitlements/entitlement-service.js';
import type { Resolver } from '../context.js';

export const entitlementsState: Resolver<unknown, { query: EntitlementsQuery }> = (_parent, { query }, ctx) => state(ctx.env, ctx.nowMs, query);
