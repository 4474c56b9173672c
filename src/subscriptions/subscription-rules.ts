/** Subscription rules used at provisioning: pure functions of the catalog, the customer's history and now. */
import { addDays, addMonths } from '../time.js';

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

export interface TrialConfig {
  duration: number;
  units: 'DAY' | 'MONTH' | string;
}

export function trialEnd(startMs: number, config: TrialConfig): number {
  return config.units === 'MONTH' ? addMonths(startMs, config.duration) : addDays(startMs, config.duration);
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
