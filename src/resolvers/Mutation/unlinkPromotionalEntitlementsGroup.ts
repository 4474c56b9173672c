import { unlinkPromotionalEntitlementsGroup as unlink } from '../../customers/promotion-service.js';
import type { Resolver } from '../context.js';

export const unlinkPromotionalEntitlementsGroup: Resolver<unknown, { input: { customerId: string; featureGroupId: string } }> = (_parent, { input }, ctx) =>
  unlink(ctx.env, ctx.nowMs, input.customerId, input.featureGroupId);
