/**
 * Query limits (GraphQL Armor): depth, aliases, tokens, directives and cost of every operation,
 * checked at parse and validation time, before anything runs. The defaults leave ample room over
 * the largest documents of Stigg's official clients (scripts/measure-operations.ts prints their
 * figures: depth 9, 2 aliases, 0 directives, cost about 30,000, 1,066 tokens, `__typename` included); each refusal answers
 * `BadUserInput` naming the limit (`extensions.limit`).
 */
import type { Plugin } from 'graphql-yoga';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';

export interface GraphQLLimits {
  /** deepest field nesting of an operation (fragments flattened) */
  graphqlMaxDepth: number;
  /** aliased fields in an operation */
  graphqlMaxAliases: number;
  /** lexical tokens in a document (also bounds nesting, so the parser never runs out of stack) */
  graphqlMaxTokens: number;
  /** directives in an operation */
  graphqlMaxDirectives: number;
  /** GraphQL Armor's cost: 2 per object, 1 per scalar, x1.5 per level, x first/last */
  graphqlMaxCost: number;
}

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  graphqlMaxDepth: 15,
  graphqlMaxAliases: 30,
  graphqlMaxTokens: 3000,
  graphqlMaxDirectives: 20,
  graphqlMaxCost: 100_000,
};

/** The Armor plugins for yoga. Each refusal is a GraphQLError with code BadUserInput and `limit`. */
export function limitPlugins(limits: GraphQLLimits): Plugin[] {
  const tag =
    (limit: string, flag: string) =>
    (_ctx: unknown, error: { extensions: Record<string, unknown>; message: string }) => {
      // the error is thrown afterwards (propagateOnRejection): give it Stigg's code, the limit and the setting
      error.extensions.code = 'BadUserInput';
      error.extensions.limit = limit;
      const message = `${error.message.replace(/^Syntax Error: /, '')} (emulator setting --${flag})`;
      Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true, enumerable: false });
    };
  return [
    maxTokensPlugin({ n: limits.graphqlMaxTokens, onReject: [tag('maxTokens', 'graphql-max-tokens')] }),
    maxDepthPlugin({ n: limits.graphqlMaxDepth, flattenFragments: true, onReject: [tag('maxDepth', 'graphql-max-depth')] }),
    maxAliasesPlugin({ n: limits.graphqlMaxAliases, onReject: [tag('maxAliases', 'graphql-max-aliases')] }),
    maxDirectivesPlugin({ n: limits.graphqlMaxDirectives, onReject: [tag('maxDirectives', 'graphql-max-directives')] }),
    costLimitPlugin({ maxCost: limits.graphqlMaxCost, flattenFragments: true, onReject: [tag('maxCost', 'graphql-max-cost')] }),
  ] as Plugin[];
}
