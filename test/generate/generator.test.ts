import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { generateGraph, plannedCounts } from '../../src/generate/generator';
import { Random, Zipf } from '../../src/generate/random';
import { jsonlLines, writeGraph } from '../../src/generate/write';
import { importSeeds } from '../../src/importer/import-seeds';
import { nameKeysOf } from '../../src/importer/normalize';
import { testConnection, testDriver, testModel } from '../support/database';

const NAMESPACE = 'gen-test';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-gen-'));
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

describe('the PRNG', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const x of draw(9)) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws Zipf choices with a heavy head', () => {
    const r = new Random(1);
    const zipf = new Zipf(
      Array.from({ length: 1000 }, (_, i) => i),
      1.0,
      r,
    );
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const x = zipf.sample(r);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    // Rank 1 of 1000 gets about 1/H(1000) ≈ 13 % of the draws; a uniform choice would give 0.1 %.
    expect(sorted[0]! / 20_000).toBeGreaterThan(0.08);
    expect(sorted[0]!).toBeGreaterThan(5 * sorted[9]!);
  });
});

describe('the generator', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };

  it('writes byte-identical files for the same seed, in both formats, and different ones for another seed', () => {
    const [a, b, c] = [dir(), dir(), dir()];
    writeGraph(generateGraph({ scale: 3000, seed: 42, entitiesPerFile: 1000 }), a);
    writeGraph(generateGraph({ scale: 3000, seed: 42, entitiesPerFile: 1000 }), b);
    writeGraph(generateGraph({ scale: 3000, seed: 43, entitiesPerFile: 1000 }), c);
    expect(Object.keys(filesOf(a)).length).toBeGreaterThan(1);
    expect(filesOf(a)).toEqual(filesOf(b));
    expect(filesOf(a)).not.toEqual(filesOf(c));

    const [j1, j2] = [dir(), dir()];
    writeGraph(generateGraph({ scale: 3000, seed: 42 }), j1, 'jsonl');
    writeGraph(generateGraph({ scale: 3000, seed: 42 }), j2, 'jsonl');
    expect(filesOf(j1)).toEqual(filesOf(j2));
  });

  it('has the expected shape: every kind of node and relationship, sized by the scale', () => {
    const graph = generateGraph({ scale: 20_000, seed: 1 });
    const { counts } = graph;
    expect(Math.abs(counts.entities + counts.sources - 20_000)).toBeLessThan(200);
    expect(Object.keys(counts.byType).sort()).toEqual(['Country', 'Ecosystem', 'FocusArea', 'Organization', 'Person', 'Project', 'Region']);
    expect(Object.keys(counts.byRelationship).sort()).toEqual([
      'COORDINATES',
      'FOCUSES_ON',
      'FUNDED_BY',
      'HOLDS_ROLE',
      'LOCATED_IN',
      'PARTICIPATES_IN',
      'PART_OF',
    ]);
    expect(counts.byType.Project).toBe(plannedCounts(20_000, 5000).projects);
    // One source per file of at most 5 000 entities.
    expect(graph.files).toHaveLength(Math.ceil(counts.entities / 5000));
    for (const f of graph.files) expect(f.seed.entities.length).toBeLessThanOrEqual(5000);

    const entities = graph.files.flatMap((f) => f.seed.entities);
    const relationships = graph.files.flatMap((f) => f.seed.relationships);
    expect(new Set(entities.map((e) => e.key)).size).toBe(entities.length);
    // Entity resolution matches any normalised name or alias within a type: no two entities share one.
    const resolvedBy = entities.flatMap((e) => nameKeysOf(e.name, e.aliases as string[] | undefined).map((k) => `${e.type}|${k}`));
    expect(new Set(resolvedBy).size).toBe(resolvedBy.length);
    expect(entities.some((e) => Array.isArray(e.aliases))).toBe(true);
    const orgKinds = new Set(entities.filter((e) => e.type === 'Organization').map((e) => e.kind));
    expect([...orgKinds].sort()).toEqual([
      'CLUSTER',
      'COMPANY',
      'FUNDING_AGENCY',
      'HOSPITAL',
      'INNOVATION_OFFICE',
      'MUNICIPALITY',
      'NETWORK',
      'OTHER',
      'REGIONAL_AUTHORITY',
      'UNIVERSITY',
    ]);
    const projects = entities.filter((e) => e.type === 'Project');
    for (const p of projects) {
      expect(p.start).toMatch(/^\d{4}-\d{2}$/);
      expect(p.end).toMatch(/^\d{4}-\d{2}$/);
      expect(String(p.end) >= String(p.start)).toBe(true);
    }
    expect(new Set(projects.map((p) => p.status)).size).toBeGreaterThanOrEqual(4);
    const funding = relationships.filter((r) => r.type === 'FUNDED_BY');
    expect(new Set(funding.map((r) => r.currency))).toEqual(new Set(['SEK', 'EUR']));
    for (const f of funding) expect(f.amount).toBeGreaterThan(0);

    // Power law: a few organisations take part in very many projects, most in few.
    const participation = new Map<string, number>();
    for (const r of relationships.filter((r) => r.type === 'PARTICIPATES_IN' || r.type === 'COORDINATES')) {
      participation.set(r.from, (participation.get(r.from) ?? 0) + 1);
    }
    const degrees = [...participation.values()].sort((a, b) => b - a);
    const median = degrees[Math.floor(degrees.length / 2)]!;
    expect(degrees[0]!).toBeGreaterThan(20 * median);

    // Each relationship sits in the file of its later endpoint (both exist when it is written).
    const fileOf = new Map(graph.files.flatMap((f, i) => f.seed.entities.map((e) => [e.key, i] as const)));
    graph.files.forEach((f, i) => {
      for (const r of f.seed.relationships) expect(Math.max(fileOf.get(r.from)!, fileOf.get(r.to)!)).toBe(i);
    });
  });

  it('writes JSON Lines: nodes (sources first) then relationships', () => {
    const graph = generateGraph({ scale: 500, seed: 3 });
    const lines = [...jsonlLines(graph)].map((l) => JSON.parse(l) as { kind: string });
    expect(lines).toHaveLength(graph.counts.sources + graph.counts.entities + graph.counts.relationships);
    expect(lines[0]).toMatchObject({ kind: 'node', type: 'Source', key: 'source:gen-part-0001' });
    const firstRelationship = lines.findIndex((l) => l.kind === 'relationship');
    expect(lines.slice(firstRelationship).every((l) => l.kind === 'relationship')).toBe(true);
    expect(lines[firstRelationship]).toEqual({
      kind: 'relationship',
      type: expect.any(String) as unknown,
      from: expect.any(String) as unknown,
      to: expect.any(String) as unknown,
      source: expect.any(String) as unknown,
      properties: expect.any(Object) as unknown,
    });
  });
});

