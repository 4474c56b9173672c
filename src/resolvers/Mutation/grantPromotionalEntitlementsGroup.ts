import { grantPromotionalEntitlementsGroup as grant, type GrantInput } from '../../customers/promotion-service.js';
import type { Resolver } from '../context.js';

export const grantPromotionalEntitlementsGroup: Resolver<unknown, { input: { customerId: string; featureGroupId: string; promotionalEntitlements: GrantInput[] } }> = (
  _parent,
  { input },
  ctx,
) => grant(ctx.env, ctx.nowMs, input.customerId, input.featureGroupId, input.promotionalEntitlements);
