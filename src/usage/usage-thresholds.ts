/**
 * The webhooks of a measurement (a step the composition registers on usageMeasured):
 * measurement.reported for every measurement of the current period, and E102's
 * entitlement.usage_exceeded for the highest usage threshold of the customer's limit it crossed.
 */
import type { Db } from '../db/open-database.js';
import { featureEntitlementIn } from '../entitlements/entitlement-service.js';
import { crossedThreshold } from '../webhooks/webhook-rules.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import type { UsageMeasurementFacts } from './usage-recorded.js';

export function announceMeasurement(db: Db, nowMs: number, m: UsageMeasurementFacts): void {
  const view = m.entitlement ?? featureEntitlementIn(db, nowMs, m.customerId, m.featureId, m.resourceId);
  // the entitlement's limit and usage period (fields that do not depend on usage), with the usage after the measurement
  const usage = {
    customerId: m.customerId,
    featureId: m.featureId,
    resourceId: m.resourceId,
    currentUsage: m.after,
    usageLimit: view.usageLimit,
    hasUnlimitedUsage: view.hasUnlimitedUsage,
    hasSoftLimit: view.hasSoftLimit,
    resetPeriod: view.resetPeriod,
    resetPeriodConfiguration: view.resetPeriodConfiguration,
    usagePeriodAnchor: view.usagePeriodAnchor,
    usagePeriodStart: view.usagePeriodStart,
    usagePeriodEnd: view.usagePeriodEnd,
  };
  // the customer and its subscriptions as the command read them (a usage command changes neither)
  const read = { customer: m.customer, subscriptions: m.entitlement?.subscriptions };
  webhookEventsOf.measurementReported(db, nowMs, usage, m.after - m.before, read);
  if (m.after <= m.before) return;
  const limit = m.limit ?? view;
  const threshold = crossedThreshold(m.before, m.after, limit.usageLimit, limit.hasUnlimitedUsage);
  if (threshold === null) return;
  webhookEventsOf.usageExceeded(db, nowMs, usage, threshold, read);
}
