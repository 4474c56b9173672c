import { saveAutoRechargeSettings as save, type AutoRechargeInput } from '../../credits/auto-recharge.js';
import type { Resolver } from '../context.js';

export const saveAutoRechargeSettings: Resolver<unknown, { input: AutoRechargeInput }> = (_parent, { input }, ctx) => save(ctx.env, ctx.nowMs, input);
