import { estimateEventCost as read } from '../../credits/credit-prices.js';
import type { Resolver } from '../context.js';

export const estimateEventCost: Resolver<unknown, { input: Parameters<typeof read>[2] }> = (_parent, { input }, ctx) => read(ctx.env, ctx.nowMs, input);
