/**
 * The operation documents Stigg's official clients send (test/reference/operations), by client and
 * operation name, as sent: the operation plus every fragment it uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

const FILES = {
  node: 'node/api-client-js-3.108.0.graphql',
  'node-4': 'node/node-server-sdk-4.55.0.graphql',
  browser: 'node/js-client-sdk-3.35.0.graphql',
  python: 'python/stigg-api-client-v2-5.187.0.graphql',
  'python-6': 'python/stigg-api-client-v2-6.25.0.graphql',
  go: 'go/api-client-go-v6.21.0.graphql',
} as const;

export type Client = keyof typeof FILES;

const cache = new Map<Client, readonly DefinitionNode[]>();

function definitions(client: Client): readonly DefinitionNode[] {
  let defs = cache.get(client);
  if (!defs) {
    defs = parse(readFileSync(join(import.meta.dirname, '..', 'reference', 'operations', FILES[client]), 'utf8')).definitions;
    cache.set(client, defs);
  }
  return defs;
}

/** The document a client sends for an operation name (e.g. 'ProvisionCustomer'). */
export function clientOperation(client: Client, operationName: string): string {
  const defs = definitions(client);
  const operation = defs.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.name?.value === operationName);
  if (!operation) throw new Error(`${client} sends no operation ${operationName}`);
  const fragments = new Map(
    defs.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]),
  );
  const needed = new Map<string, FragmentDefinitionNode>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (needed.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`missing fragment ${name}`);
        needed.set(name, fragment);
        collect(fragment);
      },
    });
  collect(operation);
  return [operation, ...needed.values()].map((d) => print(d)).join('\n\n');
}
