import { catalog, type PromotionalEntitlementRow } from '../../catalog/catalog-service.js';
import { promotionalEntitlementStatus } from '../../customers/customer-rules.js';
import { promotionGroupIds } from '../../customers/promotion-service.js';
import type { TypeResolvers } from '../context.js';
import { resetPeriodConfiguration } from '../../catalog/catalog-rules.js';

/** Parent: a promotional_entitlements row. An active grant past its end date reads as Expired. */
export const PromotionalEntitlement: TypeResolvers = {
  id: (row: PromotionalEntitlementRow) => `${row.customerId}:${row.featureId}`,
  environmentId: (_row: PromotionalEntitlementRow, _args, ctx) => ctx.env.id,
  status: (row: PromotionalEntitlementRow, _args, ctx) => promotionalEntitlementStatus(row, ctx.nowMs),
  period: (row: PromotionalEntitlementRow) => row.period,
  startDate: (row: PromotionalEntitlementRow) => row.startDate,
  endDate: (row: PromotionalEntitlementRow) => row.endDate,
  createdAt: (row: PromotionalEntitlementRow) => row.createdAt,
  updatedAt: (row: PromotionalEntitlementRow) => row.updatedAt,
  featureId: (row: PromotionalEntitlementRow) => row.featureId,
  feature: (row: PromotionalEntitlementRow, _args, ctx) => catalog.requireFeature(ctx.env.db, row.featureId),
  customer: (row: PromotionalEntitlementRow, _args, ctx) => catalog.requireCustomer(ctx.env.db, row.customerId),
  usageLimit: (row: PromotionalEntitlementRow) => row.usageLimit,
  hasUnlimitedUsage: (row: PromotionalEntitlementRow) => row.hasUnlimitedUsage,
  unlimited: (row: PromotionalEntitlementRow) => row.hasUnlimitedUsage,
  hasSoftLimit: (row: PromotionalEntitlementRow) => row.hasSoftLimit,
  enumValues: (row: PromotionalEntitlementRow) => row.enumValues,
  isVisible: (row: PromotionalEntitlementRow) => row.isVisible ?? true,
  description: () => null,
  resetPeriod: (row: PromotionalEntitlementRow) => row.resetPeriod ?? null,
  resetPeriodConfiguration: (row: PromotionalEntitlementRow) => resetPeriodConfiguration(row.resetPeriod, row.resetPeriodConfiguration),
  meter: () => null,
  featureGroupIds: (row: PromotionalEntitlementRow, _args, ctx) => promotionGroupIds(ctx.env.db, row.customerId, row.featureId),
  featureGroups: () => [],
};
