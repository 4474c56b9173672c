import { getActiveCustomer } from '../../customers/customer-service.js';
import type { Resolver } from '../context.js';

export const getCustomerByRefId: Resolver<unknown, { input: { customerId: string } }> = (_parent, { input }, ctx) =>
  getActiveCustomer(ctx.env, input.customerId);
