/**
 * The executable schema: Stigg's SDL from schema/, the implemented resolvers, and for every other
 * root field an answer with extensions.code NotSupportedByEmulator naming the field.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildASTSchema,
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  GraphQLError,
  isInterfaceType,
  isScalarType,
  Kind,
  print,
  isObjectType,
  isUnionType,
  parse,
  type DocumentNode,
} from 'graphql';
import { EmulatorError } from '../errors.js';
import { PACKAGE_ROOT, SCHEMA_DIR } from '../paths.js';
import { checkInstant } from '../time.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { CLIENT_KEY_ROOT_FIELDS, resolvers } from '../resolvers/index.js';

export function readSchemaSdl(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(SCHEMA_DIR, f), 'utf8'))
    .join('\n');
}

declare const __STIGG_EMULATOR_BUNDLED__: boolean | undefined;
const BUNDLED = typeof __STIGG_EMULATOR_BUNDLED__ !== 'undefined' && __STIGG_EMULATOR_BUNDLED__;

/** The SDL already parsed (no locations), stored by the build: JSON.parse reads it faster than the GraphQL parser parses the SDL. */
export const SCHEMA_AST_FILE = join(PACKAGE_ROOT, 'dist', 'schema-ast.json');

function builtAstIsCurrent(): boolean {
  if (!existsSync(SCHEMA_AST_FILE)) return false;
  const built = statSync(SCHEMA_AST_FILE).mtimeMs;
  return readdirSync(SCHEMA_DIR).every((name) => statSync(join(SCHEMA_DIR, name)).mtimeMs <= built);
}

/** The schema's document: the build's parsed copy in the bundled process when no SDL file is newer, else the SDL parsed. */
export function schemaDocument(): DocumentNode {
  if (BUNDLED && builtAstIsCurrent()) return JSON.parse(readFileSync(SCHEMA_AST_FILE, 'utf8')) as DocumentNode;
  return parse(readSchemaSdl(), { noLocation: true });
}

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;

export interface SchemaInfo {
  schema: GraphQLSchema;
  implemented: { Query: string[]; Mutation: string[]; Subscription: string[] };
}

export function buildExecutableSchema(): SchemaInfo {
  // The SDL is validated by the test suite; at start-up it is trusted (assumeValid) and the resolvers
  // are attached in place, which keeps start-up well under a second for Stigg's ~1,200 types.
  const schema = buildASTSchema(schemaDocument(), { assumeValidSDL: true, assumeValid: true });
  attachResolvers(schema, resolvers as Record<string, Record<string, unknown>>);
  boundDateTime(schema);
  const implemented: SchemaInfo['implemented'] = { Query: [], Mutation: [], Subscription: [] };
  for (const root of ROOTS) {
    const type = schema.getType(root);
    if (!type || !isObjectType(type)) continue;
    const own = (resolvers as Record<string, Record<string, unknown> | undefined>)[root] ?? {};
    for (const field of Object.values(type.getFields())) {
      const name = field.name;
      const isImplemented = name in own;
      if (isImplemented) implemented[root].push(name);
      const inner = field.resolve ?? defaultFieldResolver;
      if (root === 'Subscription') {
        const subscribe = field.subscribe;
        field.subscribe = (parent, args, context: GraphQLContext, info) => {
          if (context.keyType === 'client') {
            throw new EmulatorError('IdentityForbidden', `Subscription.${name} cannot be used with a client (publishable) key; use a server key`, 403);
          }
          if (!isImplemented || !subscribe) {
            throw new EmulatorError('NotSupportedByEmulator', `Subscription.${name} is not supported by the emulator`, 501, { field: `Subscription.${name}` });
          }
          return subscribe(parent, args, context, info);
        };
        continue;
      }
      field.resolve = (parent, args, context: GraphQLContext, info) => {
        if (context.keyType === 'client' && !CLIENT_KEY_ROOT_FIELDS.has(name)) {
          throw new EmulatorError('IdentityForbidden', `${root}.${name} cannot be called with a client (publishable) key; use a server key`, 403);
        }
        if (!isImplemented) {
          throw new EmulatorError('NotSupportedByEmulator', `${root}.${name} is not supported by the emulator`, 501, { field: `${root}.${name}` });
        }
        return inner(parent, args, context, info);
      };
    }
    implemented[root].sort();
  }
  return { schema, implemented };
}

type FieldResolverConfig = GraphQLFieldResolver<unknown, unknown> | { resolve?: GraphQLFieldResolver<unknown, unknown>; subscribe?: GraphQLFieldResolver<unknown, unknown> };

/**
 * Sets the resolvers on the schema's own field and type objects (what graphql-tools'
 * addResolversToSchema does in place, without re-healing a schema nothing changed the shape of).
 */
/**
 * DateTime inputs (startDate, endDate, customEndDate, createdAt, ranges …) are checked where they
 * enter: an ISO-8601 instant (or epoch milliseconds) from 1970-01-01T00:00:00.000Z through
 * 9999-12-31T23:59:59.999Z, else BadUserInput. The value itself passes through unchanged.
 */
function boundDateTime(schema: GraphQLSchema): void {
  const type = schema.getType('DateTime');
  if (!type || !isScalarType(type)) return;
  const check = (value: unknown): unknown => {
    const checked = checkInstant(value, 'DateTime', true);
    if ('error' in checked) throw new GraphQLError(checked.error, { extensions: { code: 'BadUserInput' } });
    return value;
  };
  type.parseValue = check;
  type.parseLiteral = (node, variables) => {
    if (node.kind === Kind.VARIABLE) return check(variables?.[node.name.value]);
    if (node.kind === Kind.STRING) return check(node.value);
    if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return check(Number(node.value));
    throw new GraphQLError(`DateTime must be an ISO-8601 instant, got ${print(node).slice(0, 80)}`, { extensions: { code: 'BadUserInput' } });
  };
}

export function attachResolvers(schema: GraphQLSchema, map: Record<string, Record<string, unknown>>): void {
  for (const [typeName, typeResolvers] of Object.entries(map)) {
    const type = schema.getType(typeName);
    if (!type) throw new Error(`resolvers given for ${typeName}, which is not in the schema`);
    for (const [name, value] of Object.entries(typeResolvers)) {
      if (name === '__resolveType') {
        if (!isUnionType(type) && !isInterfaceType(type)) throw new Error(`${typeName}.__resolveType: ${typeName} is not a union or interface`);
        type.resolveType = value as GraphQLTypeResolver<unknown, unknown>;
        continue;
      }
      if (name === '__isTypeOf') {
        if (!isObjectType(type)) throw new Error(`${typeName}.__isTypeOf: ${typeName} is not an object type`);
        type.isTypeOf = value as never;
        continue;
      }
      if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`resolver ${typeName}.${name}: ${typeName} has no fields`);
      const field = type.getFields()[name];
      if (!field) throw new Error(`resolver ${typeName}.${name}: no such field in the schema`);
      const config = value as FieldResolverConfig;
      if (typeof config === 'function') field.resolve = config;
      else {
        if (config.resolve) field.resolve = config.resolve;
        if (config.subscribe) field.subscribe = config.subscribe;
      }
    }
  }
}
