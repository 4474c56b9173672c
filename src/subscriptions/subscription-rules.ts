/**
 * Subscription rules: pure functions of the catalog, the customer's subscriptions and "now". They
 * decide; provisioning.ts, updates.ts, cancellation.ts and the lifecycle apply what they decide, each command in one transaction. Rule numbers are
 * those of RULES.md (E13-E49).
 */
import { asPrices, basePlanChain, currentBillingPeriod, pricesForPeriod, type PlanLike, type StoredPrice, type TrialConfig } from '../catalog/catalog-rules.js';
import { priceCharge, unitQuantity } from '../catalog/pricing-rules.js';
import { EmulatorError, badInput } from '../errors.js';
import { addDays, addMonths, iso, periodContaining } from '../time.js';

export type { TrialConfig };

export type DecisionStrategy = 'PREDEFINED_FREE_PLAN' | 'PREDEFINED_TRIAL_PLAN' | 'REQUESTED_PLAN' | 'SKIPPED_SUBSCRIPTION_CREATION';

export interface JourneyLike {
  subscriptionStartSetup?: string;
  subscriptionStartPlanId?: string | null;
  subscriptionEndSetup?: string;
  downgradePlanId?: string | null;
  subscriptionCancellationTime?: string;
  downgradeAtEndOfBillingPeriod?: boolean;
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
 * E28-E30: whether a new subscription starts in a trial: as the request overrides it, else when the
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
  if (input.override !== null && input.override !== undefined) return input.override;
  if (input.skipTrial) return false;
  return input.forceTrial || (!!input.trial && input.pricingType === 'PAID' && !input.trialedProduct);
}

/** E15: the status a new subscription starts in (a future start waits, whatever follows it). */
export function initialStatus(inTrial: boolean, startMs: number, nowMs: number): 'IN_TRIAL' | 'NOT_STARTED' | 'ACTIVE' {
  return startMs > nowMs ? 'NOT_STARTED' : inTrial ? 'IN_TRIAL' : 'ACTIVE';
}

/** The billing period a subscription takes when none is asked for: MONTHLY when the plan prices it, else the first one it prices, else none. */
export function defaultBillingPeriod(prices: unknown): string | null {
  const periods = (Array.isArray(prices) ? prices : []).map((p) => String((p as { billingPeriod?: unknown }).billingPeriod ?? 'MONTHLY'));
  return periods.length === 0 ? null : periods.includes('MONTHLY') ? 'MONTHLY' : periods[0]!;
}

/**
 * E13: the billing period of a new subscription. A paid subscription names it, whatever the billing
 * periods its plan is priced in (both SDK pages: "required for paid subscriptions"), else
 * BillingPeriodMissingError. A subscription that starts in a trial is not charged and needs none
 * (choice), nor does a free or custom plan: they take the requested one, else the plan's default.
 */
export function resolveBillingPeriod(input: { pricingType: string; prices: unknown; requested: string | null | undefined; inTrial: boolean; planId: string }): string | null {
  if (input.requested) return input.requested;
  if (input.pricingType === 'PAID' && !input.inTrial) {
    throw new EmulatorError('BillingPeriodMissingError', `billingPeriod is required for a subscription to paid plan ${input.planId} (MONTHLY or ANNUALLY)`);
  }
  return defaultBillingPeriod(input.prices);
}

/**
 * The unit quantity a provisioning asks for: `unitQuantity`, or `priceUnitAmount` (the name the Node
 * SDK sends it under on provisionCustomer and createSubscription); both given and different is
 * BadUserInput.
 */
export function requestedUnitQuantity(unitQuantity: number | null | undefined, priceUnitAmount: number | null | undefined): number | null {
  const given = (v: number | null | undefined): v is number => v !== null && v !== undefined;
  if (given(unitQuantity) && given(priceUnitAmount) && unitQuantity !== priceUnitAmount) {
    throw badInput(`unitQuantity (${unitQuantity}) and priceUnitAmount (${priceUnitAmount}) disagree: give one`);
  }
  return given(unitQuantity) ? unitQuantity : given(priceUnitAmount) ? priceUnitAmount : null;
}

