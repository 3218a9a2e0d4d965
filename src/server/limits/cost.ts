import {
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type OperationDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import type { ListLimit } from '../../graph/bounds';
import type { GraphModel } from '../../graph/model';
import { foldOperation } from '../../graph/selections';

/** Page-size arguments: `limit`/`offset` lists, `first`/`after` connections, the network's caps. */
const PAGE_ARGS = ['limit', 'first', 'nodeLimit', 'edgeLimit'] as const;
type PageArg = (typeof PAGE_ARGS)[number];

/** Lists with no page argument (sources, via, steps, introspection's types, …): a typical size. */
export const UNPAGED_LIST_SIZE = 10;

interface Sizes {
  /** Size of the lists below a paged object field: Connection.edges (first), CoordinationPage.rows (limit). */
  any?: number;
  /** Network.nodes (nodeLimit) and Network.edges (edgeLimit). */
  nodes?: number;
  edges?: number;
}

/** What the cost rule reads of the model: argument bounds (@bounds) and list page sizes (@limit). */
export type CostModel = Pick<GraphModel, 'argumentBounds' | 'listLimits'>;

/**
 * The cost of an operation: each field costs 1, multiplied by the page size of every list field
 * it is nested in. Page sizes come from `limit`/`first`/`nodeLimit`/`edgeLimit`, written in the
 * query or passed as variables, else from the argument's default (the list type's @limit default
 * when it has none), and are capped at the maximum the model declares for it (@bounds on a
 * curated query's argument, else the list type's @limit), as the server caps them. A list without
 * a page argument of its own takes its size from a paged parent (a connection's `edges`, a page's
 * `rows`), else counts UNPAGED_LIST_SIZE.
 */
export function operationCost(
  schema: GraphQLSchema,
  model: CostModel,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const limits = [...model.listLimits.values()];
  // Lists of a union (an Initiative, an Actor) have no @limit of their own: the widest of the model's.
  const widest: ListLimit = { default: Math.max(...limits.map((l) => l.default)), max: Math.max(...limits.map((l) => l.max)) };

  function pageSize(node: FieldNode, def: GraphQLField<unknown, unknown>, coordinate: string, name: PageArg): number | undefined {
    const declared = def.args.find((a) => a.name === name);
    if (!declared) return undefined;
    const list = model.listLimits.get(getNamedType(def.type).name) ?? widest;
    const given = node.arguments?.find((a) => a.name.value === name);
    const raw = given ? valueFromASTUntyped(given.value, variables) : (declared.defaultValue ?? list.default);
    const value = typeof raw === 'number' && Number.isFinite(raw) ? Math.max(0, Math.floor(raw)) : list.default;
    return Math.min(value, model.argumentBounds.of(`${coordinate}.${name}`)?.max ?? list.max);
  }

  return foldOperation<number, Sizes>(
    document,
    operation,
    {
      empty: 0,
      combine: (a, b) => a + b,
      scopeKey: (sizes) => `${sizes.any}|${sizes.nodes}|${sizes.edges}`,
      field: ({ node, parentType, fieldDef }, sizes, children) => {
        if (!fieldDef || !node.selectionSet || !parentType) return 1;
        const named = getNamedType(fieldDef.type);
        if (!isCompositeType(named)) return 1;
        const coordinate = `${parentType.name}.${node.name.value}`;
        const pages = Object.fromEntries(PAGE_ARGS.map((a) => [a, pageSize(node, fieldDef, coordinate, a)])) as Record<PageArg, number | undefined>;
        const own = pages.limit ?? pages.first;
        if (isListType(getNullableType(fieldDef.type))) {
          const name = node.name.value;
          const multiplier = own ?? (name === 'nodes' ? sizes.nodes : name === 'edges' ? sizes.edges : undefined) ?? sizes.any ?? UNPAGED_LIST_SIZE;
          const inner = children({});
          return Number.isFinite(inner) ? 1 + multiplier * inner : Infinity;
        }
        return 1 + children({ any: own, nodes: pages.nodeLimit, edges: pages.edgeLimit });
      },
    },
    {},
    schema,
  );
}
