/**
 * A package's entitlements as the REST API edits them (v1.plans.entitlements, v1.addons.entitlements):
 * the entitlements of its working version (see package-rows.ts), edited on its draft only. A
 * feature entitlement is named by its feature id, a credit entitlement by its custom currency id.
 * Stored in the fixture shape (catalog-rules.ts StoredEntitlement), so that what the REST API writes
 * reads, subscribes and exports as fixtures do.
 */
import { eq } from 'drizzle-orm';
import type { StoredEntitlement } from '../catalog/catalog-rules.js';
import { catalog, type FeatureRow, type PackageRow } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import * as t from '../db/schema.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError } from '../errors.js';
import { requireDraft, requirePackage, workingVersion, writeDraft, type PackageCredit, type PackageKind, type StoredDraft } from './package-rows.js';

/** A feature entitlement's settings (the REST reset configurations folded into `resetPeriodConfiguration`). */
export interface FeatureEntitlementInput {
  type: 'FEATURE';
  id: string;
  usageLimit?: number | null;
  hasUnlimitedUsage?: boolean;
  hasSoftLimit?: boolean;
  enumValues?: string[];
  resetPeriod?: string;
  resetPeriodConfiguration?: { accordingTo: string } | null;
  behavior?: 'Increment' | 'Override';
  isCustom?: boolean;
  displayNameOverride?: string;
  hiddenFromWidgets?: string[];
  order?: number;
}

export interface CreditEntitlementInput {
  type: 'CREDIT';
  id: string;
  amount?: number | null;
  cadence?: 'MONTH' | 'YEAR';
  hasSoftLimit?: boolean;
  behavior?: 'Increment' | 'Override';
  dependencyFeatureId?: string | null;
  order?: number;
}

export type EntitlementInput = FeatureEntitlementInput | CreditEntitlementInput;

/** One entitlement of a package's working version, with its place in the list. */
export type PackageEntitlementView =
  | { type: 'FEATURE'; entitlement: StoredEntitlement; order: number; pkg: PackageRow }
  | { type: 'CREDIT'; credit: PackageCredit; order: number; pkg: PackageRow };

/** The entitlements of the package's working version: its features' first, then its credits. */
export function packageEntitlements(db: Db, kind: PackageKind, id: string): PackageEntitlementView[] {
  const pkg = requirePackage(db, kind, id);
  const version = workingVersion(db, pkg);
  return [
    ...version.entitlements.map((entitlement, i) => ({ type: 'FEATURE' as const, entitlement, order: i, pkg })),
    ...version.credits.map((credit, i) => ({ type: 'CREDIT' as const, credit, order: version.entitlements.length + i, pkg })),
  ];
}

const METERED = new Set(['Fluctuating', 'Incremental']);

