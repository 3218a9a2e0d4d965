import fs from 'node:fs';
import path from 'node:path';
import { type DocumentNode, Kind, parse, type StringValueNode, type ListValueNode } from 'graphql';
import { schemaDir } from '../paths';

/** The model's type definitions: every `schema/*.graphql` file, in name order. */
export function loadTypeDefs(dir: string = schemaDir): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql') && !f.startsWith('example')).sort();
  if (files.length === 0) throw new Error(`No *.graphql type definitions found in ${dir}`);
  return files.map((f) => `# ${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
}

export interface NodeType {
  name: string;
  /** Neo4j labels, the primary one first (from @node(labels: …), else the type name). */
  labels: string[];
  fields: string[];
}

/** The node types of the model: object types carrying @node. */
export function nodeTypes(typeDefs: string | DocumentNode): NodeType[] {
  const document = typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs;
  const result: NodeType[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const node = definition.directives?.find((d) => d.name.value === 'node');
    if (!node) continue;
    const labelsArgument = node.arguments?.find((a) => a.name.value === 'labels')?.value as ListValueNode | undefined;
    const labels = labelsArgument ? labelsArgument.values.map((v) => (v as StringValueNode).value) : [definition.name.value];
    result.push({ name: definition.name.value, labels, fields: (definition.fields ?? []).map((f) => f.name.value) });
  }
  return result;
}
