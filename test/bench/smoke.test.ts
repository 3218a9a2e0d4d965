import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { captureQueries, profiled } from '../../src/bench/capture';
import { markdownReport, runWorkloads, type WorkloadResult } from '../../src/bench/harness';
import { latencyTargetMet, percentiles } from '../../src/bench/stats';
import { generateGraph } from '../../src/generate/generator';
import { writeGraph } from '../../src/generate/write';
import { importSeeds } from '../../src/importer/import-seeds';
import type { RunningService } from '../../src/service';
import { testConnection, testDriver, testModel } from '../support/database';
import { loadSeedGraph, startTestService } from '../support/graphql-http-client';

const NAMESPACE = 'gen-smoke';

describe('bench helpers', () => {
  it('computes nearest-rank percentiles and the latency target', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(samples)).toEqual({ p50: 50, p90: 90, p99: 99, count: 100 });
    expect(latencyTargetMet(14, 10)).toBe(true);
    expect(latencyTargetMet(16, 10)).toBe(false);
    expect(latencyTargetMet(3.9, 2)).toBe(true);
    expect(latencyTargetMet(4.1, 2)).toBe(false);
  });

  it('places PROFILE after a CYPHER options line', () => {
    expect(profiled('CYPHER 5\nMATCH (n) RETURN n')).toBe('CYPHER 5\nPROFILE MATCH (n) RETURN n');
    expect(profiled('MATCH (n) RETURN n')).toBe('PROFILE MATCH (n) RETURN n');
  });
});

describe('the bench harness at tiny scale, against the test Neo4j', () => {
  let driver: Driver;
  let service: RunningService;
  const database = testConnection().database;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-smoke-'));
  const removeGenerated = () => driver.executeQuery(`MATCH (n) WHERE n.key CONTAINS ':${NAMESPACE}-' DETACH DELETE n`, {}, { database });

  beforeAll(async () => {
    driver = testDriver();
    await loadSeedGraph();
    await removeGenerated();
    const graph = generateGraph({ scale: 1000, seed: 11, namespace: NAMESPACE });
    await importSeeds({ driver, database, model: testModel() }, writeGraph(graph, out));
    await driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database });
    service = await startTestService();
  });
  afterAll(async () => {
    await service?.stop();
    await removeGenerated();
    await driver.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('captures the Cypher a GraphQL request runs', async () => {
    const captured = await captureQueries(() =>
      fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ organizations(limit: 3) { key collaborationDegree } }' }),
      }).then((r) => r.json()),
    );
    // The generated query (prefixed with CYPHER 5) and one batched DataLoader query.
    expect(captured.some((q) => q.cypher.startsWith('CYPHER 5'))).toBe(true);
    expect(captured.filter((q) => q.cypher.includes('UNWIND $keys AS key'))).toHaveLength(1);
  });

  it('measures every workload, each matching the hand-written answer', async () => {
    const lines: string[] = [];
    const results: WorkloadResult[] = await runWorkloads({ url: service.url, driver, database, seconds: 1, concurrencies: [1], log: (l) => lines.push(l) });
    expect(results.map((r) => r.name)).toEqual([
      'lookup-by-key',
      'coordinations',
      'network-2-hops',
      'search',
      'funding-by-funder',
      'projects-connection',
      'dataloader-100',
    ]);
    for (const r of results) {
      expect({ name: r.name, matched: r.matched, substance: r.substance }).toEqual({ name: r.name, matched: true, substance: undefined });
      expect(r.dbHits.generated).toBeGreaterThan(0);
      expect(r.dbHits.handWritten).toBeGreaterThan(0);
      expect(r.dbHits.generatedQueries).toBeGreaterThan(0);
      expect(r.runs).toHaveLength(1);
      const [run] = r.runs;
      expect(run!.concurrency).toBe(1);
      for (const side of [run!.graphql, run!.raw]) {
        expect(side.count).toBeGreaterThan(0);
        for (const value of [side.p50, side.p90, side.p99, side.requestsPerSecond]) expect(Number.isFinite(value) && value > 0).toBe(true);
        expect(side.p50).toBeLessThanOrEqual(side.p90);
        expect(side.p90).toBeLessThanOrEqual(side.p99);
      }
      expect(run!.graphql.errors + run!.graphql.non2xx).toBe(0);
      expect(run!.ratioP50).toBeGreaterThan(0);
    }
    const report = markdownReport({
      date: '2000-01-01',
      scale: 1000,
      seed: 11,
      seconds: 1,
      machine: { cpus: 1, cpuModel: 'x', memoryGiB: 1, node: '20' },
      workloads: results,
    });
    expect(report.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| workload'))).toHaveLength(results.length);
  }, 90_000);
});
