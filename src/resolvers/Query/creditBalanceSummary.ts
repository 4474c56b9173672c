import { creditBalanceSummary as read } from '../../credits/wallet.js';
import type { Resolver } from '../context.js';

export const creditBalanceSummary: Resolver<unknown, { input: Parameters<typeof read>[2] }> = (_parent, { input }, ctx) => read(ctx.env, ctx.nowMs, input);
