/**
 * Governance rules: pure functions of stored facts, the request and "now". No database, no clock.
 *
 * - the hierarchy walk (an entity and every ancestor),
 * - dimension resolution through the entity types' attributionKeys,
 * - which budgets apply (node-wide always; scoped when every scope entity is in the resolved set),
 * - budget arithmetic (`currentUsage + requested <= usageLimit`),
 * - budget periods (from the budget's anchor, every cadence, on the environment clock).
 */
import type { Duration } from 'luxon';
import { badInput } from '../errors.js';
import { iso, parseIsoDuration, periodContaining } from '../time.js';

export const MAX_IDS_PER_REQUEST = 100;
export const MAX_ITEMS_PER_UPSERT = 100;
export const MAX_EVENTS_PER_INGEST = 1000;

export type EntityRole = 'hierarchical' | 'dimensional';

export interface EntityTypeFact {
  id: string;
  attributionKeys: string[];
  role: string;
}

export interface EntityFact {
  id: string;
  entityTypeId: string;
  parentId: string | null;
  archivedAt: string | null;
}

export interface BudgetFact {
  id: string;
  entityId: string;
  capabilityId: string;
  scopeKey: string;
  scopeEntityIds: string[];
  usageLimit: number | null;
  cadence: string;
  anchorAt: string;
}

export interface Period {
  start: number;
  end: number;
}

// ------------------------------------------------------------------ ids and scopes

/** Entity ids: 1-255 characters, no whitespace and no comma (scope keys are comma-joined). */
export const GOV_ID_PATTERN = /^[^\s,]{1,255}$/;

/** The natural-key form of a scope: sorted, de-duplicated ids, comma-joined ('' = node-wide). */
export function scopeOf(ids: readonly string[] | null | undefined): { scope: string[]; scopeKey: string } {
  const scope = [...new Set(ids ?? [])].sort();
  return { scope, scopeKey: scope.join(',') };
}

// ------------------------------------------------------------------ hierarchy

/**
 * The entity and its ancestors, nearest first. `parentOf` answers an entity's parent id (null at
 * a root). A cycle (which the service never stores) stops the walk instead of looping.
 */
export function lineageOf(entityId: string, parentOf: (id: string) => string | null): string[] {
  const out = [entityId];
  const seen = new Set(out);
  let cursor = parentOf(entityId);
  while (cursor !== null && !seen.has(cursor)) {
    out.push(cursor);
    seen.add(cursor);
    cursor = parentOf(cursor);
  }
  return out;
}

/**
 * The governed nodes of a request: each resolved entity followed by its ancestors, in request
 * order, each node once.
 */
export function governedNodes(resolved: readonly string[], parentOf: (id: string) => string | null): string[] {
  const nodes: string[] = [];
  const seen = new Set<string>();
  for (const id of resolved) {
    for (const node of lineageOf(id, parentOf)) {
      if (!seen.has(node)) {
        seen.add(node);
        nodes.push(node);
      }
    }
  }
  return nodes;
}

/**
 * Whether moving `entityId` under `newParentId` would create a cycle: true when the new parent
 * is the entity itself or one of its descendants (found by walking up from the new parent).
 */
export function wouldCycle(entityId: string, newParentId: string, parentOf: (id: string) => string | null): boolean {
  return lineageOf(newParentId, parentOf).includes(entityId);
}

// ------------------------------------------------------------------ dimensions

export interface DimensionMatch {
  key: string;
  value: string;
  /** the entity types whose attributionKeys contain the key */
  typeIds: string[];
  /** true when every matching type is dimensional (an unknown value is then ignored) */
  dimensionalOnly: boolean;
}

/**
 * Dimension keys matched against the entity types' attributionKeys. Keys no type claims are
 * left out (events may carry other attributes); at least one key must match.
 */
export function matchDimensions(dimensions: Record<string, string>, types: readonly EntityTypeFact[]): DimensionMatch[] {
  const matches: DimensionMatch[] = [];
  for (const [key, value] of Object.entries(dimensions)) {
    const claiming = types.filter((t) => t.attributionKeys.includes(key));
    if (claiming.length === 0) continue;
    matches.push({ key, value, typeIds: claiming.map((t) => t.id), dimensionalOnly: claiming.every((t) => t.role === 'dimensional') });
  }
  if (matches.length === 0) {
    const known = [...new Set(types.flatMap((t) => t.attributionKeys))].sort();
    throw badInput(
      `dimensions ${JSON.stringify(Object.keys(dimensions))} match no entity type's attributionKeys` +
        (known.length > 0 ? ` (known keys: ${known.join(', ')})` : ' (no entity type declares attributionKeys)'),
    );
  }
  return matches;
}

// ------------------------------------------------------------------ budgets

/** E117: a node-wide budget always applies; a scoped one when every scope entity is in the resolved set. */
export function budgetApplies(scopeEntityIds: readonly string[], resolvedSet: ReadonlySet<string>): boolean {
  for (const id of scopeEntityIds) if (!resolvedSet.has(id)) return false;
  return true;
}

