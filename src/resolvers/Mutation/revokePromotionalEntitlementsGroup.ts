import { revokePromotionalEntitlementsGroup as revoke } from '../../customers/promotion-service.js';
import type { Resolver } from '../context.js';

export const revokePromotionalEntitlementsGroup: Resolver<unknown, { input: { customerId: string; featureGroupId: string } }> = (_parent, { input }, ctx) =>
  revoke(ctx.env, ctx.nowMs, input.customerId, input.featureGroupId);
