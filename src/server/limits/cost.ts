import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  typeFromAST,
  valueFromASTUntyped,
} from 'graphql';

/** Page-size arguments: `limit`/`offset` lists, `first`/`after` connections, the network's caps. */
const PAGE_ARGS = ['limit', 'first', 'nodeLimit', 'edgeLimit'] as const;
type PageArg = (typeof PAGE_ARGS)[number];

/** Every list of the generated API: @limit(default: 50, max: 500) in schema/model.graphql. */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
/** Lists with no page argument (sources, via, steps, introspection's types, …): a typical size. */
export const UNPAGED_LIST_SIZE = 10;

/** Curated queries whose page arguments allow other maxima than 500 (src/graph/queries/*). */
const MAXIMA: Record<string, number> = {
  'Query.search.limit': 100,
  'Query.connections.limit': 50,
  'Query.collaborationNetwork.nodeLimit': 2000,
  'Query.collaborationNetwork.edgeLimit': 10000,
};

interface Sizes {
  /** Size of the lists below a paged object field: Connection.edges (first), CoordinationPage.rows (limit). */
  any?: number;
  /** Network.nodes (nodeLimit) and Network.edges (edgeLimit). */
  nodes?: number;
  edges?: number;
}

/**
 * The cost of an operation: each field costs 1, multiplied by the page size of every list field
 * it is nested in. Page sizes come from `limit`/`first`/`nodeLimit`/`edgeLimit`, written in the
 * query or passed as variables, else from the argument's default (50 when it has none), and are
 * capped at the list's maximum, as the server caps them. A list without a page argument of its
 * own takes its size from a paged parent (a connection's `edges`, a page's `rows`), else counts
 * UNPAGED_LIST_SIZE. Fragments are memoised per context, so fragment bombs cost linear time to
 * measure; cycles count 0 (graphql-js rejects them in validation).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (name === '__typename') return TypeNameMetaFieldDef;
    if (parent === schema.getQueryType()) {
      if (name === '__schema') return SchemaMetaFieldDef;
      if (name === '__type') return TypeMetaFieldDef;
    }
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  function argument(node: FieldNode, def: GraphQLField<unknown, unknown>, name: PageArg, maxKey: string): number | undefined {
    const declared = def.args.find((a) => a.name === name);
    if (!declared) return undefined;
    const given = node.arguments?.find((a) => a.name.value === name);
    const raw = given ? valueFromASTUntyped(given.value, variables) : declared.defaultValue;
    const value = typeof raw === 'number' && Number.isFinite(raw) ? Math.max(0, Math.floor(raw)) : DEFAULT_PAGE;
    return Math.min(value, MAXIMA[maxKey] ?? MAX_PAGE);
  }

  function selectionSetCost(set: SelectionSetNode, parent: GraphQLCompositeType, sizes: Sizes): number {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) total += fieldCost(s, parent, sizes);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = s.typeCondition ? typeFromAST(schema, s.typeCondition) : parent;
        total += selectionSetCost(s.selectionSet, type && isCompositeType(type) ? type : parent, sizes);
      } else total += fragmentCost(s.name.value, sizes);
      if (!Number.isFinite(total)) return Infinity;
    }
    return total;
  }

  function fragmentCost(name: string, sizes: Sizes): number {
    const key = `${name}|${sizes.any}|${sizes.nodes}|${sizes.edges}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(key)) return 0;
    const type = typeFromAST(schema, fragment.typeCondition);
    if (!type || !isCompositeType(type)) return 0;
    visiting.add(key);
    const cost = selectionSetCost(fragment.selectionSet, type, sizes);
    visiting.delete(key);
    memo.set(key, cost);
    return cost;
  }

  function fieldCost(node: FieldNode, parent: GraphQLCompositeType, sizes: Sizes): number {
    const name = node.name.value;
    const def = fieldDef(parent, name);
    if (!def || !node.selectionSet) return 1;
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) return 1;
    const at = `${parent.name}.${name}`;
    const pages = Object.fromEntries(PAGE_ARGS.map((a) => [a, argument(node, def, a, `${at}.${a}`)])) as Record<PageArg, number | undefined>;
    const own = pages.limit ?? pages.first;
    let multiplier = 1;
    let childSizes: Sizes = {};
    if (isListType(getNullableType(def.type))) {
      multiplier = own ?? (name === 'nodes' ? sizes.nodes : name === 'edges' ? sizes.edges : undefined) ?? sizes.any ?? UNPAGED_LIST_SIZE;
    } else {
      childSizes = { any: own, nodes: pages.nodeLimit, edges: pages.edgeLimit };
    }
    return 1 + multiplier * selectionSetCost(node.selectionSet, named, childSizes);
  }

  return selectionSetCost(operation.selectionSet, root, {});
}
