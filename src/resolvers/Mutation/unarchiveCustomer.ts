import { unarchiveCustomer as unarchive } from '../../customers/customer-service.js';
import type { Resolver } from '../context.js';

export const unarchiveCustomer: Resolver<unknown, { input: { customerId: string } }> = (_parent, { input }, ctx) =>
  unarchive(ctx.env, ctx.nowMs, input.customerId);
