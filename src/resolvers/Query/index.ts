import type { Resolver } from '../context.js';
import { getCustomerByRefId } from './getCustomerByRefId.js';

export const queryResolvers: Record<string, Resolver> = {
  getCustomerByRefId,
};
