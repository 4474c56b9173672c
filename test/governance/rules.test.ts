import { describe, expect, it } from 'vitest';
import {
  budgetAllows,
  budgetApplies,
  checkChains,
  governanceListing,
  governedNodes,
  lineageOf,
  matchDimensions,
  mergeMetadata,
  pageOf,
  parseCadence,
  periodOf,
  scopeOf,
  utilizationOf,
  wouldCycle,
} from '../../src/governance/governance-rules.js';

const at = (s: string) => Date.parse(s);
const isoOf = (p: { start: number; end: number }) => [new Date(p.start).toISOString(), new Date(p.end).toISOString()];

describe('hierarchy', () => {
  const parents: Record<string, string | null> = { agent: 'team', team: 'dept', dept: 'org', org: null, loopA: 'loopB', loopB: 'loopA' };
  const parentOf = (id: string) => parents[id] ?? null;

  it('walks to every ancestor, nearest first, and stops on a cycle', () => {
    expect(lineageOf('agent', parentOf)).toEqual(['agent', 'team', 'dept', 'org']);
    expect(lineageOf('loopA', parentOf)).toEqual(['loopA', 'loopB']);
    expect(governedNodes(['agent', 'team', 'gpt-4o'], parentOf)).toEqual(['agent', 'team', 'dept', 'org', 'gpt-4o']);
  });

  it('chains: each resolved entity up to its root, each entity with its budgets or once without one', () => {
    const budget = (entityId: string, scopeKey = '') => ({
      budget: { id: `${entityId}:${scopeKey}`, entityId, capabilityId: 'ai', scopeKey, scopeEntityIds: scopeKey ? [scopeKey] : [], usageLimit: 10, cadence: 'P1M', anchorAt: '' },
      period: { start: 0, end: 1 },
      currentUsage: 0,
      hasAccess: true,
    });
    const teamWide = budget('team');
    const teamScoped = budget('team', 'gpt-4o');
    const org = budget('org');
    const chains = checkChains(['agent'], parentOf, [teamWide, teamScoped, org]);
    expect(chains).toEqual([
      [
        { entityId: 'agent', evaluation: null },
        { entityId: 'team', evaluation: teamWide },
        { entityId: 'team', evaluation: teamScoped },
        { entityId: 'dept', evaluation: null },
        { entityId: 'org', evaluation: org },
      ],
    ]);
    expect(checkChains(['agent'], parentOf, [])).toEqual([]);
  });

  it('detects a move under a descendant', () => {
    expect(wouldCycle('dept', 'agent', parentOf)).toBe(true);
    expect(wouldCycle('agent', 'org', parentOf)).toBe(false);
  });
});

describe('budgets', () => {
  it('applies node-wide budgets always and scoped ones when the whole scope is resolved (E117)', () => {
    const resolved = new Set(['team-eng', 'gpt-4o']);
    expect(budgetApplies([], resolved)).toBe(true);
    expect(budgetApplies(['gpt-4o'], resolved)).toBe(true);
    expect(budgetApplies(['gpt-4o', 'eu'], resolved)).toBe(false);
    expect(budgetApplies(['claude'], resolved)).toBe(false);
  });

  it('allows currentUsage + requested <= limit, tolerating decimal rounding', () => {
    expect(budgetAllows(7, 1, 8)).toBe(true);
    expect(budgetAllows(7, 2, 8)).toBe(false);
    expect(budgetAllows(0.1, 0.2, 0.3)).toBe(true);
    expect(budgetAllows(1e9, 1e9, null)).toBe(true);
    expect(budgetAllows(7, null, 8)).toBe(true);
    expect(budgetAllows(8, null, 8)).toBe(false);
  });

  it('computes utilisation', () => {
    expect(utilizationOf(4, 8)).toBe(0.5);
    expect(utilizationOf(0, 0)).toBe(1);
    expect(utilizationOf(4, null)).toBeNull();
  });

  it('normalises scopes into a natural key', () => {
    expect(scopeOf(['b', 'a', 'b'])).toEqual({ scope: ['a', 'b'], scopeKey: 'a,b' });
    expect(scopeOf(undefined)).toEqual({ scope: [], scopeKey: '' });
  });
});

