import { importCustomer, type ImportCustomerInput } from '../../customers/customer-service.js';
import type { Resolver } from '../context.js';

export const importOneCustomer: Resolver<unknown, { input: ImportCustomerInput }> = (_parent, { input }, ctx) =>
  importCustomer(ctx.env, ctx.nowMs, input);
