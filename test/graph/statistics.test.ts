import { graphCounts, LiveGraphStatistics, percentileOf, readGraphStatistics } from '../../src/graph/statistics';
import { importSeeds } from '../../src/importer/import-seeds';
import { importerSuite, query, seedsDir } from '../importer/support';

/** Nearest-rank percentile of plain values: the definition the histogram reduction must agree with. */
const nearestRank = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1] ?? 0;

describe('percentileOf', () => {
  it('counts the nodes missing from the histogram as degree 0', () => {
    // 100 nodes: 90 without the relationship, 6 with 1, 3 with 5, 1 with 40.
    const histogram = new Map([
      [1, 6],
      [5, 3],
      [40, 1],
    ]);
    const values = [...Array<number>(90).fill(0), ...Array<number>(6).fill(1), 5, 5, 5, 40];
    for (const p of [0.5, 0.9, 0.95, 0.96, 0.97, 0.99, 1]) expect(percentileOf(histogram, 100, p)).toBe(nearestRank(values, p));
    expect(percentileOf(new Map(), 0, 0.95)).toBe(0);
  });
});

describe('graph statistics from Neo4j', () => {
  const context = importerSuite();

  beforeAll(async () => {
    await importSeeds(context, [seedsDir]);
  });

  it('agree with each relationship field’s degrees counted node by node, and count nodes per label', async () => {
    const statistics = await readGraphStatistics(context.driver, context.database, context.model);
    const checked: string[] = [];
    for (const [coordinate, field] of context.model.relationshipFields) {
      const arrow = field.direction === 'OUT' ? `-[:\`${field.type}\`]->` : `<-[:\`${field.type}\`]-`;
      const rows = await query<{ degree: number }>(context, `MATCH (n:\`${field.label}\`) RETURN toFloat(COUNT { (n)${arrow}() }) AS degree`);
      const degrees = rows.map((r) => r.degree);
      expect({ coordinate, ...statistics.degree(field) }).toEqual({ coordinate, assumed: nearestRank(degrees, 0.95), max: Math.max(0, ...degrees) });
      if (degrees.some((d) => d > 0)) checked.push(coordinate);
    }
    // The seed graph has these relationships, so the comparison above was not only of zeros.
    expect(checked).toEqual(expect.arrayContaining(['Ecosystem.coordinators', 'Person.roles', 'Project.fundedBy']));
    const [counts] = await query<{ organizations: number; entities: number; sources: number }>(
      context,
      'RETURN toFloat(COUNT { (:Organization) }) AS organizations, toFloat(COUNT { (:Entity) }) AS entities, toFloat(COUNT { (:Source) }) AS sources',
    );
    expect([statistics.nodes('Organization'), statistics.nodes('Entity'), statistics.nodes('Source')]).toEqual([
      counts!.organizations,
      counts!.entities,
      counts!.sources,
    ]);
    expect(statistics.nodes('Organization')).toBeGreaterThan(0);
    // What a watching service compares, from the count store, agrees with the statistics' own count: no needless re-reads.
    expect(await graphCounts(context.driver, context.database, context.model)).toBe(statistics.counts);
  });

  it('are read again when the graph’s counts change (an import elsewhere, a mutation)', async () => {
    const live = new LiveGraphStatistics(context.driver, context.database, context.model);
    try {
      const before = (await live.refresh()).nodes('Organization');
      live.watch(100);
      await query(context, "CREATE (:Organization:Entity {key: 'org:statistics-test', name: 'Statistics test', aliases: [], sourceKeys: [], kind: 'OTHER'})");
      const deadline = Date.now() + 10_000;
      while (live.current?.nodes('Organization') === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(live.current?.nodes('Organization')).toBe(before + 1);
    } finally {
      live.stop();
      await query(context, "MATCH (n {key: 'org:statistics-test'}) DETACH DELETE n");
    }
  });
});
