import fs from 'node:fs';
import path from 'node:path';
import { generateGraph } from '../../../src/generate/generator';
import { writeGraph } from '../../../src/generate/write';
import { BulkImportError, BulkValidationError } from '../../../src/errors';
import { importBulk } from '../../../src/importer/bulk/import-bulk';
import { importSeeds } from '../../../src/importer/import-seeds';
import type { SeedProblem } from '../../../src/importer/problems';
import { ECOSYSTEM_SEED, emptyGraph, graphCounts, type ImporterTestContext, importerSuite, query, VINNOVA_SEED, writeFixture } from '../support';

/** Every node and relationship with its properties, in a stable order: two graphs compare equal when they hold the same. */
async function snapshot(context: ImporterTestContext, { without = [] as string[] } = {}) {
  const strip = (properties: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(properties)
        .filter(([k]) => !without.includes(k))
        .map(([k, v]) => [k, String(v)] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  const nodes = await query<{ key: string; labels: string[]; properties: Record<string, unknown> }>(
    context,
    'MATCH (n) WHERE NOT n:GraphGeneration RETURN n.key AS key, apoc.coll.sort(labels(n)) AS labels, properties(n) AS properties ORDER BY key',
  );
  const relationships = await query<{ from: string; type: string; to: string; properties: Record<string, unknown> }>(
    context,
    'MATCH (a)-[r]->(b) RETURN a.key AS from, type(r) AS type, b.key AS to, properties(r) AS properties',
  );
  return {
    nodes: nodes.map((n) => ({ ...n, properties: strip(n.properties) })),
    relationships: relationships
      .map((r) => ({ ...r, properties: strip(r.properties) }))
      .map((r) => JSON.stringify(r))
      .sort(),
  };
}

async function problemsOf(run: Promise<unknown>): Promise<SeedProblem[]> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BulkValidationError);
  return (error as BulkValidationError).problems;
}

