import { customerPortal as portal, type CustomerPortalInput } from '../../views/customer-portal.js';
import type { Resolver } from '../context.js';

/** customerPortal: the customer portal widget's data. */
export const customerPortal: Resolver<unknown, { input: CustomerPortalInput }> = (_parent, { input }, ctx) => portal(ctx.env, ctx.nowMs, input);
