import {
  getNamedType,
  getNullableType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isListType,
  isObjectType,
} from 'graphql';
import { readTransaction, type RequestContext } from '../request/context';
import type { ListLimit } from './bounds';
import { cursorAt, cursorOffset } from './cursors';
import { cypherName } from './cypher-name';
import type { GraphModel, NodeType } from './model';
import { Selection } from './queries/selection';
import { int } from './queries/values';
import { type ViewDefinition, viewValue } from './views';

/*
 * Pages of a generated connection (`projectsConnection(first: 20, sort: [{ start: DESC }])`) or
 * list (`projects(limit: 20, sort: [{ start: DESC }])`) in index order. @neo4j/graphql's Cypher
 * reads every node of the type to sort them (a connection also collects them all to count them),
 * so a page costs the whole type. When nothing filters and the first sort field is `key` or an
 * @ordered field (each has a RANGE index), the page's keys are read here in the index's order,
 * stopping at the page's end, and a connection's total from Neo4j's count store; the library
 * then reads just those nodes, with everything the request selects, and a connection's place
 * (cursors, page info, total) is set back. Any other request goes to the library unchanged. The
 * count store's total is the caller's because the model's read rules validate (all or nothing)
 * and never filter nodes out (schema/model.graphql, src/graph/schema.ts).
 */

type Direction = 'ASC' | 'DESC';

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  where?: Record<string, unknown> | null;
  sort?: Record<string, Direction>[] | null;
}

interface Edge {
  cursor?: string;
}

interface ConnectionResult {
  totalCount?: number;
  edges?: Edge[];
  pageInfo?: Record<string, unknown>;
}

/** What the library answers for the page: the sort, made total by `key` last. */
interface PagePlan {
  sort: [field: string, direction: Direction][];
  offset: number;
  limit: number;
}

/** The offset just after a cursor, or null when it is not one. */
const afterCursor = (cursor: string) => {
  const offset = cursorOffset(cursor);
  return offset === null ? null : offset + 1;
};

/** The count of `type`'s nodes that lack `field`: they come first in a descending sort by it, last in an ascending one. */
export function missingFieldView(type: NodeType, field: string): ViewDefinition<number> {
  const label = type.labels[0]!;
  return {
    name: `view.missing.${label}.${field}`,
    compute: async (tx) => {
      const { records } = await tx.run(`MATCH (n:${cypherName(label)}) WHERE n.${cypherName(field)} IS NULL RETURN count(n) AS missing`);
      return Number(records[0]!.get('missing'));
    },
    differences: (stored, fresh) => (stored === fresh ? [] : [`${label} nodes without ${field}: stored ${stored}, recomputed ${fresh}`]),
  };
}

/** One view per @ordered field of the model. */
export const missingFieldViews = (model: GraphModel) => model.nodeTypes.flatMap((type) => type.ordered.map((field) => missingFieldView(type, field)));

/** The page's place: from `first`/`after` (a connection) or `limit`/`offset` (a list). */
interface Window {
  offset: number | null;
  size: number | null | undefined;
}

/** The plan of a page read in index order, or null when the library should answer as it is. */
function planOf(
  type: NodeType,
  limit: ListLimit,
  args: Pick<ConnectionArgs, 'where' | 'sort'>,
  window: Window,
  firstFields: (field: string) => boolean,
): PagePlan | null {
  if (args.where && Object.keys(args.where).length > 0) return null;
  const entries = (args.sort ?? []).map((s) => Object.entries(s));
  if (entries.length === 0 || entries.some((e) => e.length !== 1)) return null;
  const sort = entries.map(([entry]) => entry!);
  if (!firstFields(sort[0]![0])) return null;
  // Ties broken by key, here and in the library's query alike, so both place every node the same.
  if (!sort.some(([field]) => field === 'key')) sort.push(['key', 'ASC']);
  const size = Math.min(window.size ?? limit.default, limit.max);
  return window.offset === null || window.offset < 0 || size <= 0 ? null : { sort, offset: window.offset, limit: size };
}

/**
 * The Cypher of a page's keys: the nodes that have the first sort field, in order, `$skip` and
 * `$limit` applied. Read in the index's order, it stops at the page's end; the nodes that tie on
 * the field at the page's end are the exception, all of which a sort by the next field must read.
 * When that next field is the key, the index (field, key) gives them by key as well: the first
 * `$skip + $limit` nodes by the field, and as many by key of those equal to the last of them,
 * hold the page.
 */
function pageQuery(label: string, sort: PagePlan['sort']): string {
  const [[field, direction], second] = [sort[0]!, sort[1]];
  const order = sort.map(([f, d]) => `n.${cypherName(f)} ${d}`).join(', ');
  const f = `n.${cypherName(field)}`;
  const page = `WITH n ORDER BY ${order} SKIP $skip LIMIT $limit RETURN collect(n.key) AS keys`;
  if (field === 'key' || second?.[0] !== 'key') return `MATCH (n:${label}) WHERE ${f} IS NOT NULL ${page}`;
  return `CALL () {
      MATCH (n:${label}) WHERE ${f} IS NOT NULL AND n.key IS NOT NULL
      WITH n ORDER BY ${f} ${direction} LIMIT $skip + $limit
      RETURN collect(n) AS head
    }
    WITH head, head[-1].${cypherName(field)} AS last
    CALL (last) {
      MATCH (n:${label}) WHERE ${f} = last AND n.key IS NOT NULL
      WITH n ORDER BY ${f} ${second[1]}, n.key ${second[1]} LIMIT $skip + $limit
      RETURN collect(n) AS ties
    }
    UNWIND [n IN head WHERE ${f} <> last] + ties AS n
    ${page}`;
}

/**
 * The page's keys and the type's total, or null when the page reaches nodes that lack the first
 * sort field: those are not in its index (the library sorts them).
 */
