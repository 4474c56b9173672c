import { grantPromotionalEntitlements as grant, type GrantInput } from '../../customers/promotion-service.js';
import type { Resolver } from '../context.js';

export const grantPromotionalEntitlements: Resolver<unknown, { input: { customerId: string; promotionalEntitlements: GrantInput[] } }> = (_parent, { input }, ctx) =>
  grant(ctx.env, ctx.nowMs, input.customerId, input.promotionalEntitlements);
