/** Loading more fixture data into a running environment, validated against what it already has. */
import { invalidateCatalog } from '../catalog/catalog-service.js';
import { applyFixtures, knownIds } from '../fixtures/apply.js';
import { FixtureError, loadFixtureText } from '../fixtures/load.js';
import { EmulatorError } from '../errors.js';
import type { Environment } from './environment.js';

export function loadMoreFixtures(env: Environment, text: string): Record<string, number> {
  let merged;
  try {
    merged = loadFixtureText('body', text, knownIds(env.db));
  } catch (error) {
    if (error instanceof FixtureError) throw new EmulatorError('BadUserInput', error.problems.join('\n'), 400, { problems: error.problems });
    throw error;
  }
  const nowMs = env.nowMs();
  env.transaction((db) => applyFixtures(db, merged, nowMs));
  invalidateCatalog(env.db);
  return {
    features: merged.features.length,
    products: merged.products.length,
    plans: merged.plans.length,
    addons: merged.addons.length,
    coupons: merged.coupons.length,
    customers: merged.customers.length,
    webhooks: merged.webhooks.length,
    entityTypes: merged.entityTypes.length,
    capabilities: merged.capabilities.length,
    governanceEntities: merged.governanceEntities.length,
    governanceAssignments: merged.governanceAssignments.length,
  };
}
