import { voidCreditGrant as voidGrant } from '../../credits/grants.js';
import type { Resolver } from '../context.js';

export const voidCreditGrant: Resolver<unknown, { input: { id: string } }> = (_parent, { input }, ctx) => voidGrant(ctx.env, ctx.nowMs, input.id);
