/**
 * Compiled execution (graphql-jit) for the queries and mutations it runs as graphql-js does: each
 * document is compiled once into JavaScript that resolves and completes its selections without
 * graphql-js's per-field interpretation, which is most of the time of a large answer (a customer
 * with many subscriptions, every one with its plan, prices and entitlements).
 *
 * What graphql-jit does differently is kept out:
 *   - the order of an answer's fields: graphql-jit collects a selection set's own fields before
 *     those of its fragments, graphql-js (and Stigg's server) in the document's order. So the
 *     document is compiled with its fragments inlined where they always apply (on an object type,
 *     a fragment on that type, an interface it implements or a union it is in; a selection on an
 *     interface or union becomes one inline fragment per object type, holding what graphql-js
 *     collects for it), which gives both the same order; a document with @skip/@include on a
 *     fragment is executed by graphql-js;
 *   - subscriptions (the realtime bus: graphql-js's subscribe);
 *   - an operation with a variable of a recursive input type (the list filters' `and`/`or`), which
 *     graphql-jit's variable compiler cannot handle (it recurses without end).
 * What is decided and compiled is kept per parsed document (yoga caches the parsed documents).
 *
 * The JavaScript graphql-jit generates is rewritten before it is compiled: a resolver that does not
 * take the resolve info (declares fewer than four parameters) is called without one (graphql-jit
 * makes one, with its path, for every call), and a query's compiled code completes an object its
 * fields resolve to more than once (a subscription's plan) once, its answer serialised with that
 * value's text written once (src/graphql/shared-completion.ts).
 */
import { makeExecute, type Plugin } from 'graphql-yoga';
import { executeSharing, rewriteQueryBody, stringifySharing } from './shared-completion.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isAbstractType,
  isInputObjectType,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type GraphQLInputObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';

/** The input object types of a schema from which a recursive one (one that can contain itself) can be reached. */
function recursiveInputTypes(schema: GraphQLSchema): Set<string> {
  const inputs = Object.values(schema.getTypeMap()).filter(isInputObjectType);
  const reaches = (from: GraphQLInputObjectType, target: string, seen: Set<string>): boolean =>
    Object.values(from.getFields()).some((field) => {
      const type = getNamedType(field.type);
      if (!isInputObjectType(type)) return false;
      if (type.name === target) return true;
      if (seen.has(type.name)) return false;
      seen.add(type.name);
      return reaches(type, target, seen);
    });
  const leads = new Set(inputs.filter((type) => reaches(type, type.name, new Set())).map((type) => type.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const type of inputs) {
      if (leads.has(type.name) || !Object.values(type.getFields()).some((f) => leads.has(getNamedType(f.type).name))) continue;
      leads.add(type.name);
      grew = true;
    }
  }
  return leads;
}

/** The fields of an object or abstract type (not a list, not a leaf), by their type's and their own names run together. */
function compositeFields(schema: GraphQLSchema): Set<string> {
  const fields = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const fieldType = getNullableType(field.type);
      if (isObjectType(fieldType) || isAbstractType(fieldType)) fields.add(`${type.name}${field.name}`);
    }
  }
  return fields;
}

/**
 * The resolvers that take the resolve info, by graphql-jit's name for them (`<type><field>Resolver`):
 * those that declare four parameters or more, or may read them otherwise (rest parameters,
 * `arguments`). A resolver graphql-jit adds itself (a root field's default) is not listed: it is given one.
 */
function resolversTakingInfo(schema: GraphQLSchema): (name: string) => boolean {
  const without = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (resolve && resolve.length < 4 && !/\.\.\.|\barguments\b/.test(resolve.toString())) without.add(`${type.name}${field.name}Resolver`);
    }
  }
  return (name) => !without.has(name);
}

/** A resolver call as graphql-jit writes it: (parent, args, context, info), the info made for the call with its path. */
const RESOLVER_CALL = /(__context\.resolvers\.(\w+)\(\s*[\w.$]+,\s*\w+,\s*__context\.context, )__context\.resolveInfos\.\w+\(__context\.rootValue, __context\.variables, [^()]*\)\)/g;

/** The generated body with the resolvers that do not take the resolve info called without one. */
const withoutUnusedInfo = (body: string, takesInfo: (name: string) => boolean): string =>
  body.replace(RESOLVER_CALL, (call, head: string, name: string) => (takesInfo(name) ? call : `${head}undefined)`));

/**
 * `compile()` (a graphql-jit compileQuery) with the query body it generates rewritten. graphql-jit
 * turns the body into a function with `new Function("return " + body)`, synchronously: the global
 * is replaced for the call only.
 */
function compileRewritten<T>(rewrite: (body: string) => string, compile: () => T): T {
  const original = globalThis.Function;
  globalThis.Function = new Proxy(original, {
    construct(target, args: unknown[]) {
      if (args.length === 1 && typeof args[0] === 'string' && args[0].startsWith('return function query')) return Reflect.construct(target, [rewrite(args[0])]);
      return Reflect.construct(target, args);
    },
  });
  try {
    return compile();
  } finally {
    globalThis.Function = original;
  }
}

const namedTypeOf = (node: TypeNode): string => (node.kind === Kind.NAMED_TYPE ? node.name.value : namedTypeOf(node.type));

/** Whether a fragment with this type condition always applies to a value of the object type `parent`. */
function alwaysApplies(schema: GraphQLSchema, parent: GraphQLObjectType, condition: string | undefined): boolean | null {
  if (condition === undefined || condition === parent.name) return true;
  const type = schema.getType(condition);
  if (!type) return null;
  return isAbstractType(type) ? schema.isSubType(type, parent) : false;
}

