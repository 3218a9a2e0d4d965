import type { ManagedTransaction } from 'neo4j-driver';
import { read, readTransaction, type RequestContext } from '../../request/context';
import { currentView, generationIn, readView, storeView } from '../views';
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

/** The name of the view of the whole graph's totals by `groupBy` (src/graph/views.ts). */
export const fundingViewName = (groupBy: FundingGroupBy) => `view.fundingSummary.${groupBy}`;

/** The whole graph's totals by `groupBy`, computed afresh, and the generation they are of (null when a write committed meanwhile). */
export async function computeFundingTotals(tx: ManagedTransaction, groupBy: FundingGroupBy): Promise<{ totals: FundingTotal[]; generation: number | null }> {
  const before = await generationIn(tx);
  const { cypher, params } = summaryQuery({ groupBy }, false, false);
  const totals = (await tx.run(cypher, params)).records.map((r) => totalOf(r.toObject() as FundingRecord));
  // Neo4j reads committed data: a write that committed while the totals were summed bumped the generation.
  return { totals, generation: (await generationIn(tx)) === before ? before : null };
}

/**
 * The totals of the whole graph (no filter, no projects or sources asked for): read from the
 * view made at the current generation, else computed and stored as that view for the next
 * reader.
 */
async function wholeGraphTotals(groupBy: FundingGroupBy, context: RequestContext): Promise<FundingTotal[]> {
  const name = fundingViewName(groupBy);
  const { totals, made } = await readTransaction(context, async (tx) => {
    const stored = currentView(await readView(tx, name));
    if (stored !== null) return { totals: JSON.parse(stored) as FundingTotal[], made: null };
    const computed = await computeFundingTotals(tx, groupBy);
    return { totals: computed.totals, made: computed.generation };
  });
  if (made !== null) {
    // Stored before answering, so that the next request (and whatever it is counted by) finds it.
    await storeView(context.driver, context.database, name, made, JSON.stringify(totals)).catch((error: unknown) =>
      context.log?.warn({ err: error }, `could not store the funding view ${name}; the next request computes it again`),
    );
  }
  return totals;
}

export async function fundingSummary(args: FundingArgs, context: RequestContext, selection: Selection = Selection.ALL) {
  const projects = selection.has('projects');
  const sources = selection.has('sources');
  if (!args.where && !projects && !sources) {
    return (await wholeGraphTotals(args.groupBy, context)).map((t) => ({ ...t, projects: [], sources: () => [] }));
  }
  const { cypher, params } = summaryQuery(args, projects, sources);
  const records = await read<FundingRecord>(context, cypher, params);
  return records.map((r) => ({
    ...totalOf(r),
    projects: r.projects,
    sources: () => sourcesFor(context.loaders, r.sourceKeyLists.flat()),
  }));
}
