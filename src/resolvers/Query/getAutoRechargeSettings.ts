import { getAutoRechargeSettings as read } from '../../credits/auto-recharge.js';
import type { Resolver } from '../context.js';

export const getAutoRechargeSettings: Resolver<unknown, { input: Parameters<typeof read>[2] }> = (_parent, { input }, ctx) => read(ctx.env, ctx.nowMs, input);
