import { revokePromotionalEntitlement as revoke } from '../../customers/promotion-service.js';
import type { Resolver } from '../context.js';

export const revokePromotionalEntitlement: Resolver<unknown, { input: { customerId: string; featureId: string } }> = (_parent, { input }, ctx) =>
  revoke(ctx.env, ctx.nowMs, input.customerId, input.featureId);