// ------------------------------------------------------------------------------------ add-ons and quantities

export interface AddonFacts {
  id: string;
  maxQuantity: number | null;
  dependencies: string[];
}

/**
 * E34-E36: the add-ons of a new subscription, validated: compatible with the plan, each once,
 * a positive integer quantity within the add-on's maximum, dependencies present.
 */
export function validateAddons(
  requested: readonly { addonId: string; quantity?: number | null }[],
  planId: string,
  compatibleAddonIds: readonly string[],
  addonOf: (id: string) => AddonFacts,
): { addonId: string; quantity: number }[] {
  const compatible = new Set(compatibleAddonIds);
  const seen = new Set<string>();
  const out = requested.map((a) => {
    const addon = addonOf(a.addonId);
    if (seen.has(addon.id)) throw new EmulatorError('DuplicateAddonProvisionedError', `addon ${addon.id} is given more than once`);
    seen.add(addon.id);
    if (!compatible.has(addon.id)) throw new EmulatorError('IncompatibleSubscriptionAddon', `addon ${addon.id} is not compatible with plan ${planId}`);
    const quantity = a.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1) throw new EmulatorError('InvalidQuantity', `quantity of addon ${addon.id} must be a positive integer, got ${quantity}`);
    if (addon.maxQuantity !== null && quantity > addon.maxQuantity) {
      throw new EmulatorError('AddonQuantityExceedsLimitError', `addon ${addon.id} allows at most ${addon.maxQuantity}, got ${quantity}`);
    }
    return { addonId: addon.id, quantity, dependencies: addon.dependencies };
  });
  for (const a of out) {
    const missing = a.dependencies.filter((d) => !seen.has(d));
    if (missing.length > 0) throw new EmulatorError('AddonDependencyMissingError', `addon ${a.addonId} needs addon ${missing.join(', ')} on the subscription`);
  }
  return out.map(({ addonId, quantity }) => ({ addonId, quantity }));
}

/**
 * E38: billable (per-unit) quantities of a new subscription: every per-unit price of the billing
 * period gets a quantity (given, else its minimum, else 1) within [min, max]; a quantity for a
 * feature the plan does not price per unit is kept as given and grants nothing.
 */
export function validateBillableFeatures(
  requested: readonly { featureId: string; quantity: number }[],
  planPrices: unknown,
  billingPeriod: string | null,
  unitQuantity?: number | null,
): { featureId: string; quantity: number }[] {
  const perUnit = pricesForPeriod(asPrices(planPrices), billingPeriod).filter((p) => p.billingModel === 'PER_UNIT' && p.featureId);
  const given = new Map<string, number>();
  for (const b of requested) {
    if (given.has(b.featureId)) throw badInput(`billableFeatures names ${b.featureId} more than once`);
    given.set(b.featureId, b.quantity);
  }
  if (unitQuantity !== null && unitQuantity !== undefined && perUnit.length === 1 && !given.has(perUnit[0]!.featureId!)) {
    given.set(perUnit[0]!.featureId!, unitQuantity);
  }
  for (const [featureId, quantity] of given) {
    if (!Number.isFinite(quantity) || quantity < 0) throw new EmulatorError('InvalidQuantity', `quantity of ${featureId} must be a non-negative number, got ${quantity}`);
  }
  // a quantity for a feature the plan does not price per unit is kept and changes nothing (choice)
  const unpriced = [...given].filter(([featureId]) => !perUnit.some((p) => p.featureId === featureId)).map(([featureId, quantity]) => ({ featureId, quantity }));
  const priced = perUnit.map((p) => {
    const quantity = given.get(p.featureId!) ?? p.minUnitQuantity ?? 1;
    const min = p.minUnitQuantity ?? 1;
    if (!Number.isFinite(quantity) || quantity < min || (p.maxUnitQuantity !== null && p.maxUnitQuantity !== undefined && quantity > p.maxUnitQuantity)) {
      const range = `[${min}, ${p.maxUnitQuantity ?? 'unbounded'}]`;
      throw new EmulatorError('InvalidQuantity', `quantity of ${p.featureId} must be within ${range}, got ${quantity}`);
    }
    return { featureId: p.featureId!, quantity };
  });
  return [...priced, ...unpriced];
}

