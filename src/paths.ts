import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root directory (where package.json is), from src/ or dist/src/ alike. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'stigg-emulator') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the stigg-emulator package root');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const SCHEMA_DIR = join(PACKAGE_ROOT, 'schema');
export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'src', 'db', 'migrations');
export const DEMO_FIXTURES_DIR = join(PACKAGE_ROOT, 'fixtures', 'demo');
