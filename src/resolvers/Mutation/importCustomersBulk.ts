import { importCustomersBulk as importBulk, type ImportCustomerInput } from '../../customers/customer-service.js';
import type { Resolver } from '../context.js';

/** Answers a summary string (the schema's type is String). */
export const importCustomersBulk: Resolver<unknown, { input: { customers: ImportCustomerInput[] } }> = (_parent, { input }, ctx) => {
  const { imported, skipped } = importBulk(ctx.env, ctx.nowMs, input.customers);
  return `imported ${imported} customer(s), skipped ${skipped}`;
};
