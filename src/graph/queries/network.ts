import { GraphQLError } from 'graphql';
import { type GraphContext, read } from './context';
import { isActor, isInitiative, ref } from './cypher';
import { initiativeConditions, type InitiativeFilter } from './initiative-filter';
import { sourcesFor } from './loaders';
import { boundedInt, int, toNumber } from './values';

export interface NetworkArgs {
  around?: string | null;
  hops: number;
  where?: InitiativeFilter | null;
  nodeLimit: number;
  edgeLimit: number;
  edgeOffset: number;
}

interface EntityRef {
  key: string;
  name: string;
  type: string;
}

/**
 * The actors of the network: those within `hops` collaboration steps of `around` (breadth-first,
 * nearest first), or those taking part in the initiatives the filter selects, or all.
 */
function actorsQuery(args: NetworkArgs): { cypher: string; params: Record<string, unknown>; initiativeWhere: string[] } {
  const { where, params } = initiativeConditions(args.where);
  if (args.around) {
    // One collaboration step is two relationships: actor → initiative → actor.
    const levels = 2 * boundedInt('hops', args.hops, 1, 3);
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

/** Nodes and weighted edges, in the { id, source, target } shape graph libraries draw directly. */
export async function collaborationNetwork(args: NetworkArgs, context: GraphContext) {
  const nodeLimit = boundedInt('nodeLimit', args.nodeLimit, 1, 2000);
  const edgeLimit = boundedInt('edgeLimit', args.edgeLimit, 0, 10000);
  const edgeOffset = boundedInt('edgeOffset', args.edgeOffset, 0, Number.MAX_SAFE_INTEGER);
  if (args.around) {
    const exists = await read(context, 'MATCH (n:Entity {key: $key}) RETURN n.key', { key: args.around });
    if (exists.length === 0) throw new GraphQLError(`No entity has the key "${args.around}"`, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'around' } });
  }
  const actors = actorsQuery(args);
  const onInitiative = actors.initiativeWhere.length > 0 ? `AND ${actors.initiativeWhere.join(' AND ')}` : '';
  const cypher = `
    CALL () { ${actors.cypher} }
    WITH collect(a) AS found
    WITH found[0..$nodeLimit] AS actors, size(found) > $nodeLimit AS truncated
    CALL (actors) {
      UNWIND actors AS a
      MATCH (a)-[r1:COORDINATES|PARTICIPATES_IN]->(i:Entity)<-[r2:COORDINATES|PARTICIPATES_IN]-(b)
      WHERE elementId(a) < elementId(b) AND b IN actors AND ${isInitiative('i')} ${onInitiative}
      WITH a, b, i, r1.sourceKeys + r2.sourceKeys AS sourceKeys
      WITH a, b, collect(DISTINCT i) AS shared, collect(sourceKeys) AS sourceKeyLists
      RETURN collect({
        source: a.key, target: b.key, kind: 'COLLABORATION',
        via: [s IN shared | ${ref('s')}],
        sourceKeyLists: sourceKeyLists,
        funding: COLLECT { UNWIND shared AS s MATCH (s)-[f:FUNDED_BY]->() WHERE f.amount IS NOT NULL RETURN {amount: f.amount, currency: f.currency} }
      }) AS collaborations
    }
    CALL (actors) {
      UNWIND actors AS p
      MATCH (p:Person)-[h:HOLDS_ROLE]->(o)
      WHERE o IN actors
      RETURN collect({ source: p.key, target: o.key, kind: 'AFFILIATION', via: [], sourceKeyLists: [h.sourceKeys], funding: [] }) AS affiliations
    }
    RETURN [a IN actors | ${ref('a')}] AS nodes, collaborations + affiliations AS edges, truncated`;
  const [record] = await read(context, cypher, { ...actors.params, nodeLimit: int(nodeLimit) });
  const nodes = (record?.get('nodes') ?? []) as EntityRef[];
  const edges = ((record?.get('edges') ?? []) as any[]).map((e) => ({
    id: `${e.kind === 'AFFILIATION' ? 'affiliation' : 'collaboration'}:${e.source}|${e.target}`,
    source: e.source as string,
    target: e.target as string,
    kind: e.kind as string,
    weight: Math.max(1, e.via.length),
    via: e.via as EntityRef[],
    sharedFunding: sumByCurrency(e.funding),
    sources: () => sourcesFor(context.loaders, (e.sourceKeyLists as string[][]).flat()),
  }));
  edges.sort((x, y) => y.weight - x.weight || x.id.localeCompare(y.id));

  const degree = new Map<string, number>();
  for (const edge of edges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  return {
    nodes: nodes.map((n) => ({ id: n.key, label: n.name, type: n.type, degree: degree.get(n.key) ?? 0 })),
    edges: edges.slice(edgeOffset, edgeOffset + edgeLimit),
    totalEdges: edges.length,
    truncated: Boolean(record?.get('truncated')),
  };
}

function sumByCurrency(fundings: { amount: unknown; currency: string | null }[]) {
  const totals = new Map<string, number>();
  for (const f of fundings) {
    const currency = f.currency ?? 'unknown';
    totals.set(currency, (totals.get(currency) ?? 0) + toNumber(f.amount));
  }
  return [...totals].map(([currency, amount]) => ({ currency, amount }));
}
