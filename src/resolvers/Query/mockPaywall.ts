import { getMockPaywall, type GetPaywallInput } from '../../views/paywall-service.js';
import type { Resolver } from '../context.js';

/** mockPaywall: the paywall widget's preview of the catalog. */
export const mockPaywall: Resolver<unknown, { input: GetPaywallInput }> = (_parent, { input }, ctx) => getMockPaywall(ctx.env, input);
