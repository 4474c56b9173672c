/** The official clients' documents (test/reference/operations), one operation at a time, as a client sends it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';

const DIR = join(import.meta.dirname, '..', 'reference', 'operations');

/** Every operation of every reference document, alone with the fragments it uses (as a client sends it). */
export function referenceOperations(): { file: string; name: string; document: DocumentNode; text: string }[] {
  const out: { file: string; name: string; document: DocumentNode; text: string }[] = [];
  for (const client of readdirSync(DIR)) {
    for (const f of readdirSync(join(DIR, client)).filter((n) => n.endsWith('.graphql'))) {
      const doc = parse(readFileSync(join(DIR, client, f), 'utf8'));
      const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
      for (const op of doc.definitions) {
        if (op.kind !== Kind.OPERATION_DEFINITION) continue;
        const used = new Map<string, FragmentDefinitionNode>();
        const walk = (node: DefinitionNode) =>
          visit(node, {
            FragmentSpread(spread) {
              const name = spread.name.value;
              if (used.has(name) || !fragments.has(name)) return;
              used.set(name, fragments.get(name)!);
              walk(fragments.get(name)!);
            },
          });
        walk(op);
        const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [op, ...used.values()] };
        out.push({ file: `${client}/${f}`, name: op.name?.value ?? '(anonymous)', document, text: print(document) });
      }
    }
  }
  return out;
}


/** The document with `__typename` added to every selection set, as Apollo Client (the Node and browser SDKs) sends it. */
export function withTypename(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet(node) {
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
      return { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
    },
    OperationDefinition: { leave: (node) => node },
  });
}
