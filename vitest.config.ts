import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // one graphql module for the project and its dependencies (Node resolves graphql to its CommonJS entry)
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // a worker loads the sources once for all the files it runs (loading them again for each of
    // ~120 files was about a third of the suite's time); the files share no state through modules
    // (each test starts its own emulator or environment)
    isolate: false,
  },
});
