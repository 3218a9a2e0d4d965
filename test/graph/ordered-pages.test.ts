import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, type GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { captureQueries } from '../../src/bench/capture';
import { emptyDatabase } from '../../src/bench/import-bench';
import { generateGraph } from '../../src/generate/generator';
import { writeGraph } from '../../src/generate/write';
import { buildGraphSchema } from '../../src/graph/schema';
import { importBulk } from '../../src/importer/bulk/import-bulk';
import { createRequestContext } from '../../src/request/context';
import { testConnection, testDriver, testModel } from '../support/database';

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { key: string } }[];
}

const cursorAt = (index: number) => Buffer.from(`arrayconnection:${index}`).toString('base64');

/**
 * Sorted pages of generated connections and lists read in index order
 * (src/graph/ordered-pages.ts) give what sorting every node gives: the same nodes in the same
 * places, cursors, page info and totals, across pages, in both directions, with projects that
 * lack the sort field (which sort first descending and last ascending).
 */
describe('connection and list pages in index order', () => {
  const { database } = testConnection();
  let driver: Driver;
  let schema: GraphQLSchema;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-ordered-pages-'));
  let undated: number;

  beforeAll(async () => {
    driver = testDriver();
    schema = await buildGraphSchema(driver, database, testModel());
    await emptyDatabase(driver, database);
    const files = writeGraph(generateGraph({ scale: 300, seed: 11, namespace: 'pages' }), dir, 'jsonl');
    await importBulk({ driver, database, model: testModel() }, files);
    // Some projects without a start, before anything is read (no view of the count is made yet).
    const { records } = await driver.executeQuery(
      `MATCH (p:Project) WITH p ORDER BY p.key WITH collect(p) AS projects
       UNWIND [i IN range(0, size(projects) - 1) WHERE i % 7 = 3 | projects[i]] AS p REMOVE p.start RETURN count(p) AS undated`,
      {},
      { database },
    );
    undated = Number(records[0]!.get('undated'));
  });
  afterAll(async () => {
    await emptyDatabase(driver, database);
    await driver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const page = async (args: string, extra = ''): Promise<Page & Record<string, unknown>> => {
    const source = `{ projectsConnection(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { key } } ${extra} } }`;
    const answer = await graphql({ schema, source, contextValue: createRequestContext(driver, database) });
    expect(answer.errors).toBeUndefined();
    return (answer.data as { projectsConnection: Page & Record<string, unknown> }).projectsConnection;
  };

  const sortedKeys = async (order: string, where = '') => {
    const { records } = await driver.executeQuery(`MATCH (n:Project) ${where} RETURN n.key AS key ORDER BY ${order}`, {}, { database });
    return records.map((r) => r.get('key') as string);
  };

  /** Every page of `sort`, `size` at a time, following endCursor. */
  async function walk(sort: string, size: number) {
    const keys: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 200; pages++) {
      const p: Page = await page(`first: ${size}, sort: ${sort}${after ? `, after: "${after}"` : ''}`);
      expect(p.edges.map((e) => e.cursor)).toEqual(p.edges.map((_, i) => cursorAt(keys.length + i)));
      expect(p.pageInfo).toEqual({
        hasNextPage: keys.length + p.edges.length < p.totalCount,
        hasPreviousPage: keys.length > 0,
        startCursor: cursorAt(keys.length),
        endCursor: cursorAt(keys.length + p.edges.length - 1),
      });
      keys.push(...p.edges.map((e) => e.node.key));
      if (!p.pageInfo.hasNextPage) return { keys, total: p.totalCount };
      after = p.pageInfo.endCursor;
    }
    throw new Error(`${sort}: still a next page after 200 pages`);
  }

  it('pages through every sort as a full sort orders it, projects without a start first descending and last ascending', async () => {
    expect(undated).toBeGreaterThan(3);
    // Pages end among projects of the same start: those are sought by key in the (start, key) index.
    const { records } = await driver.executeQuery(
      'MATCH (n:Project) WHERE n.start IS NOT NULL WITH n.start AS start, count(*) AS ties RETURN ties ORDER BY ties DESC LIMIT 1',
      {},
      { database },
    );
    expect(Number(records[0]!.get('ties'))).toBeGreaterThan(2);
    const all = await sortedKeys('n.key');
    const cases: [sort: string, order: string][] = [
      ['[{ start: ASC }]', 'n.start ASC, n.key ASC'],
      ['[{ start: DESC }, { key: ASC }]', 'n.start DESC, n.key ASC'],
      ['[{ start: ASC }, { key: DESC }]', 'n.start ASC, n.key DESC'],
      ['[{ start: DESC }, { name: DESC }]', 'n.start DESC, n.name DESC, n.key ASC'],
      ['[{ key: DESC }]', 'n.key DESC'],
    ];
    for (const [sort, order] of cases) {
      expect({ sort, ...(await walk(sort, 2)) }).toEqual({ sort, keys: await sortedKeys(order), total: all.length });
    }
  });

  it('gives lists sorted by start, page by page, as a full sort orders them', async () => {
    const list = async (args: string) => {
      const answer = await graphql({ schema, source: `{ projects(${args}) { key } }`, contextValue: createRequestContext(driver, database) });
      expect(answer.errors).toBeUndefined();
      return (answer.data as { projects: { key: string }[] }).projects.map((p) => p.key);
    };
    const cases: [sort: string, order: string][] = [
      ['[{ start: DESC }]', 'n.start DESC, n.key ASC'],
      ['[{ start: ASC }, { key: DESC }]', 'n.start ASC, n.key DESC'],
    ];
    for (const [sort, order] of cases) {
      const keys: string[] = [];
      for (let offset = 0; offset < 300; offset += 3) {
        const page = await list(`sort: ${sort}, limit: 3, offset: ${offset}`);
        keys.push(...page);
        if (page.length < 3) break;
      }
      expect({ sort, keys }).toEqual({ sort, keys: await sortedKeys(order) });
    }
    const queries = await captureQueries(() => list('sort: [{ start: ASC }], limit: 5, offset: 5'));
    expect(queries.some((q) => q.cypher.includes('SKIP $skip LIMIT $limit'))).toBe(true);
  });

  it('reads a page past the undated ones in index order, and leaves other pages to the library', async () => {
    const dated = await sortedKeys('n.start DESC, n.key ASC', 'WHERE n.start IS NOT NULL');
    const ordered = async (args: string) => {
      let p = {} as Page;
      const queries = await captureQueries(async () => {
        p = await page(args);
      });
      return { keys: p.edges.map((e) => e.node.key), inIndexOrder: queries.some((q) => q.cypher.includes('SKIP $skip LIMIT $limit')) };
    };
    // The first undated.length places belong to projects without a start.
    expect(await ordered(`first: 5, sort: [{ start: DESC }], after: "${cursorAt(undated - 1)}"`)).toEqual({ keys: dated.slice(0, 5), inIndexOrder: true });
    expect(await ordered('first: 5, sort: [{ start: DESC }]')).toMatchObject({ inIndexOrder: false });
    expect(await ordered('first: 5, sort: [{ start: ASC }]')).toMatchObject({ inIndexOrder: true });
    expect(await ordered('first: 5, sort: [{ name: ASC }]')).toMatchObject({ inIndexOrder: false });
    const filtered = await ordered('first: 5, sort: [{ key: ASC }], where: { status: { eq: PLANNED } }');
    expect(filtered).toEqual({ keys: (await sortedKeys('n.key', "WHERE n.status = 'PLANNED'")).slice(0, 5), inIndexOrder: false });
  });

  it('counts an aggregate over every project, not over the page', async () => {
    const p = await page('first: 5, sort: [{ key: ASC }]', 'aggregate { count { nodes } }');
    expect(p.aggregate).toEqual({ count: { nodes: p.totalCount } });
    expect(p.totalCount).toBe((await sortedKeys('n.key')).length);
  });
});
