import { errors } from '../../errors';
import { read, type RequestContext } from '../../request/context';
import { type EntityRef, isActor, isInitiative, ref } from './cypher';
import { initiativeConditions, type InitiativeFilter } from './initiative-filter';
import { sourcesFor } from './loaders';
import { Selection } from './selection';
import { int, toNumber } from './values';

export interface NetworkArgs {
  around?: string | null;
  hops: number;
  where?: InitiativeFilter | null;
  nodeLimit: number;
  edgeLimit: number;
  edgeOffset: number;
}

/**
 * The actors of the network: those within `hops` collaboration steps of `around` (breadth-first,
 * nearest first), or those taking part in the initiatives the filter selects, or all.
 */
function actorsQuery(args: NetworkArgs): { cypher: string; params: Record<string, unknown>; initiativeWhere: string[] } {
  const { where, params } = initiativeConditions(args.where);
  if (args.around) {
    // One collaboration step is two relationships: actor → initiative → actor.
    const levels = 2 * args.hops;
    return {
      cypher: `
        MATCH (center:Entity {key: $around})
        CALL apoc.path.subgraphNodes(center, {relationshipFilter: 'COORDINATES|PARTICIPATES_IN|HOLDS_ROLE', maxLevel: ${levels}})
        YIELD node AS a
        WITH a WHERE ${isActor('a')}
        RETURN a LIMIT $nodeLimit + 1`,
      params: { ...params, around: args.around },
      initiativeWhere: where,
    };
  }
  return {
    cypher: `
      MATCH (i:Entity)<-[:COORDINATES|PARTICIPATES_IN]-(a:Entity)
      WHERE ${[isInitiative('i'), isActor('a'), ...where].join(' AND ')}
      WITH DISTINCT a ORDER BY a.key
      RETURN a LIMIT $nodeLimit + 1`,
    params,
    initiativeWhere: where,
  };
}

/**
 * The collaboration edges among `actors`: one per pair sharing at least one initiative. Each
 * initiative is reached once from each of its members among the actors, and its members are
 * paired in memory, rather than walking from every actor to every participant of every one of
 * its initiatives. An edge comes back as a list, [source index, target index (in `actors`),
 * weight, via, funding, source keys], the last three null unless selected: thousands of edges
 * as maps of key strings cost more to send and decode than to find.
 */
function collaborationsQuery(onInitiative: string, selection: Selection): string {
  const via = selection.has('edges.via');
  const funding = selection.has('edges.sharedFunding');
  const sources = selection.has('edges.sources');
  return `
    CALL (actors) {
      UNWIND range(0, size(actors) - 1) AS ix
      WITH ix, actors[ix] AS a
      MATCH (a)-[r:COORDINATES|PARTICIPATES_IN]->(i)
      WHERE ${isInitiative('i')} ${onInitiative}
      ${
        sources
          ? `WITH i, ix, elementId(a) AS id, reduce(keys = [], k IN collect(r.sourceKeys) | keys + coalesce(k, [])) AS keys
      WITH i, collect({ ix: ix, id: id, keys: keys }) AS members`
          : 'WITH i, collect(DISTINCT { ix: ix, id: elementId(a) }) AS members'
      }
      WHERE size(members) > 1
      WITH i, members${via ? `, ${ref('i')} AS via` : ''}${
        funding ? ', COLLECT { MATCH (i)-[f:FUNDED_BY]->() WHERE f.amount IS NOT NULL RETURN { amount: f.amount, currency: f.currency } } AS funding' : ''
      }
      UNWIND members AS m1
      UNWIND members AS m2
      WITH m1, m2${via ? ', via' : ''}${funding ? ', funding' : ''} WHERE m1.id < m2.id
      WITH m1.ix AS a, m2.ix AS b, count(*) AS weight${via ? ', collect(via) AS via' : ''}${funding ? ', collect(funding) AS funding' : ''}${
        sources ? ', collect(m1.keys + m2.keys) AS sourceKeyLists' : ''
      }
      RETURN collect([a, b, weight, ${via ? 'via' : 'null'}, ${funding ? 'funding' : 'null'}, ${sources ? 'sourceKeyLists' : 'null'}]) AS collaborations
    }`;
}

