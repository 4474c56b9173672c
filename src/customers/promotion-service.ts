/**
 * Promotional entitlements granted and revoked over the API (E88-E91): one grant per customer and
 * feature (a new grant replaces it), each command in one transaction with its webhook events.
 */
import { and, eq } from 'drizzle-orm';
import { catalog } from '../catalog/catalog-service.js';
import { customerRepo } from '../db/repositories/customers.js';
import { promotionalEntitlements } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { assertCustomerId, promotionEndDate } from './customer-rules.js';

export type PromotionRow = typeof promotionalEntitlements.$inferSelect;

export interface GrantInput {
  featureId: string;
  period: string;
  customEndDate?: string | null;
  usageLimit?: number | null;
  hasUnlimitedUsage?: boolean | null;
  hasSoftLimit?: boolean | null;
  enumValues?: string[] | null;
  isVisible?: boolean | null;
  resetPeriod?: string | null;
  monthlyResetPeriodConfiguration?: { monthlyAccordingTo?: string | null } | null;
  weeklyResetPeriodConfiguration?: { weeklyAccordingTo?: string | null } | null;
  yearlyResetPeriodConfiguration?: { yearlyAccordingTo?: string | null } | null;
}

/** The reset configuration of a grant: the one matching its reset period, as `{accordingTo}`. */
function resetConfiguration(g: GrantInput): { accordingTo: string } | null {
  const according =
    g.resetPeriod === 'MONTH'
      ? g.monthlyResetPeriodConfiguration?.monthlyAccordingTo
      : g.resetPeriod === 'WEEK'
        ? g.weeklyResetPeriodConfiguration?.weeklyAccordingTo
        : g.resetPeriod === 'YEAR'
          ? g.yearlyResetPeriodConfiguration?.yearlyAccordingTo
          : null;
  return according ? { accordingTo: according } : null;
}

function requireCustomer(env: Environment, customerId: string) {
  const customer = customerRepo.get(env.db, assertCustomerId(customerId));
  if (!customer || customer.archivedAt) throw notFound('CustomerNotFound', 'Customer', customerId);
  return customer;
}

/** grantPromotionalEntitlements: every grant checked first, then all written (all or nothing). */
export function grantPromotionalEntitlements(env: Environment, nowMs: number, customerId: string, grants: GrantInput[]): PromotionRow[] {
  if (grants.length === 0) throw badInput('promotionalEntitlements must not be empty');
  const now = iso(nowMs);
  return env.transaction((db) => {
    requireCustomer(env, customerId);
    const seen = new Set<string>();
    const rows = grants.map((g, i) => {
      catalog.requireFeature(db, g.featureId);
      if (seen.has(g.featureId)) throw badInput(`promotionalEntitlements names ${g.featureId} more than once`);
      seen.add(g.featureId);
      if (g.usageLimit !== null && g.usageLimit !== undefined && (!Number.isFinite(g.usageLimit) || g.usageLimit < 0)) {
        throw badInput(`promotionalEntitlements.${i}.usageLimit must be a finite number >= 0`);
      }
      const row: PromotionRow = {
        customerId,
        featureId: g.featureId,
        period: g.period,
        usageLimit: g.usageLimit ?? null,
        hasUnlimitedUsage: g.hasUnlimitedUsage ?? false,
        hasSoftLimit: g.hasSoftLimit ?? false,
        enumValues: g.enumValues ?? null,
        isVisible: g.isVisible ?? true,
        resetPeriod: g.resetPeriod ?? null,
        resetPeriodConfiguration: resetConfiguration(g),
        startDate: now,
        endDate: promotionEndDate(g.period, nowMs, g.customEndDate),
        status: 'Active',
        createdAt: now,
        updatedAt: now,
      };
      return row;
    });
    for (const row of rows) {
      const existed = db
        .select({ id: promotionalEntitlements.featureId })
        .from(promotionalEntitlements)
        .where(and(eq(promotionalEntitlements.customerId, customerId), eq(promotionalEntitlements.featureId, row.featureId)))
        .get();
      const { customerId: _c, featureId: _f, createdAt: _a, ...update } = row;
      db.insert(promotionalEntitlements)
        .values(row)
        .onConflictDoUpdate({ target: [promotionalEntitlements.customerId, promotionalEntitlements.featureId], set: update })
        .run();
      webhookEventsOf.promotion(db, nowMs, existed ? 'promotionalEntitlement.updated' : 'promotionalEntitlement.granted', row);
    }
    return rows;
  });
}

/** E90: revoke the customer's grant of a feature; none is PromotionalEntitlementNotFoundError. */
export function revokePromotionalEntitlement(env: Environment, nowMs: number, customerId: string, featureId: string): PromotionRow {
  return env.transaction((db) => {
    requireCustomer(env, customerId);
    const where = and(eq(promotionalEntitlements.customerId, customerId), eq(promotionalEntitlements.featureId, featureId));
    const row = db.select().from(promotionalEntitlements).where(where).get();
    if (!row || row.status !== 'Active') {
      throw new EmulatorError('PromotionalEntitlementNotFoundError', `customer ${customerId} has no promotional entitlement for ${featureId}`, 404);
    }
    db.delete(promotionalEntitlements).where(where).run();
    const revoked = { ...row, status: 'Expired', endDate: iso(nowMs), updatedAt: iso(nowMs) };
    webhookEventsOf.promotion(db, nowMs, 'promotionalEntitlement.revoked', revoked);
    return revoked;
  });
}
