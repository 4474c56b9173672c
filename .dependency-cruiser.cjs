/**
 * The layering of src/ (docs/architecture.md), bottom to top. A module may import its own layer and
 * the layers below it, never one above: each layer's rule is named `<layer>-imports-only-below`,
 * and `npm test` (test/architecture/layering.test.ts) fails naming the rule and the import. The
 * test also holds every file of src/ to exactly one layer (`every-module-has-one-layer`).
 *
 *   npx depcruise src --config .dependency-cruiser.cjs
 */
const layers = [
  {
    name: 'foundations',
    comment: 'time, clock, errors, amounts, settings, logging, the database and the environment a command runs in',
    path: ['^src/(time|clock|errors|error-codes|amounts|json-depth|ids|paths|config|config-limits|write-steps)\\.ts$', '^src/(db|logging|environments)/'],
  },
  { name: 'catalog', comment: 'features, plans, add-ons, prices and coupons as stored, and the arithmetic of prices', path: ['^src/catalog/'] },
  { name: 'webhook-log', comment: "the webhook event log, written in the command's transaction, and its delivery after the commit", path: ['^src/webhooks/'] },
  { name: 'customers', comment: 'customers and their promotional grants', path: ['^src/customers/'] },
  { name: 'subscriptions', comment: 'provisioning, updates, cancellation, checkout, transfers, migrations', path: ['^src/subscriptions/'] },
  {
    name: 'domains',
    comment: 'what hangs off a subscription: credits, the usage meters, estimates and coupons, governance',
    path: ['^src/(credits|meters|pricing|catalog-editing)/', '^src/governance/(?!routes/)'],
  },
  { name: 'read-model', comment: 'entitlements and the views (customer, portal, paywall) over every domain', path: ['^src/(entitlements|views)/'] },
  { name: 'usage', comment: 'usage reports and raw events, recorded and handed on; the usage history', path: ['^src/usage/'] },
  { name: 'outboxes', comment: 'after-commit work over the read model: the realtime publisher', path: ['^src/realtime/'] },
  { name: 'lifecycle', comment: 'what time makes due, across the domains', path: ['^src/lifecycle/'] },
  { name: 'application', comment: 'the registry of environments and their composition, fixtures, export and import, snapshots, the clock', path: ['^src/(application|fixtures)/'] },
  {
    name: 'adapters',
    comment: 'GraphQL resolvers and server, the edge, the REST API, governance routes, the control plane, the inspector, HTTP helpers',
    path: ['^src/(resolvers|graphql|edge|admin|inspector|http|rest)/', '^src/governance/routes/'],
  },
  { name: 'process', comment: 'the emulator assembled, the package entry and the command line', path: ['^src/(emulator|index|main)\\.ts$', '^src/cli/'] },
];

/**
 * Imports that run against the layering on purpose; each with its reason. The layering test fails
 * when one of these no longer exists (the list only shrinks).
 */
const exceptions = [];

const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'files that import each other in a loop',
    from: { path: '^src/' },
    to: { circular: true },
  },
];
layers.forEach((layer, i) => {
  const above = layers.slice(i + 1).flatMap((l) => l.path);
  if (above.length === 0) return;
  const name = `${layer.name}-imports-only-below`;
  const mine = exceptions.filter((e) => layer.path.some((p) => new RegExp(p).test(e.from)));
  const excepted = [...new Set(mine.map((e) => e.from))];
  forbidden.push({
    name,
    severity: 'error',
    comment: `${layer.name} (${layer.comment}) imports only from the layers below it`,
    from: { path: layer.path, pathNot: excepted.map((f) => `^${f.replace(/\./g, '\\.')}$`) },
    to: { path: above },
  });
  for (const from of excepted) {
    forbidden.push({
      name,
      severity: 'error',
      comment: `${layer.name}: ${from} has a listed exception`,
      from: { path: `^${from.replace(/\./g, '\\.')}$` },
      to: { path: above, pathNot: mine.filter((e) => e.from === from).map((e) => `^${e.to.replace(/\./g, '\\.')}$`) },
    });
  }
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/db/migrations/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
// the layers and the exceptions, for the layering test (not a key of dependency-cruiser's configuration)
Object.defineProperty(module.exports, 'layering', { value: { layers, exceptions }, enumerable: false });
