import { archiveCustomer as archive } from '../../customers/customer-service.js';
import type { Resolver } from '../context.js';

export const archiveCustomer: Resolver<unknown, { input: { customerId: string } }> = (_parent, { input }, ctx) =>
  archive(ctx.env, ctx.nowMs, input.customerId);
