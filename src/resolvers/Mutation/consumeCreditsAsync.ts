import { consumeCreditsAsync as consume, type ConsumeInput } from '../../credits/consumption.js';
import type { Resolver } from '../context.js';

export const consumeCreditsAsync: Resolver<unknown, { input: { consumptions: ConsumeInput[] } }> = (_parent, { input }, ctx) =>
  consume(ctx.env, ctx.nowMs, input.consumptions);