const EPSILON = 1e-9;

/**
 * E110/E111: a budget alone allows a request when `currentUsage + requested <= usageLimit` (no
 * limit: always). Without a requested amount (the REST beta's optional requestedUsage), it allows
 * while some budget is left: `currentUsage < usageLimit`.
 */
export function budgetAllows(currentUsage: number, requested: number | null, usageLimit: number | null): boolean {
  if (usageLimit === null) return true;
  if (requested === null) return currentUsage < usageLimit;
  // tolerate binary rounding of decimal amounts (0.1 + 0.2 <= 0.3)
  return currentUsage + requested <= usageLimit + EPSILON * Math.max(1, Math.abs(usageLimit));
}

/** Utilisation of a budget: usage / limit; a zero limit counts as fully used; no limit has none. */
export function utilizationOf(currentUsage: number, usageLimit: number | null): number | null {
  if (usageLimit === null) return null;
  if (usageLimit <= 0) return 1;
  return currentUsage / usageLimit;
}

/** Order of budgets on one node: node-wide first, then scoped ones by scope. */
export function compareBudgets(a: Pick<BudgetFact, 'scopeKey'>, b: Pick<BudgetFact, 'scopeKey'>): number {
  if (a.scopeKey === b.scopeKey) return 0;
  if (a.scopeKey === '') return -1;
  if (b.scopeKey === '') return 1;
  return a.scopeKey < b.scopeKey ? -1 : 1;
}

// ------------------------------------------------------------------ periods

interface CadenceInfo {
  duration: Duration;
  /** the fixed length in ms for cadences without calendar units (weeks, days and below: UTC has no DST) */
  fixedMs: number | null;
}

const cadenceCache = new Map<string, CadenceInfo>();

/** A cadence as an ISO-8601 duration (P1M, P7D, PT1H), or null when it is not a positive duration. */
export function parseCadence(cadence: string): CadenceInfo | null {
  const cached = cadenceCache.get(cadence);
  if (cached) return cached;
  if (!/^P/.test(cadence)) return null;
  const duration = parseIsoDuration(cadence);
  if (!duration) return null;
  const o = duration.toObject();
  const calendar = (o.years ?? 0) !== 0 || (o.quarters ?? 0) !== 0 || (o.months ?? 0) !== 0;
  const info: CadenceInfo = { duration, fixedMs: calendar ? null : duration.as('milliseconds') };
  if (cadenceCache.size < 1000) cadenceCache.set(cadence, info);
  return info;
}

export function assertCadence(cadence: string, field = 'cadence'): string {
  if (!parseCadence(cadence)) throw badInput(`${field} "${cadence}" must be a positive ISO-8601 duration such as P1M, P7D, P1D or PT1H`);
  return cadence;
}

/**
 * E116: the period of a budget that contains `atMs`. Periods start at the budget's anchor (its
 * creation) and roll every cadence; calendar cadences keep the anchor's day of month, clamped at
 * month ends (Jan 31 + P1M = Feb 28/29, + P2M = Mar 31). Before the anchor: the first period.
 */
export function periodOf(anchorMs: number, cadence: string, atMs: number): Period {
  const info = parseCadence(cadence);
  if (!info) throw new Error(`invalid stored cadence "${cadence}"`);
  if (info.fixedMs !== null) {
    const length = info.fixedMs;
    const index = atMs < anchorMs ? 0 : Math.floor((atMs - anchorMs) / length);
    const start = anchorMs + index * length;
    return { start, end: start + length };
  }
  // calendar arithmetic is the costly part of a check: remember the last period of each budget
  const key = `${anchorMs}|${cadence}`;
  const last = periodCache.get(key);
  if (last && atMs >= last.start && atMs < last.end && atMs >= anchorMs) return { start: last.start, end: last.end };
  const { start, end } = periodContaining(anchorMs, info.duration, atMs);
  if (periodCache.size >= 10_000) periodCache.clear();
  periodCache.set(key, { start, end });
  return { start, end };
}

const periodCache = new Map<string, Period>();

/** The counter key of a budget's period (its start as an ISO instant). */
export const periodKey = (period: Period): string => periodIso(period.start);

const isoCache = new Map<number, string>();

/**
 * A period bound as an ISO instant (what `iso` answers), remembered: a check writes the same few
 * bounds on every call, and formatting a date costs more than the rest of the check's arithmetic.
 */
export function periodIso(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    if (isoCache.size >= 10_000) isoCache.clear();
    text = iso(ms);
    isoCache.set(ms, text);
  }
  return text;
}

// ------------------------------------------------------------------ metadata

/**
 * E120: metadata patch semantics. Keys merge over the stored ones, "" (or null) deletes a key,
 * an omitted patch leaves the metadata unchanged.
 */
export function mergeMetadata(existing: Record<string, string>, patch: Record<string, string | null> | undefined): Record<string, string> {
  if (patch === undefined) return existing;
  const out: Record<string, string> = { ...existing };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === '') delete out[key];
    else out[key] = value;
  }
  return out;
}

// ------------------------------------------------------------------ the check

