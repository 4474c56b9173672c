/**
 * The REST SDK suite: Stigg's TypeScript REST SDK (@stigg/typescript 0.1.0-beta.51, not published
 * to the npm registry) against the emulator over HTTP. The SDK's sources are read from
 * STIGG_TYPESCRIPT_SDK_DIR, else from the workspace's vendored copy beside the repository
 * (../shared/vendor/stigg-typescript-0.1.0-beta.51); scripts/test-sdks.sh reports the suite as
 * blocked when neither exists.
 *
 *   npx vitest run --config sdk-tests/typescript-rest/vitest.config.ts
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
export const sdkDir = resolve(process.env.STIGG_TYPESCRIPT_SDK_DIR ?? resolve(repo, '../shared/vendor/stigg-typescript-0.1.0-beta.51'));
if (!existsSync(resolve(sdkDir, 'src/index.ts'))) {
  throw new Error(`the TypeScript REST SDK's sources are not at ${sdkDir}: set STIGG_TYPESCRIPT_SDK_DIR to a checkout of stigg-typescript 0.1.0-beta.51`);
}

export default defineConfig({
  root: repo,
  resolve: {
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      { find: /^@stigg\/typescript$/, replacement: resolve(sdkDir, 'src/index.ts') },
      { find: /^@stigg\/typescript\/(.*)$/, replacement: resolve(sdkDir, 'src/$1') },
    ],
  },
  test: {
    include: ['sdk-tests/typescript-rest/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
