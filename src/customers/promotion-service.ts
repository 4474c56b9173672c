/**
 * Promotional entitlements granted and revoked over the API (E88-E91): one grant per customer and
 * feature (a new grant replaces it), each command in one transaction with its webhook events.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import { catalog } from '../catalog/catalog-service.js';
import { customerRepo } from '../db/repositories/customers.js';
import { featureGroups, promotionGroupLinks, promotionalEntitlements } from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { assertCustomerId, promotionEndDate, promotionNoticeAt } from './customer-rules.js';

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
  /** GraphQL MonthlyResetPeriodConfigInput etc.: `{ accordingTo }` */
  monthlyResetPeriodConfiguration?: { accordingTo?: string | null } | null;
  weeklyResetPeriodConfiguration?: { accordingTo?: string | null } | null;
  yearlyResetPeriodConfiguration?: { accordingTo?: string | null } | null;
}

/** The reset configuration of a grant: the one matching its reset period, as `{accordingTo}`. */
function resetConfiguration(g: GrantInput): { accordingTo: string } | null {
  const according =
    g.resetPeriod === 'MONTH'
      ? g.monthlyResetPeriodConfiguration?.accordingTo
      : g.resetPeriod === 'WEEK'
        ? g.weeklyResetPeriodConfiguration?.accordingTo
        : g.resetPeriod === 'YEAR'
          ? g.yearlyResetPeriodConfiguration?.accordingTo
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
  return env.transaction((db) => {
    requireCustomer(env, customerId);
    return grantInTransaction(db, nowMs, customerId, grants, null);
  });
}

/** Write grants (checked first); `featureGroupId` links each to the group it was granted through (a single grant unlinks). */
function grantInTransaction(db: Db, nowMs: number, customerId: string, grants: GrantInput[], featureGroupId: string | null): PromotionRow[] {
  const now = iso(nowMs);
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
      noticeAt: null,
      createdAt: now,
      updatedAt: now,
    };
    row.noticeAt = promotionNoticeAt(now, row.endDate);
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
    const link = { customerId, featureId: row.featureId };
    if (featureGroupId) {
      db.insert(promotionGroupLinks)
        .values({ ...link, featureGroupId })
        .onConflictDoUpdate({ target: [promotionGroupLinks.customerId, promotionGroupLinks.featureId], set: { featureGroupId } })
        .run();
    } else unlink(db, customerId, row.featureId);
    webhookEventsOf.promotion(db, nowMs, existed ? 'promotionalEntitlement.updated' : 'promotionalEntitlement.granted', row);
  }
  return rows;
}

function unlink(db: Db, customerId: string, featureId: string): void {
  db.delete(promotionGroupLinks).where(and(eq(promotionGroupLinks.customerId, customerId), eq(promotionGroupLinks.featureId, featureId))).run();
}

function requireFeatureGroup(db: Db, featureGroupId: string) {
  const group = db.select().from(featureGroups).where(eq(featureGroups.id, featureGroupId)).get();
  if (!group) throw new EmulatorError('FeatureGroupNotFoundError', `feature group not found: ${featureGroupId}`, 404, { id: featureGroupId });
  return group;
}

/**
 * grantPromotionalEntitlementsGroup: one grant for every feature of the group (each named once,
 * only the group's features), linked to the group; all or nothing.
 */
export function grantPromotionalEntitlementsGroup(env: Environment, nowMs: number, customerId: string, featureGroupId: string, grants: GrantInput[]): PromotionRow[] {
  return env.transaction((db) => {
    requireCustomer(env, customerId);
    const group = requireFeatureGroup(db, featureGroupId);
    const members = new Set(group.featureIds);
    for (const g of grants) {
      if (!members.has(g.featureId)) throw new EmulatorError('FeatureNotBelongToFeatureGroupError', `feature ${g.featureId} is not in feature group ${featureGroupId}`, 400);
    }
    const named = new Set(grants.map((g) => g.featureId));
    const missing = group.featureIds.filter((f) => !named.has(f));
    if (missing.length > 0 || grants.length === 0) {
      throw new EmulatorError('FeatureGroupMissingFeaturesError', `promotionalEntitlements must name every feature of ${featureGroupId} (missing: ${missing.join(', ')})`, 400);
    }
    return grantInTransaction(db, nowMs, customerId, grants, featureGroupId);
  });
}

