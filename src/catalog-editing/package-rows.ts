/**
 * Plans and add-ons ("packages") as the catalog editing services see them: the row of either kind,
 * its working version (the pending draft when it has one, else the published version), and the
 * writes every package edit shares: the working version's prices, entitlements and credits, the
 * package's credit entitlements, the catalog cache, and the catalog webhook events.
 */
import { and, eq } from 'drizzle-orm';
import { asEntitlements, asPrices, type StoredEntitlement, type StoredPrice } from '../catalog/catalog-rules.js';
import { catalog, invalidateCatalog, isPlanRow, type AddonRow, type PackageRow, type PlanRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import * as t from '../db/schema.js';
import { EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import type { PackageEventType } from '../webhooks/catalog-webhook-rules.js';
import { catalogWebhooks } from '../webhooks/catalog-webhooks.js';
import { embeddedFeature } from '../webhooks/webhook-rules.js';

export type PackageKind = 'PLAN' | 'ADDON';
export type PackageStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

/** A credit entitlement of a package (stored apart from the versions: package_credits). */
export interface PackageCredit {
  customCurrencyId: string;
  amount: number;
  cadence: string;
  hasSoftLimit: boolean;
}

/** A draft as stored: the next version's prices, entitlements and credit entitlements. */
export interface StoredDraft extends NonNullable<PlanRow['draft']> {
  credits?: PackageCredit[];
}

/** The version a package is edited in: its draft when it has one, else its published version. */
export interface WorkingVersion {
  status: PackageStatus;
  versionNumber: number;
  isLatest: boolean;
  prices: StoredPrice[];
  entitlements: StoredEntitlement[];
  credits: PackageCredit[];
  /** whether it is a draft (its prices and entitlements may be edited) */
  editable: boolean;
}

export const kindName = (kind: PackageKind) => (kind === 'PLAN' ? 'plan' : 'add-on');

/** The plan or add-on, or its kind's not-found error (404 PlanNotFound / AddonNotFound). */
export function requirePackage(db: Db, kind: 'PLAN', id: string): PlanRow;
export function requirePackage(db: Db, kind: 'ADDON', id: string): AddonRow;
export function requirePackage(db: Db, kind: PackageKind, id: string): PackageRow;
export function requirePackage(db: Db, kind: PackageKind, id: string): PackageRow {
  return kind === 'PLAN' ? catalog.requirePlan(db, id) : catalog.requireAddon(db, id);
}

export const packageKindOf = (row: PackageRow): PackageKind => (isPlanRow(row) ? 'PLAN' : 'ADDON');

/** The credit entitlements a package has published. */
export function publishedCredits(db: Db, kind: PackageKind, id: string): PackageCredit[] {
  return db
    .select()
    .from(t.packageCredits)
    .where(and(eq(t.packageCredits.packageType, kind), eq(t.packageCredits.packageId, id)))
    .all()
    .map((c) => ({ customCurrencyId: c.currencyId, amount: c.amount, cadence: c.cadence, hasSoftLimit: c.hasSoftLimit }));
}

export function workingVersion(db: Db, row: PackageRow): WorkingVersion {
  const draft = row.draft as StoredDraft | null;
  const published = row.versionNumber;
  if (draft) {
    // a package never published has its first version as its draft
    const neverPublished = row.status === 'DRAFT';
    return {
      status: 'DRAFT',
      versionNumber: neverPublished ? published : published + 1,
      isLatest: neverPublished,
      prices: asPrices(draft.prices),
      entitlements: asEntitlements(draft.entitlements),
      credits: draft.credits ?? [],
      editable: true,
    };
  }
  return {
    status: row.status as PackageStatus,
    versionNumber: published,
    isLatest: true,
    prices: asPrices(row.prices),
    entitlements: asEntitlements(row.entitlements),
    credits: publishedCredits(db, packageKindOf(row), row.id),
    editable: false,
  };
}

/** An edit of prices or entitlements needs a draft (EditAllowedOnDraftPackageOnlyError). */
export function requireDraft(row: PackageRow, kind: PackageKind): StoredDraft {
  if (row.status === 'ARCHIVED') throw new EmulatorError('EntityIsArchivedError', `${kindName(kind)} ${row.id} is archived`, 409, { id: row.id });
  if (!row.draft) {
    throw new EmulatorError(
      'EditAllowedOnDraftPackageOnlyError',
      `${kindName(kind)} ${row.id} has no draft: create one (POST .../${row.id}/draft) before editing its prices or entitlements`,
      400,
      { id: row.id },
    );
  }
  return row.draft as StoredDraft;
}

/** Replace the package's draft; the catalog cache is read afresh after. */
export function writeDraft(db: Db, kind: PackageKind, id: string, draft: StoredDraft | null, nowMs: number, extra: Record<string, unknown> = {}): void {
  const set = { draft, updatedAt: iso(nowMs), ...extra };
  if (kind === 'PLAN') db.update(t.plans).set(set).where(eq(t.plans.id, id)).run();
  else db.update(t.addons).set(set).where(eq(t.addons.id, id)).run();
  invalidateCatalog(db);
}

/** A package's credit entitlements replace the ones it had (fixtures and publishing). */
export function writePackageCredits(db: Db, kind: PackageKind, packageId: string, credits: readonly PackageCredit[]): void {
  db.delete(t.packageCredits).where(and(eq(t.packageCredits.packageType, kind), eq(t.packageCredits.packageId, packageId))).run();
  for (const c of credits) {
    db.insert(t.packageCredits)
      .values({ packageType: kind, packageId, currencyId: c.customCurrencyId, amount: c.amount, cadence: c.cadence, hasSoftLimit: c.hasSoftLimit })
      .onConflictDoUpdate({
        target: [t.packageCredits.packageType, t.packageCredits.packageId, t.packageCredits.currencyId],
        set: { amount: c.amount, cadence: c.cadence, hasSoftLimit: c.hasSoftLimit },
      })
      .run();
  }
}

// ------------------------------------------------------------------------------------ webhook events

/** The package entitlement items of plan.* and addon.* events: the feature and its limits. */
function packageEntitlementItems(db: Db, entitlements: readonly StoredEntitlement[]): Record<string, unknown>[] {
  return entitlements.map((e) => {
    const feature = catalog.feature(db, e.featureId);
    return {
      ...(feature ? { feature: embeddedFeature(feature) } : { feature: { id: e.featureId } }),
      hasUnlimitedUsage: e.hasUnlimitedUsage ?? false,
      usageLimit: e.usageLimit ?? null,
    };
  });
}

/**
 * plan.created / plan.updated / plan.deleted, addon.created / addon.deleted (schema/stigg-webhooks.json):
 * the package as the command left it, with its working version's entitlements and prices
 * (catalog-webhook-rules.ts builds the payload).
 */
export function recordPackageEvent(db: Db, nowMs: number, kind: PackageKind, type: PackageEventType, id: string): void {
  const row = requirePackage(db, kind, id);
  const version = workingVersion(db, row);
  catalogWebhooks.package(db, nowMs, type, {
    kind,
    id: row.id,
    name: row.displayName,
    description: row.description,
    productId: row.productId,
    metadata: row.metadata,
    status: version.status,
    version: version.versionNumber,
    isLatest: version.isLatest,
    packageEntitlements: packageEntitlementItems(db, version.entitlements),
    prices: version.prices,
  });
}

export const notFoundOf = (kind: PackageKind, id: string) => (kind === 'PLAN' ? notFound('PlanNotFound', 'Plan', id) : notFound('AddonNotFound', 'Addon', id));
