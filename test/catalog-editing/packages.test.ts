/** The package editing services directly: versions, drafts, credits and the catalog cache. */
import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/catalog-service.js';
import { createPackageEntitlements } from '../../src/catalog-editing/package-entitlements.js';
import { publishedCredits, workingVersion } from '../../src/catalog-editing/package-rows.js';
import { createPackage, createPackageDraft, publishPackage, removePackageDraft } from '../../src/catalog-editing/packages.js';
import { newEnvironment, testEmulator } from '../support/emulator.js';

const emu = testEmulator();
afterAll(() => emu.close());
const environment = () => emu.registry.get(newEnvironment('pkg').id);

describe('package versions', () => {
  it('a plan created as a draft is invisible to subscriptions until published; a later publish keeps the earlier version', () => {
    const env = environment();
    const now = env.nowMs();
    createPackage(env, now, 'PLAN', { id: 'plan-u', displayName: 'U', productId: 'product-revvenu' });
    expect(catalog.plan(env.db, 'plan-u')).toMatchObject({ status: 'DRAFT', versionNumber: 1, prices: [], entitlements: [] });
    expect(() => catalog.requireLivePlan(env.db, 'plan-u')).toThrow(/never published/);
    createPackageEntitlements(env, now, 'PLAN', 'plan-u', [{ type: 'FEATURE', id: 'feature-seats', usageLimit: 2 }]);
    publishPackage(env, now, 'PLAN', 'plan-u', 'NEW_CUSTOMERS');
    const first = catalog.requireLivePlan(env.db, 'plan-u');
    expect(first).toMatchObject({ status: 'PUBLISHED', versionNumber: 1, draft: null, entitlements: [expect.objectContaining({ featureId: 'feature-seats', usageLimit: 2 })] });

    createPackageDraft(env, now, 'PLAN', 'plan-u');
    expect(workingVersion(env.db, catalog.plan(env.db, 'plan-u')!)).toMatchObject({ status: 'DRAFT', versionNumber: 2, isLatest: false, editable: true });
    publishPackage(env, now, 'PLAN', 'plan-u', 'NEW_CUSTOMERS');
    const second = catalog.plan(env.db, 'plan-u')!;
    expect(second.versionNumber).toBe(2);
    expect(second.earlierVersions).toEqual([{ versionNumber: 1, prices: [], entitlements: first.entitlements }]);
  });

  it('credit entitlements are published into package_credits', () => {
    const env = environment();
    const now = env.nowMs();
    env.sqlite.prepare(`INSERT INTO custom_currencies (id, display_name, created_at, updated_at) VALUES ('cur-x', 'X', 0, 0)`).run();
    createPackage(env, now, 'ADDON', { id: 'addon-u', displayName: 'U', productId: 'product-revvenu' });
    createPackageEntitlements(env, now, 'ADDON', 'addon-u', [{ type: 'CREDIT', id: 'cur-x', amount: 100, cadence: 'MONTH' }]);
    expect(publishedCredits(env.db, 'ADDON', 'addon-u')).toEqual([]);
    publishPackage(env, now, 'ADDON', 'addon-u', 'NEW_CUSTOMERS');
    expect(publishedCredits(env.db, 'ADDON', 'addon-u')).toEqual([{ customCurrencyId: 'cur-x', amount: 100, cadence: 'MONTH', hasSoftLimit: false }]);
  });

  it('removing the draft of a package never published removes the package', () => {
    const env = environment();
    createPackage(env, env.nowMs(), 'ADDON', { id: 'addon-gone', displayName: 'Gone', productId: 'product-revvenu' });
    removePackageDraft(env, env.nowMs(), 'ADDON', 'addon-gone');
    expect(catalog.addon(env.db, 'addon-gone')).toBeUndefined();
  });
});