// ------------------------------------------------------------------------------------ plan direction

export type PlanChange = 'UPGRADE' | 'DOWNGRADE' | 'NONE';

export interface DirectionPlan extends PlanLike {
  pricingType: string;
  prices: unknown;
  position: number;
}

/** A plan's starting price: the lowest monthly-equivalent charge of its billing periods. */
export function startingPrice(prices: unknown): number {
  const all: StoredPrice[] = asPrices(prices);
  const periods = [...new Set(all.map((p) => p.billingPeriod))];
  const charges = periods.map((period) => {
    const total = pricesForPeriod(all, period).reduce((sum, p) => sum + priceCharge(p, unitQuantity(p, [])), 0);
    return period === 'ANNUALLY' ? total / 12 : total;
  });
  return charges.length === 0 ? 0 : Math.min(...charges);
}

const PRICING_RANK: Record<string, number> = { FREE: 0, PAID: 1, CUSTOM: 2 };

/**
 * E23 / RULES 2.3.7: the direction of a plan change. Inheritance first (a plan that inherits the
 * current one is an upgrade, its base a downgrade); then pricing type (free < paid < custom); then
 * the starting price of two paid plans; two custom plans by their pricing-table order; two free
 * plans (or equal prices) are neither.
 */
export function planDirection<P extends DirectionPlan>(current: P, target: P, plansById: ReadonlyMap<string, P>): PlanChange {
  if (current.id === target.id) return 'NONE';
  if (basePlanChain(target, plansById).some((p) => p.id === current.id)) return 'UPGRADE';
  if (basePlanChain(current, plansById).some((p) => p.id === target.id)) return 'DOWNGRADE';
  const rankFrom = PRICING_RANK[current.pricingType] ?? 1;
  const rankTo = PRICING_RANK[target.pricingType] ?? 1;
  if (rankFrom !== rankTo) return rankTo > rankFrom ? 'UPGRADE' : 'DOWNGRADE';
  if (current.pricingType === 'FREE') return 'NONE';
  if (current.pricingType === 'CUSTOM') return target.position === current.position ? 'NONE' : target.position > current.position ? 'UPGRADE' : 'DOWNGRADE';
  const from = startingPrice(current.prices);
  const to = startingPrice(target.prices);
  return to === from ? 'NONE' : to > from ? 'UPGRADE' : 'DOWNGRADE';
}

// ------------------------------------------------------------------------------------ same-product conflicts

/** A live subscription of the same customer, product and resource as a new one. */
export interface SiblingFacts {
  id: string;
  planId: string;
  status: string;
  /** IN_TRIAL, or NOT_STARTED with a trial ahead */
  isTrial: boolean;
  paid: boolean;
  /** end of its current billing period */
  periodEndMs: number;
}

export interface Ending {
  subscriptionId: string;
  atMs: number;
  reason: 'UpgradeOrDowngrade' | 'TrialConverted';
}

export type ConflictOutcome =
  | { kind: 'create'; endings: Ending[]; direction: PlanChange }
  | { kind: 'schedule'; subscriptionId: string; atMs: number; direction: PlanChange };

/**
 * E17-E27, E32: what a new subscription does to the live subscriptions of the same customer,
 * product and resource.
 * - A new trial ends the running trial at its start (E25) and runs beside a paid one (E24).
 * - A new non-trial subscription ends the running non-trial one at its start (E17, E18, E26), or,
 *   for a downgrade of a paid subscription when the journey says end of billing period (or the
 *   request's scheduleStrategy says so), is scheduled on it for the end of its period (E19).
 * - A paid subscription to the plan being trialled converts the trial (E27, TrialConverted); a
 *   trial of another plan is ended too when no non-trial subscription runs (it is "the live one").
 */
