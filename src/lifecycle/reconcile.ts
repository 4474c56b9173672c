/**
 * The reconcile: what time made due (subscriptions' transitions, promotional grants' expiries and
 * notices, recurring credit grants), applied earliest first across the environment, each at its own
 * instant; and the next transition the clock will reach.
 */
import type { SubscriptionRow } from '../catalog/catalog-service.js';
import type { Db, Sqlite } from '../db/open-database.js';
import { keptWhileUnwritten } from '../db/write-stamp.js';
import { earliestDueAt, promotionRepo, subscriptionRepo, type PromotionRow } from '../db/repositories/subscriptions.js';
import type { Environment } from '../environments/environment.js';
import { EmulatorError } from '../errors.js';
import { instantInBounds, iso } from '../time.js';
import { applyCreditSchedule, creditSchedules } from '../credits/credit-entitlements.js';
import type { CreditScheduleRow } from '../db/repositories/credits.js';
import {
  transitionsAhead,
  compareTransitions,
  type Transition,
} from '../subscriptions/subscription-rules.js';
import { connectionCache } from '../db/connection-caches.js';
import { reconcileCreditExpiries } from './credit-expiries.js';
import { isPaid, refreshDue, type AppliedTransition } from '../subscriptions/subscription-writes.js';
import { expirePromotion, announcePromotionEnd, applyTransition } from './transitions.js';

/** At most this many transitions per reconcile (a runaway guard; a year of daily trials is far below it). */
const MAX_TRANSITIONS = 1_000_000;

type Due =
  | { kind: 'subscription'; sub: SubscriptionRow; t: Transition }
  | { kind: 'promotion'; grant: PromotionRow; atMs: number }
  | { kind: 'credit'; schedule: CreditScheduleRow; atMs: number }
  | { kind: 'promotionNotice'; grant: PromotionRow; atMs: number };
const dueAt = (d: Due): number => (d.kind === 'subscription' ? d.t.atMs : d.atMs);
/** At one instant: subscription transitions, then promotional expiries, then recurring credit grants, then ends-soon notices. */
const KIND_RANK: Record<Due['kind'], number> = { subscription: 0, promotion: 1, credit: 2, promotionNotice: 3 };
const compareDue = (a: Due, b: Due): number =>
  dueAt(a) - dueAt(b) || KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.kind === 'subscription' && b.kind === 'subscription' ? compareTransitions(a.t, b.t) : 0);

/**
 * The transitions due at the earliest due instant (at or before `nowMs`), in the order they apply:
 * one instant's subscriptions by kind, else the first of its promotional expiries, recurring credit
 * grants and promotional ends-soon notices.
 */
function dueBatch(db: Db, nowMs: number): Due[] {
  const at = iso(nowMs);
  const first = subscriptionRepo.nextDue(db);
  const subMs = first?.nextDueAt ? Date.parse(first.nextDueAt) : null;
  const grant = promotionRepo.due(db, at);
  const credit = creditSchedules.due(db, at);
  const notice = promotionRepo.noticeDue(db, at);
  const singles: Due[] = [
    ...(grant ? [{ kind: 'promotion' as const, grant, atMs: Date.parse(grant.endDate!) }] : []),
    ...(credit ? [{ kind: 'credit' as const, schedule: credit, atMs: Date.parse(credit.nextGrantAt) }] : []),
    ...(notice ? [{ kind: 'promotionNotice' as const, grant: notice, atMs: Date.parse(notice.noticeAt!) }] : []),
  ].sort(compareDue);
  const single = singles[0];
  if (subMs === null || subMs > nowMs || (single && dueAt(single) < subMs)) return single ? [single] : [];
  const batch: Due[] = [];
  for (const sub of subscriptionRepo.dueAt(db, first!.nextDueAt!)) {
    const t = transitionsAhead(sub, isPaid(db, sub))[0];
    if (!t || t.atMs !== subMs) {
      refreshDue(db, sub.id); // a stale next-due instant
      continue;
    }
    batch.push({ kind: 'subscription', sub, t });
  }
  return batch.sort(compareDue);
}

