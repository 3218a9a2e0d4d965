import { read, type RequestContext } from '../../request/context';
import { type ViewDefinition, viewValue } from '../views';
import { type EntityRef, ref } from './cypher';
import { initiativeConditions, type InitiativeFilter } from './initiative-filter';
import { sourcesFor } from './loaders';
import { Selection } from './selection';
import { toNumber } from './values';

export type FundingGroupBy = 'FUNDER' | 'REGION' | 'ORGANIZATION' | 'YEAR';
export const FUNDING_GROUPINGS: readonly FundingGroupBy[] = ['FUNDER', 'REGION', 'ORGANIZATION', 'YEAR'];

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

/** One group of a summary, as plain values (a view stores them as JSON). */
export interface FundingTotal {
  group: EntityRef | null;
  year: number | null;
  currency: string;
  total: number;
  projectCount: number;
}

interface FundingRecord {
  group: EntityRef | null;
  year: unknown;
  currency: string | null;
  total: unknown;
  projectCount: unknown;
  projects: EntityRef[];
  sourceKeyLists: string[][];
}

/**
 * The summary's query. Without a filter that starts from one node by key, scanning the FUNDED_BY
 * relationships (one index, ~1 hit each) beats scanning every project and walking all its relationships.
 */
function summaryQuery(args: FundingArgs, projects: boolean, sources: boolean) {
  const { where, params } = initiativeConditions(args.where);
  const byYear = args.groupBy === 'YEAR';
  const group = byYear ? 'year' : 'g';
  const keyed = [args.where?.region, args.where?.funder, args.where?.focusArea].some(Boolean);
  const scan = keyed ? '' : 'USING SCAN f:FUNDED_BY';
  const cypher = `MATCH (i:Project)-[f:FUNDED_BY]->(funder:Entity) ${scan}
     WHERE f.amount IS NOT NULL ${where.length ? `AND ${where.join(' AND ')}` : ''}
     ${GROUPS[args.groupBy]}
     WITH DISTINCT ${group}, i, f
     WITH ${group}, f.currency AS currency, sum(f.amount) AS total, count(DISTINCT i) AS projectCount
          ${projects ? ', collect(DISTINCT i) AS projects' : ''}${sources ? ', collect(f.sourceKeys) AS sourceKeyLists' : ''}
     RETURN ${byYear ? 'null AS group, year' : `${ref('g')} AS group, null AS year`}, currency, total, projectCount,
            ${projects ? `[p IN projects | ${ref('p')}]` : '[]'} AS projects, ${sources ? 'sourceKeyLists' : '[]'} AS sourceKeyLists
     ORDER BY total DESC, currency`;
  return { cypher, params };
}

const totalOf = (r: FundingRecord): FundingTotal => ({
  group: r.group,
  year: r.year === null ? null : toNumber(r.year),
  currency: r.currency ?? 'unknown',
  total: toNumber(r.total),
  projectCount: toNumber(r.projectCount),
});

const groupKey = (t: FundingTotal) => `${t.group ? `${t.group.type} ${t.group.key}` : `year ${t.year}`} ${t.currency}`;
const describe = (t: FundingTotal | undefined) => (t ? `${t.total} in ${t.projectCount} projects${t.group ? ` (${t.group.name})` : ''}` : 'absent');

function sameTotal(a: FundingTotal, b: FundingTotal): boolean {
  return (
    a.projectCount === b.projectCount &&
    Math.abs(a.total - b.total) <= 1e-9 * Math.max(1, Math.abs(b.total)) &&
    a.group?.name === b.group?.name &&
    a.group?.type === b.group?.type
  );
}

/** The groups of `stored` and `fresh` that differ, each named with both figures. */
export function totalsDifferences(stored: FundingTotal[], fresh: FundingTotal[]): string[] {
  const before = new Map(stored.map((t) => [groupKey(t), t]));
  const after = new Map(fresh.map((t) => [groupKey(t), t]));
  const differences: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const s = before.get(key);
    const f = after.get(key);
    if (!s || !f || !sameTotal(s, f)) differences.push(`${key}: stored ${describe(s)}, recomputed ${describe(f)}`);
  }
  return differences.sort();
}

/** The view of the whole graph's totals by `groupBy` (src/graph/views.ts). */
export function fundingView(groupBy: FundingGroupBy): ViewDefinition<FundingTotal[]> {
  return {
    name: `view.fundingSummary.${groupBy}`,
    compute: async (tx) => {
      const { cypher, params } = summaryQuery({ groupBy }, false, false);
      return (await tx.run(cypher, params)).records.map((r) => totalOf(r.toObject() as FundingRecord));
    },
    differences: totalsDifferences,
  };
}

export async function fundingSummary(args: FundingArgs, context: RequestContext, selection: Selection = Selection.ALL) {
  const projects = selection.has('projects');
  const sources = selection.has('sources');
  if (!args.where && !projects && !sources) {
    // The totals of the whole graph: read from the view made at the current generation.
    return (await viewValue(context, fundingView(args.groupBy))).map((t) => ({ ...t, projects: [], sources: () => [] }));
  }
  const { cypher, params } = summaryQuery(args, projects, sources);
  const records = await read<FundingRecord>(context, cypher, params);
  return records.map((r) => ({
    ...totalOf(r),
    projects: r.projects,
    sources: () => sourcesFor(context.loaders, r.sourceKeyLists.flat()),
  }));
}