export function decideSameProduct(input: {
  nowMs: number;
  newPlanId: string;
  newPaid: boolean;
  newInTrial: boolean;
  startMs: number;
  explicitStart: boolean;
  siblings: readonly SiblingFacts[];
  directionFrom: (planId: string) => PlanChange;
  downgradeAtEndOfBillingPeriod: boolean;
  scheduleStrategy: string | null | undefined;
}): ConflictOutcome {
  const at = Math.max(input.startMs, input.nowMs);
  const trials = input.siblings.filter((s) => s.isTrial);
  const others = input.siblings.filter((s) => !s.isTrial);
  if (input.newInTrial) {
    const direction = others[0] ? input.directionFrom(others[0].planId) : trials[0] ? input.directionFrom(trials[0].planId) : 'NONE';
    return { kind: 'create', direction, endings: trials.map((t) => ({ subscriptionId: t.id, atMs: at, reason: 'UpgradeOrDowngrade' })) };
  }
  const current = others.find((s) => s.status === 'ACTIVE') ?? others[0];
  const direction = current ? input.directionFrom(current.planId) : trials[0] ? input.directionFrom(trials[0].planId) : 'NONE';
  if (current && current.status === 'ACTIVE' && !input.explicitStart) {
    const strategy = input.scheduleStrategy ?? null;
    const scheduled =
      strategy === 'END_OF_BILLING_PERIOD' || strategy === 'END_OF_BILLING_MONTH'
        ? true
        : strategy === 'IMMEDIATE'
          ? false
          : direction === 'DOWNGRADE' && input.downgradeAtEndOfBillingPeriod && current.paid;
    if (scheduled) return { kind: 'schedule', subscriptionId: current.id, atMs: current.periodEndMs, direction };
  }
  const endings: Ending[] = others.map((s) => ({ subscriptionId: s.id, atMs: at, reason: 'UpgradeOrDowngrade' }));
  for (const t of trials) {
    if (input.newPaid && t.planId === input.newPlanId) endings.push({ subscriptionId: t.id, atMs: at, reason: 'TrialConverted' });
    else if (others.length === 0) endings.push({ subscriptionId: t.id, atMs: at, reason: 'UpgradeOrDowngrade' });
  }
  return { kind: 'create', endings, direction };
}

// ------------------------------------------------------------------------------------ cancellation

export interface CancellationDecision {
  /** when the subscription ends (now for an immediate cancellation) */
  atMs: number;
  reason: 'Immediate' | 'ScheduledCancellation';
  /** DEFAULT: the product's end setup follows; REVOKE_ENTITLEMENTS: nothing follows */
  action: 'DEFAULT' | 'REVOKE_ENTITLEMENTS';
  /** E43: a trial cancelled for a date after its end is extended to that date */
  extendTrialToMs: number | null;
}

/**
 * E44-E49: when and how a cancellation ends a subscription. The time defaults to the product's
 * `subscriptionCancellationTime` (E49); REVOKE_ENTITLEMENTS ends it at once with nothing after.
 */
export function decideCancellation(input: {
  nowMs: number;
  status: string;
  startMs: number;
  trialEndMs: number | null;
  periodEndMs: number;
  time: string | null | undefined;
  productDefaultTime: string | null | undefined;
  action: string | null | undefined;
  endDate: string | null | undefined;
}): CancellationDecision {
  if (input.status === 'CANCELED' || input.status === 'EXPIRED') {
    throw new EmulatorError('SubscriptionAlreadyCanceledOrExpired', `the subscription is already ${input.status}`);
  }
  const action = input.action === 'REVOKE_ENTITLEMENTS' ? 'REVOKE_ENTITLEMENTS' : 'DEFAULT';
  const time = input.time ?? input.productDefaultTime ?? 'IMMEDIATE';
  const immediate: CancellationDecision = { atMs: input.nowMs, reason: 'Immediate', action, extendTrialToMs: null };
  if (action === 'REVOKE_ENTITLEMENTS' || time === 'IMMEDIATE' || input.status === 'NOT_STARTED' || input.status === 'PAYMENT_PENDING') {
    if (time === 'SPECIFIC_DATE' && input.endDate) parseCancellationDate(input.endDate, input.nowMs, input.startMs);
    return immediate;
  }
  if (time === 'END_OF_BILLING_PERIOD') {
    return { atMs: input.periodEndMs, reason: 'ScheduledCancellation', action, extendTrialToMs: null };
  }
  if (time === 'SPECIFIC_DATE') {
    if (!input.endDate) throw badInput('endDate is required with subscriptionCancellationTime SPECIFIC_DATE');
    const atMs = parseCancellationDate(input.endDate, input.nowMs, input.startMs);
    if (atMs === input.nowMs) return immediate;
    const extend = input.status === 'IN_TRIAL' && input.trialEndMs !== null && atMs > input.trialEndMs ? atMs : null;
    return { atMs, reason: 'ScheduledCancellation', action, extendTrialToMs: extend };
  }
  throw badInput(`unknown subscriptionCancellationTime ${time}`);
}

