import { reportUsage as report, type ReportUsageInput } from '../../usage/usage-service.js';
import type { Resolver } from '../context.js';

export const reportUsage: Resolver<unknown, { input: ReportUsageInput }> = (_parent, { input }, ctx) => report(ctx.env, ctx.nowMs, input);
