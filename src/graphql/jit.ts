/**
 * Compiled execution (graphql-jit, through @envelop/graphql-jit) for the queries and mutations it
 * runs as graphql-js does: each document is compiled once into JavaScript that resolves and
 * completes its selections without graphql-js's per-field interpretation, which is most of the
 * time of a large answer (a customer with many subscriptions, every one with its plan, prices and
 * entitlements).
 *
 * graphql-js keeps what graphql-jit does differently:
 *   - subscriptions (the realtime bus: graphql-js's subscribe);
 *   - an operation whose variables are of a recursive input type (the list filters' `and`/`or`),
 *     which graphql-jit's variable compiler cannot handle (it recurses without end).
 * Which operations are compiled is decided once per parsed document (yoga caches documents).
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getNamedType,
  isInputObjectType,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type TypeNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The input object types of a schema that can contain themselves (directly or through others). */
function recursiveInputTypes(schema: GraphQLSchema): Set<string> {
  const recursive = new Set<string>();
  const reaches = (from: GraphQLInputObjectType, target: string, seen: Set<string>): boolean => {
    for (const field of Object.values(from.getFields())) {
      const type = getNamedType(field.type);
      if (!isInputObjectType(type)) continue;
      if (type.name === target) return true;
      if (seen.has(type.name)) continue;
      seen.add(type.name);
      if (reaches(type, target, seen)) return true;
    }
    return false;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type) && reaches(type, type.name, new Set())) recursive.add(type.name);
  }
  // and every input type from which a recursive one can be reached
  const leadsToRecursion = new Set(recursive);
  let grew = true;
  while (grew) {
    grew = false;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isInputObjectType(type) || leadsToRecursion.has(type.name)) continue;
      if (Object.values(type.getFields()).some((f) => leadsToRecursion.has(getNamedType(f.type).name))) {
        leadsToRecursion.add(type.name);
        grew = true;
      }
    }
  }
  return leadsToRecursion;
}

const namedTypeOf = (node: TypeNode): string => (node.kind === Kind.NAMED_TYPE ? node.name.value : namedTypeOf(node.type));

/** The plugin: compiled execution where it is safe, graphql-js elsewhere. */
export function compiledExecution(schema: GraphQLSchema): Plugin {
  const recursive = recursiveInputTypes(schema);
  const decided = new WeakMap<DocumentNode, Map<string | null, boolean>>();
  const compiles = (args: ExecutionArgs): boolean => {
    const name = args.operationName ?? null;
    let byOperation = decided.get(args.document);
    if (!byOperation) decided.set(args.document, (byOperation = new Map()));
    let answer = byOperation.get(name);
    if (answer === undefined) {
      const operations = args.document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      const operation = name === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === name);
      answer =
        operation !== undefined &&
        operation.operation !== 'subscription' &&
        !(operation.variableDefinitions ?? []).some((v) => recursive.has(namedTypeOf(v.type)));
      byOperation.set(name, answer);
    }
    return answer;
  };
  return useGraphQlJit({}, { enableIf: compiles }) as Plugin;
}
