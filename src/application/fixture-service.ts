/** Loading more fixture data into a running environment, validated against what it already has. */
import { catalog, invalidateCatalog } from '../catalog/catalog-service.js';
import { applyFixtures, knownIds } from '../fixtures/apply.js';
import { FixtureError, loadFixtureFiles, loadFixtureText, type FixtureFormat, type KnownIds, type MergedFixtures } from '../fixtures/load.js';
import { EmulatorError } from '../errors.js';
import type { Environment } from '../environments/environment.js';

/** BadUserInput with a fixture error's problems: the first ones, one a line, then "... and N more". */
const invalidFixtures = (error: FixtureError): EmulatorError =>
  new EmulatorError('BadUserInput', error.text, 400, { problems: error.problems, moreProblems: error.more });

/** The format of a request body: JSON when its content type says so (then only JSON), else JSON or YAML. */
export const formatOfContentType = (contentType: string | undefined): FixtureFormat => (/\bjson\b/i.test(contentType ?? '') ? 'json' : 'auto');

/** A fixture document sent in a request body, validated against the ids already known; BadUserInput otherwise. */
export function parseFixtureBody(text: string, known: KnownIds, format: FixtureFormat = 'auto'): MergedFixtures {
  try {
    return loadFixtureText('body', text, known, format);
  } catch (error) {
    if (error instanceof FixtureError) throw invalidFixtures(error);
    throw error;
  }
}

/** How many entries of each kind a fixture set holds. */
export function fixtureSummary(merged: MergedFixtures): Record<string, number> {
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

export function loadMoreFixtures(env: Environment, text: string, format: FixtureFormat = 'auto'): Record<string, number> {
  return applyMoreFixtures(env, parseFixtureBody(text, knownIds(env.db), format));
}

/** Fixture files or directories (YAML or JSON, as --fixtures reads them) loaded into a running environment. */
export function loadMoreFixtureFiles(env: Environment, paths: string[]): Record<string, number> {
  let merged: MergedFixtures;
  try {
    merged = loadFixtureFiles(paths, knownIds(env.db));
  } catch (error) {
    if (error instanceof FixtureError) throw invalidFixtures(error);
    throw error;
  }
  return applyMoreFixtures(env, merged);
}

function applyMoreFixtures(env: Environment, merged: MergedFixtures): Record<string, number> {
  const nowMs = env.pin();
  env.transaction((db) => {
    // E33: a product's subscription type cannot change once it has subscriptions
    for (const { item: product } of merged.products) {
      const existing = catalog.product(db, product.id);
      if (existing && existing.multipleSubscriptions !== product.multipleSubscriptions && catalog.productHasSubscriptions(db, product.id)) {
        throw new EmulatorError('BadUserInput', `products.${product.id}.multipleSubscriptions cannot change: the product has subscriptions`, 400);
      }
    }
    try {
      applyFixtures(db, merged, nowMs);
    } catch (error) {
      if (error instanceof FixtureError) throw invalidFixtures(error);
      throw error;
    }
  });
  invalidateCatalog(env.db);
  return fixtureSummary(merged);
}
