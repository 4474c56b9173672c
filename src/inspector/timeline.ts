/**
 * A customer's subscriptions laid out on the environment's clock: for each subscription its
 * phases (trial, active, ended) and what happens when (start, trial end, renewal, scheduled
 * changes, cancellation, end), and the plan that follows its end. Pure: a function of the stored
 * rows, the catalog facts passed in and "now"; what lies ahead comes from the same rule the clock
 * applies (transitionsAhead).
 */
import type { SubscriptionRow } from '../db/repositories/customers.js';
import { planAfterEnd, transitionsAhead, type JourneyLike } from '../subscriptions/subscription-rules.js';
import type { ScheduleRow } from './inspector-queries.js';

export type PhaseKind = 'scheduled' | 'trial' | 'active';

export interface Phase {
  kind: PhaseKind;
  fromMs: number;
  /** null: open-ended (runs past the right edge) */
  toMs: number | null;
}

export type MomentKind = 'start' | 'trial-end' | 'renewal' | 'change' | 'cancellation' | 'end';

export interface Moment {
  atMs: number;
  kind: MomentKind;
  label: string;
  /** at or before now: it has happened */
  past: boolean;
}

export interface TimelineRow {
  subscriptionId: string;
  planId: string;
  planName: string;
  productId: string;
  resourceId: string | null;
  status: string;
  phases: Phase[];
  moments: Moment[];
  /** what follows the end: "plan-free (Free)", another subscription, or null */
  then: string | null;
}

export interface Timeline {
  fromMs: number;
  toMs: number;
  nowMs: number;
  rows: TimelineRow[];
}

export interface TimelineFacts {
  planName: (planId: string) => string;
  journey: (productId: string) => JourneyLike | null;
}

const DAY = 86_400_000;
const ms = (value: string | null | undefined): number | null => (value ? Date.parse(value) : null);

function describeChange(schedule: ScheduleRow, facts: TimelineFacts): string {
  const v = schedule.variables as { planId?: string; billingPeriod?: string | null; patch?: Record<string, unknown> };
  const what = v.planId ? `${schedule.type} to ${facts.planName(v.planId)}${v.billingPeriod ? ` (${v.billingPeriod})` : ''}` : schedule.type;
  const state = schedule.status === 'Scheduled' ? 'Scheduled' : schedule.status === 'Done' ? 'Applied' : schedule.status;
  return `${state}: ${what}`;
}

function rowOf(sub: SubscriptionRow, all: SubscriptionRow[], schedules: ScheduleRow[], facts: TimelineFacts, nowMs: number): TimelineRow {
  const startMs = Date.parse(sub.startDate);
  const endMs = ms(sub.endDate);
  const trialEndMs = ms(sub.trialEndDate);
  const live = sub.status === 'ACTIVE' || sub.status === 'IN_TRIAL' || sub.status === 'NOT_STARTED' || sub.status === 'PAYMENT_PENDING';
  const phases: Phase[] = [];
  if (sub.status === 'NOT_STARTED') {
    phases.push({ kind: 'scheduled', fromMs: startMs, toMs: endMs });
  } else {
    let cursor = startMs;
    if (trialEndMs !== null && trialEndMs > startMs) {
      const trialTo = endMs !== null ? Math.min(trialEndMs, endMs) : trialEndMs;
      phases.push({ kind: 'trial', fromMs: startMs, toMs: trialTo });
      cursor = trialTo;
    }
    // while in trial, what follows is decided at the trial's end (conversion or expiry): nothing is drawn past it
    if (sub.status !== 'IN_TRIAL' && (endMs === null || endMs > cursor)) phases.push({ kind: 'active', fromMs: cursor, toMs: endMs });
  }

  const moments: Moment[] = [];
  const add = (atMs: number, kind: MomentKind, future: string, pastLabel: string) =>
    moments.push({ atMs, kind, label: atMs <= nowMs ? pastLabel : future, past: atMs <= nowMs });
  add(startMs, 'start', 'Starts', 'Started');
  if (trialEndMs !== null) add(trialEndMs, 'trial-end', 'Trial ends', 'Trial ended');
  for (const schedule of schedules) {
    if (schedule.status === 'Canceled') continue;
    const atMs = Date.parse(schedule.scheduledAt);
    moments.push({ atMs, kind: 'change', label: describeChange(schedule, facts), past: schedule.status !== 'Scheduled' });
  }
  if (sub.cancellationDate && (endMs === null || Date.parse(sub.cancellationDate) !== endMs)) {
    add(Date.parse(sub.cancellationDate), 'cancellation', 'Cancellation', 'Canceled');
  }
  if (endMs !== null) {
    const reason = sub.cancelReason ?? sub.endReason;
    const suffix = reason ? ` (${reason})` : '';
    add(endMs, 'end', `Ends${suffix}`, `Ended${suffix}`);
  }
  if (live) {
    const renewal = transitionsAhead(sub).find((t) => t.kind === 'RENEWAL');
    if (renewal) moments.push({ atMs: renewal.atMs, kind: 'renewal', label: 'Renews', past: false });
  }
  moments.sort((a, b) => a.atMs - b.atMs);

  // what follows: a subscription of the same product and scope that starts when this one ends, else the journey's downgrade plan
  let then: string | null = null;
  if (endMs !== null) {
    const next = all.find((s) => s.id !== sub.id && s.productId === sub.productId && s.resourceId === sub.resourceId && Math.abs(Date.parse(s.startDate) - endMs) < 1000);
    if (next) then = `${facts.planName(next.planId)} (${next.id})`;
    else if (live) {
      const journey = facts.journey(sub.productId);
      const planId = journey ? planAfterEnd({ journey, action: sub.endAction, endedPlanId: sub.planId, otherLiveNonTrial: false }) : null;
      if (planId) then = `${facts.planName(planId)} (the product's downgrade plan)`;
    }
  }

  return {
    subscriptionId: sub.id,
    planId: sub.planId,
    planName: facts.planName(sub.planId),
    productId: sub.productId,
    resourceId: sub.resourceId,
    status: sub.status,
    phases,
    moments,
    then,
  };
}

/** The timeline of a customer's subscriptions (oldest start first) around now. */
export function buildTimeline(subscriptions: SubscriptionRow[], schedules: Map<string, ScheduleRow[]>, facts: TimelineFacts, nowMs: number): Timeline {
  const rows = subscriptions.map((s) => rowOf(s, subscriptions, schedules.get(s.id) ?? [], facts, nowMs));
  const instants = [nowMs, ...rows.flatMap((r) => [...r.phases.flatMap((p) => [p.fromMs, ...(p.toMs === null ? [] : [p.toMs])]), ...r.moments.map((m) => m.atMs)])];
  let fromMs = Math.min(...instants);
  let toMs = Math.max(...instants);
  const span = Math.max(toMs - fromMs, 14 * DAY);
  fromMs -= span * 0.03;
  toMs += span * 0.08;
  return { fromMs, toMs, nowMs, rows };
}
