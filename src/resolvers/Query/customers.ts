import { customerConnection, type CustomerConnectionArgs } from '../../customers/customer-queries.js';
import type { Resolver } from '../context.js';

export const customers: Resolver<unknown, CustomerConnectionArgs> = (_parent, args, ctx) => customerConnection(ctx.env.db, args);
