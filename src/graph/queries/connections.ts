import { errors } from '../../errors';
import { read, type RequestContext } from '../../request/context';
import { type EntityRef, ref } from './cypher';
import { sourcesFor } from './loaders';
import { int, toNumber } from './values';

/** Relationships that state facts; provenance links (STATED_IN, PUBLISHED_BY) are not paths. */
export const FACT_RELATIONSHIPS = [
  'HOLDS_ROLE',
  'COORDINATES',
  'PARTICIPATES_IN',
  'FUNDED_BY',
  'PART_OF',
  'LOCATED_IN',
  'FOCUSES_ON',
  'HAS_STRENGTH_IN',
  'HAS_OUTCOME',
  'MEMBER_OF',
  'KEY_LINK',
  'ORGANIZES',
];

export interface ConnectionArgs {
  from: string;
  to: string;
  maxHops: number;
  limit: number;
}

/** The shortest paths between two entities, each step with its relationship and sources. */
export async function connections(args: ConnectionArgs, context: RequestContext) {
  const { maxHops, limit } = args;
  const [found] = await read<{ keys: string[] }>(context, 'MATCH (n:Entity) WHERE n.key IN [$from, $to] RETURN collect(n.key) AS keys', {
    from: args.from,
    to: args.to,
  });
  const keys = found?.keys ?? [];
  for (const [argumentName, key] of [
    ['from', args.from],
    ['to', args.to],
  ] as const) {
    if (!keys.includes(key)) throw errors.noSuchEntity(argumentName, key);
  }
  if (args.from === args.to) return [];

  const records = await read<{ nodes: EntityRef[]; relationships: { type: string; start: string; sourceKeys: string[] | null }[] }>(
    context,
    `MATCH (a:Entity {key: $from}), (b:Entity {key: $to})
     MATCH p = allShortestPaths((a)-[:${FACT_RELATIONSHIPS.join('|')}*..${maxHops}]-(b))
     WITH p LIMIT $limit
     RETURN [n IN nodes(p) | ${ref('n')}] AS nodes,
            [r IN relationships(p) | { type: type(r), start: startNode(r).key, sourceKeys: r.sourceKeys }] AS relationships`,
    { from: args.from, to: args.to, limit: int(limit) },
  );
  return records.map(({ nodes, relationships }) => {
    return {
      length: toNumber(relationships.length),
      steps: relationships.map((r, index) => ({
        from: nodes[index],
        to: nodes[index + 1],
        relationship: r.type,
        direction: r.start === nodes[index]!.key ? 'FORWARD' : 'BACKWARD',
        sources: () => sourcesFor(context.loaders, r.sourceKeys),
      })),
    };
  });
}
