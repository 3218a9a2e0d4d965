import path from 'node:path';
import { graphql, type GraphQLSchema } from 'graphql';
import { createRequestContext } from '../../src/request/context';
import type { LoaderStats } from '../../src/graph/queries/loaders';
import { buildGraphSchema } from '../../src/graph/schema';
import { importSeeds } from '../../src/importer/import-seeds';
import { seedsDir } from '../../src/paths';
import type { CoordinationsData } from '../support/curated-answers';
import { testConnection, testDriver, testModel } from '../support/database';

interface Degree {
  key: string;
  collaborationDegree: number;
}

describe('DataLoader-backed fields', () => {
  const driver = testDriver();
  const { database } = testConnection();
  let schema: GraphQLSchema;

  beforeAll(async () => {
    await importSeeds({ driver, database, model: testModel() }, [
      path.join(seedsDir, 'north-sweden-life-science-ecosystem.yaml'),
      path.join(seedsDir, 'vinnova-innovation-accelerators-2017-02464.yaml'),
    ]);
    schema = await buildGraphSchema(driver, database, testModel());
  });
  afterAll(() => driver.close());

  async function run<TData>(source: string) {
    const stats: LoaderStats = { batches: 0 };
    const result = await graphql({ schema, source, contextValue: createRequestContext(driver, database, { stats }) });
    expect(result.errors).toBeUndefined();
    return { data: result.data as TData, stats };
  }

  it('N parents’ collaborationDegree costs one database round trip, not N', async () => {
    const { data, stats } = await run<{ organizations: Degree[] }>('{ organizations(limit: 500) { key collaborationDegree } }');
    expect(data.organizations.length).toBeGreaterThanOrEqual(6);
    expect(stats.batches).toBe(1);

    // Three lists resolve at three moments: one round trip per list, still not one per parent.
    const all = await run<{ organizations: Degree[]; regions: Degree[]; people: Degree[] }>(`{
      organizations(limit: 500) { key collaborationDegree }
      regions(limit: 500) { key collaborationDegree }
      people(limit: 500) { key collaborationDegree }
    }`);
    const parents = [...all.data.organizations, ...all.data.regions, ...all.data.people];
    expect(parents.length).toBeGreaterThanOrEqual(15);
    expect(all.stats.batches).toBeLessThanOrEqual(3);

    const degree = Object.fromEntries(parents.map((p) => [p.key, p.collaborationDegree] as const));
    // Swedish Medtech Service AB shares Innovation accelerators with the four regions.
    expect(degree['org:swedish-medtech-service']).toBe(4);
    // Each ecosystem coordinator shares the ecosystem with the other three.
    expect(degree['person:maria-jansson:ltu']).toBe(3);
    expect(degree['org:vinnova']).toBe(0);
  });

  it('the sources of every row of a curated answer come in one round trip: for coordinations, read with the page', async () => {
    const { data, stats } = await run<CoordinationsData>(`{
      coordinations { rows { sources { title } affiliations { sources { title } } funders { sources { title } } } }
    }`);
    expect(data.coordinations.rows.length).toBeGreaterThanOrEqual(5);
    for (const row of data.coordinations.rows) expect(row.sources.length).toBeGreaterThan(0);
    // Read with the page: the sources loader has them all and asks for none.
    expect(stats.batches).toBe(0);
    const titles = async (source: string) =>
      (await run<CoordinationsData>(source)).data.coordinations.rows.map((row) => row.sources.map((s) => s.title).join());
    expect(await titles('{ coordinations { rows { sources { title } } } }')).toEqual(
      data.coordinations.rows.map((row) => row.sources.map((s) => s.title).join()),
    );
  });

  it('caps every generated list: a limit above the maximum is refused or clamped', async () => {
    const result = await graphql({
      schema,
      source: '{ organizations(limit: 100000) { key } }',
      contextValue: createRequestContext(driver, database),
    });
    // @limit(max: 500) clamps the request; it never returns more than the maximum.
    expect(result.errors).toBeUndefined();
    expect((result.data as { organizations: unknown[] }).organizations.length).toBeLessThanOrEqual(500);
  });
});
