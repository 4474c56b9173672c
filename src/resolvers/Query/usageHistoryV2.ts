import { usageHistory } from '../../usage/history-service.js';
import type { Resolver } from '../context.js';

interface UsageHistoryV2Input {
  customerId: string;
  featureId: string;
  resourceId?: string | null;
  startDate: string;
  endDate?: string | null;
  groupBy?: string[] | null;
}

/** Usage series by dimension group, with reset points and markers (E86). The whole range is one page. */
export const usageHistoryV2: Resolver<unknown, { input: UsageHistoryV2Input }> = (_parent, { input }, ctx) => {
  const history = usageHistory(ctx.env, ctx.nowMs, input);
  return {
    markers: history.markers,
    series: history.series,
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
};
