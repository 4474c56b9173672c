/**
 * Usage across a plan change (RULES 2.6.8, E85): the product's rule says whether the usage of
 * resettable metered features restarts when a subscription replaces another of the same product
 * and resource. ALWAYS_RESET (the default): it restarts (the usage periods roll from the new
 * subscription's start); NEVER_RESET: it carries over (the periods keep rolling from the first
 * subscription of the chain); BILLING_PERIOD_CHANGE: it restarts only when the billing anchor
 * changes (another billing period, or billingCycleAnchor NOW).
 */

export type UsageResetRule = 'ALWAYS_RESET' | 'NEVER_RESET' | 'BILLING_PERIOD_CHANGE';

export interface ChainFacts {
  id: string;
  productId: string;
  resourceId: string | null;
  startDate: string;
  endDate: string | null;
  billingPeriod: string | null;
  billingAnchor: string | null;
}

/** The subscription another replaced: same product and resource, ended at the instant it started. */
export function predecessorOf<T extends ChainFacts>(sub: T, all: T[]): T | undefined {
  const startMs = Date.parse(sub.startDate);
  return all.find(
    (p) => p.id !== sub.id && p.productId === sub.productId && (p.resourceId ?? null) === (sub.resourceId ?? null) && p.endDate !== null && Date.parse(p.endDate) === startMs && Date.parse(p.startDate) < startMs,
  );
}

/** Whether usage carries over from `prev` to `next` under the rule. */
export function carriesUsage(rule: string | null | undefined, prev: ChainFacts, next: ChainFacts): boolean {
  switch (rule ?? 'ALWAYS_RESET') {
    case 'NEVER_RESET':
      return true;
    case 'BILLING_PERIOD_CHANGE':
      return prev.billingPeriod === next.billingPeriod && next.billingAnchor === null;
    default:
      return false;
  }
}

/** Where a subscription's usage periods roll from: its start, or the start of the chain its usage carries over from. */
export function usageAnchorMs<T extends ChainFacts>(sub: T, all: T[], ruleOf: (productId: string) => string | null | undefined): number {
  let current = sub;
  for (let guard = 0; guard < all.length; guard++) {
    const prev = predecessorOf(current, all);
    if (!prev || !carriesUsage(ruleOf(current.productId), prev, current)) break;
    current = prev;
  }
  return Date.parse(current.startDate);
}

/** The instants at which a plan change restarted the usage (SUBSCRIPTION_CHANGE_RESET markers). */
export function changeResets<T extends ChainFacts>(subs: T[], ruleOf: (productId: string) => string | null | undefined): number[] {
  return subs
    .filter((s) => {
      const prev = predecessorOf(s, subs);
      return prev !== undefined && !carriesUsage(ruleOf(s.productId), prev, s);
    })
    .map((s) => Date.parse(s.startDate))
    .sort((a, b) => a - b);
}
