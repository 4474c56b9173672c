#!/usr/bin/env node
// Writes schema/rest-methods.json: every method of Stigg's REST SDK as its api.md lists it (the SDK
// name, HTTP method, path and response type). The emulator's REST coverage (scripts/rest-coverage.mjs
// and test/rest/coverage.test.ts) is counted against this list.
//
//   node scripts/extract-rest-methods.mjs <path to the TypeScript REST SDK's api.md>
import { readFileSync, writeFileSync } from 'node:fs';

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/extract-rest-methods.mjs <api.md>');
  process.exit(2);
}
const text = readFileSync(source, 'utf8');
const methods = [];
const re = /<code title="(get|post|put|patch|delete) ([^"]+)">client\.([\w.]+)\.<a [^>]*>(\w+)<\/a>\([^)]*\) -> (\w+)<\/code>/g;
for (const m of text.matchAll(re)) {
  methods.push({ sdk: `${m[3]}.${m[4]}`, method: m[1], path: m[2], response: m[5] });
}
const out = { source: 'api.md of @stigg/typescript 0.1.0-beta.51 (Stigg REST SDK)', count: methods.length, methods };
writeFileSync(new URL('../schema/rest-methods.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`schema/rest-methods.json: ${methods.length} methods`);