export interface BudgetEvaluation {
  budget: BudgetFact;
  period: Period;
  currentUsage: number;
  hasAccess: boolean;
}

/** The gate: every applying budget must allow the request; no budget anywhere allows it (opt-in, E106). */
export function decide(evaluations: readonly BudgetEvaluation[]): boolean {
  return evaluations.every((e) => e.hasAccess);
}

/** One link of a check's chain: an entity on the way up with one of its applying budgets, or with none. */
export interface ChainLink<E extends BudgetEvaluation> {
  entityId: string;
  /** null: the entity has no budget for the capability (no limit there) */
  evaluation: E | null;
}

/**
 * The chains of a check (E125a): one per resolved entity, the entity and its ancestors, each with
 * its applying budgets in check order (an entity without one appears once, unlimited). No budget
 * anywhere: no chains.
 */
export function checkChains<E extends BudgetEvaluation>(
  resolved: readonly string[],
  parentOf: (id: string) => string | null,
  evaluations: readonly E[],
): ChainLink<E>[][] {
  if (evaluations.length === 0) return [];
  const byEntity = new Map<string, E[]>();
  for (const e of evaluations) byEntity.set(e.budget.entityId, [...(byEntity.get(e.budget.entityId) ?? []), e]);
  return resolved.map((entityId) =>
    lineageOf(entityId, parentOf).flatMap((node): ChainLink<E>[] => {
      const own = byEntity.get(node);
      return own ? own.map((evaluation) => ({ entityId: node, evaluation })) : [{ entityId: node, evaluation: null }];
    }),
  );
}

// ------------------------------------------------------------------ the governance listing

export const LISTING_SORT_KEYS = ['utilization', 'currentUsage', 'usageLimit', 'scopeSize', 'id', 'createdAt'] as const;
export type ListingSortKey = (typeof LISTING_SORT_KEYS)[number];

/** What the governance listing filters and sorts on: an entity, or one budget of it. */
export interface ListingRow {
  entityId: string;
  displayName: string | null;
  entityTypeId: string;
  scopeEntityIds: readonly string[];
  usageLimit: number | null;
  currentUsage: number | null;
  utilization: number | null;
  createdAt: string;
}

export interface ListingQuery {
  /** empty: every type */
  entityTypeIds: readonly string[];
  /** a case-insensitive part of the entity id or display name */
  search?: string;
  scope: 'all' | 'nodeWide' | 'scoped';
  minUtilization?: number;
  sortBy: ListingSortKey;
  order: 'asc' | 'desc';
}

/**
 * The governance listing (REST beta): the rows of the given entity types that match the search,
 * are of the scope kind and at or above the utilisation, sorted by the key; rows without a value
 * (no budget) come last in either order, ties keep tree order.
 */
export function governanceListing<R extends ListingRow>(rows: readonly R[], q: ListingQuery): R[] {
  const search = q.search?.toLowerCase();
  const min = q.minUtilization;
  const value = (r: R): number | string | null =>
    q.sortBy === 'scopeSize' ? r.scopeEntityIds.length : q.sortBy === 'id' ? r.entityId : q.sortBy === 'createdAt' ? r.createdAt : r[q.sortBy];
  const sign = q.order === 'asc' ? 1 : -1;
  return rows
    .filter(
      (r) =>
        (q.entityTypeIds.length === 0 || q.entityTypeIds.includes(r.entityTypeId)) &&
        (search === undefined || r.entityId.toLowerCase().includes(search) || (r.displayName ?? '').toLowerCase().includes(search)) &&
        (q.scope === 'all' || (q.scope === 'nodeWide') === (r.scopeEntityIds.length === 0)) &&
        (min === undefined || (r.utilization !== null && r.utilization >= min - EPSILON_UTILIZATION)),
    )
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === vb) return 0; // a stable sort: ties keep tree order
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * sign;
    });
}

const EPSILON_UTILIZATION = 1e-9;

/** Cursor paging over a sorted list by item key: `after`/`before` name the key of an item. */
export function pageOf<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { after?: string; before?: string; limit: number },
): { page: T[]; next: string | null; prev: string | null } {
  let from = 0;
  let to = items.length;
  if (options.after !== undefined) {
    const i = items.findIndex((x) => keyOf(x) === options.after);
    if (i < 0) throw badInput(`unknown cursor after="${options.after}"`);
    from = i + 1;
  }
  if (options.before !== undefined) {
    const i = items.findIndex((x) => keyOf(x) === options.before);
    if (i < 0) throw badInput(`unknown cursor before="${options.before}"`);
    to = i;
  }
  let page: T[];
  if (options.before !== undefined && options.after === undefined) {
    const start = Math.max(from, to - options.limit);
    page = items.slice(start, to);
    from = start;
  } else {
    page = items.slice(from, Math.min(to, from + options.limit));
  }
  const last = from + page.length;
  return {
    page,
    next: page.length > 0 && last < items.length ? keyOf(page[page.length - 1]!) : null,
    prev: page.length > 0 && from > 0 ? keyOf(page[0]!) : null,
  };
}
