import { usageHistory as history } from '../../usage/history-service.js';
import type { Resolver } from '../context.js';

interface UsageHistoryInput {
  customerRefId: string;
  featureRefId: string;
  resourceRefId?: string | null;
  startDate: string;
  endDate?: string | null;
  groupBy?: string[] | null;
  resetPeriod?: string | null;
  monthlyResetPeriodConfiguration?: { accordingTo: string } | null;
  weeklyResetPeriodConfiguration?: { accordingTo: string } | null;
  yearlyResetPeriodConfiguration?: { accordingTo: string } | null;
}

const configurationOf = (input: UsageHistoryInput) =>
  input.resetPeriod === 'MONTH'
    ? input.monthlyResetPeriodConfiguration
    : input.resetPeriod === 'WEEK'
      ? input.weeklyResetPeriodConfiguration
      : input.resetPeriod === 'YEAR'
        ? input.yearlyResetPeriodConfiguration
        : null;

const measurements = (points: { timestamp: string; value: number; isResetPoint: boolean }[]) =>
  points.map((p) => ({ date: p.timestamp, value: p.value, isResetPoint: p.isResetPoint }));

/**
 * The V1 history: the usage of the feature (usageMeasurements) and, with groupBy, one group per
 * dimension values (groups). A given resetPeriod (and its configuration) marks those periods
 * instead of the entitlement's.
 */
export const usageHistory: Resolver<unknown, { usageHistoryInput: UsageHistoryInput }> = (_parent, { usageHistoryInput: input }, ctx) => {
  const query = {
    customerId: input.customerRefId,
    featureId: input.featureRefId,
    resourceId: input.resourceRefId,
    startDate: input.startDate,
    endDate: input.endDate,
    resetPeriod: input.resetPeriod,
    resetPeriodConfiguration: configurationOf(input) ?? null,
  };
  const total = history(ctx.env, ctx.nowMs, { ...query, groupBy: [] });
  const grouped = input.groupBy?.length ? history(ctx.env, ctx.nowMs, { ...query, groupBy: input.groupBy }) : null;
  return {
    startDate: total.startDate,
    endDate: total.endDate,
    markers: total.markers,
    usageMeasurements: measurements(total.series[0]?.points ?? []),
    groups: grouped ? grouped.series.map((s) => ({ groupInfo: s.tags, usageMeasurements: measurements(s.points) })) : [],
  };
};
