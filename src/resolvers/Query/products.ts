import { catalog, type ListArgs } from '../../catalog/catalog-service.js';
import type { Resolver } from '../context.js';

export const products: Resolver<unknown, ListArgs> = (_parent, args, ctx) => catalog.productConnection(ctx.env.db, ctx.env.id, args);
