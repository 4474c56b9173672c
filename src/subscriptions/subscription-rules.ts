/** Subscription rules used at provisioning: pure functions of the catalog, the customer's history and now. */
import type { TrialConfig } from '../catalog/catalog-rules.js';
import { addDays, addMonths } from '../time.js';

export type { TrialConfig };

export type DecisionStrategy = 'PREDEFINED_FREE_PLAN' | 'PREDEFINED_TRIAL_PLAN' | 'REQUESTED_PLAN' | 'SKIPPED_SUBSCRIPTION_CREATION';

export interface JourneyLike {
  subscriptionStartSetup?: string;
  subscriptionStartPlanId?: string | null;
}

/** RULES 1.8 / E2-E4: which plan the customer journey provisions for a requested plan. */
export function decideStartPlan(journey: JourneyLike, requestedPlanId: string): { planId: string; strategy: DecisionStrategy; forceTrial: boolean } {
  switch (journey.subscriptionStartSetup) {
    case 'FREE_PLAN':
      if (journey.subscriptionStartPlanId) return { planId: journey.subscriptionStartPlanId, strategy: 'PREDEFINED_FREE_PLAN', forceTrial: false };
      break;
    case 'TRIAL_PERIOD':
      if (journey.subscriptionStartPlanId) return { planId: journey.subscriptionStartPlanId, strategy: 'PREDEFINED_TRIAL_PLAN', forceTrial: true };
      break;
    default:
      break;
  }
  return { planId: requestedPlanId, strategy: 'REQUESTED_PLAN', forceTrial: false };
}

/** The trial of a plan without a trial configuration (a forced or requested trial): 14 days. */
export const DEFAULT_TRIAL: TrialConfig = { duration: 14, units: 'DAY' };

/** The end of a trial that starts at `startMs` (the plan's trial, else the default one). */
export function trialEnd(startMs: number, config: TrialConfig | null): number {
  const trial = config ?? DEFAULT_TRIAL;
  return trial.units === 'MONTH' ? addMonths(startMs, trial.duration) : addDays(startMs, trial.duration);
}

/** The products a customer has trialed: those of any subscription of theirs that had a trial. */
export function trialedProductIds(history: readonly { productId: string; trialEndDate: string | null }[]): Set<string> {
  return new Set(history.filter((s) => s.trialEndDate !== null).map((s) => s.productId));
}

/**
 * Whether a new subscription starts in a trial: as the request overrides it, else when the
 * customer journey forces one, else for a paid plan with a trial configuration whose product
 * the customer has not trialed yet, unless the request skips the trial.
 */
export function startsInTrial(input: {
  override: boolean | null | undefined;
  forceTrial: boolean;
  trial: TrialConfig | null;
  pricingType: string;
  trialedProduct: boolean;
  skipTrial: boolean | null | undefined;
}): boolean {
  return input.override ?? (input.forceTrial || (!!input.trial && input.pricingType === 'PAID' && !input.trialedProduct && !input.skipTrial));
}

/** The status a new subscription starts in. */
export function initialStatus(inTrial: boolean, startMs: number, nowMs: number): 'IN_TRIAL' | 'NOT_STARTED' | 'ACTIVE' {
  return inTrial ? 'IN_TRIAL' : startMs > nowMs ? 'NOT_STARTED' : 'ACTIVE';
}

/** The billing period of a new subscription: the requested one, or the only one the plan prices. */
export function resolveBillingPeriod(
  pricingType: string,
  prices: { billingPeriod?: unknown }[],
  requested: string | null | undefined,
): { billingPeriod: string | null; missing: boolean } {
  const periods = [...new Set(prices.map((p) => String(p.billingPeriod ?? 'MONTHLY')))];
  if (requested) return { billingPeriod: requested, missing: false };
  if (pricingType !== 'PAID') return { billingPeriod: periods[0] ?? null, missing: false };
  if (periods.length === 1) return { billingPeriod: periods[0]!, missing: false };
  return { billingPeriod: null, missing: true };
}
