/**
 * Governance: check and ingest, and the budget views, of one environment (the management of entity
 * types, capabilities, entities and budgets is governance-management.ts). Commands run in one transaction each (better-sqlite3
 * is synchronous, so a command never interleaves with another); "now" is read from the
 * environment clock once per request by the caller and passed in.
 */
import { checkedSum } from '../amounts.js';
import { connectionCache } from '../db/connection-caches.js';
import type { Db, Sqlite } from '../db/open-database.js';
import { tableWriteStamp } from '../db/write-stamp.js';
import type { Environment } from '../environments/environment.js';
import { EmulatorError } from '../errors.js';
import {
  budgetAllows,
  budgetApplies,
  compareBudgets,
  decide,
  governedNodes,
  matchDimensions,
  periodKey,
  periodOf,
  utilizationOf,
  type BudgetEvaluation,
  type Period,
} from './governance-rules.js';
import { checkReads, directReads, govStore, type AssignmentRow, type CheckReads, type EntityRow } from './governance-store.js';

export type { AssignmentRow, CapabilityRow, EntityRow, EntityTypeRow } from './governance-store.js';

// ------------------------------------------------------------------ errors

export const ownerNotFound = (ownerId: string) =>
  new EmulatorError('CustomerNotFound', `owner not found: ${ownerId} (the owner of a governance tree is a customer of the environment)`, 404, { id: ownerId });

export const entityNotFound = (ownerId: string, id: string, why = '') =>
  new EmulatorError('NotFound', `governance entity not found: ${id} (owner ${ownerId})${why}`, 404, { id });

// ------------------------------------------------------------------ inputs and results

export interface Resolution {
  entityIds?: string[];
  dimensions?: Record<string, string>;
}

export interface CheckInput extends Resolution {
  capabilityId: string;
  /** null: "is any budget left?" (currentUsage < usageLimit) */
  requestedAmount: number | null;
}

export interface IngestEvent extends Resolution {
  capabilityId: string;
  amount: number;
  idempotencyKey?: string;
  /** epoch ms of the consumption; later than now counts as now */
  timestampMs?: number;
}

export interface Evaluation extends BudgetEvaluation {
  entityTypeId: string;
  requestedAmount: number | null;
}