/** The stored feature entitlement a REST feature entitlement describes, checked against its feature. */
function featureEntitlement(db: Db, kind: PackageKind, input: FeatureEntitlementInput, base: StoredEntitlement | null): StoredEntitlement {
  const feature: FeatureRow = catalog.requireFeature(db, input.id);
  const merged: StoredEntitlement = {
    ...(base ?? { featureId: feature.id, hasUnlimitedUsage: false, hasSoftLimit: false, behavior: 'Increment', isCustom: false, hiddenFromWidgets: [] }),
    featureId: feature.id,
  };
  if (input.usageLimit !== undefined) merged.usageLimit = input.usageLimit;
  if (input.hasUnlimitedUsage !== undefined) merged.hasUnlimitedUsage = input.hasUnlimitedUsage;
  if (input.hasSoftLimit !== undefined) merged.hasSoftLimit = input.hasSoftLimit;
  if (input.enumValues !== undefined) merged.enumValues = input.enumValues;
  if (input.resetPeriod !== undefined) merged.resetPeriod = input.resetPeriod;
  if (input.resetPeriodConfiguration !== undefined) merged.resetPeriodConfiguration = input.resetPeriodConfiguration;
  if (input.behavior !== undefined) merged.behavior = input.behavior;
  if (input.isCustom !== undefined) merged.isCustom = input.isCustom;
  if (input.displayNameOverride !== undefined) merged.displayNameOverride = input.displayNameOverride;
  if (input.hiddenFromWidgets !== undefined) merged.hiddenFromWidgets = input.hiddenFromWidgets;

  if (kind === 'PLAN' && merged.behavior === 'Override') {
    throw new EmulatorError('CannotAddOverrideEntitlementToPlan', `a plan's entitlement cannot have behavior Override (feature ${feature.id}): Override is for add-ons`, 400, { featureId: feature.id });
  }
  if (feature.featureType === 'BOOLEAN' && (merged.usageLimit != null || merged.hasUnlimitedUsage || merged.resetPeriod)) {
    throw badInput(`feature ${feature.id} is BOOLEAN: its entitlement takes no usageLimit, hasUnlimitedUsage or resetPeriod`);
  }
  if (feature.featureType === 'ENUM') {
    const known = new Set(feature.enumValues.map((e) => e.value));
    const unknown = (merged.enumValues ?? []).filter((v) => !known.has(v));
    if (unknown.length > 0) throw badInput(`feature ${feature.id} has no enum value ${unknown.join(', ')} (it has ${[...known].join(', ')})`);
  } else if (merged.enumValues != null && merged.enumValues.length > 0) {
    throw badInput(`feature ${feature.id} is ${feature.featureType}: enumValues are for ENUM features`);
  }
  if (feature.featureType === 'NUMBER' && merged.usageLimit == null && !merged.hasUnlimitedUsage) {
    throw badInput(`feature ${feature.id} is NUMBER: its entitlement needs a usageLimit or hasUnlimitedUsage`);
  }
  if (merged.hasUnlimitedUsage) merged.usageLimit = null;
  if (merged.resetPeriod && !METERED.has(feature.meterType)) {
    throw new EmulatorError('InvalidEntitlementResetPeriod', `feature ${feature.id} is not metered (meterType ${feature.meterType}): its entitlement cannot reset`, 400, { featureId: feature.id });
  }
  if (!merged.resetPeriod) merged.resetPeriodConfiguration = null;
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as unknown as StoredEntitlement;
}

function creditEntitlement(db: Db, input: CreditEntitlementInput, base: PackageCredit | null): PackageCredit {
  if (!db.select({ id: t.customCurrencies.id }).from(t.customCurrencies).where(eq(t.customCurrencies.id, input.id)).get()) {
    throw new EmulatorError('CustomCurrencyNotFound', `Custom currency not found: ${input.id}`, 404, { id: input.id });
  }
  if (input.dependencyFeatureId) throw new EmulatorError('NotSupportedByEmulator', 'credit entitlements that depend on a feature (dependencyFeatureId) are not supported by the emulator', 501);
  if (input.behavior === 'Override') throw badInput('a credit entitlement adds credits (behavior Increment)');
  const amount = input.amount ?? base?.amount;
  if (amount === undefined || amount === null || amount < 0) throw badInput(`credit entitlement ${input.id} needs a non-negative amount`);
  return { customCurrencyId: input.id, amount, cadence: input.cadence ?? base?.cadence ?? 'MONTH', hasSoftLimit: input.hasSoftLimit ?? base?.hasSoftLimit ?? false };
}

/** Insert at `order` (the end when absent). */
function placed<T>(list: T[], item: T, order: number | undefined): T[] {
  const out = [...list];
  out.splice(order === undefined ? out.length : Math.max(0, Math.min(order, out.length)), 0, item);
  return out;
}

