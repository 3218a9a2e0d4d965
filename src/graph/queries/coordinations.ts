import { read, type RequestContext } from '../../request/context';
import { type EntityRef, isActor, isInitiative, ref } from './cypher';
import { initiativeConditions, type InitiativeFilter } from './initiative-filter';
import { primeSources, SOURCE_MAP, type SourceRef, sourcesFor } from './loaders';
import { Selection } from './selection';
import { int, partialDate, toNumber } from './values';

/** A stored partial date as a query returns it: its text and its precision. */
interface Dated {
  start: string | null;
  startPrecision: string | null;
  end: string | null;
  endPrecision: string | null;
}

/** One row of the query below, before its sources are looked up. */
interface CoordinationRecord extends Dated {
  index: unknown;
  coordinator: EntityRef;
  role: string;
  sourceKeys: string[] | null;
  initiative: EntityRef;
  status: string | null;
  affiliations: { organization: EntityRef; title: string; sourceKeys: string[] | null }[];
  funders: (Dated & { funder: EntityRef; amount: number | null; currency: string | null; sourceKeys: string[] | null })[];
}

export interface CoordinationArgs {
  where?: { coordinator?: string | null; initiative?: string | null; initiatives?: InitiativeFilter | null } | null;
  limit: number;
  offset: number;
}

const ORDER = 'i.name, i.key, c.name, elementId(co)';

/**
 * The page when a condition names a node by key: everything around that node is matched,
 * counted, sorted and sliced (the neighbourhood of one node is small).
 */
function keyedPage(where: string[]): string {
  return `
    MATCH (c:Entity)-[co:COORDINATES]->(i:Entity)
    WHERE ${[isActor('c'), isInitiative('i'), ...where].join(' AND ')}
    WITH c, co, i ORDER BY ${ORDER}
    WITH collect([c, co, i]) AS matches
    WITH size(matches) AS totalCount, matches[$offset..($offset + $limit)] AS page`;
}

/**
 * The page otherwise: initiatives are walked in the order of the name index, and the walk stops
 * once the page is full, so a page costs what it returns, not what the graph holds (the order
 * is the index's: by code point, capitals before lower case). With no condition the total comes
 * from Neo4j's count store (the model lets only actors coordinate, only initiatives be
 * coordinated); with one, the coordinations are counted (as cheaply as one relationship scan).
 */
function namedOrderPage(where: string[], counted: boolean): string {
  const total = !counted
    ? 'RETURN 0 AS totalCount'
    : where.length === 0
      ? 'MATCH ()-[co:COORDINATES]->() RETURN count(co) AS totalCount'
      : `MATCH (c:Entity)-[co:COORDINATES]->(i:Entity) USING SCAN co:COORDINATES
         WHERE ${[isActor('c'), isInitiative('i'), ...where].join(' AND ')} RETURN count(co) AS totalCount`;
  return `
    CALL () { ${total} }
    MATCH (i:Entity) USING INDEX i:Entity(name) WHERE i.name IS NOT NULL
    WITH totalCount, i ORDER BY i.name
    WHERE ${[isInitiative('i'), ...where].join(' AND ')}
    MATCH (i)<-[co:COORDINATES]-(c:Entity) WHERE ${isActor('c')}
    WITH totalCount, c, co, i ORDER BY ${ORDER} SKIP $offset LIMIT $limit
    WITH totalCount, collect([c, co, i]) AS page`;
}

