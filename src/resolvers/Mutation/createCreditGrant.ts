import { createCreditGrant as create, type CreditGrantInput } from '../../credits/grants.js';
import type { Resolver } from '../context.js';

export const createCreditGrant: Resolver<unknown, { input: CreditGrantInput }> = (_parent, { input }, ctx) => create(ctx.env, ctx.nowMs, input);
