/** Writes schema/fixtures.schema.json from the zod fixture model (npm run fixtures:schema). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesJsonSchema } from '../src/fixtures/json-schema.js';
import { SCHEMA_DIR } from '../src/paths.js';

const target = join(SCHEMA_DIR, 'fixtures.schema.json');
writeFileSync(target, `${JSON.stringify(fixturesJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
