/**
 * Plan versions (RULES 2.8.9, E53): a plan row carries its latest published version (prices and
 * entitlements) and the versions published before it. A subscription stands on one version until
 * it is migrated; these pure functions give the plan as of a version.
 */
import type { PlanVersionFacts } from '../db/schema.js';

/** What the version functions need of a plan row. */
export interface VersionedPlanLike {
  versionNumber: number;
  prices: Record<string, unknown>[];
  entitlements: Record<string, unknown>[];
  earlierVersions: PlanVersionFacts[];
}

/** A plan as of one of its versions: `isLatest` tells the latest from an earlier one. */
export type PlanAtVersion<P extends VersionedPlanLike> = P & { isLatest: boolean };

/**
 * The plan as of `version`: the row itself for the latest version; an earlier version's prices and
 * entitlements on the row's other facts. A version the plan no longer has (fixtures loaded again
 * without it) reads as the latest.
 */
export function planAtVersion<P extends VersionedPlanLike>(plan: P, version: number): PlanAtVersion<P> {
  if (version === plan.versionNumber) return { ...plan, isLatest: true };
  const earlier = plan.earlierVersions.find((v) => v.versionNumber === version);
  if (!earlier) return { ...plan, isLatest: true };
  return { ...plan, versionNumber: earlier.versionNumber, prices: earlier.prices, entitlements: earlier.entitlements, isLatest: false };
}

/** Whether a subscription on `version` is on the plan's latest version (a version the plan no longer has counts as the latest). */
export function isOnLatest(plan: VersionedPlanLike, version: number): boolean {
  return version === plan.versionNumber || !plan.earlierVersions.some((v) => v.versionNumber === version);
}

/**
 * The versions a fixture plan declares (the plan's own keys are version 1; `versions` are the later
 * ones, newest last) folded into the stored form: the latest version's prices and entitlements, its
 * number, and the earlier versions. A later version without prices or entitlements keeps the
 * previous version's.
 */
export function foldVersions(
  first: { prices: Record<string, unknown>[]; entitlements: Record<string, unknown>[] },
  later: readonly { version: number; prices?: Record<string, unknown>[] | null; entitlements?: Record<string, unknown>[] | null }[],
): { versionNumber: number; prices: Record<string, unknown>[]; entitlements: Record<string, unknown>[]; earlierVersions: PlanVersionFacts[] } {
  const all: PlanVersionFacts[] = [{ versionNumber: 1, prices: first.prices, entitlements: first.entitlements }];
  for (const v of later) {
    const previous = all[all.length - 1]!;
    all.push({ versionNumber: v.version, prices: v.prices ?? previous.prices, entitlements: v.entitlements ?? previous.entitlements });
  }
  const latest = all[all.length - 1]!;
  return { versionNumber: latest.versionNumber, prices: latest.prices, entitlements: latest.entitlements, earlierVersions: all.slice(0, -1) };
}
