
/**
 * Entitlement decisions (RULES 3.5, E61): whether a feature is granted to a check, with the deny
 * reason (no subscription, the feature missing, a usage limit reached, an enum value not granted),
 * and the reason an entitlements state is denied. Pure: entitlement-service.ts reads the facts.
 */
import { type EffectiveEntitlement, isMetered } from './entitlement-rules.js';

export type AccessDeniedReason =
  | 'CustomerNotFound'
  | 'CustomerIsArchived'
  | 'CustomerResourceNotFound'
  | 'FeatureNotFound'
  | 'FeatureTypeMismatch'
  | 'NoActiveSubscription'
  | 'NoFeatureEntitlementInSubscription'
  | 'RequestedUsageExceedingLimit'
  | 'RequestedValuesMismatch'
  | 'BudgetExceeded';

/** The kind of entitlement an SDK's typed check asks for (getBooleanEntitlement, ...). */
export type RequestedKind = 'BOOLEAN' | 'NUMERIC' | 'METERED' | 'ENUM';

export interface DecisionInput {
  customer: { archived: boolean } | null;
  feature: { featureType: string; meterType: string } | null;
  /** a resource was asked for and the customer has no subscription on it */
  resourceMissing: boolean;
  /** some subscription in scope grants at now */
  hasLiveSubscription: boolean;
  entitlement: Pick<EffectiveEntitlement, 'usageLimit' | 'hasUnlimitedUsage' | 'hasSoftLimit' | 'enumValues'> | null;
  currentUsage: number;
  requestedUsage?: number | null;
  requestedValues?: string[] | null;
  requestedKind?: RequestedKind | null;
  /** a subscription in scope whose usage-based price charges for the feature has reached its hard budget (E70) */
  budgetExceeded?: { subscriptionId: string; spend: number; limit: number } | null;
}

export interface Decision {
  isGranted: boolean;
  accessDeniedReason: AccessDeniedReason | null;
}

const kindMatches = (kind: RequestedKind, feature: { featureType: string; meterType: string }): boolean => {
  switch (kind) {
    case 'BOOLEAN':
      return feature.featureType === 'BOOLEAN';
    case 'ENUM':
      return feature.featureType === 'ENUM';
    case 'NUMERIC':
      return feature.featureType === 'NUMBER' && feature.meterType === 'None';
    case 'METERED':
      return isMetered(feature);
  }
};

const deny = (accessDeniedReason: AccessDeniedReason, why: string) => ({
  decision: { isGranted: false, accessDeniedReason },
  step: `denied (${accessDeniedReason}): ${why}`,
});
const grant = (why: string) => ({ decision: { isGranted: true, accessDeniedReason: null }, step: `granted: ${why}` });

/**
 * Whether the customer may use the feature now (E61-E69, E73), with the step that says why; reasons
 * in this order: unknown or archived customer, unknown feature, unknown resource, a typed check on
 * another type, no live subscription (and no promotional grant), no source granting the feature,
 * a hard spend budget reached by a subscription that charges for the feature's usage (E70), enum
 * values not all granted, metered usage over a hard limit: granted iff
 * currentUsage + requestedUsage <= usageLimit with requestedUsage 0 when not given (the official
 * SDKs' own decision code).
 */
export function explainDecision(input: DecisionInput): { decision: Decision; step: string } {
  if (!input.customer) return deny('CustomerNotFound', 'no such customer');
  if (input.customer.archived) return deny('CustomerIsArchived', 'the customer is archived');
  const feature = input.feature;
  if (!feature) return deny('FeatureNotFound', 'no such feature');
  if (input.resourceMissing) return deny('CustomerResourceNotFound', 'no subscription of the customer is on the resource');
  if (input.requestedKind && !kindMatches(input.requestedKind, feature)) {
    return deny('FeatureTypeMismatch', `a ${input.requestedKind} check of a ${feature.featureType} feature`);
  }
  const e = input.entitlement;
  if (!e) {
    return input.hasLiveSubscription
      ? deny('NoFeatureEntitlementInSubscription', 'no source grants the feature, though a subscription in scope grants now')
      : deny('NoActiveSubscription', 'no subscription in scope grants now and no promotional grant covers the feature');
  }
  const budget = input.budgetExceeded;
  if (budget) {
    return deny('BudgetExceeded', `subscription ${budget.subscriptionId} charges for the feature's usage and its spend ${budget.spend} reached its hard budget ${budget.limit}`);
  }
  if (feature.featureType === 'ENUM') {
    const granted = new Set(e.enumValues ?? []);
    const requested = input.requestedValues ?? [];
    const missing = requested.filter((v) => !granted.has(v));
    if (missing.length > 0) return deny('RequestedValuesMismatch', `[${missing.join(', ')}] not in [${[...granted].join(', ')}]`);
    return grant(requested.length > 0 ? `[${requested.join(', ')}] all in [${[...granted].join(', ')}]` : 'enum feature, no values requested');
  }
  if (!isMetered(feature)) return grant(feature.featureType === 'NUMBER' ? `configuration feature (value ${e.usageLimit ?? 'none'})` : `${feature.featureType.toLowerCase()} feature`);
  if (e.hasUnlimitedUsage) return grant('unlimited usage');
  if (e.hasSoftLimit) return grant(`soft limit ${e.usageLimit ?? 0}: usage never denies`);
  const requested = input.requestedUsage ?? 0;
  const limit = e.usageLimit ?? 0;
  return input.currentUsage + requested <= limit
    ? grant(`${input.currentUsage} + ${requested} <= ${limit}`)
    : deny('RequestedUsageExceedingLimit', `${input.currentUsage} + ${requested} > ${limit}`);
}

/** Whether the customer may use the feature now (see explainDecision). */
export const decide = (input: DecisionInput): Decision => explainDecision(input).decision;

/**
 * entitlementsState.accessDeniedReason: CustomerNotFound, CustomerIsArchived, or NoActiveSubscription
 * when no subscription in scope grants at now and no promotional grant is active (E65).
 */
export function stateDeniedReason(
  customer: { archived: boolean } | null,
  hasLiveSubscription: boolean,
  hasPromotion: boolean,
): 'CustomerNotFound' | 'CustomerIsArchived' | 'NoActiveSubscription' | null {
  if (!customer) return 'CustomerNotFound';
  if (customer.archived) return 'CustomerIsArchived';
  return hasLiveSubscription || hasPromotion ? null : 'NoActiveSubscription';
}
