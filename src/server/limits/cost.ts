import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  type OperationDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import type { ListLimit } from '../../graph/bounds';
import { ENTITY_INTERFACE, type GraphModel, type RelationshipField } from '../../graph/model';
import { ASSUMED_PERCENTILE, type GraphStatistics } from '../../graph/statistics';
import { foldOperation } from '../../graph/selections';

/** Slicing arguments: `limit`/`offset` lists, `first`/`after` connections, the network's caps. */
const PAGE_ARGS = ['limit', 'first', 'nodeLimit', 'edgeLimit'] as const;
type PageArg = (typeof PAGE_ARGS)[number];

/** Lists with no slicing argument and no size from the model or the graph (sources, via, steps, introspection's types, …). */
export const UNPAGED_LIST_SIZE = 10;

/**
 * The least a relationship list is priced at, whatever its degree: each level of relationships
 * is a subquery of its own in the Cypher @neo4j/graphql writes (one per member type under a union),
 * so nesting costs the database even where the graph holds few rows. Priced by their 95th
 * percentiles alone (1–3 on the seed graph), relationships nested five or six deep within the depth
 * limit passed the check and then ran past the 10 s query timeout; at 10 they cost 10^5 and more.
 */
export const MIN_RELATIONSHIP_LIST_SIZE = 10;

/** The size a list is priced at, and why: what `extensions.cost` shows. */
export interface ListSize {
  size: number;
  basis: string;
}

/** A list (or a connection's or page's list) of the operation, as priced. */
export interface PricedList extends ListSize {
  /** Schema coordinate: 'Ecosystem.coordinatorsConnection'. */
  field: string;
}

export interface CostExplanation {
  cost: number;
  /** Each list field's size and where it came from, once per field and size. */
  lists: PricedList[];
}

interface Sizes {
  /** Size of the lists below a paged object field: Connection.edges (first), CoordinationPage.rows (limit). */
  any?: ListSize;
  /** Network.nodes (nodeLimit) and Network.edges (edgeLimit). */
  nodes?: ListSize;
  edges?: ListSize;
}

/** What the cost rule reads of the model: argument bounds (@bounds), list page sizes (@limit), the relationship fields and node types. */
export type CostModel = Pick<GraphModel, 'argumentBounds' | 'listLimits' | 'relationshipFields' | 'nodeTypes' | 'entityLabel'>;

const sizeKey = (size: ListSize | undefined) => (size ? String(size.size) : '');

/**
 * The cost of an operation, in the manner of Apollo Router's demand control: each field costs 1,
 * and a list multiplies the cost of its items by its size. A list's size is, in order:
 *
 * 1. its slicing argument (`limit`, `first`, `nodeLimit`, `edgeLimit`), written in the query or
 *    passed as a variable, capped at the maximum the model declares (@bounds on a curated
 *    query's argument, else the list type's @limit) as the server caps it;
 * 2. the size of the paged field it belongs to (a connection's `edges`, a page's `rows`);
 * 3. a curated query's declared default (`coordinations(limit = 50)`);
 * 4. for a relationship field (`Ecosystem.coordinators`, `…Connection`), the graph's own
 *    statistics: the 95th percentile of that relationship's degree over the nodes of its type,
 *    at least MIN_RELATIONSHIP_LIST_SIZE;
 *    for a root list (`organizations`), how many such nodes there are — at least 1, at most the
 *    list type's @limit default (what the server returns when not asked for more);
 * 5. without statistics, the list type's @limit default; a list outside the model, UNPAGED_LIST_SIZE.
 */
