/**
 * Stigg's list queries (nestjs-query style): `filter` with field comparisons and and/or, `sorting`,
 * and cursor `paging` into a connection { edges { cursor node } pageInfo totalCount }.
 * Pure functions over in-memory rows; cursors are opaque offsets into the filtered, sorted list.
 */
import { badInput } from '../errors.js';

export type FieldGetter<T> = (row: T, field: string) => unknown;

export interface CursorPaging {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface SortSpec {
  field: string;
  direction: 'ASC' | 'DESC' | string;
  nulls?: 'NULLS_FIRST' | 'NULLS_LAST' | string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { startCursor: string | null; endCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean };
  totalCount: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Comparable form of a value: dates (Date or ISO text) as epoch ms, everything else as is. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && ISO_DATE.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  return value;
}

function compare(a: unknown, b: unknown): number {
  const x = comparable(a);
  const y = comparable(b);
  if (x === y) return 0;
  if (x === null || x === undefined) return -1;
  if (y === null || y === undefined) return 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

const equal = (a: unknown, b: unknown) => compare(a, b) === 0 && (a === null || a === undefined) === (b === null || b === undefined);

function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

/** One field comparison ({ eq, neq, in, notIn, gt, gte, lt, lte, is, isNot, like, iLike, ... }). */
export function matchesComparison(value: unknown, comparison: Record<string, unknown>): boolean {
  for (const [op, operand] of Object.entries(comparison)) {
    if (operand === undefined) continue;
    switch (op) {
      case 'eq':
        if (!equal(value, operand)) return false;
        break;
      case 'neq':
        if (equal(value, operand)) return false;
        break;
      case 'gt':
        if (value === null || value === undefined || compare(value, operand) <= 0) return false;
        break;
      case 'gte':
        if (value === null || value === undefined || compare(value, operand) < 0) return false;
        break;
      case 'lt':
        if (value === null || value === undefined || compare(value, operand) >= 0) return false;
        break;
      case 'lte':
        if (value === null || value === undefined || compare(value, operand) > 0) return false;
        break;
      case 'in':
        if (!(operand as unknown[]).some((o) => equal(value, o))) return false;
        break;
      case 'notIn':
        if ((operand as unknown[]).some((o) => equal(value, o))) return false;
        break;
      case 'is':
        // is: null -> IS NULL; is: true/false -> IS TRUE/FALSE
        if (operand === null ? value !== null && value !== undefined : value !== operand) return false;
        break;
      case 'isNot':
        if (operand === null ? value === null || value === undefined : value === operand) return false;
        break;
      case 'like':
      case 'iLike':
      case 'notLike':
      case 'notILike': {
        if (operand === null) break;
        const matched = typeof value === 'string' && likeToRegExp(String(operand), op === 'iLike' || op === 'notILike').test(value);
        if (op.startsWith('not') ? matched : !matched) return false;
        break;
      }
      case 'between':
      case 'notBetween': {
        const { lower, upper } = operand as { lower: unknown; upper: unknown };
        const inside = value !== null && value !== undefined && compare(value, lower) >= 0 && compare(value, upper) <= 0;
        if (op === 'between' ? !inside : inside) return false;
        break;
      }
      default:
        throw badInput(`unsupported filter operator "${op}"`, { field: op });
    }
  }
  return true;
}

/**
 * The rows a relation filter key (`plan`, `customer`, `addons`, ...) reaches from a row, with their
 * own field getter (and relations); undefined when the key is a plain field. A relation filter
 * holds when at least one related row matches it (no related row: it does not hold).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RelationGetter<T> = (row: T, key: string) => { rows: unknown[]; get: FieldGetter<any>; relation?: RelationGetter<any> } | undefined;

/** A nestjs-query filter: every field comparison must hold; `and`/`or` combine sub-filters. */
export function matchesFilter<T>(
  row: T,
  filter: Record<string, unknown> | null | undefined,
  get: FieldGetter<T>,
  relation?: RelationGetter<T>,
): boolean {
  if (!filter) return true;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and') {
      if (!(value as Record<string, unknown>[]).every((f) => matchesFilter(row, f, get, relation))) return false;
    } else if (key === 'or') {
      const alternatives = value as Record<string, unknown>[];
      if (alternatives.length > 0 && !alternatives.some((f) => matchesFilter(row, f, get, relation))) return false;
    } else {
      const related = relation?.(row, key);
      if (related) {
        if (!related.rows.some((r) => matchesFilter(r, value as Record<string, unknown>, related.get, related.relation))) return false;
      } else if (!matchesComparison(get(row, key), value as Record<string, unknown>)) {
        return false;
      }
    }
  }
  return true;
}

/** Sort by each spec in turn (stable: equal rows keep their order). */
export function sortRows<T>(rows: T[], sorting: SortSpec[] | null | undefined, get: FieldGetter<T>): T[] {
  if (!sorting || sorting.length === 0) return [...rows];
  return [...rows].sort((a, b) => {
    for (const spec of sorting) {
      const x = get(a, spec.field);
      const y = get(b, spec.field);
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull !== yNull) {
        const nullsFirst = spec.nulls ? spec.nulls === 'NULLS_FIRST' : spec.direction === 'DESC';
        return xNull === nullsFirst ? -1 : 1;
      }
      const c = compare(x, y);
      if (c !== 0) return spec.direction === 'DESC' ? -c : c;
    }
    return 0;
  });
}

const CURSOR_PREFIX = 'arrayconnection:';

export const encodeCursor = (offset: number): string => Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64');

export function decodeCursor(cursor: string, argument: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isInteger(offset) || offset < 0) throw badInput(`invalid cursor in paging.${argument}: "${cursor}"`, { field: `paging.${argument}` });
  return offset;
}

/** Cursor paging over an already filtered and sorted list. */
export function paginate<T>(rows: T[], paging: CursorPaging | null | undefined): Connection<T> {
  const total = rows.length;
  let start = 0;
  let end = total;
  if (paging?.after) start = Math.min(total, decodeCursor(paging.after, 'after') + 1);
  if (paging?.before) end = Math.max(start, Math.min(total, decodeCursor(paging.before, 'before')));
  for (const arg of ['first', 'last'] as const) {
    const n = paging?.[arg];
    if (n !== null && n !== undefined && (!Number.isInteger(n) || n < 0)) throw badInput(`paging.${arg} must be a non-negative integer`, { field: `paging.${arg}` });
  }
  if (paging?.first !== null && paging?.first !== undefined) end = Math.min(end, start + paging.first);
  if (paging?.last !== null && paging?.last !== undefined) start = Math.max(start, end - paging.last);
  const edges = rows.slice(start, end).map((node, i) => ({ cursor: encodeCursor(start + i), node }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage: end < total,
      hasPreviousPage: start > 0,
    },
    totalCount: total,
  };
}

/** filter, then sort (the given sorting, else the default), then page. */
export function toConnection<T>(
  rows: T[],
  args: { filter?: Record<string, unknown> | null; sorting?: SortSpec[] | null; paging?: CursorPaging | null },
  get: FieldGetter<T>,
  defaultSorting: SortSpec[],
  relation?: RelationGetter<T>,
): Connection<T> {
  const filtered = rows.filter((row) => matchesFilter(row, args.filter, get, relation));
  const sorting = args.sorting && args.sorting.length > 0 ? args.sorting : defaultSorting;
  return paginate(sortRows(filtered, sorting, get), args.paging);
}