describe('periods (E116)', () => {
  it('rolls calendar cadences from the anchor, clamping month ends', () => {
    const anchor = at('2025-01-31T10:00:00Z');
    expect(isoOf(periodOf(anchor, 'P1M', at('2025-02-15T00:00:00Z')))).toEqual(['2025-01-31T10:00:00.000Z', '2025-02-28T10:00:00.000Z']);
    expect(isoOf(periodOf(anchor, 'P1M', at('2025-03-01T00:00:00Z')))).toEqual(['2025-02-28T10:00:00.000Z', '2025-03-31T10:00:00.000Z']);
    expect(isoOf(periodOf(anchor, 'P1M', at('2025-03-31T10:00:00Z')))).toEqual(['2025-03-31T10:00:00.000Z', '2025-04-30T10:00:00.000Z']);
    expect(isoOf(periodOf(anchor, 'P1Y', at('2026-06-01T00:00:00Z')))).toEqual(['2026-01-31T10:00:00.000Z', '2027-01-31T10:00:00.000Z']);
  });

  it('rolls fixed cadences by length, and answers the first period before the anchor', () => {
    const anchor = at('2025-01-01T06:00:00Z');
    expect(isoOf(periodOf(anchor, 'P1D', at('2025-01-03T05:59:59.999Z')))).toEqual(['2025-01-02T06:00:00.000Z', '2025-01-03T06:00:00.000Z']);
    expect(isoOf(periodOf(anchor, 'PT1H', at('2025-01-01T08:30:00Z')))).toEqual(['2025-01-01T08:00:00.000Z', '2025-01-01T09:00:00.000Z']);
    expect(isoOf(periodOf(anchor, 'P1W', at('2025-01-09T00:00:00Z')))).toEqual(['2025-01-08T06:00:00.000Z', '2025-01-15T06:00:00.000Z']);
    expect(isoOf(periodOf(anchor, 'P1D', at('2024-12-31T00:00:00Z')))).toEqual(['2025-01-01T06:00:00.000Z', '2025-01-02T06:00:00.000Z']);
  });

  it('accepts positive ISO-8601 durations only', () => {
    for (const ok of ['P1M', 'P30D', 'PT1M', 'P1W', 'P1Y', 'PT1H30M']) expect(parseCadence(ok)).not.toBeNull();
    for (const bad of ['P0D', 'monthly', '1M', 'MONTH', '', 'P']) expect(parseCadence(bad)).toBeNull();
  });
});

describe('dimensions (E109)', () => {
  const types = [
    { id: 'team', attributionKeys: ['teamId'], role: 'hierarchical' },
    { id: 'model', attributionKeys: ['modelId'], role: 'dimensional' },
  ];
  it('matches keys to the types that claim them and ignores other keys', () => {
    expect(matchDimensions({ teamId: 't', modelId: 'm', region: 'eu' }, types)).toEqual([
      { key: 'teamId', value: 't', typeIds: ['team'], dimensionalOnly: false },
      { key: 'modelId', value: 'm', typeIds: ['model'], dimensionalOnly: true },
    ]);
  });
  it('refuses dimensions of which no key is an attribution key', () => {
    expect(() => matchDimensions({ region: 'eu' }, types)).toThrow(/attributionKeys/);
  });
});

describe('metadata patches (E120)', () => {
  it('merges keys, deletes "" and null, keeps everything when omitted', () => {
    expect(mergeMetadata({ a: '1', b: '2' }, { b: '', c: '3' })).toEqual({ a: '1', c: '3' });
    expect(mergeMetadata({ a: '1' }, { a: null })).toEqual({});
    expect(mergeMetadata({ a: '1' }, undefined)).toEqual({ a: '1' });
  });
});

describe('cursor paging', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  it('pages forwards and backwards by item key', () => {
    expect(pageOf(items, (x) => x, { limit: 2 })).toEqual({ page: ['a', 'b'], next: 'b', prev: null });
    expect(pageOf(items, (x) => x, { limit: 2, after: 'b' })).toEqual({ page: ['c', 'd'], next: 'd', prev: 'c' });
    expect(pageOf(items, (x) => x, { limit: 2, after: 'd' })).toEqual({ page: ['e'], next: null, prev: 'e' });
    expect(pageOf(items, (x) => x, { limit: 2, before: 'c' })).toEqual({ page: ['a', 'b'], next: 'b', prev: null });
    expect(() => pageOf(items, (x) => x, { limit: 2, after: 'z' })).toThrow(/cursor/);
  });
});

describe('the governance listing', () => {
  const row = (entityId: string, utilization: number | null, scopeEntityIds: string[] = [], entityTypeId = 'team') => ({
    entityId,
    displayName: `${entityId.toUpperCase()} name`,
    entityTypeId,
    scopeEntityIds,
    usageLimit: utilization === null ? null : 100,
    currentUsage: utilization === null ? null : utilization * 100,
    utilization,
    createdAt: '2025-01-01T00:00:00.000Z',
  });
  const rows = [row('a', 0.5), row('b', null), row('c', 0.9, ['gpt-4o']), row('d', 0.5, [], 'org')];
  const q = { entityTypeIds: [], scope: 'all', sortBy: 'utilization', order: 'desc' } as const;
  const ids = (list: { entityId: string }[]) => list.map((r) => r.entityId);

  it('sorts by the key, rows without a value last in either order, ties in the given order', () => {
    expect(ids(governanceListing(rows, q))).toEqual(['c', 'a', 'd', 'b']);
    expect(ids(governanceListing(rows, { ...q, order: 'asc' }))).toEqual(['a', 'd', 'c', 'b']);
    expect(ids(governanceListing(rows, { ...q, sortBy: 'id', order: 'asc' }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filters by entity type, search (id or display name), scope kind and minimum utilisation', () => {
    expect(ids(governanceListing(rows, { ...q, entityTypeIds: ['org'] }))).toEqual(['d']);
    expect(ids(governanceListing(rows, { ...q, search: 'C NAME' }))).toEqual(['c']);
    expect(ids(governanceListing(rows, { ...q, scope: 'scoped' }))).toEqual(['c']);
    expect(ids(governanceListing(rows, { ...q, scope: 'nodeWide' }))).toEqual(['a', 'd', 'b']);
    expect(ids(governanceListing(rows, { ...q, minUtilization: 0.5 }))).toEqual(['c', 'a', 'd']);
  });
});
