import { updateCustomer, type CustomerInput } from '../../customers/customer-service.js';
import type { Resolver } from '../context.js';

export const updateOneCustomer: Resolver<unknown, { input: CustomerInput }> = (_parent, { input }, ctx) =>
  updateCustomer(ctx.env, ctx.nowMs, input);
