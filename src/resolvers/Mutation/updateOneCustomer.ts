import { updateCustomer, type ProvisionCustomerInput } from '../../customers/customer-service.js';
import type { Resolver } from '../context.js';

export const updateOneCustomer: Resolver<unknown, { input: ProvisionCustomerInput }> = (_parent, { input }, ctx) =>
  updateCustomer(ctx.env, ctx.nowMs, input);