/** Who coordinates what, funded by whom: one row per COORDINATES relationship. */
export async function coordinations(args: CoordinationArgs, context: RequestContext, selection: Selection = Selection.ALL) {
  const { limit, offset } = args;
  const { where, params } = initiativeConditions(args.where?.initiatives);
  if (args.where?.coordinator) {
    where.push('c.key = $coordinator');
    params.coordinator = args.where.coordinator;
  }
  if (args.where?.initiative) {
    where.push('i.key = $initiative');
    params.initiative = args.where.initiative;
  }
  const filter = args.where?.initiatives;
  const keyed = [args.where?.coordinator, args.where?.initiative, filter?.region, filter?.funder, filter?.focusArea].some(Boolean);
  const sourced = ['rows.sources', 'rows.funders.sources', 'rows.affiliations.sources'].some((path) => selection.has(path));
  const cypher = `
    ${keyed ? keyedPage(where) : namedOrderPage(where, selection.has('totalCount'))}
    CALL (page) {
      UNWIND range(0, size(page) - 1) AS index
      WITH index, page[index][0] AS c, page[index][1] AS co, page[index][2] AS i
      RETURN collect({
        index: index,
        coordinator: ${ref('c')},
        role: co.role,
        sourceKeys: co.sourceKeys,
        initiative: ${ref('i')},
        status: i.status,
        start: toString(i.start), startPrecision: i.startPrecision,
        end: toString(i.end), endPrecision: i.endPrecision,
        affiliations: ${
          selection.has('rows.affiliations')
            ? `COLLECT {
          MATCH (c)-[h:HOLDS_ROLE]->(o:Entity)
          RETURN { organization: ${ref('o')}, title: h.title, sourceKeys: h.sourceKeys } ORDER BY o.name
        }`
            : '[]'
        },
        funders: ${
          selection.has('rows.funders')
            ? `COLLECT {
          MATCH (i)-[f:FUNDED_BY]->(funder:Entity)
          RETURN { funder: ${ref('funder')}, amount: f.amount, currency: f.currency,
                   start: toString(coalesce(f.periodStart, i.start)),
                   startPrecision: CASE WHEN f.periodStart IS NULL THEN i.startPrecision ELSE f.periodStartPrecision END,
                   end: toString(coalesce(f.periodEnd, i.end)),
                   endPrecision: CASE WHEN f.periodEnd IS NULL THEN i.endPrecision ELSE f.periodEndPrecision END,
                   sourceKeys: f.sourceKeys } ORDER BY funder.name
        }`
            : '[]'
        }
      }) AS rows
    }
    RETURN totalCount, rows, ${
      // The page's sources in the same round trip: the resolvers' sourcesFor finds them loaded.
      sourced
        ? `COLLECT {
        MATCH (s:Source)
        WHERE s.key IN reduce(keys = [], r IN rows | keys + coalesce(r.sourceKeys, [])
          + reduce(k = [], f IN r.funders | k + coalesce(f.sourceKeys, []))
          + reduce(k = [], a IN r.affiliations | k + coalesce(a.sourceKeys, [])))
        RETURN ${SOURCE_MAP}
      }`
        : '[]'
    } AS sources`;
  const [record] = await read<{ totalCount: unknown; rows: CoordinationRecord[]; sources: SourceRef[] }>(context, cypher, {
    ...params,
    limit: int(limit),
    offset: int(offset),
  });
  primeSources(context.loaders, record?.sources ?? []);
  const rows = (record?.rows ?? []).sort((a, b) => toNumber(a.index) - toNumber(b.index));
  return {
    totalCount: toNumber(record?.totalCount ?? 0),
    rows: rows.map((row) => ({
      coordinator: row.coordinator,
      role: row.role,
      initiative: row.initiative,
      status: row.status,
      period: { start: partialDate(row.start, row.startPrecision), end: partialDate(row.end, row.endPrecision) },
      sources: () => sourcesFor(context.loaders, row.sourceKeys),
      affiliations: row.affiliations.map((a) => ({ ...a, sources: () => sourcesFor(context.loaders, a.sourceKeys) })),
      funders: row.funders.map((f) => ({
        funder: f.funder,
        amount: f.amount,
        currency: f.currency,
        period: { start: partialDate(f.start, f.startPrecision), end: partialDate(f.end, f.endPrecision) },
        sources: () => sourcesFor(context.loaders, f.sourceKeys),
      })),
    })),
  };
}