/**
 * Apply every transition due at or before `nowMs`, earliest first across the environment, each
 * dated at its own instant. Idempotent: a second call at the same instant applies nothing.
 */
export function reconcileDue(db: Db, nowMs: number, limit?: number): AppliedTransition[] {
  const applied: AppliedTransition[] = [];
  const perEntity = new Map<string, number>();
  let steps = 0;
  for (;;) {
    const batch = dueBatch(db, nowMs);
    if (batch.length === 0) {
      // nothing left, or only stale next-due instants that dueBatch just moved forward
      const at = iso(nowMs);
      if (!subscriptionRepo.anyDue(db, at) && !promotionRepo.due(db, at) && !creditSchedules.due(db, at) && !promotionRepo.noticeDue(db, at)) break;
      continue;
    }
    // renewals and notices change only their own subscription: the rest may change others, so
    // those are read again before they apply
    let othersChanged = false;
    for (const due of batch) {
      if (limit !== undefined) {
        // per subscription, promotional grant or credit schedule: a seeded tenant of thousands of
        // subscriptions still moves a month at once, one subscription cannot renew for millennia
        const key = dueKey(due);
        const count = (perEntity.get(key) ?? 0) + 1;
        if (count > limit) throw new TransitionLimitError(limit, due);
        perEntity.set(key, count);
      }
      if (++steps > MAX_TRANSITIONS) throw new EmulatorError('UnexpectedError', `reconcile stopped after ${MAX_TRANSITIONS} transitions`);
      if (due.kind === 'promotion') {
        expirePromotion(db, due.grant, due.atMs, applied);
        continue;
      }
      if (due.kind === 'promotionNotice') {
        announcePromotionEnd(db, due.grant, due.atMs, applied);
        continue;
      }
      if (due.kind === 'credit') {
        const granted = applyCreditSchedule(db, due.schedule);
        if (granted) {
          applied.push({ at: granted.at, type: 'credits.granted', customerId: granted.customerId, subscriptionId: granted.subscriptionId, from: null, to: `${granted.granted} ${granted.currencyId}` });
        }
        continue;
      }
      let { sub, t } = due;
      if (othersChanged) {
        const fresh = subscriptionRepo.get(db, sub.id);
        const next = fresh ? transitionsAhead(fresh, isPaid(db, fresh))[0] : undefined;
        if (!fresh || !next || next.atMs !== t.atMs || next.kind !== t.kind) continue; // picked up by the next batch
        sub = fresh;
        t = next;
      }
      applyTransition(db, sub, t, applied);
      if (t.kind !== 'RENEWAL' && t.kind !== 'NOTICE') othersChanged = true;
    }
  }
  return applied;
}

/** What a transition belongs to, for the clock move's limit: a subscription, a promotional grant or a credit schedule. */
const dueKey = (d: Due): string =>
  d.kind === 'subscription'
    ? `subscription:${d.sub.id}`
    : d.kind === 'credit'
      ? `credit:${d.schedule.subscriptionId}:${d.schedule.currencyId}`
      : `promotion:${d.grant.customerId}:${d.grant.featureId}`;

/** A clock move would apply more than its limit of transitions to one entity: the transaction rolls back. */
export class TransitionLimitError extends Error {
  readonly atMs: number;
  constructor(
    readonly limit: number,
    due: Due,
  ) {
    super(`more than ${limit} transitions due`);
    this.atMs = dueAt(due);
  }
}

/**
 * The environment's reconcile: nothing to do costs two indexed lookups; otherwise one transaction.
 * With a `limit` (a clock move), more transitions than that for one subscription, promotional grant or
 * credit schedule throw TransitionLimitError and apply nothing.
 */
export function reconcileEnvironment(env: Environment, nowMs: number, limit?: number): AppliedTransition[] {
  if (nothingDueBy(env, nowMs)) return [];
  return env.transaction((db) => reconcileDue(db, nowMs, limit));
}

