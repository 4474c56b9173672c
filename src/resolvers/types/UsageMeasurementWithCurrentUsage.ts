import type { UsageMeasurement } from '../../usage/usage-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: the usage service's UsageMeasurement. `credit`: the wallet of a credit-backed feature (RULES 4.3), else null. */
export const UsageMeasurementWithCurrentUsage: TypeResolvers = {
  credit: (m: UsageMeasurement) => m.credit,
  id: (m: UsageMeasurement) => m.id,
  environmentId: (m: UsageMeasurement) => m.environmentId,
  customerId: (m: UsageMeasurement) => m.customerId,
  featureId: (m: UsageMeasurement) => m.featureId,
  resourceId: (m: UsageMeasurement) => m.resourceId,
  value: (m: UsageMeasurement) => m.value,
  currentUsage: (m: UsageMeasurement) => m.currentUsage,
  usagePeriodStart: (m: UsageMeasurement) => m.usagePeriodStart,
  usagePeriodEnd: (m: UsageMeasurement) => m.usagePeriodEnd,
  nextResetDate: (m: UsageMeasurement) => m.nextResetDate,
  timestamp: (m: UsageMeasurement) => m.timestamp,
  createdAt: (m: UsageMeasurement) => m.createdAt,
};
