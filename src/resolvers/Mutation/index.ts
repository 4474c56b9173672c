import type { Resolver } from '../context.js';
import { archiveCustomer } from './archiveCustomer.js';
import { importCustomersBulk } from './importCustomersBulk.js';
import { importOneCustomer } from './importOneCustomer.js';
import { provisionCustomer } from './provisionCustomer.js';
import { reportUsage } from './reportUsage.js';
import { reportUsageBulk } from './reportUsageBulk.js';
import { unarchiveCustomer } from './unarchiveCustomer.js';
import { updateOneCustomer } from './updateOneCustomer.js';

export const mutationResolvers: Record<string, Resolver> = {
  archiveCustomer,
  importCustomersBulk,
  importOneCustomer,
  provisionCustomer,
  reportUsage,
  reportUsageBulk,
  unarchiveCustomer,
  updateOneCustomer,
};