/** The earliest due instant of a connection (ISO text, and its epoch milliseconds), as of the write stamp of the tables it is read from (nothing written there since: still the earliest). */
const earliestDue = connectionCache<Sqlite, { stamp: number; value: { at: string | null; atMs: number } }>();

/** The tables earliestDueAt reads. */
const DUE_TABLES = ['subscriptions', 'promotional_entitlements', 'credit_schedules'] as const;

/**
 * Whether nothing is due at `nowMs`: answered from the earliest due instant remembered per
 * connection until the next write to the tables it comes from, so a request after a write that
 * moves no due instant (a usage report) reads nothing either. Inside a transaction (what it reads
 * may be rolled back) it asks SQLite. The instants are compared as their ISO texts are.
 */
function nothingDueBy(env: Environment, nowMs: number): boolean {
  const sqlite = env.sqlite;
  // an instant iso does not write is refused (iso throws), as ever
  if (!instantInBounds(nowMs) || sqlite.inTransaction) {
    const at = iso(nowMs);
    return !subscriptionRepo.anyDue(env.db, at) && !promotionRepo.due(env.db, at) && !creditSchedules.due(env.db, at);
  }
  const known = keptWhileUnwritten(earliestDue, sqlite, 'due', DUE_TABLES, () => {
    const at = earliestDueAt(env.db);
    return { at, atMs: at === null ? NaN : Date.parse(at) };
  });
  if (known.at === null) return true;
  return instantInBounds(known.atMs) ? nowMs < known.atMs : iso(nowMs) < known.at;
}

/** The next transition time will apply (the clock's `nextDue`), or null. */
export function nextTransition(db: Db): { at: string; kind: string; customerId: string; subscriptionId: string | null; featureId?: string } | null {
  const next = nextSubscriptionOrPromotion(db);
  const credit = creditSchedules.next(db);
  if (credit && (!next || Date.parse(credit.nextGrantAt) < Date.parse(next.at))) {
    const sub = subscriptionRepo.get(db, credit.subscriptionId);
    return { at: credit.nextGrantAt, kind: 'credits.granted', customerId: sub?.customerId ?? '', subscriptionId: credit.subscriptionId };
  }
  return next;
}

function nextSubscriptionOrPromotion(db: Db): { at: string; kind: string; customerId: string; subscriptionId: string | null; featureId?: string } | null {
  const sub = subscriptionRepo.nextDue(db);
  const t = sub ? transitionsAhead(sub, isPaid(db, sub))[0] : undefined;
  const grant = promotionRepo.next(db);
  const grantMs = grant?.endDate ? Date.parse(grant.endDate) : null;
  if (sub && t && (grantMs === null || t.atMs <= grantMs)) {
    const kinds: Record<string, string> = {
      END: sub.endReason === 'Expired' ? 'subscription.expired' : 'subscription.canceled',
      START: 'subscription.started',
      SCHEDULE: 'subscription.schedule_applied',
      TRIAL_END: 'subscription.trial_end',
      RENEWAL: 'subscription.renewed',
      NOTICE: sub.status === 'IN_TRIAL' ? 'subscription.trial.ends_soon' : 'subscription.billing_month.ends_soon',
    };
    return { at: iso(t.atMs), kind: kinds[t.kind]!, customerId: sub.customerId, subscriptionId: sub.id };
  }
  if (grant && grantMs !== null) return { at: iso(grantMs), kind: 'promotionalEntitlement.expired', customerId: grant.customerId, subscriptionId: null, featureId: grant.featureId };
  return null;
}

/** The environment's reconciler: what time applies (subscriptions, promotions, recurring credits), then the credit grants' expiries. */
export const reconcileAll = (env: Environment, nowMs: number, limit?: number): { at: string; type: string }[] => [
  ...reconcileEnvironment(env, nowMs, limit),
  ...reconcileCreditExpiries(env, nowMs),
];