async function pageKeys(type: NodeType, plan: PagePlan, context: RequestContext): Promise<{ keys: string[]; total: number } | null> {
  const label = cypherName(type.labels[0]!);
  const [field, direction] = plan.sort[0]!;
  const missing = field === 'key' ? 0 : await viewValue(context, missingFieldView(type, field));
  // Neo4j sorts a missing value after every other ascending, before every other descending.
  if (direction === 'DESC' && plan.offset < missing) return null;
  const skip = direction === 'DESC' ? plan.offset - missing : plan.offset;
  const { keys, total } = await readTransaction(context, async (tx) => {
    const { records } = await tx.run(
      `CALL () { MATCH (n:${label}) RETURN count(n) AS total }
       CALL () { ${pageQuery(label, plan.sort)} }
       RETURN keys, total`,
      { skip: int(skip), limit: int(plan.limit) },
    );
    return { keys: records[0]!.get('keys') as string[], total: Number(records[0]!.get('total')) };
  });
  if (direction === 'ASC' && missing > 0 && plan.offset + plan.limit > total - missing) return null;
  return { keys, total };
}

/** The node type a root connection field pages (`projectsConnection` → Project), if one of `types`. */
function connectionType(fieldType: GraphQLOutputType, types: ReadonlyMap<string, NodeType>): NodeType | undefined {
  const connection = getNamedType(fieldType);
  const edge = isObjectType(connection) ? connection.getFields().edges : undefined;
  const edgeType = edge ? getNamedType(edge.type) : undefined;
  const node = edgeType && isObjectType(edgeType) ? edgeType.getFields().node : undefined;
  return node ? types.get(getNamedType(node.type).name) : undefined;
}

/** The node type a root list field holds (`projects` → Project), if one of `types`. */
function listType(fieldType: GraphQLOutputType, types: ReadonlyMap<string, NodeType>): NodeType | undefined {
  return isListType(getNullableType(fieldType)) ? types.get(getNamedType(fieldType).name) : undefined;
}

interface ListArgs extends Pick<ConnectionArgs, 'where' | 'sort'> {
  limit?: number | null;
  offset?: number | null;
}

/**
 * A generated connection's page, answered in index order when it can be: the library reads the
 * page's nodes by key, and the page's place is set back (cursors, page info, total).
 */
function connectionResolver(type: NodeType, limit: ListLimit, resolve: GraphQLFieldResolver<unknown, RequestContext, ConnectionArgs>) {
  const sortable = (field: string) => field === 'key' || type.ordered.includes(field);
  return async (source: unknown, args: ConnectionArgs, context: RequestContext, info: GraphQLResolveInfo) => {
    const window = { offset: args.after == null ? 0 : afterCursor(args.after), size: args.first };
    const plan = planOf(type, limit, args, window, sortable);
    if (!plan) return resolve(source, args, context, info);
    const sort = plan.sort.map(([f, d]) => ({ [f]: d }));
    // An aggregate is of every node the connection matches, not of the page.
    const found = Selection.of(info).has('aggregate') ? null : await pageKeys(type, plan, context);
    // An empty page goes to the library too: it also checks that the caller may read the type.
    if (!found || found.keys.length === 0) return resolve(source, { ...args, sort }, context, info);
    // The library reads arguments from the request and then from these: `after` is set, to none.
    const page = (await resolve(
      source,
      { first: found.keys.length, after: null, where: { key: { in: found.keys } }, sort },
      context,
      info,
    )) as ConnectionResult;
    const edges = page.edges?.map((edge, index) => ({ ...edge, cursor: cursorAt(plan.offset + index) }));
    const count = edges?.length ?? found.keys.length;
    return {
      ...page,
      totalCount: found.total,
      ...(edges ? { edges } : {}),
      pageInfo: {
        ...page.pageInfo,
        startCursor: cursorAt(plan.offset),
        endCursor: cursorAt(plan.offset + count - 1),
        hasPreviousPage: plan.offset > 0,
        hasNextPage: plan.offset + count < found.total,
      },
    };
  };
}

/**
 * A generated list sorted first by an @ordered field, answered in index order when it can be. (A
 * list sorted first by key needs no second query: src/graph/key-order.ts.)
 */
function listResolver(type: NodeType, limit: ListLimit, resolve: GraphQLFieldResolver<unknown, RequestContext, ListArgs>) {
  const sortable = (field: string) => type.ordered.includes(field);
  return async (source: unknown, args: ListArgs, context: RequestContext, info: GraphQLResolveInfo) => {
    const plan = planOf(type, limit, args, { offset: args.offset ?? 0, size: args.limit }, sortable);
    if (!plan) return resolve(source, args, context, info);
    const sort = plan.sort.map(([f, d]) => ({ [f]: d }));
    const found = await pageKeys(type, plan, context);
    if (!found || found.keys.length === 0) return resolve(source, { ...args, sort }, context, info);
    return resolve(source, { where: { key: { in: found.keys } }, sort, limit: found.keys.length, offset: 0 }, context, info);
  };
}

/** Every root connection and list of a keyed type, paged in index order where it can be. */
export function pageInIndexOrder(schema: GraphQLSchema, model: GraphModel): void {
  const keyed = new Map(model.nodeTypes.filter((type) => type.fields.includes('key')).map((type) => [type.name, type]));
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    if (!field.resolve) continue;
    const connection = connectionType(field.type, keyed);
    const list = listType(field.type, keyed);
    const limit = model.listLimits.get((connection ?? list)?.name ?? '');
    if (connection && limit) field.resolve = connectionResolver(connection, limit, field.resolve);
    else if (list && limit && list.ordered.length > 0) field.resolve = listResolver(list, limit, field.resolve);
  }
}
