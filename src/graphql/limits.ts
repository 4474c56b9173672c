/**
 * Query limits (GraphQL Armor): depth, aliases, tokens, directives and cost of every operation,
 * checked at parse and validation time, before anything runs. The defaults leave ample room over
 * the largest documents of Stigg's official clients (scripts/measure-operations.ts prints their
 * figures: depth 9, 2 aliases, 0 directives, cost about 30,000, 1,066 tokens, `__typename` included); each refusal answers
 * `BadUserInput` naming the limit (`extensions.limit`).
 */
import type { Plugin } from 'graphql-yoga';
import { costLimitPlugin, costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin, maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin, maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin, maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer, maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { DEFAULT_GRAPHQL_LIMITS, type GraphQLLimits } from '../config-limits.js';

// the limits' settings and defaults are settings (config-limits.ts); the checks are here
export { DEFAULT_GRAPHQL_LIMITS, type GraphQLLimits };

/** The Armor plugins for yoga. Each refusal is a GraphQLError with code BadUserInput and `limit`. */
const tagger =
    (limit: string, flag: string) =>
    (_ctx: unknown, error: { extensions: Record<string, unknown>; message: string }) => {
      // the error is thrown afterwards (propagateOnRejection): give it Stigg's code, the limit and the setting
      error.extensions.code = 'BadUserInput';
      error.extensions.limit = limit;
      const message = `${error.message.replace(/^Syntax Error: /, '')} (emulator setting --${flag})`;
      Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true, enumerable: false });
    };

export function limitPlugins(limits: GraphQLLimits): Plugin[] {
  const tag = tagger;
  return [
    maxTokensPlugin({ n: limits.graphqlMaxTokens, onReject: [tag('maxTokens', 'graphql-max-tokens')] }),
    maxDepthPlugin({ n: limits.graphqlMaxDepth, flattenFragments: true, onReject: [tag('maxDepth', 'graphql-max-depth')] }),
    maxAliasesPlugin({ n: limits.graphqlMaxAliases, onReject: [tag('maxAliases', 'graphql-max-aliases')] }),
    maxDirectivesPlugin({ n: limits.graphqlMaxDirectives, onReject: [tag('maxDirectives', 'graphql-max-directives')] }),
    costLimitPlugin({ maxCost: limits.graphqlMaxCost, flattenFragments: true, onReject: [tag('maxCost', 'graphql-max-cost')] }),
  ] as Plugin[];
}

/**
 * The same limits for a document that does not go through yoga (GraphQL subscriptions over
 * WebSocket): parsed with the token limit, validated with the other four. Answers the document or
 * the errors (BadUserInput, `limit` set).
 */
export function checkDocument(schema: GraphQLSchema, query: string, limits: GraphQLLimits): { document: DocumentNode } | { errors: GraphQLError[] } {
  try {
    const document = new MaxTokensParserWLexer(query, { n: limits.graphqlMaxTokens, onReject: [tagger('maxTokens', 'graphql-max-tokens')] } as never).parseDocument();
    const errors = validate(schema, document, [
      ...specifiedRules,
      maxDepthRule({ n: limits.graphqlMaxDepth, flattenFragments: true, onReject: [tagger('maxDepth', 'graphql-max-depth')] }),
      maxAliasesRule({ n: limits.graphqlMaxAliases, onReject: [tagger('maxAliases', 'graphql-max-aliases')] }),
      maxDirectivesRule({ n: limits.graphqlMaxDirectives, onReject: [tagger('maxDirectives', 'graphql-max-directives')] }),
      costLimitRule({ maxCost: limits.graphqlMaxCost, flattenFragments: true, onReject: [tagger('maxCost', 'graphql-max-cost')] }),
    ]);
    return errors.length > 0 ? { errors: [...errors] } : { document };
  } catch (error) {
    if (error instanceof GraphQLError) {
      if (!error.extensions.code) (error.extensions as Record<string, unknown>).code = 'BadUserInput';
      return { errors: [error] };
    }
    throw error;
  }
}
