import { createCreditGrant as create, type CreditGrantInput } from '../../credits/credit-service.js';
import type { Resolver } from '../context.js';

export const createCreditGrant: Resolver<unknown, { input: CreditGrantInput }> = (_parent, { input }, ctx) => create(ctx.env, ctx.nowMs, input);
