import { getNamedType, type GraphQLFieldResolver, isListType, isNonNullType, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import type { GraphModel } from './model';

/** Holds for every node: `key` is an ID! that every write path sets, and every string starts with "". */
const KEY_PRESENT = { key: { startsWith: '' } };

interface ListArgs {
  where?: Record<string, unknown> | null;
  sort?: Record<string, unknown>[] | null;
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * A generated list sorted by key first (`organizations(sort: [{ key: ASC }], limit: 100)`) is
 * given the condition `key STARTS WITH ""`, which every node meets. @neo4j/graphql's Cypher
 * sorts by a property that might be absent, so Neo4j Community (which has no existence
 * constraints) would read every node of the type to sort them; with the condition the key's
 * index yields them in order and the read stops at the limit: the page costs what it returns.
 */
export function orderListsByKeyIndex(schema: GraphQLSchema, model: GraphModel): void {
  const keyed = new Set(model.nodeTypes.filter((type) => type.fields.includes('key')).map((type) => type.name));
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    if (!isList(field.type) || !keyed.has(getNamedType(field.type).name) || !field.resolve) continue;
    const resolve: GraphQLFieldResolver<unknown, unknown, ListArgs> = field.resolve;
    field.resolve = (source, args: ListArgs, context, info) => resolve(source, keyOrdered(args), context, info);
  }
}

function keyOrdered(args: ListArgs): ListArgs {
  const first = args.sort?.[0];
  if (!first || Object.keys(first).join() !== 'key') return args;
  return { ...args, where: args.where ? { AND: [args.where, KEY_PRESENT] } : KEY_PRESENT };
}