describe('importing a generated set', () => {
  let driver: Driver;
  const database = testConnection().database;
  const out = tempDir();
  const removeGenerated = () =>
    driver.executeQuery(`MATCH (n) WHERE n.key STARTS WITH 'source:${NAMESPACE}-' OR n.key CONTAINS ':${NAMESPACE}-' DETACH DELETE n`, {}, { database });

  beforeAll(async () => {
    driver = testDriver();
    // Another generated set (another suite's namespace) may share names with this one, and the seed
    // importer merges by name: start from an empty graph, as the importer suites do.
    await driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database });
  });
  afterAll(async () => {
    await removeGenerated();
    await driver.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('imports with no validation error, no merge, and exactly the generated counts', async () => {
    const graph = generateGraph({ scale: 1500, seed: 5, namespace: NAMESPACE, entitiesPerFile: 500 });
    const files = writeGraph(graph, out);
    expect(files).toHaveLength(3);
    const summary = await importSeeds({ driver, database, model: testModel() }, [out]);
    expect(summary.merges).toEqual([]);
    const { entities, sources, relationships } = graph.counts;
    expect(summary.nodes).toEqual({ created: entities + sources, updated: 0, unchanged: 0, deleted: 0 });
    // Every entity is STATED_IN its file's source.
    expect(summary.relationships).toEqual({ created: relationships + entities, updated: 0, unchanged: 0, deleted: 0 });

    const { records } = await driver.executeQuery(
      `MATCH (n:Entity) WHERE n.key CONTAINS ':${NAMESPACE}-' WITH n, [l IN labels(n) WHERE l <> 'Entity'][0] AS type
       RETURN type, count(*) AS count ORDER BY type`,
      {},
      { database },
    );
    expect(Object.fromEntries(records.map((r) => [r.get('type'), Number(r.get('count'))]))).toEqual(graph.counts.byType);
    const rels = await driver.executeQuery(
      `MATCH (a:Entity)-[r]->(b:Entity) WHERE a.key CONTAINS ':${NAMESPACE}-' AND type(r) <> 'STATED_IN'
       RETURN type(r) AS type, count(*) AS count`,
      {},
      { database },
    );
    expect(Object.fromEntries(rels.records.map((r) => [r.get('type'), Number(r.get('count'))]))).toEqual(graph.counts.byRelationship);
    const dates = await driver.executeQuery(
      `MATCH (p:Project) WHERE p.key CONTAINS ':${NAMESPACE}-' RETURN collect(DISTINCT p.startPrecision) AS precisions`,
      {},
      { database },
    );
    expect(dates.records[0]!.get('precisions')).toEqual(['MONTH']);
  });
});