function parseCancellationDate(endDate: string, nowMs: number, startMs: number): number {
  const atMs = Date.parse(endDate);
  if (Number.isNaN(atMs)) throw badInput('endDate must be an ISO-8601 date');
  if (atMs < nowMs) throw new EmulatorError('InvalidCancellationDate', `endDate ${iso(atMs)} is in the past (now ${iso(nowMs)})`);
  if (atMs < startMs) throw new EmulatorError('InvalidCancellationDate', `endDate ${iso(atMs)} is before the subscription starts (${iso(startMs)})`);
  return atMs;
}

// ------------------------------------------------------------------------------------ what time makes due

/**
 * A transition time applies to a subscription. At one instant they apply in this order: an end
 * first (a cancellation at the end of a trial wins over the trial's conversion), then a start,
 * then a scheduled change, then the trial's end, then a renewal, then an "ends soon" notice.
 */
export type TransitionKind = 'END' | 'START' | 'SCHEDULE' | 'TRIAL_END' | 'RENEWAL' | 'NOTICE';
const KIND_ORDER: Record<TransitionKind, number> = { END: 0, START: 1, SCHEDULE: 2, TRIAL_END: 3, RENEWAL: 4, NOTICE: 5 };

/** How long before a trial's end and a billing month's end the "ends soon" notices go out (choice). */
export const NOTICE_LEAD_DAYS = 7;

export interface DueFacts {
  status: string;
  startDate: string;
  endDate: string | null;
  trialEndDate: string | null;
  billingPeriod: string | null;
  billingAnchor?: string | null;
  /** end of the billing period as last renewed (the next renewal), null when it does not renew */
  periodEndAt?: string | null;
  /** the trial end or billing month end the last notice announced */
  noticeFor?: string | null;
  /** the earliest pending scheduled change */
  scheduleAt?: string | null;
}

export interface Transition {
  kind: TransitionKind;
  atMs: number;
  /** NOTICE: the trial end or billing month end it announces */
  forMs?: number;
}

/**
 * The next "ends soon" notice of a subscription: for a trial, NOTICE_LEAD_DAYS before its end (when
 * the trial is longer than that); for a paid ACTIVE annual subscription, NOTICE_LEAD_DAYS before each
 * of its billing months ends (monthly steps from the billing anchor), for the months after the
 * last one announced, and never for a month the subscription does not reach.
 */
export function nextNotice(sub: DueFacts, paid: boolean): Transition | null {
  const lead = NOTICE_LEAD_DAYS * 86_400_000;
  const startMs = Date.parse(sub.startDate);
  const endMs = sub.endDate ? Date.parse(sub.endDate) : null;
  if (sub.status === 'IN_TRIAL' && sub.trialEndDate) {
    const trialEndMs = Date.parse(sub.trialEndDate);
    if (sub.noticeFor === sub.trialEndDate || trialEndMs - lead <= startMs || (endMs !== null && endMs < trialEndMs)) return null;
    return { kind: 'NOTICE', atMs: trialEndMs - lead, forMs: trialEndMs };
  }
  if (sub.status !== 'ACTIVE' || !paid || sub.billingPeriod !== 'ANNUALLY') return null;
  const anchorMs = sub.billingAnchor ? Date.parse(sub.billingAnchor) : startMs;
  const floorMs = Math.max(sub.noticeFor ? Date.parse(sub.noticeFor) : startMs, startMs + lead);
  const monthEnd = periodContaining(anchorMs, 'P1M', floorMs).end;
  if (endMs !== null && endMs <= monthEnd) return null;
  return { kind: 'NOTICE', atMs: monthEnd - lead, forMs: monthEnd };
}