const jsonl = (...records: object[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
const SOURCE = { kind: 'node', type: 'Source', key: 'source:bulk-test', properties: { kind: 'OTHER', title: 'Bulk test' } };

describe('the bulk importer (JSON Lines, CSV), against the test Neo4j', () => {
  const context = importerSuite();
  const graph = generateGraph({ scale: 1500, seed: 5, namespace: 'bulkt' });
  let input: string;
  let seedFiles: string[];

  beforeAll(() => {
    input = writeGraph(graph, path.join(context.dir, 'jsonl'), 'jsonl')[0]!;
    seedFiles = writeGraph(graph, path.join(context.dir, 'seeds'));
  });

  it('builds the same graph from JSON Lines as the seed importer builds from the same data as seed files', async () => {
    await emptyGraph(context);
    await importSeeds(context, seedFiles);
    const fromSeeds = await snapshot(context, { without: ['nameKeys'] });

    await emptyGraph(context);
    const summary = await importBulk(context, [input], { batchSize: 700 });
    expect(summary).toMatchObject({
      format: 'ecograph-jsonl',
      sources: graph.counts.sources,
      entities: graph.counts.entities,
      relationships: graph.counts.relationships,
    });
    expect(summary.written.nodesCreated).toBe(graph.counts.entities + graph.counts.sources);
    expect(summary.written.batches).toBeGreaterThan(2);
    const fromBulk = await snapshot(context, { without: ['nameKeys'] });
    expect(fromBulk.nodes).toEqual(fromSeeds.nodes);
    expect(fromBulk.relationships).toEqual(fromSeeds.relationships);
    // Two full imports of the generated graph: 112 s of the default 120 on main at a load of 15 on 2 cores.
  }, 300_000);

  it('is idempotent: a second run creates nothing and changes nothing', async () => {
    const before = await snapshot(context);
    const progress: { phase: string; done: number; total?: number }[] = [];
    const again = await importBulk(context, [input], { onProgress: (p) => progress.push(p) });
    expect(again.written).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0 });
    const total = graph.counts.sources + graph.counts.entities + graph.counts.relationships;
    expect(progress).toContainEqual({ phase: 'validate', done: total, total });
    expect(progress.at(-1)).toEqual({ phase: 'write', done: total, total });
    expect(await snapshot(context)).toEqual(before);
  });

  it('reports every bad record with file and line, and writes nothing', async () => {
    await emptyGraph(context);
    const file = writeFixture(
      context,
      'bad.jsonl',
      jsonl(
        SOURCE,
        { kind: 'node', type: 'Organization', key: 'org:bulk-a', source: 'source:bulk-test', properties: { name: 'A', kind: 'COMPANY' } },
        { kind: 'node', type: 'Organization', key: 'org:bulk-a', source: 'source:bulk-test', properties: { name: 'A again', kind: 'COMPANY' } },
        { kind: 'node', type: 'Spaceship', key: 'org:bulk-b', source: 'source:bulk-test', properties: { name: 'B' } },
        { kind: 'node', type: 'Project', key: 'project:bulk-p', source: 'source:bulk-test', properties: { name: 'P', start: '2021-02-30', colour: 'red' } },
        { kind: 'node', type: 'Person', key: 'person:bulk-q', properties: { name: 'Q' } },
        { kind: 'node', type: 'Person', key: 'person:bulk-r', source: 'source:nowhere', properties: { name: 'R' } },
        { kind: 'relationship', type: 'FUNDED_BY', from: 'project:bulk-p', to: 'org:bulk-missing', source: 'source:bulk-test', properties: {} },
        { kind: 'relationship', type: 'FUNDED_BY', from: 'org:bulk-a', to: 'project:bulk-p', source: 'source:bulk-test', properties: {} },
      ) + 'not json\n',
    );
    const problems = await problemsOf(importBulk(context, [file]));
    const at = (line: number) => problems.filter((p) => p.line === line).map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`);
    expect(problems.every((p) => p.file === file)).toBe(true);
    expect(at(3)).toEqual([expect.stringMatching(/duplicate key org:bulk-a: already declared at .*bad\.jsonl:2/)]);
    expect(at(4)).toEqual([expect.stringMatching(/unknown node type "Spaceship"/)]);
    expect(at(5)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^start: "2021-02-30" is not a real date/), expect.stringMatching(/unknown field 'colour'/)]),
    );
    expect(at(6)).toEqual([expect.stringMatching(/states no source/)]);
    expect(at(7)).toEqual([expect.stringMatching(/source source:nowhere is neither a Source of the input nor of the database/)]);
    expect(at(8)).toEqual([expect.stringMatching(/^to: org:bulk-missing is declared neither/)]);
    expect(at(9)).toEqual([expect.stringMatching(/FUNDED_BY cannot go from a Organization to a Project/)]);
    expect(at(10)).toEqual([expect.stringMatching(/malformed JSON/)]);
    expect(await graphCounts(context)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('writes a relationship the input states twice once, and two with different identities twice', async () => {
    await emptyGraph(context);
    const person = { kind: 'node', type: 'Person', key: 'person:bulk-ada', source: 'source:bulk-test', properties: { name: 'Ada' } };
    const org = { kind: 'node', type: 'Organization', key: 'org:bulk-acme', source: 'source:bulk-test', properties: { name: 'Acme', kind: 'COMPANY' } };
    const role = (title: string) => ({
      kind: 'relationship',
      type: 'HOLDS_ROLE',
      from: 'person:bulk-ada',
      to: 'org:bulk-acme',
      source: 'source:bulk-test',
      properties: { title },
    });
    const file = writeFixture(context, 'repeats.jsonl', jsonl(SOURCE, person, org, role('CEO'), role('CEO'), role('Chair')));
    const summary = await importBulk(context, [file]);
    expect(summary.relationships).toBe(3);
    const titles = await query<{ title: string }>(context, 'MATCH (:Person)-[r:HOLDS_ROLE]->(:Organization) RETURN r.title AS title ORDER BY title');
    expect(titles.map((t) => t.title)).toEqual(['CEO', 'Chair']);
  });

  it('stops a batched run cleanly on a failed write: committed batches stay whole, and a second run completes it', async () => {
    await emptyGraph(context);
    const failAfter = (batches: number) => (p: { phase: string; done: number }) => {
      if (p.phase === 'write' && p.done >= batches * 500) throw new Error('connection lost (simulated)');
    };
    const error = await importBulk(context, [input], { batchSize: 500, onProgress: failAfter(2) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkImportError);
    expect((error as Error).message).toMatch(
      /[2-9] batches were committed \(\d+ records, up to .*:\d+\); the import merges by key, so running it again completes it: connection lost/,
    );
    const partial = await graphCounts(context);
    expect(partial.nodes).toBeGreaterThan(0);
    expect(partial.nodes).toBeLessThan(graph.counts.entities);

    await importBulk(context, [input]);
    const [counts] = await query<{ entities: number; duplicates: number }>(
      context,
      `MATCH (n:Entity) WHERE n.key CONTAINS ':bulkt-' WITH n.key AS key, count(*) AS copies RETURN count(*) AS entities, sum(copies - 1) AS duplicates`,
    );
    expect(Number(counts!.entities)).toBe(graph.counts.entities);
    expect(Number(counts!.duplicates)).toBe(0);
  });

  it('--single-transaction: a failed write leaves nothing behind', async () => {
    await emptyGraph(context);
    const error = await importBulk(context, [input], {
      batchSize: 500,
      singleTransaction: true,
      onProgress: (p) => {
        if (p.phase === 'write' && p.done >= 1500) throw new Error('stop here');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/nothing was written \(single transaction, rolled back\)/);
    expect(await graphCounts(context)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('imports neo4j-admin CSV with a default source from the database', async () => {
    await emptyGraph(context);
    await importSeeds(context, [ECOSYSTEM_SEED]);
    const nodes = writeFixture(
      context,
      'csv/nodes.csv',
      'key:ID,:LABEL,name,kind,aliases:string[]\n' +
        'org:csv-alpha,Organization;Entity,Alpha Diagnostics AB,COMPANY,Alpha;ADx\n' +
        'project:csv-beta,Project;Entity,"Beta, a project",,\n',
    );
    const relationships = writeFixture(
      context,
      'csv/relationships.csv',
      ':START_ID,:TYPE,:END_ID,amount:long,currency\nproject:csv-beta,FUNDED_BY,org:csv-alpha,250000,SEK\n',
    );
    const source = (await query<{ key: string }>(context, 'MATCH (s:Source) RETURN s.key AS key LIMIT 1'))[0]!.key;

    const problems = await problemsOf(importBulk(context, [relationships, nodes]));
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/states no source/)]));

    const summary = await importBulk(context, [relationships, nodes], { defaultSource: source });
    expect(summary).toMatchObject({ format: 'neo4j-csv', entities: 2, relationships: 1 });
    const [row] = await query<{ aliases: string[]; amount: number; sources: string[]; stated: number }>(
      context,
      `MATCH (p:Project {key: 'project:csv-beta'})-[f:FUNDED_BY]->(o:Organization {key: 'org:csv-alpha'})
       RETURN o.aliases AS aliases, f.amount AS amount, f.sourceKeys AS sources, COUNT { (o)-[:STATED_IN]->(:Source {key: $source}) } AS stated`,
      { source },
    );
    expect(row).toEqual({ aliases: ['Alpha', 'ADx'], amount: expect.anything() as unknown, sources: [source], stated: expect.anything() as unknown });
    expect(Number(row!.amount)).toBe(250000);
    expect(Number(row!.stated)).toBe(1);
  });

  it("round-trips the seed graphs through APOC's JSON Lines export", async () => {
    await emptyGraph(context);
    await importSeeds(context, [ECOSYSTEM_SEED, VINNOVA_SEED]);
    const original = await snapshot(context);
    const lines = await query<{ data: string }>(context, 'CALL apoc.export.json.all(null, {stream: true}) YIELD data RETURN data');
    const file = writeFixture(context, 'apoc-export.jsonl', lines.map((l) => l.data).join('\n'));

    await emptyGraph(context);
    const summary = await importBulk(context, [file]);
    expect(summary.format).toBe('apoc-jsonl');
    expect(summary.derived).toBeGreaterThan(0);
    expect(await snapshot(context)).toEqual(original);
    expect(fs.existsSync(file)).toBe(true);
  });
});
