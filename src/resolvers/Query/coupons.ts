import { catalog, type ListArgs } from '../../catalog/catalog-service.js';
import type { Resolver } from '../context.js';

export const coupons: Resolver<unknown, ListArgs> = (_parent, args, ctx) => catalog.couponConnection(ctx.env.db, ctx.env.id, args);
