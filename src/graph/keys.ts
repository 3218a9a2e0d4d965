import {
  type DocumentNode,
  getArgumentValues,
  getNullableType,
  getVariableValues,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  type OperationDefinitionNode,
} from 'graphql';
import { type EcographError, errors } from '../errors';
import type { DatabaseContext } from '../request/context';
import { read } from '../request/context';
import type { GraphModel } from './model';
import { foldOperation } from './selections';

/** A key a mutation gives a new node: where in the arguments, and the labels whose key constraints it meets. */
export interface CreatedKey {
  key: string;
  labels: string[];
  /** Where it is given, e.g. `createProjects.input[0].fundedBy.create[1].node.key`. */
  path: string;
}

/** The input type @neo4j/graphql makes for creating a node of each keyed type (`ProjectCreateInput`), with the type's labels. */
function keyedCreateInputs(model: Pick<GraphModel, 'nodeTypes'>): Map<string, string[]> {
  return new Map(model.nodeTypes.filter((type) => type.fields.includes('key')).map((type) => [`${type.name}CreateInput`, type.labels]));
}

function collect(value: unknown, type: GraphQLInputType, path: string, creates: Map<string, string[]>, found: CreatedKey[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, i) => collect(item, nullable.ofType, `${path}[${i}]`, creates, found));
    return;
  }
  if (!isInputObjectType(nullable) || typeof value !== 'object') return;
  const fields = value as Record<string, unknown>;
  const labels = creates.get(nullable.name);
  if (labels && typeof fields.key === 'string') found.push({ key: fields.key, labels, path: `${path}.key` });
  for (const field of Object.values(nullable.getFields())) collect(fields[field.name], field.type, `${path}.${field.name}`, creates, found);
}

/**
 * The keys a mutation's create inputs give new nodes, at any depth (nested creates of related
 * nodes included), from its arguments as execution will see them. Updates that set a key are left
 * to the database's constraint (they may set a node's own key again).
 */
export function createdKeys(
  schema: GraphQLSchema,
  model: Pick<GraphModel, 'nodeTypes'>,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): CreatedKey[] {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
  if (coerced.errors) return [];
  const creates = keyedCreateInputs(model);
  const found: CreatedKey[] = [];
  const mutation = schema.getMutationType();
  foldOperation<null, null>(
    document,
    operation,
    {
      empty: null,
      combine: () => null,
      scopeKey: () => '',
      // Root fields only: a mutation's inputs are its root fields' arguments.
      field: ({ node, parentType, fieldDef }) => {
        if (!fieldDef || parentType !== mutation) return null;
        const args = getArgumentValues(fieldDef, node, coerced.coerced);
        for (const argument of fieldDef.args) collect(args[argument.name], argument.type, `${fieldDef.name}.${argument.name}`, creates, found);
        return null;
      },
    },
    null,
    schema,
  );
  return found;
}

/**
 * The first key given twice, or already taken by a node that shares a label with the new one (the
 * key constraints are per label, src/graph/constraints.ts), as a 409 naming the key, where it is
 * given, and the type of the node that has it; undefined when every key is free. Checked before
 * the mutation runs, so the client hears which key; a node created meanwhile by someone else still
 * meets the constraint, whose error is a 409 too (src/server/errors.ts).
 */
export async function keyConflict(context: DatabaseContext, model: Pick<GraphModel, 'nodeTypes'>, keys: CreatedKey[]): Promise<EcographError | undefined> {
  const seen = new Map<string, Set<string>>();
  for (const created of keys) {
    const labels = seen.get(created.key) ?? new Set<string>();
    if (created.labels.some((label) => labels.has(label))) return errors.keyRepeated(created.key, created.path);
    for (const label of created.labels) labels.add(label);
    seen.set(created.key, labels);
  }
  const byLabel = new Map<string, Set<string>>();
  for (const created of keys) for (const label of created.labels) byLabel.set(label, (byLabel.get(label) ?? new Set()).add(created.key));
  if (byLabel.size === 0) return undefined;
  const labels = [...byLabel.keys()];
  const lookups = labels.map((label, i) => `MATCH (n:\`${label.replaceAll('`', '``')}\`) WHERE n.key IN $keys${i} RETURN n.key AS key, labels(n) AS labels`);
  const params = Object.fromEntries(labels.map((label, i) => [`keys${i}`, [...byLabel.get(label)!]]));
  const rows = await read<{ key: string; labels: string[] }>(context, `CALL { ${lookups.join(' UNION ')} } RETURN key, labels LIMIT 1`, params);
  const taken = rows[0];
  if (!taken) return undefined;
  const created = keys.find((k) => k.key === taken.key && k.labels.some((label) => taken.labels.includes(label)))!;
  const typeNames = new Set(model.nodeTypes.map((type) => type.name));
  const type = taken.labels.find((label) => typeNames.has(label)) ?? taken.labels[0] ?? 'node';
  return errors.keyTaken(taken.key, type, created.path);
}
