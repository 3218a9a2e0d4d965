import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, type GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { captureQueries, dbHits } from '../../src/bench/capture';
import { emptyDatabase } from '../../src/bench/import-bench';
import { generateGraph } from '../../src/generate/generator';
import { writeGraph } from '../../src/generate/write';
import { buildGraphSchema } from '../../src/graph/schema';
import { importBulk } from '../../src/importer/bulk/import-bulk';
import { createRequestContext } from '../../src/request/context';
import { testConnection, testDriver, testModel } from '../support/database';

/**
 * Pages cost what they return: the same requests on a generated graph and on one ten times
 * larger, each request's database hits (PROFILE of every query the schema ran for it) at most
 * 1.5× as many on the larger graph. (Projects lacking a start are counted by a view made by the
 * first request after a write: the measured request reads it.)
 */
const REQUESTS = {
  coordinations: '{ coordinations(limit: 20) { totalCount rows { coordinator { key } role initiative { key } funders { funder { key } amount } } } }',
  search: '{ search(text: "diabetes", limit: 10) { score entity { key } } }',
  organizationsByKey: '{ organizations(limit: 20, sort: [{ key: ASC }]) { key name } }',
  organizationsByKeyDescending: '{ organizations(limit: 20, sort: [{ key: DESC }, { name: ASC }]) { key } }',
  projectsByStart: '{ projectsConnection(first: 20, sort: [{ start: DESC }]) { totalCount edges { node { key name } } } }',
  projectListByStart: '{ projects(limit: 20, sort: [{ start: DESC }]) { key name } }',
};

type Hits = Record<keyof typeof REQUESTS, number>;

describe('answers that cost what they return', () => {
  const { database } = testConnection();
  let driver: Driver;
  let schema: GraphQLSchema;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-answer-cost-'));
  const emptyGraph = () => emptyDatabase(driver, database);

  beforeAll(async () => {
    driver = testDriver();
    schema = await buildGraphSchema(driver, database, testModel());
  });
  afterAll(async () => {
    await emptyGraph();
    await driver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (source: string) => {
    const answer = await graphql({ schema, source, contextValue: createRequestContext(driver, database) });
    expect(answer.errors).toBeUndefined();
    return answer.data as Record<string, unknown>;
  };

  /** Empties the graph, imports a generated one of `scale` nodes, and PROFILEs each request. */
  async function hitsAt(scale: number): Promise<{ hits: Hits; coordinationKeys: string[]; organizationKeys: string[] }> {
    await emptyGraph();
    const files = writeGraph(generateGraph({ scale, seed: 5, namespace: `cost-${scale}` }), path.join(dir, String(scale)), 'jsonl');
    await importBulk({ driver, database, model: testModel() }, files);
    // Plans made for the other graph would be kept for up to 10 s (Neo4j replans when statistics
    // diverge, at most that often): each graph gets plans of its own, as a server's would in time.
    await driver.executeQuery('CALL db.resampleOutdatedIndexes()', {}, { database });
    await driver.executeQuery('CALL db.clearQueryCaches()', {}, { database });
    const hits = {} as Hits;
    let coordinationKeys: string[] = [];
    let organizationKeys: string[] = [];
    for (const [name, source] of Object.entries(REQUESTS) as [keyof typeof REQUESTS, string][]) {
      await run(source); // plans cached
      let data: Record<string, unknown> = {};
      const queries = await captureQueries(async () => {
        data = await run(source);
      });
      hits[name] = 0;
      for (const query of queries) hits[name] += await dbHits(driver, database, query);
      if (name === 'coordinations') {
        const rows = (data.coordinations as { rows: { coordinator: { key: string }; initiative: { key: string } }[] }).rows;
        coordinationKeys = rows.map((r) => `${r.initiative.key} ${r.coordinator.key}`);
      }
      if (name === 'organizationsByKey') organizationKeys = (data.organizations as { key: string }[]).map((o) => o.key);
    }
    return { hits, coordinationKeys, organizationKeys };
  }

  /** The first page as sorting every match would give it. */
  async function fullySorted(): Promise<{ coordinationKeys: string[]; organizationKeys: string[] }> {
    const coordinations = await driver.executeQuery(
      `MATCH (c)-[co:COORDINATES]->(i) RETURN i.key + ' ' + c.key AS key ORDER BY i.name, i.key, c.name, elementId(co) LIMIT 20`,
      {},
      { database },
    );
    const organizations = await driver.executeQuery('MATCH (o:Organization) RETURN o.key AS key ORDER BY o.key LIMIT 20', {}, { database });
    return {
      coordinationKeys: coordinations.records.map((r) => r.get('key') as string),
      organizationKeys: organizations.records.map((r) => r.get('key') as string),
    };
  }

  it('reads as much of a graph ten times larger for the same page, search, sorted list and connection page, and gives the page a full sort gives', async () => {
    const small = await hitsAt(400);
    expect(small).toMatchObject(await fullySorted());
    const large = await hitsAt(4000);
    expect(large).toMatchObject(await fullySorted());
    expect(large.coordinationKeys).toHaveLength(20);
    const grown = (Object.keys(REQUESTS) as (keyof typeof REQUESTS)[])
      .map((name) => ({ name, small: small.hits[name], large: large.hits[name] }))
      .filter((w) => w.large > 1.5 * w.small);
    expect(grown).toEqual([]);
  });
});
