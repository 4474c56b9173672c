/**
 * Migration rules (RULES 2.8.9, E53-E54): pure decisions about moving a subscription to the latest
 * published version of its plan. migration-service.ts applies them in one transaction; a migration
 * scheduled for the end of the billing period is applied by the lifecycle (lifecycle/transitions.ts).
 */
import { asPrices } from '../catalog/catalog-rules.js';
import { isOnLatest, type VersionedPlanLike } from '../catalog/plan-versions.js';
import { badInput, EmulatorError } from '../errors.js';
import { validateBillableFeatures } from './subscription-rules.js';

export type MigrationTime = 'IMMEDIATE' | 'END_OF_BILLING_PERIOD';

export interface MigrationFacts {
  status: string;
  planVersion: number;
  /** a MigrateToLatest schedule is pending */
  migrationScheduled: boolean;
  /** end of the current billing period */
  periodEndMs: number;
}

export type MigrationDecision = { kind: 'now' } | { kind: 'schedule'; atMs: number };

/**
 * E53-E54: when a migration applies. A live subscription not on the latest version migrates now
 * (IMMEDIATE, the default) or is scheduled for the end of its billing period (an ACTIVE one only;
 * one scheduled migration at a time).
 */
export function decideMigration(sub: MigrationFacts, plan: VersionedPlanLike, time: string | null | undefined): MigrationDecision {
  if (sub.status === 'CANCELED' || sub.status === 'EXPIRED') throw new EmulatorError('InvalidSubscriptionStatus', `the subscription is ${sub.status}`);
  if (isOnLatest(plan, sub.planVersion)) {
    throw new EmulatorError('SubscriptionAlreadyOnLatestPlanError', `the subscription is already on the latest version (${plan.versionNumber}) of its plan`);
  }
  const when = time ?? 'IMMEDIATE';
  if (when === 'IMMEDIATE') return { kind: 'now' };
  if (when !== 'END_OF_BILLING_PERIOD') throw badInput(`unknown subscriptionMigrationTime ${when}`);
  if (sub.migrationScheduled) throw new EmulatorError('ScheduledMigrationAlreadyExistsError', 'a migration of the subscription is already scheduled');
  if (sub.status !== 'ACTIVE') {
    throw new EmulatorError('SchedulingAtEndOfBillingPeriod', `only an ACTIVE subscription can schedule a migration for the end of its period (it is ${sub.status})`);
  }
  return { kind: 'schedule', atMs: sub.periodEndMs };
}

/**
 * What migrating a subscription to the plan's latest version changes: its version, and its
 * per-unit quantities checked against the latest version's prices (kept as bought, or the new
 * minimum for a newly per-unit priced feature). A paid subscription's billing period must still be
 * priced by the latest version.
 */
export function latestVersionPatch(
  sub: { billingPeriod: string | null; billableFeatures: { featureId: string; quantity: number }[] },
  plan: VersionedPlanLike & { id: string; pricingType: string },
): { planVersion: number; billableFeatures: { featureId: string; quantity: number }[] } {
  const prices = asPrices(plan.prices);
  if (plan.pricingType === 'PAID' && sub.billingPeriod && prices.length > 0 && !prices.some((p) => p.billingPeriod === sub.billingPeriod)) {
    throw badInput(`version ${plan.versionNumber} of plan ${plan.id} is not priced ${sub.billingPeriod}`);
  }
  return { planVersion: plan.versionNumber, billableFeatures: validateBillableFeatures(sub.billableFeatures, plan.prices, sub.billingPeriod) };
}