export function explainCost(
  schema: GraphQLSchema,
  model: CostModel,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  statistics?: GraphStatistics,
): CostExplanation {
  const limits = [...model.listLimits.values()];
  // Lists of a union (an Initiative, an Actor) have no @limit of their own: the widest of the model's.
  const widest: ListLimit = { default: Math.max(...limits.map((l) => l.default)), max: Math.max(...limits.map((l) => l.max)) };
  const queryType = schema.getQueryType();
  const priced = new Map<string, PricedList>();
  const record = (field: string, size: ListSize) => {
    const key = `${field}|${size.size}|${size.basis}`;
    if (!priced.has(key) && priced.size < 100) priced.set(key, { field, ...size });
  };

  /** A slicing argument's value when the query gives one, capped; the declared default when it has one. */
  function pageSize(node: FieldNode, def: GraphQLField<unknown, unknown>, coordinate: string, name: PageArg): ListSize | undefined {
    const declared = def.args.find((a) => a.name === name);
    if (!declared) return undefined;
    const list = model.listLimits.get(getNamedType(def.type).name) ?? widest;
    const max = model.argumentBounds.of(`${coordinate}.${name}`)?.max ?? list.max;
    const given = node.arguments?.find((a) => a.name.value === name);
    const raw: unknown = given ? valueFromASTUntyped(given.value, variables) : undefined;
    if (typeof raw === 'number' && Number.isFinite(raw)) return { size: Math.min(Math.max(0, Math.floor(raw)), max), basis: `${name} argument` };
    if (typeof declared.defaultValue === 'number') return { size: Math.min(declared.defaultValue, max), basis: `${name} default` };
    return undefined;
  }

  /** The node type a root list or connection lists, as a label: `organizations` → Organization, `entities` → Entity. */
  function labelOf(type: GraphQLNamedType): string | undefined {
    const node = nodeOfEdges(type) ?? type;
    if (node.name === ENTITY_INTERFACE) return model.entityLabel;
    return model.nodeTypes.find((t) => t.name === node.name)?.labels[0];
  }

  /** Size from the graph: a relationship field's assumed degree, or a root list's node count. */
  function assumedSize(parentType: GraphQLCompositeType, def: GraphQLField<unknown, unknown>): ListSize | undefined {
    const named = getNamedType(def.type);
    const list = model.listLimits.get(named.name) ?? widest;
    const fieldName = def.name.replace(/Connection$/, '');
    const owners = isAbstractType(parentType) ? schema.getPossibleTypes(parentType) : [parentType];
    const fields = owners.map((o) => model.relationshipFields.get(`${o.name}.${fieldName}`)).filter((f): f is RelationshipField => f !== undefined);
    if (fields.length > 0) {
      if (!statistics) return { size: list.default, basis: `default page size (@limit default ${list.default}; no graph statistics yet)` };
      const degrees = fields.map((f) => ({ field: f, degree: statistics.degree(f) }));
      const widestDegree = degrees.reduce((a, b) => (b.degree.assumed > a.degree.assumed ? b : a));
      const { field, degree } = widestDegree;
      return {
        size: Math.min(list.default, Math.max(MIN_RELATIONSHIP_LIST_SIZE, degree.assumed)),
        basis:
          `${Math.round(ASSUMED_PERCENTILE * 100)}th percentile of ${field.type} ${field.direction === 'IN' ? 'into' : 'out of'} ${field.label}: ` +
          `${degree.assumed} (largest ${degree.max})${degree.assumed < MIN_RELATIONSHIP_LIST_SIZE ? `; at least ${MIN_RELATIONSHIP_LIST_SIZE}` : ''}`,
      };
    }
    const label = parentType === queryType ? labelOf(named) : undefined;
    if (label !== undefined) {
      if (!statistics) return { size: list.default, basis: `default page size (@limit default ${list.default}; no graph statistics yet)` };
      const nodes = statistics.nodes(label);
      return { size: Math.min(list.default, Math.max(1, nodes)), basis: `${label} nodes: ${nodes} (at most the default page of ${list.default})` };
    }
    return def.args.some((a) => a.name === 'limit' || a.name === 'first')
      ? { size: list.default, basis: `default page size (@limit default ${list.default})` }
      : undefined;
  }

  const cost = foldOperation<number, Sizes>(
    document,
    operation,
    {
      empty: 0,
      combine: (a, b) => a + b,
      scopeKey: (sizes) => `${sizeKey(sizes.any)}|${sizeKey(sizes.nodes)}|${sizeKey(sizes.edges)}`,
      field: ({ node, parentType, fieldDef }, sizes, children) => {
        if (!fieldDef || !node.selectionSet || !parentType) return 1;
        const named = getNamedType(fieldDef.type);
        if (!isCompositeType(named)) return 1;
        const coordinate = `${parentType.name}.${node.name.value}`;
        const pages = Object.fromEntries(PAGE_ARGS.map((a) => [a, pageSize(node, fieldDef, coordinate, a)])) as Record<PageArg, ListSize | undefined>;
        const own = pages.limit ?? pages.first;
        if (isListType(getNullableType(fieldDef.type))) {
          const name = node.name.value;
          const size = own ??
            (name === 'nodes' ? sizes.nodes : name === 'edges' ? sizes.edges : undefined) ??
            sizes.any ??
            assumedSize(parentType, fieldDef) ?? { size: UNPAGED_LIST_SIZE, basis: `a list without a page size: assumed ${UNPAGED_LIST_SIZE}` };
          record(coordinate, size);
          const inner = children({});
          return Number.isFinite(inner) ? 1 + Math.max(1, size.size) * inner : Infinity;
        }
        // A connection (first), a page (limit) or a network (nodeLimit, edgeLimit): its lists take their sizes from it.
        const paged = own ?? assumedSize(parentType, fieldDef);
        if (paged) record(coordinate, paged);
        return (
          1 +
          children({
            ...(paged ? { any: paged } : {}),
            ...(pages.nodeLimit ? { nodes: pages.nodeLimit } : {}),
            ...(pages.edgeLimit ? { edges: pages.edgeLimit } : {}),
          })
        );
      },
    },
    {},
    schema,
  );
  return { cost, lists: [...priced.values()] };
}

/** The node type of a connection type's `edges { node }`. */
function nodeOfEdges(connection: GraphQLNamedType): GraphQLNamedType | undefined {
  if (!isObjectType(connection)) return undefined;
  const edge = getNamedType(connection.getFields().edges?.type);
  return edge && isObjectType(edge) ? getNamedType(edge.getFields().node?.type) : undefined;
}

/** The cost alone (see explainCost). */
export const operationCost = (...args: Parameters<typeof explainCost>): number => explainCost(...args).cost;
