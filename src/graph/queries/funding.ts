import { read, type RequestContext } from '../../request/context';
import { type EntityRef, ref } from './cypher';
import { initiativeConditions, type InitiativeFilter } from './initiative-filter';
import { sourcesFor } from './loaders';
import { Selection } from './selection';
import { toNumber } from './values';

export type FundingGroupBy = 'FUNDER' | 'REGION' | 'ORGANIZATION' | 'YEAR';

// How each grouping finds the group `g` of a grant f: (i:Project)-[f:FUNDED_BY]->(funder).
// A project counts in full for every region and organisation taking part in it.
const GROUPS: Record<FundingGroupBy, string> = {
  FUNDER: 'WITH i, f, funder AS g',
  ORGANIZATION: 'MATCH (i)<-[:COORDINATES|PARTICIPATES_IN]-(g:Organization)',
  REGION: `CALL (i) {
             MATCH (i)-[:LOCATED_IN*1..2]->(g:Region) RETURN g
             UNION MATCH (i)<-[:COORDINATES|PARTICIPATES_IN]-(g:Region) RETURN g
             UNION MATCH (i)<-[:COORDINATES|PARTICIPATES_IN]-(:Organization)-[:LOCATED_IN]->(g:Region) RETURN g
           }`,
  YEAR: 'WITH i, f, coalesce(f.periodStart, i.start).year AS year',
};

/** Funding totals per group and currency, largest first. */
export interface FundingArgs {
  groupBy: FundingGroupBy;
  where?: InitiativeFilter | null;
}

export async function fundingSummary(args: FundingArgs, context: RequestContext, selection: Selection = Selection.ALL) {
  const { where, params } = initiativeConditions(args.where);
  const byYear = args.groupBy === 'YEAR';
  const group = byYear ? 'year' : 'g';
  const projects = selection.has('projects');
  const sources = selection.has('sources');
  // Without a filter that starts from one node by key, scanning the FUNDED_BY relationships
  // (one index, ~1 hit each) beats scanning every project and walking all its relationships.
  const keyed = [args.where?.region, args.where?.funder, args.where?.focusArea].some(Boolean);
  const scan = keyed ? '' : 'USING SCAN f:FUNDED_BY';
  const records = await read<{
    group: EntityRef | null;
    year: unknown;
    currency: string | null;
    total: unknown;
    projectCount: unknown;
    projects: EntityRef[];
    sourceKeyLists: string[][];
  }>(
    context,
    `MATCH (i:Project)-[f:FUNDED_BY]->(funder:Entity) ${scan}
     WHERE f.amount IS NOT NULL ${where.length ? `AND ${where.join(' AND ')}` : ''}
     ${GROUPS[args.groupBy]}
     WITH DISTINCT ${group}, i, f
     WITH ${group}, f.currency AS currency, sum(f.amount) AS total, count(DISTINCT i) AS projectCount
          ${projects ? ', collect(DISTINCT i) AS projects' : ''}${sources ? ', collect(f.sourceKeys) AS sourceKeyLists' : ''}
     RETURN ${byYear ? 'null AS group, year' : `${ref('g')} AS group, null AS year`}, currency, total, projectCount,
            ${projects ? `[p IN projects | ${ref('p')}]` : '[]'} AS projects, ${sources ? 'sourceKeyLists' : '[]'} AS sourceKeyLists
     ORDER BY total DESC, currency`,
    params,
  );
  return records.map((r) => ({
    group: r.group,
    year: r.year === null ? null : toNumber(r.year),
    currency: r.currency ?? 'unknown',
    total: toNumber(r.total),
    projectCount: toNumber(r.projectCount),
    projects: r.projects,
    sources: () => sourcesFor(context.loaders, r.sourceKeyLists.flat()),
  }));
}
