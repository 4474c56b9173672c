import { getPaywall, type GetPaywallInput } from '../../views/paywall-service.js';
import type { Resolver } from '../context.js';

export const paywall: Resolver<unknown, { input: GetPaywallInput }> = (_parent, { input }, ctx) => getPaywall(ctx.env, input);