/**
 * The operation with every fragment spliced into the selection set it is used in, or null when one
 * cannot be (a directive on a fragment, a field the schema does not have: graphql-js answers those).
 * Fragments that never apply (another object type) are left out, as graphql-js leaves them out; the
 * selection of an abstract type becomes one inline fragment per object type it can be.
 */
function inlined(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): OperationDefinitionNode | null {
  const splice = (set: SelectionSetNode, parent: GraphQLObjectType, out: SelectionNode[], visited: Set<string>): boolean => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet) {
          out.push(selection);
          continue;
        }
        if (!isObjectType(parent)) return false;
        const field = parent.getFields()[selection.name.value];
        if (!field) return false;
        const inner = selectionSet(selection.selectionSet, getNamedType(field.type));
        if (!inner) return false;
        out.push({ ...selection, selectionSet: inner });
        continue;
      }
      if ((selection.directives?.length ?? 0) > 0) return false;
      let body: SelectionSetNode;
      let condition: string | undefined;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        // graphql-js collects a fragment once per selection set
        if (visited.has(selection.name.value)) continue;
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (!fragment || (fragment.directives?.length ?? 0) > 0) return false;
        body = fragment.selectionSet;
        condition = fragment.typeCondition.name.value;
      } else {
        body = selection.selectionSet;
        condition = selection.typeCondition?.name.value;
      }
      const applies = alwaysApplies(schema, parent, condition);
      if (applies === null) return false;
      if (applies && !splice(body, parent, out, visited)) return false;
    }
    return true;
  };
  const flatten = (set: SelectionSetNode, parent: GraphQLObjectType): SelectionNode[] | null => {
    const selections: SelectionNode[] = [];
    return splice(set, parent, selections, new Set()) ? selections : null;
  };
  // on an abstract type: one inline fragment per object type it can be, with what graphql-js
  // collects for a value of that type, in its order
  const selectionSet = (set: SelectionSetNode, parent: GraphQLNamedType): SelectionSetNode | null => {
    if (isObjectType(parent)) {
      const selections = flatten(set, parent);
      return selections ? { kind: Kind.SELECTION_SET, selections } : null;
    }
    if (!isAbstractType(parent)) return null;
    const selections: SelectionNode[] = [];
    for (const type of schema.getPossibleTypes(parent)) {
      const own = flatten(set, type);
      if (!own) return null;
      if (own.length === 0) continue;
      selections.push({
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type.name } },
        selectionSet: { kind: Kind.SELECTION_SET, selections: own },
      });
    }
    return { kind: Kind.SELECTION_SET, selections };
  };
  const root = operation.operation === 'query' ? schema.getQueryType() : schema.getMutationType();
  if (!root) return null;
  const set = selectionSet(operation.selectionSet, root);
  return set ? { ...operation, selectionSet: set } : null;
}

/**
 * What an operation is executed with: its compiled query, or null for graphql-js. Decided (and
 * compiled) once per parsed document and operation name.
 */
export function compiledOperations(schema: GraphQLSchema): (args: Pick<ExecutionArgs, 'document' | 'operationName'>) => CompiledQuery | null {
  const recursive = recursiveInputTypes(schema);
  const composite = compositeFields(schema);
  const shareable = (typeAndField: string) => composite.has(typeAndField);
  const takesInfo = resolversTakingInfo(schema);
  const decided = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | null>>();
  const compile = (document: DocumentNode, name: string | null): CompiledQuery | null => {
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = name === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === name);
    if (!operation || operation.operation === 'subscription') return null;
    if ((operation.variableDefinitions ?? []).some((v) => recursive.has(namedTypeOf(v.type)))) return null;
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const flat = inlined(schema, operation, fragments);
    if (!flat) return null;
    // a query's fields read: a value they resolve to more than once is completed once (a mutation's fields see its writes)
    const sharing = operation.operation === 'query';
    const rewrite = (body: string) => {
      const lean = withoutUnusedInfo(body, takesInfo);
      return sharing ? rewriteQueryBody(lean, shareable) : lean;
    };
    const compiled = compileRewritten(rewrite, () => compileQuery(schema, { kind: Kind.DOCUMENT, definitions: [flat] }, flat.name?.value));
    if (!isCompiledQuery(compiled)) return null;
    // variables are checked by graphql-js first: its errors (messages, locations) are the answer to bad ones
    const definitions = operation.variableDefinitions ?? [];
    return {
      ...compiled,
      query: (root, context, variables) => {
        const coerced = getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 50 });
        if (coerced.errors) return { errors: coerced.errors };
        if (!sharing) return compiled.query(root, context, variables);
        const { result, state } = executeSharing(context, () => compiled.query(root, context, variables));
        if (state.reused.length === 0 || !result || typeof result !== 'object' || 'then' in result) return result;
        // yoga serialises a result with its `stringify` when it has one
        Object.defineProperty(result, 'stringify', { value: (value: typeof result) => stringifySharing(value, state) });
        return result;
      },
    };
  };
  return ({ document, operationName }) => {
    const name = operationName ?? null;
    let byOperation = decided.get(document);
    if (!byOperation) decided.set(document, (byOperation = new Map()));
    let compiled = byOperation.get(name);
    if (compiled === undefined) byOperation.set(name, (compiled = compile(document, name)));
    return compiled;
  };
}

/** The yoga plugin: compiled execution where it answers as graphql-js does, graphql-js elsewhere. */
export function compiledExecution(schema: GraphQLSchema): Plugin {
  const compiledFor = compiledOperations(schema);
  return {
    onExecute({ args, setExecuteFn }) {
      const compiled = compiledFor(args);
      if (compiled) setExecuteFn(makeExecute((a) => compiled.query(a.rootValue, a.contextValue, a.variableValues)));
    },
  };
}