/** The customer's grants linked to a group; none is PromotionalEntitlementNotFoundError. */
function groupGrants(db: Db, customerId: string, featureGroupId: string): PromotionRow[] {
  const featureIds = db
    .select({ featureId: promotionGroupLinks.featureId })
    .from(promotionGroupLinks)
    .where(and(eq(promotionGroupLinks.customerId, customerId), eq(promotionGroupLinks.featureGroupId, featureGroupId)))
    .all()
    .map((r) => r.featureId);
  const rows =
    featureIds.length === 0
      ? []
      : db
          .select()
          .from(promotionalEntitlements)
          .where(and(eq(promotionalEntitlements.customerId, customerId), inArray(promotionalEntitlements.featureId, featureIds)))
          .all()
          .filter((r) => r.status === 'Active');
  if (rows.length === 0) {
    throw new EmulatorError('PromotionalEntitlementNotFoundError', `customer ${customerId} has no promotional entitlements of feature group ${featureGroupId}`, 404);
  }
  return rows.sort((a, b) => (a.featureId < b.featureId ? -1 : 1));
}

/** revokePromotionalEntitlementsGroup: every grant given through the group is removed (one webhook each). */
export function revokePromotionalEntitlementsGroup(env: Environment, nowMs: number, customerId: string, featureGroupId: string): PromotionRow[] {
  return env.transaction((db) => {
    requireCustomer(env, customerId);
    requireFeatureGroup(db, featureGroupId);
    return groupGrants(db, customerId, featureGroupId).map((row) => {
      db.delete(promotionalEntitlements)
        .where(and(eq(promotionalEntitlements.customerId, customerId), eq(promotionalEntitlements.featureId, row.featureId)))
        .run();
      unlink(db, customerId, row.featureId);
      const revoked = { ...row, status: 'Expired', endDate: iso(nowMs), updatedAt: iso(nowMs) };
      webhookEventsOf.promotion(db, nowMs, 'promotionalEntitlement.revoked', revoked);
      return revoked;
    });
  });
}

/** unlinkPromotionalEntitlementsGroup: the grants stay, each on its own (no longer tied to the group). */
export function unlinkPromotionalEntitlementsGroup(env: Environment, nowMs: number, customerId: string, featureGroupId: string): PromotionRow[] {
  return env.transaction((db) => {
    requireCustomer(env, customerId);
    requireFeatureGroup(db, featureGroupId);
    return groupGrants(db, customerId, featureGroupId).map((row) => {
      unlink(db, customerId, row.featureId);
      const updated = { ...row, updatedAt: iso(nowMs) };
      db.update(promotionalEntitlements)
        .set({ updatedAt: updated.updatedAt })
        .where(and(eq(promotionalEntitlements.customerId, customerId), eq(promotionalEntitlements.featureId, row.featureId)))
        .run();
      webhookEventsOf.promotion(db, nowMs, 'promotionalEntitlement.updated', updated);
      return updated;
    });
  });
}

/** The feature groups a customer's grant of a feature was given through (PromotionalEntitlement.featureGroupIds). */
export function promotionGroupIds(db: Db, customerId: string, featureId: string): string[] {
  return db
    .select({ id: promotionGroupLinks.featureGroupId })
    .from(promotionGroupLinks)
    .where(and(eq(promotionGroupLinks.customerId, customerId), eq(promotionGroupLinks.featureId, featureId)))
    .all()
    .map((r) => r.id);
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
    unlink(db, customerId, featureId);
    const revoked = { ...row, status: 'Expired', endDate: iso(nowMs), updatedAt: iso(nowMs) };
    webhookEventsOf.promotion(db, nowMs, 'promotionalEntitlement.revoked', revoked);
    return revoked;
  });
}

/** A customer's promotional grants (every status: Active, Expired, Paused), oldest first; an unknown or archived customer is CustomerNotFound. */
export function customerPromotionalEntitlements(env: Environment, customerId: string): PromotionRow[] {
  requireCustomer(env, customerId);
  return env.db
    .select()
    .from(promotionalEntitlements)
    .where(eq(promotionalEntitlements.customerId, customerId))
    .all()
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.featureId < b.featureId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}
