/**
 * Measures the official clients' documents (test/reference/operations) against GraphQL Armor's
 * counters: depth, aliases, directives, cost and tokens of every operation (with the fragments it
 * uses). The limits in src/graphql/limits.ts are set well above these figures.
 *   npx tsx scripts/measure-operations.ts
 */
import { print, specifiedRules, validate, type DocumentNode } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { buildExecutableSchema } from '../src/graphql/schema.js';
import { referenceOperations, withTypename } from '../test/support/reference-operations.js';

function measure(document: DocumentNode, text: string) {
  const schema = buildExecutableSchema().schema;
  const seen: Record<string, number> = {};
  const on = (key: string) => [(_: unknown, d: { n: number }) => (seen[key] = d.n)];
  validate(schema, document, [
    ...specifiedRules,
    maxDepthRule({ n: 1e9, flattenFragments: true, onAccept: on('depth') }),
    maxAliasesRule({ n: 1e9, onAccept: on('aliases') }),
    maxDirectivesRule({ n: 1e9, onAccept: on('directives') }),
    costLimitRule({ maxCost: 1e12, flattenFragments: true, onAccept: on('cost') }),
  ]);
  const parser = new MaxTokensParserWLexer(text, { n: 1e9 });
  parser.parseDocument();
  seen.tokens = parser.tokenCount;
  return seen;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const max: Record<string, { n: number; op: string }> = {};
  for (const op of referenceOperations()) {
    const document = withTypename(op.document);
    for (const [k, v] of Object.entries(measure(document, print(document)))) {
      if (!max[k] || v > max[k].n) max[k] = { n: v, op: `${op.file} ${op.name}` };
    }
  }
  console.log(JSON.stringify(max, null, 2));
}
export { measure };