/** Nodes and weighted edges, in the { id, source, target } shape graph libraries draw directly. */
export async function collaborationNetwork(args: NetworkArgs, context: RequestContext, selection: Selection = Selection.ALL) {
  const { nodeLimit, edgeLimit, edgeOffset } = args;
  const actors = actorsQuery(args);
  const onInitiative = actors.initiativeWhere.length > 0 ? `AND ${actors.initiativeWhere.join(' AND ')}` : '';
  // Edges are needed for themselves, their count, and the nodes' degrees.
  const edgesNeeded = selection.has('edges') || selection.has('totalEdges') || selection.has('nodes.degree');
  const sources = selection.has('edges.sources');
  const cypher = `
    CALL () { ${actors.cypher} }
    WITH collect(a) AS found
    WITH found[0..$nodeLimit] AS actors, size(found) > $nodeLimit AS truncated
    ${
      edgesNeeded
        ? `${collaborationsQuery(onInitiative, selection)}
    CALL (actors) {
      UNWIND range(0, size(actors) - 1) AS ix
      WITH ix, actors[ix] AS p
      MATCH (p:Person)-[h:HOLDS_ROLE]->(o)
      WHERE o IN actors
      RETURN collect([ix, o.key, ${sources ? 'h.sourceKeys' : 'null'}]) AS affiliations
    }`
        : 'WITH actors, truncated, [] AS collaborations, [] AS affiliations'
    }
    RETURN [a IN actors | ${ref('a')}] AS nodes, collaborations, affiliations, truncated,
           ${args.around ? 'EXISTS { MATCH (:Entity {key: $around}) }' : 'true'} AS centerExists`;
  const [record] = await read<{ nodes: EntityRef[]; collaborations: unknown[][]; affiliations: unknown[][]; truncated: boolean; centerExists: boolean }>(
    context,
    cypher,
    { ...actors.params, nodeLimit: int(nodeLimit) },
  );
  if (args.around && record && !record.centerExists) throw errors.noSuchEntity('around', args.around);
  const nodes = record?.nodes ?? [];
  const keyAt = (index: unknown) => nodes[toNumber(index)]!.key;
  // Every edge counts (totalEdges, degrees, order); only the page's are made into full edges.
  const link = (kind: Link['kind'], source: string, target: string, weight: number, row: unknown[]): Link => ({
    id: `${kind === 'AFFILIATION' ? 'affiliation' : 'collaboration'}:${source}|${target}`,
    kind,
    source,
    target,
    weight,
    row,
  });
  const links: Link[] = [
    ...(record?.collaborations ?? []).map((row) => link('COLLABORATION', keyAt(row[0]), keyAt(row[1]), toNumber(row[2]), row)),
    ...(record?.affiliations ?? []).map((row) => link('AFFILIATION', keyAt(row[0]), row[1] as string, 1, row)),
  ];
  links.sort((x, y) => y.weight - x.weight || x.id.localeCompare(y.id));

  const degree = new Map<string, number>();
  for (const l of links) {
    degree.set(l.source, (degree.get(l.source) ?? 0) + 1);
    degree.set(l.target, (degree.get(l.target) ?? 0) + 1);
  }
  return {
    nodes: nodes.map((n) => ({ id: n.key, label: n.name, type: n.type, degree: degree.get(n.key) ?? 0 })),
    edges: links.slice(edgeOffset, edgeOffset + edgeLimit).map((l) => edgeOf(l, context)),
    totalEdges: links.length,
    truncated: Boolean(record?.truncated),
  };
}

/** An edge as its query row has it: collaborations [a, b, weight, via, funding, source key lists], affiliations [p, o key, source keys]. */
interface Link {
  id: string;
  kind: 'COLLABORATION' | 'AFFILIATION';
  source: string;
  target: string;
  weight: number;
  row: unknown[];
}

function edgeOf({ row, ...l }: Link, context: RequestContext) {
  const collaboration = l.kind === 'COLLABORATION';
  const sourceKeys = collaboration ? ((row[5] as (string | null)[][] | null) ?? []).flat() : ((row[2] as (string | null)[] | null) ?? []);
  return {
    ...l,
    via: collaboration ? ((row[3] as EntityRef[] | null) ?? []) : [],
    sharedFunding: sumByCurrency(collaboration ? ((row[4] as Funding[][] | null) ?? []).flat() : []),
    sources: () => sourcesFor(context.loaders, sourceKeys),
  };
}

interface Funding {
  amount: unknown;
  currency: string | null;
}

function sumByCurrency(fundings: Funding[]) {
  const totals = new Map<string, number>();
  for (const f of fundings) {
    const currency = f.currency ?? 'unknown';
    totals.set(currency, (totals.get(currency) ?? 0) + toNumber(f.amount));
  }
  return [...totals].map(([currency, amount]) => ({ currency, amount }));
}
