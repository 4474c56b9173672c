import type { TypeResolvers } from '../context.js';
import { Customer } from './Customer.js';

export const typeResolvers: Record<string, TypeResolvers> = {
  Customer,
};
