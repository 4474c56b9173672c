import { updateCreditGrant as update, type UpdateCreditGrantInput } from '../../credits/grants.js';
import type { Resolver } from '../context.js';

/** updateCreditGrant: a grant's display name, comment, priority, dates and metadata (credit_grant.updated). */
export const updateCreditGrant: Resolver<unknown, { input: UpdateCreditGrantInput }> = (_parent, { input }, ctx) => update(ctx.env, ctx.nowMs, input);