/** Every transition ahead of a subscription, earliest first (ties in KIND_ORDER). */
export function transitionsAhead(sub: DueFacts, paid = false): Transition[] {
  const out: Transition[] = [];
  const live = sub.status === 'ACTIVE' || sub.status === 'IN_TRIAL' || sub.status === 'NOT_STARTED';
  if (!live) return out;
  const endMs = sub.endDate ? Date.parse(sub.endDate) : null;
  if (endMs !== null) out.push({ kind: 'END', atMs: endMs });
  if (sub.status === 'NOT_STARTED') out.push({ kind: 'START', atMs: Date.parse(sub.startDate) });
  if (sub.status !== 'NOT_STARTED' && sub.scheduleAt) out.push({ kind: 'SCHEDULE', atMs: Date.parse(sub.scheduleAt) });
  if (sub.status === 'IN_TRIAL' && sub.trialEndDate) out.push({ kind: 'TRIAL_END', atMs: Date.parse(sub.trialEndDate) });
  if (sub.status === 'ACTIVE' && sub.periodEndAt && sub.billingPeriod) {
    const renewalMs = Date.parse(sub.periodEndAt);
    if (endMs === null || endMs > renewalMs) out.push({ kind: 'RENEWAL', atMs: renewalMs });
  }
  const notice = nextNotice(sub, paid);
  if (notice) out.push(notice);
  return out.sort(compareTransitions);
}

export const compareTransitions = (a: Transition, b: Transition): number => a.atMs - b.atMs || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];

/** The instant of the next transition (the indexed `next_due_at`), null when time changes nothing. */
export function nextDueAt(sub: DueFacts, paid = false): string | null {
  const next = transitionsAhead(sub, paid)[0];
  return next ? iso(next.atMs) : null;
}

/** The end of the billing period that starts or runs at `atMs` (the next renewal), for an ACTIVE subscription. */
export function periodEndAfter(sub: DueFacts, atMs: number): string {
  return currentBillingPeriod({ ...sub, status: 'ACTIVE', endDate: null }, atMs).end;
}

/**
 * What a trial's end does (E39-E41, RULES 2.4.5): CONVERT_TO_PAID makes it ACTIVE with the billing
 * cycle anchored at the trial's end; CANCEL_SUBSCRIPTION expires it (TrialEnded) and the product's
 * end setup follows.
 */
export function trialEndOutcome(behavior: string): { status: 'ACTIVE' | 'EXPIRED'; cancelReason: string | null } {
  return behavior === 'CONVERT_TO_PAID' ? { status: 'ACTIVE', cancelReason: null } : { status: 'EXPIRED', cancelReason: 'TrialEnded' };
}

/**
 * E41, E47: the plan that follows a subscription's end: the product's downgrade plan when its end
 * setup is DOWNGRADE_TO_FREE, the end's action is DEFAULT, the ended subscription was not on that
 * plan already, and nothing else (non-trial) runs for the product and resource.
 */
export function planAfterEnd(input: { journey: JourneyLike; action: string | null; endedPlanId: string; otherLiveNonTrial: boolean }): string | null {
  if (input.action !== null && input.action !== 'DEFAULT') return null;
  if (input.journey.subscriptionEndSetup !== 'DOWNGRADE_TO_FREE' || !input.journey.downgradePlanId) return null;
  if (input.journey.downgradePlanId === input.endedPlanId || input.otherLiveNonTrial) return null;
  return input.journey.downgradePlanId;
}