export interface CheckResult {
  hasAccess: boolean;
  /** the entities the request resolved to (before the hierarchy walk) */
  resolved: string[];
  /** the resolved entities and their ancestors */
  nodes: string[];
  entities: Map<string, EntityRow>;
  evaluations: Evaluation[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

// ------------------------------------------------------------------ resolution

interface Resolved {
  resolved: string[];
  nodes: string[];
  /** the resolved set scoped budgets are matched against: the resolved entities and their ancestors */
  resolvedSet: Set<string>;
  entities: Map<string, EntityRow>;
}

export function assertOwner(db: Db, ownerId: string, reads: CheckReads = directReads): void {
  if (!reads.customerExists(db, ownerId)) throw ownerNotFound(ownerId);
}

/** Whether an owner (a customer of the environment) exists. */
export function ownerExists(env: Environment, ownerId: string): boolean {
  return govStore.customerExists(env.db, ownerId);
}

function resolve(db: Db, ownerId: string, input: Resolution, reads: CheckReads = directReads): Resolved {
  const entities = new Map<string, EntityRow>();
  const missing = new Set<string>();
  const load = (id: string): EntityRow | undefined => {
    const cached = entities.get(id);
    if (cached || missing.has(id)) return cached;
    const row = reads.entity(db, ownerId, id);
    if (row) entities.set(id, row);
    else missing.add(id);
    return row;
  };

  const resolved: string[] = [];
  if (input.entityIds) {
    for (const id of new Set(input.entityIds)) {
      const row = load(id);
      if (!row) throw entityNotFound(ownerId, id);
      if (row.archivedAt) throw entityNotFound(ownerId, id, ': it is archived');
      resolved.push(id);
    }
  } else {
    const matches = matchDimensions(input.dimensions ?? {}, reads.entityTypes(db));
    for (const m of matches) {
      const row = load(m.value);
      const fits = row !== undefined && row.archivedAt === null && m.typeIds.includes(row.entityTypeId);
      if (!fits) {
        // an unknown value of a dimensional type (a model nobody budgets) resolves nothing
        if (m.dimensionalOnly) continue;
        throw entityNotFound(ownerId, m.value, ` for dimension ${m.key} (entity type ${m.typeIds.join(' or ')})`);
      }
      if (!resolved.includes(row.id)) resolved.push(row.id);
    }
    if (resolved.length === 0) {
      throw new EmulatorError('NotFound', `dimensions ${JSON.stringify(input.dimensions)} resolve no governance entity of owner ${ownerId}`, 404);
    }
  }
  const nodes = governedNodes(resolved, (id) => load(id)?.parentId ?? null);
  return { resolved, nodes, resolvedSet: new Set(nodes), entities };
}

/** Every budget that applies to a resolved request, nearest entity first, node-wide before scoped. */
function applicableBudgets(db: Db, ownerId: string, capabilityId: string, r: Resolved, reads: CheckReads = directReads): AssignmentRow[] {
  const out: AssignmentRow[] = [];
  for (const node of r.nodes) {
    const budgets = reads.budgetsOf(db, ownerId, node, capabilityId);
    if (budgets.length === 0) continue;
    if (budgets.length > 1) budgets.sort(compareBudgets);
    for (const b of budgets) if (budgetApplies(b.scopeEntityIds, r.resolvedSet)) out.push(b);
  }
  return out;
}

// ------------------------------------------------------------------ check and ingest

/** Check: a gate decision over every applying budget. Reads only: never changes state (E112). */
export function check(env: Environment, ownerId: string, input: CheckInput, nowMs: number): CheckResult {
  const db = env.db;
  // reads only, remembered until the next write on the connection
  const reads = checkReads(env.sqlite);
  // what the request resolves to and the budgets that apply, remembered as a whole (a failed resolution is not)
  const key = `p\u0000${ownerId}\u0000${inputKeyOf(input)}`;
  // the same decision until the next write, while "now" stays within every budget's current period
  const resultKey = `${key}\u0000${input.requestedAmount}`;
  const kept = reads.recall(resultKey) as KeptResult | undefined;
  if (kept && nowMs >= kept.fromMs && nowMs < kept.untilMs) return kept.result;
  const { r, budgets } = reads.remember(key, () => {
    assertOwner(db, ownerId, reads);
    const resolved = resolve(db, ownerId, input, reads);
    return { r: resolved, budgets: applicableBudgets(db, ownerId, input.capabilityId, resolved, reads) };
  });
  const evaluations: Evaluation[] = budgets.map((budget) => {
    const { period, currentUsage } = budgetView(db, budget, nowMs, reads);
    return {
      budget,
      period,
      currentUsage,
      requestedAmount: input.requestedAmount,
      hasAccess: budgetAllows(currentUsage, input.requestedAmount, budget.usageLimit),
      entityTypeId: r.entities.get(budget.entityId)?.entityTypeId ?? '',
    };
  });
  const result: CheckResult = { hasAccess: decide(evaluations), resolved: r.resolved, nodes: r.nodes, entities: r.entities, evaluations };
  let fromMs = -Infinity;
  let untilMs = Infinity;
  for (const e of evaluations) {
    fromMs = Math.max(fromMs, e.period.start);
    untilMs = Math.min(untilMs, e.period.end);
  }
  reads.keep(resultKey, { fromMs, untilMs, result } satisfies KeptResult);
  return result;
}

/** What a check's input contributes to its cache key, made once per input object (inputs are not changed once made). */
const inputKeys = new WeakMap<CheckInput, string>();
function inputKeyOf(input: CheckInput): string {
  let key = inputKeys.get(input);
  if (key === undefined) {
    key = `${input.capabilityId}\u0000${JSON.stringify(input.entityIds ?? null)}\u0000${JSON.stringify(input.dimensions ?? null)}`;
    inputKeys.set(input, key);
  }
  return key;
}

/** A check's result and the instants it holds for (each budget's period contains every instant of [fromMs, untilMs)). */
interface KeptResult {
  fromMs: number;
  untilMs: number;
  result: CheckResult;
}

/**
 * Ingest: count each event against every applying budget of the resolved entities and their
 * ancestors, in the period that contains the event's time. Never gates (E113). One transaction:
 * an invalid event fails the whole request and nothing is counted; a repeated idempotency key of
 * the owner counts once (E114).
 */
export function ingest(env: Environment, ownerId: string, events: IngestEvent[], nowMs: number): IngestResult {
  const sqlite = env.sqlite;
  const plans = ingestPlans(sqlite);
  plans.freshen();
  return env.transaction(() => {
    const db = env.db;
    plans.remember(`o\u0000${ownerId}`, () => assertOwner(db, ownerId));
    let accepted = 0;
    let duplicates = 0;
    for (const event of events) {
      const targets = plans.remember(`p\u0000${ownerId}\u0000${ingestKeyOf(event)}`, () => ingestTargets(db, ownerId, event));
      if (event.idempotencyKey !== undefined) {
        if (!govStore.claimIdempotencyKey(sqlite, ownerId, event.idempotencyKey, nowMs)) {
          duplicates += 1;
          continue;
        }
      }
      accepted += 1;
      if (event.amount === 0) continue;
      const atMs = event.timestampMs === undefined ? nowMs : Math.min(event.timestampMs, nowMs);
      for (const target of targets) {
        // a budget counts only what happens from its creation on
        if (atMs < target.anchorMs) continue;
        const period = periodKeyOf(target, atMs);
        // refuse (and roll back) an ingest that would take a budget's usage past MAX_AMOUNT
        checkedSum(`usage of budget ${target.budget.id}`, govStore.usage(db, target.budget.id, period), event.amount);
        govStore.addUsage(sqlite, target.budget.id, period, event.amount, nowMs);
      }
    }
    return { accepted, duplicates };
  });
}

/** A budget an ingest counts against, with the period it last counted in. */
interface IngestTarget {
  budget: AssignmentRow;
  anchorMs: number;
  last: { start: number; end: number; key: string } | null;
}

function ingestTargets(db: Db, ownerId: string, event: IngestEvent): IngestTarget[] {
  const r = resolve(db, ownerId, event);
  return applicableBudgets(db, ownerId, event.capabilityId, r).map((budget) => ({ budget, anchorMs: Date.parse(budget.anchorAt), last: null }));
}

/** The key of the period of `target` that contains `atMs` (periods tile time: the last one is kept). */
function periodKeyOf(target: IngestTarget, atMs: number): string {
  const last = target.last;
  if (last && atMs >= last.start && atMs < last.end) return last.key;
  const period = periodOf(target.anchorMs, target.budget.cadence, atMs);
  target.last = { start: period.start, end: period.end, key: periodKey(period) };
  return target.last.key;
}

/** What an ingest event contributes to its plan's key, made once per event object (events are not changed once made). */
const ingestKeys = new WeakMap<IngestEvent, string>();
function ingestKeyOf(event: IngestEvent): string {
  let key = ingestKeys.get(event);
  if (key === undefined) {
    key = `${event.capabilityId}\u0000${JSON.stringify(event.entityIds ?? null)}\u0000${JSON.stringify(event.dimensions ?? null)}`;
    ingestKeys.set(event, key);
  }
  return key;
}

/** The tables an ingest reads before it writes (the owner, its entities and their types, the budgets). */
const INGEST_READ_TABLES = ['customers', 'gov_entity_types', 'gov_capabilities', 'gov_entities', 'gov_assignments'] as const;

/**
 * What ingests read before they write (the owner, the entities an event resolves to, the budgets
 * that apply), remembered per connection until the next write to the tables it is read from (their
 * table write stamp, src/db/write-stamp.ts, counted in memory). An ingest only writes usage and
 * idempotency keys, which none of it depends on, so ingests keep it.
 */
interface IngestPlans {
  /** before the ingest's transaction: forget what older stamps of the tables read */
  freshen(): void;
  remember<T>(key: string, read: () => T): T;
}

const ingestPlanCaches = connectionCache<Sqlite, IngestPlans>();
const MAX_INGEST_PLANS = 10_000;

function ingestPlans(sqlite: Sqlite): IngestPlans {
  let plans = ingestPlanCaches.get(sqlite);
  if (plans) return plans;
  const entries = new Map<string, unknown>();
  let stamp: number | null = null;
  plans = {
    freshen() {
      const current = tableWriteStamp(sqlite, 'governance-ingest', INGEST_READ_TABLES);
      if (current === null || current !== stamp || entries.size > MAX_INGEST_PLANS) {
        entries.clear();
        stamp = current;
      }
    },
    remember<T>(key: string, read: () => T): T {
      if (stamp === null) return read();
      if (entries.has(key)) return entries.get(key) as T;
      const value = read();
      entries.set(key, value);
      return value;
    },
  };
  ingestPlanCaches.set(sqlite, plans);
  return plans;
}

// ------------------------------------------------------------------ budget views

export interface BudgetView {
  assignment: AssignmentRow;
  period: Period;
  currentUsage: number;
  utilization: number | null;
}

export function budgetView(db: Db, assignment: AssignmentRow, nowMs: number, reads: CheckReads = directReads): BudgetView {
  const period = periodOf(Date.parse(assignment.anchorAt), assignment.cadence, nowMs);
  const currentUsage = reads.usage(db, assignment.id, periodKey(period));
  return { assignment, period, currentUsage, utilization: utilizationOf(currentUsage, assignment.usageLimit) };
}
