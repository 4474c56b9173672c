import { consumeCredits as consume, type ConsumeInput } from '../../credits/consumption.js';
import type { Resolver } from '../context.js';

export const consumeCredits: Resolver<unknown, { input: ConsumeInput }> = (_parent, { input }, ctx) => consume(ctx.env, ctx.nowMs, input);
