/**
 * What a usage command hands on. reportUsage and reportEvent record usage (the stored count, the
 * report or the event) and name what happened at each point of the write; the domains that follow
 * usage take it from there, each with a step the composition registered
 * (application/composition.ts), in the command's transaction:
 *   usageChanging  before the stored count of a scope changes   (budget watch: the spend before)
 *   usageCounted   the stored count of a feature changed        (budget watch: a spend limit crossed)
 *   usageMeasured  a measurement of the current period          (measurement.reported, usage thresholds)
 *   usageCharged   what the change costs, if credit-backed      (credits: consumption; answers the wallet)
 * Usage imports none of them: effects go one way.
 */
import type { CustomerRow, SubscriptionRow } from '../catalog/catalog-service.js';
import type { UsageCredit } from '../credits/consumption.js';
import type { UsageEntitlement } from '../entitlements/entitlement-service.js';
import type { Meter } from '../meters/meter-rules.js';
import { WriteSteps } from '../write-steps.js';

/** One usage command (a report, a bulk report, a batch of events): steps keep what they read once per command under it. */
export type UsageCommand = object;

export interface UsageScope {
  command: UsageCommand;
  customerId: string;
  resourceId: string | null;
  /** the customer's subscriptions when the command read them already (a report, for its entitlement, before it writes), else read by the step */
  subscriptions?: readonly SubscriptionRow[];
}

export interface UsageOfFeature extends UsageScope {
  featureId: string;
}

export interface UsageMeasurementFacts extends UsageOfFeature {
  /** the current period's usage before and after */
  before: number;
  after: number;
  /** the limit the thresholds are read against when the command read it already (raw events), else the feature's entitlement now */
  limit: { usageLimit: number | null; hasUnlimitedUsage: boolean } | null;
  /** the feature's entitlement when the command read it already (a report reads it once), else read by the step */
  entitlement?: UsageEntitlement;
  /** the customer's row when the command read it already (a report reads it first), else read by the step */
  customer?: CustomerRow;
}

export interface UsageCharge extends UsageOfFeature {
  /** the units a report added (0 for a retried report: nothing is consumed) */
  units: number;
  /** a raw event's meter: its units are the meter's */
  meter: Meter | null;
  dimensions: Record<string, string | number | boolean> | null;
  /** makes the charge count once */
  key: string;
  /** the instant the usage falls in */
  atMs: number;
}

export const usageChanging = new WriteSteps<UsageScope>('usage changing');
export const usageCounted = new WriteSteps<UsageOfFeature>('usage counted');
export const usageMeasured = new WriteSteps<UsageMeasurementFacts>('usage measured');
export const usageCharged = new WriteSteps<UsageCharge, UsageCredit>('usage charged');
