import { usageHistory } from '../../usage/history-service.js';
import { badInput } from '../../errors.js';
import type { Resolver } from '../context.js';

interface UsageHistoryV2Input {
  customerId: string;
  featureId: string;
  resourceId?: string | null;
  startDate: string;
  endDate?: string | null;
  groupBy?: string[] | null;
  includeInactiveSubscriptions?: boolean | null;
  paging?: { first?: number | null; after?: string | null } | null;
}

const cursorOf = (index: number): string => Buffer.from(`series:${index}`).toString('base64');

function indexOf(cursor: string): number {
  const match = /^series:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw badInput(`paging.after is not a cursor of this history: ${cursor}`);
  return Number(match[1]);
}

/**
 * Usage series by dimension group, with reset points and markers (E86). Without paging every group
 * is returned and pageInfo is null; with paging (first, after) the groups are paged.
 */
export const usageHistoryV2: Resolver<unknown, { input: UsageHistoryV2Input }> = (_parent, { input }, ctx) => {
  const history = usageHistory(ctx.env, ctx.nowMs, input);
  if (!input.paging) return { markers: history.markers, series: history.series, pageInfo: null };
  const { first, after } = input.paging;
  if (first != null && first < 0) throw badInput('paging.first must be >= 0');
  const from = after ? indexOf(after) + 1 : 0;
  const to = first == null ? history.series.length : Math.min(history.series.length, from + first);
  const page = history.series.slice(from, to);
  return {
    markers: history.markers,
    series: page,
    pageInfo: {
      hasNextPage: to < history.series.length,
      hasPreviousPage: from > 0,
      startCursor: page.length > 0 ? cursorOf(from) : null,
      endCursor: page.length > 0 ? cursorOf(to - 1) : null,
    },
  };
};