/** Add entitlements to the package's draft; a feature or currency it already has is DuplicatedEntityNotAllowed. */
export function createPackageEntitlements(env: Environment, nowMs: number, kind: PackageKind, id: string, inputs: EntitlementInput[]): PackageEntitlementView[] {
  return env.transaction((db) => {
    const pkg = requirePackage(db, kind, id);
    const draft = requireDraft(pkg, kind);
    let entitlements = [...(draft.entitlements as unknown as StoredEntitlement[])];
    let credits = [...(draft.credits ?? [])];
    const seen = new Set<string>();
    for (const input of inputs) {
      const key = `${input.type}:${input.id}`;
      const exists = input.type === 'FEATURE' ? entitlements.some((e) => e.featureId === input.id) : credits.some((c) => c.customCurrencyId === input.id);
      if (exists || seen.has(key)) {
        throw new EmulatorError('DuplicatedEntityNotAllowed', `${pkg.id} already has an entitlement to ${input.type === 'FEATURE' ? 'feature' : 'custom currency'} ${input.id}`, 409, { id: input.id });
      }
      seen.add(key);
      if (input.type === 'FEATURE') entitlements = placed(entitlements, featureEntitlement(db, kind, input, null), input.order);
      else credits = [...credits, creditEntitlement(db, input, null)];
    }
    save(db, kind, id, { ...draft, entitlements: entitlements as unknown as StoredDraft['entitlements'], credits }, nowMs);
    const created = new Set(inputs.map((i) => `${i.type}:${i.id}`));
    return packageEntitlements(db, kind, id).filter((v) => created.has(v.type === 'FEATURE' ? `FEATURE:${v.entitlement.featureId}` : `CREDIT:${v.credit.customCurrencyId}`));
  });
}

function entitlementNotFound(pkg: PackageRow, type: string, entitlementId: string): EmulatorError {
  return new EmulatorError('NoFeatureEntitlementError', `${pkg.id} has no ${type === 'CREDIT' ? 'credit' : 'feature'} entitlement ${entitlementId}`, 404, { id: entitlementId });
}

/** Change one entitlement of the package's draft (the fields given). */
export function updatePackageEntitlement(env: Environment, nowMs: number, kind: PackageKind, id: string, input: EntitlementInput): PackageEntitlementView {
  return env.transaction((db) => {
    const pkg = requirePackage(db, kind, id);
    const draft = requireDraft(pkg, kind);
    const entitlements = [...(draft.entitlements as unknown as StoredEntitlement[])];
    const credits = [...(draft.credits ?? [])];
    if (input.type === 'FEATURE') {
      const index = entitlements.findIndex((e) => e.featureId === input.id);
      if (index < 0) throw entitlementNotFound(pkg, 'FEATURE', input.id);
      const updated = featureEntitlement(db, kind, input, entitlements[index]!);
      entitlements.splice(index, 1);
      entitlements.splice(input.order === undefined ? index : Math.max(0, Math.min(input.order, entitlements.length)), 0, updated);
    } else {
      const index = credits.findIndex((c) => c.customCurrencyId === input.id);
      if (index < 0) throw entitlementNotFound(pkg, 'CREDIT', input.id);
      credits[index] = creditEntitlement(db, input, credits[index]!);
    }
    save(db, kind, id, { ...draft, entitlements: entitlements as unknown as StoredDraft['entitlements'], credits }, nowMs);
    return packageEntitlements(db, kind, id).find((v) => (v.type === 'FEATURE' ? v.entitlement.featureId === input.id && input.type === 'FEATURE' : v.credit.customCurrencyId === input.id && input.type === 'CREDIT'))!;
  });
}

/** Remove one entitlement (a feature's, else a currency's) from the package's draft; answers it as it was. */
export function deletePackageEntitlement(env: Environment, nowMs: number, kind: PackageKind, id: string, entitlementId: string): PackageEntitlementView {
  return env.transaction((db) => {
    const pkg = requirePackage(db, kind, id);
    const draft = requireDraft(pkg, kind);
    const before = packageEntitlements(db, kind, id);
    const found = before.find((v) => (v.type === 'FEATURE' ? v.entitlement.featureId : v.credit.customCurrencyId) === entitlementId);
    if (!found) throw entitlementNotFound(pkg, 'FEATURE', entitlementId);
    const entitlements = (draft.entitlements as unknown as StoredEntitlement[]).filter((e) => found.type !== 'FEATURE' || e.featureId !== entitlementId);
    const credits = (draft.credits ?? []).filter((c) => found.type !== 'CREDIT' || c.customCurrencyId !== entitlementId);
    save(db, kind, id, { ...draft, entitlements: entitlements as unknown as StoredDraft['entitlements'], credits }, nowMs);
    return found;
  });
}

function save(db: Db, kind: PackageKind, id: string, draft: StoredDraft, nowMs: number): void {
  writeDraft(db, kind, id, draft, nowMs);
}
