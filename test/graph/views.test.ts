import { graphql, type GraphQLSchema } from 'graphql';
import { emptyDatabase } from '../../src/bench/import-bench';
import { captureQueries } from '../../src/bench/capture';
import { generateGraph } from '../../src/generate/generator';
import { writeGraph } from '../../src/generate/write';
import { FUNDING_GROUPINGS } from '../../src/graph/queries/funding';
import { buildGraphSchema } from '../../src/graph/schema';
import { verifyViews } from '../../src/graph/verify';
import { importBulk } from '../../src/importer/bulk/import-bulk';
import { importSeeds } from '../../src/importer/import-seeds';
import { createRequestContext } from '../../src/request/context';
import { testModel } from '../support/database';
import { ecograph, editedSeed, importerSuite, seedsDir } from '../importer/support';
import path from 'node:path';

const GRANT_SEED = path.join(seedsDir, 'vinnova-en-p-centre-for-advanced-medical-products.yaml');

interface Group {
  group: { key: string; name: string } | null;
  year: number | null;
  currency: string;
  total: number;
  projectCount: number;
}

/**
 * The funding totals of the whole graph, and the counts of nodes lacking an @ordered field, are
 * views made once per generation of the graph: after every write path, the answer read from the
 * view is the one computed from the graph, and `verify` finds no difference; a write that
 * bypasses ecograph (no generation bump) is found.
 */
describe('maintained views: the funding totals and the counts of undated nodes', () => {
  const context = importerSuite();
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGraphSchema(context.driver, context.database, testModel());
  });

  const run = async (source: string, roles: string[] = []) => {
    const contextValue = { ...createRequestContext(context.driver, context.database), roles, ...(roles.length ? { jwt: { roles } } : {}) };
    const answer = await graphql({ schema, source, contextValue });
    expect(answer.errors).toBeUndefined();
    return answer.data as Record<string, unknown>;
  };

  /** Every grouping's totals: from the view (no filter), or computed (an empty filter). */
  const summaries = async (computed: boolean) => {
    const all: Record<string, Group[]> = {};
    for (const groupBy of FUNDING_GROUPINGS) {
      const data = await run(`{ fundingSummary(groupBy: ${groupBy}${computed ? ', where: {}' : ''}) { group { key name } year currency total projectCount } }`);
      all[groupBy] = (data.fundingSummary as Group[]).map((g) => ({ ...g })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return all;
  };

  /** The views answer as the graph does, are read as views the second time, and verify finds them current and equal. */
  async function expectViewsExact(): Promise<Record<string, Group[]>> {
    const made = await summaries(false);
    const read = await captureQueries(() => summaries(false));
    expect(read.filter((q) => q.cypher.includes('FUNDED_BY'))).toEqual([]);
    expect(made).toEqual(await summaries(true));
    // Pages sorted by an @ordered field make the count of nodes lacking it.
    await run('{ projectsConnection(first: 5, sort: [{ start: ASC }]) { totalCount } eventsConnection(first: 5, sort: [{ start: ASC }]) { totalCount } }');
    const checks = await verifyViews(context.driver, context.database, testModel());
    expect(checks.map((c) => ({ view: c.view, state: c.state, differences: c.differences }))).toEqual([
      ...FUNDING_GROUPINGS.map((g) => ({ view: `view.fundingSummary.${g}`, state: 'current', differences: [] })),
      ...['Project', 'Event'].map((label) => ({ view: `view.missing.${label}.start`, state: 'current', differences: [] })),
    ]);
    return made;
  }

  const vinnovaSek = (totals: Record<string, Group[]>) => totals.FUNDER!.find((g) => g.group?.key === 'org:vinnova' && g.currency === 'SEK')!;

  it('are exact after a seed import, a changed and a retracting re-import, a bulk import and a mutation, and verify finds a write that bypassed ecograph', async () => {
    await emptyDatabase(context.driver, context.database);
    await importSeeds(context, [seedsDir]);
    const seeded = await expectViewsExact();
    expect(vinnovaSek(seeded).total).toBeGreaterThan(52_000_000);

    const raised = editedSeed(context, GRANT_SEED, 'raised.yaml', (text) => text.replace('amount: 52000000', 'amount: 53000000'));
    await importSeeds(context, [raised]);
    const afterRaise = await expectViewsExact();
    expect(vinnovaSek(afterRaise).total - vinnovaSek(seeded).total).toBeCloseTo(1_000_000);

    const retracted = editedSeed(context, raised, 'retracted.yaml', (text) =>
      text.replace(/ {2}- type: FUNDED_BY\n {4}from: project:vinnova:centre-for-advanced-medical-products\n( {4}.*\n)+?(?= {2}- type:)/, ''),
    );
    await importSeeds(context, [retracted]);
    const afterRetraction = await expectViewsExact();
    expect(vinnovaSek(afterRaise).total - vinnovaSek(afterRetraction).total).toBeCloseTo(53_000_000);

    const [bulkFile] = writeGraph(generateGraph({ scale: 300, seed: 3, namespace: 'views' }), path.join(context.dir, 'bulk'), 'jsonl');
    await importBulk(context, [bulkFile!]);
    const afterBulk = await expectViewsExact();
    expect(afterBulk.FUNDER!.length).toBeGreaterThan(afterRetraction.FUNDER!.length);

    const deleted = await run('mutation { deleteProjects(where: { key: { eq: "project:vinnova:2015-00565" } }) { nodesDeleted } }', ['editor']);
    expect(deleted).toEqual({ deleteProjects: { nodesDeleted: 1 } });
    const afterMutation = await expectViewsExact();
    const clean = ecograph('verify');
    expect(clean.stdout).toContain('every maintained view matches the graph');
    expect(clean.status).toBe(0);
    expect(vinnovaSek(afterBulk).total - vinnovaSek(afterMutation).total).toBeCloseTo(2_000_000);

    // Written past ecograph: the generation stays, the views are now wrong, and verify says where.
    await context.driver.executeQuery(
      "MATCH (:Project)-[f:FUNDED_BY]->(:Organization {key: 'org:vinnova'}) WITH f LIMIT 1 SET f.amount = f.amount + 5",
      {},
      { database: context.database },
    );
    const checks = await verifyViews(context.driver, context.database, testModel());
    const funder = checks.find((c) => c.view === 'view.fundingSummary.FUNDER')!;
    expect(funder.state).toBe('current');
    expect(funder.differences).toEqual([
      expect.stringMatching(/^Organization org:vinnova SEK: stored \d+ in \d+ projects \(.+\), recomputed \d+ in \d+ projects/),
    ]);
    await context.driver.executeQuery('MATCH (p:Project) WHERE p.start IS NOT NULL WITH p LIMIT 1 REMOVE p.start', {}, { database: context.database });
    const undated = (await verifyViews(context.driver, context.database, testModel())).find((c) => c.view === 'view.missing.Project.start')!;
    expect(undated.differences).toEqual([expect.stringMatching(/^Project nodes without start: stored (\d+), recomputed (\d+)$/)]);
    const command = ecograph('verify');
    expect(command.status).not.toBe(0);
    expect(command.stdout).toContain('view.fundingSummary.FUNDER: current');
    expect(command.stdout).toContain('DIFFERS');
    expect(command.stderr).toMatch(/view.fundingSummary.FUNDER.* differ from the graph/);
  });
});
