import { reportUsageBulk as reportBulk, type ReportUsageInput } from '../../usage/usage-service.js';
import type { Resolver } from '../context.js';

export const reportUsageBulk: Resolver<unknown, { input: { usages: ReportUsageInput[] } }> = (_parent, { input }, ctx) =>
  reportBulk(ctx.env, ctx.nowMs, input.usages);
