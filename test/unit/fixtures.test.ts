import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesJsonSchema } from '../../src/fixtures/json-schema.js';
import { FixtureError, loadFixtureFiles } from '../../src/fixtures/load.js';
import { SCHEMA_DIR } from '../../src/paths.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function problemsOf(paths: string[]): string[] {
  try {
    loadFixtureFiles(paths);
  } catch (error) {
    if (error instanceof FixtureError) return error.problems;
    throw error;
  }
  return [];
}

describe('fixtures', () => {
  it('reads YAML and JSON files of a directory in name order and merges them', () => {
    const dir = dirWith({
      '01-catalog.yaml': 'features:\n  - { id: feature-a, featureType: BOOLEAN }\nproducts:\n  - id: product-p\nplans:\n  - { id: plan-p, productId: product-p, entitlements: [ { featureId: feature-a } ] }\n',
      '02-customers.json': JSON.stringify({ customers: [{ id: 'customer-1', name: 'First' }] }),
      '03-override.yml': 'customers:\n  - { id: customer-1, name: Second }\n',
      'nested/04-more.yaml': 'coupons:\n  - { id: coupon-x, discountValue: 10 }\n',
      'notes.txt': 'ignored',
    });
    const merged = loadFixtureFiles([dir]);
    expect(merged.features.map((f) => f.item.id)).toEqual(['feature-a']);
    expect(merged.customers).toHaveLength(1);
    expect(merged.customers[0]!.item.name).toBe('Second');
    expect(merged.customers[0]!.where).toBe(`${join(dir, '03-override.yml')}: customers.0`);
    expect(merged.coupons[0]!.item).toMatchObject({ id: 'coupon-x', type: 'PERCENTAGE', status: 'ACTIVE' });
  });

  it('reports every problem as file: path: message', () => {
    const dir = dirWith({
      'a.yaml': 'plans:\n  - { id: plan-x, productId: product-missing, entitlements: [ { featureId: feature-missing } ] }\n',
      'b.yaml': 'customers:\n  - { id: "bad id", email: nope }\nfeatures:\n  - { id: feature-e, featureType: ENUM }\n',
      'c.json': '{"customers": [}',
      'd.yaml': 'governance:\n  owners:\n    customer-z:\n      assignments:\n        - { entityId: e, capabilityId: c, usageLimit: 1, cadence: monthly }\n',
    });
    const problems = problemsOf([dir]);
    const text = problems.join('\n');
    expect(text).toContain(`${join(dir, 'b.yaml')}: customers.0.id: must match`);
    expect(text).toContain(`${join(dir, 'b.yaml')}: customers.0.email:`);
    expect(text).toContain(`${join(dir, 'c.json')}: (root): cannot parse`);
    expect(text).toContain(`${join(dir, 'd.yaml')}: governance.owners.customer-z.assignments.0.cadence: must be an ISO-8601 duration`);
    // reference problems are reported once the documents themselves are valid
    const refs = problemsOf([join(dir, 'a.yaml')]).join('\n');
    expect(refs).toContain(`${join(dir, 'a.yaml')}: plans.0.productId: unknown product "product-missing"`);
    expect(refs).toContain(`${join(dir, 'a.yaml')}: plans.0.entitlements.0.featureId: unknown feature "feature-missing"`);
  });

  it('checks references across files: inheritance, journeys, governance', () => {
    const dir = dirWith({
      'a.yaml': [
        'products:',
        '  - { id: product-p, customerJourney: { subscriptionStartSetup: FREE_PLAN } }',
        'plans:',
        '  - { id: plan-a, productId: product-p, basePlanId: plan-b }',
        '  - { id: plan-b, productId: product-p, basePlanId: plan-a }',
        'governance:',
        '  entityTypes: [ { id: team } ]',
        '  owners:',
        '    customer-nobody:',
        '      entities: [ { id: t1, entityTypeId: org } ]',
      ].join('\n'),
    });
    const text = problemsOf([dir]).join('\n');
    expect(text).toContain('customerJourney.subscriptionStartPlanId: required when subscriptionStartSetup is FREE_PLAN');
    expect(text).toContain('plans.0.basePlanId: inheritance cycle');
    expect(text).toContain('unknown customer "customer-nobody"');
    expect(text).toContain('entities.0.entityTypeId: unknown entity type "org"');
  });

  it('refuses a budget cadence that never rolls (P0D)', () => {
    const dir = dirWith({
      'a.yaml': 'governance:\n  owners:\n    customer-z:\n      assignments:\n        - { entityId: e, capabilityId: c, usageLimit: 1, cadence: P0D, usage: 1 }\n',
    });
    expect(problemsOf([dir]).join('\n')).toContain('governance.owners.customer-z.assignments.0.cadence: must be a positive ISO-8601 duration');
  });

  it('reports a missing path', () => {
    expect(problemsOf(['does-not-exist.yaml'])).toEqual(['does-not-exist.yaml: no such file or directory']);
  });

  it('publishes a JSON Schema that matches the model (npm run fixtures:schema regenerates it)', () => {
    const published = JSON.parse(readFileSync(join(SCHEMA_DIR, 'fixtures.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(fixturesJsonSchema())));
    expect(Object.keys(published.properties)).toEqual(
      expect.arrayContaining(['features', 'products', 'plans', 'addons', 'coupons', 'customers', 'billing', 'webhooks', 'governance']),
    );
  });
});
