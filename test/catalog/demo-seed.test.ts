import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixtureFiles } from '../../src/fixtures/load.js';
import { DEMO_FIXTURES_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { gql, newEnvironment, testEmulator } from '../support/emulator.js';

const EXAMPLES_DIR = join(PACKAGE_ROOT, 'fixtures', 'examples');

/** Every id the Python and Go SDK docs' examples pass (placeholders like CUSTOMER-ID aside). */
const DOCS_IDS = {
  products: ['product-revvenu'],
  plans: ['plan-revvenu-basic', 'plan-revvenu-essentials', 'plan-revvenu-growth'],
  features: ['feature-01-templates', 'feature-02-campaigns', 'feature-03-custom-domain', 'feature-03-memory', 'feature-04-analytics', 'feature-seats'],
  addons: ['addon-10-campaigns', 'addon-revvenu-extra-campaigns', 'addon-extra-stuff'],
  coupons: ['coupon-vip', 'coupon-id'],
  // customers the examples read or change without provisioning them first
  customers: ['customer-demo-01', 'customer-id', 'customer-id2', 'customer-f9942a', 'customer-test-id', 'cus-acme'],
};

/** Subscriptions the examples update, cancel or estimate by id. */
const DOCS_SUBSCRIPTIONS = [
  'subscription-plan-revvenu-growth-589879',
  'subscription-plan-revvenu-growth-dfe598',
  'subscription-plan-revvenu-essentials-dc847c',
  'subscription-plan-revvenu-basic-558071',
];

describe('the built-in demo seed', () => {
  it('loads without a problem', () => {
    expect(() => loadFixtureFiles([DEMO_FIXTURES_DIR])).not.toThrow();
  });

  it('has every id the SDK docs examples use', () => {
    const merged = loadFixtureFiles([DEMO_FIXTURES_DIR]);
    const ids = (list: { item: { id: string } }[]) => list.map((e) => e.item.id);
    expect(ids(merged.products)).toEqual(expect.arrayContaining(DOCS_IDS.products));
    expect(ids(merged.plans)).toEqual(DOCS_IDS.plans);
    expect(ids(merged.features)).toEqual(expect.arrayContaining(DOCS_IDS.features));
    expect(ids(merged.addons)).toEqual(expect.arrayContaining(DOCS_IDS.addons));
    expect(ids(merged.coupons)).toEqual(expect.arrayContaining(DOCS_IDS.coupons));
    expect(ids(merged.customers)).toEqual(expect.arrayContaining(DOCS_IDS.customers));
    const subscriptionIds = merged.customers.flatMap((c) => c.item.subscriptions.map((s) => s.id));
    expect(subscriptionIds).toEqual(expect.arrayContaining(DOCS_SUBSCRIPTIONS));
    expect(merged.governanceEntities.map((e) => `${e.item.ownerId}/${e.item.id}`)).toContain('cus-acme/team-eng');
    expect(merged.capabilities.map((c) => c.item.id)).toContain('ai-tokens');
  });

  it('has a feature of every type, a metered one and one metered from events', () => {
    const features = loadFixtureFiles([DEMO_FIXTURES_DIR]).features.map((f) => f.item);
    expect(new Set(features.map((f) => f.featureType))).toEqual(new Set(['BOOLEAN', 'NUMBER', 'ENUM']));
    expect(features.find((f) => f.id === 'feature-02-campaigns')).toMatchObject({ featureType: 'NUMBER', meterType: 'Incremental' });
    expect(features.find((f) => f.id === 'feature-01-templates')).toMatchObject({ featureType: 'NUMBER', meterType: 'Fluctuating' });
    expect(features.some((f) => f.meter)).toBe(true);
  });

  it('has a free plan, paid plans with monthly and annual prices, inheritance and a default trial', () => {
    const plans = new Map(loadFixtureFiles([DEMO_FIXTURES_DIR]).plans.map((p) => [p.item.id, p.item]));
    expect(plans.get('plan-revvenu-basic')).toMatchObject({ pricingType: 'FREE' });
    expect(plans.get('plan-revvenu-basic')!.basePlanId ?? null).toBeNull();
    expect(plans.get('plan-revvenu-essentials')).toMatchObject({ pricingType: 'PAID', basePlanId: 'plan-revvenu-basic' });
    expect(plans.get('plan-revvenu-growth')).toMatchObject({
      pricingType: 'PAID',
      basePlanId: 'plan-revvenu-essentials',
      defaultTrialConfig: { duration: 14, units: 'DAY' },
    });
    for (const id of ['plan-revvenu-essentials', 'plan-revvenu-growth']) {
      expect(new Set(plans.get(id)!.prices.map((p) => p.billingPeriod))).toEqual(new Set(['MONTHLY', 'ANNUALLY']));
    }
  });
});

describe('the example fixtures', () => {
  for (const file of ['trial-product.yaml', 'governance-tree.yaml']) {
    it(`${file} loads alone and next to the demo seed`, () => {
      expect(() => loadFixtureFiles([join(EXAMPLES_DIR, file)])).not.toThrow();
      expect(() => loadFixtureFiles([DEMO_FIXTURES_DIR, join(EXAMPLES_DIR, file)])).not.toThrow();
    });
  }

  it('all of them seed an environment together with the demo seed', async () => {
    const emu = testEmulator({ fixtures: [DEMO_FIXTURES_DIR, EXAMPLES_DIR] });
    try {
      const { serverKey } = newEnvironment();
      const res = await gql(emu, serverKey, '{ products { totalCount edges { node { refId plans { refId } } } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data!.products.totalCount).toBe(2);
      const plansOf = Object.fromEntries(res.data!.products.edges.map((e: any) => [e.node.refId, e.node.plans.map((p: any) => p.refId)]));
      expect(plansOf).toEqual({
        'product-revvenu': ['plan-revvenu-basic', 'plan-revvenu-essentials', 'plan-revvenu-growth'],
        'product-notes': ['plan-notes-free', 'plan-notes-pro'],
      });
    } finally {
      await emu.close();
    }
  });
});
