import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { benchImport, importMarkdown } from '../../src/bench/import-bench';
import { testConnection, testDriver, testModel } from '../support/database';

describe('the import side of npm run bench, at tiny scale against the test Neo4j', () => {
  let driver: Driver;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-import-bench-'));
  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    await driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database: testConnection().database });
    await driver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('measures bulk against naive, RSS at two sizes and batch sizes, and leaves the full input in the graph', async () => {
    const lines: string[] = [];
    const result = await benchImport({
      driver,
      model: testModel(),
      connection: testConnection(),
      dir,
      scale: 1000,
      seed: 2,
      naiveSeconds: 1,
      batchSize: 500,
      batchSizes: [100, 1000],
      log: (line) => lines.push(line),
    });
    const { input, bulk, smaller, naive } = result;
    expect(bulk.records).toBe(input.entities + input.relationships);
    expect(smaller.records).toBeGreaterThan(0);
    expect(smaller.records).toBeLessThan(bulk.records / 5);
    for (const rate of [bulk.perSecond, smaller.perSecond, naive.nodes.perSecond, naive.relationships.perSecond, result.reimport.perSecond])
      expect(rate).toBeGreaterThan(0);
    expect(naive.nodes.records).toBeGreaterThan(0);
    expect(naive.relationships.records).toBeGreaterThan(0);
    expect(bulk.maxRssMiB).toBeGreaterThan(20);
    expect(result.boundedHeap.fullMiB).toBeGreaterThan(20);
    expect(result.batchSizes.map((b) => b.batchSize)).toEqual([100, 1000]);
    expect(result.speedup).toBeCloseTo(bulk.perSecond / naive.perSecond, 0);

    const { records } = await driver.executeQuery('MATCH (n:Entity) RETURN count(n) AS entities', {}, { database: testConnection().database });
    expect(Number(records[0]!.get('entities'))).toBe(input.entities);
    const table = importMarkdown(result);
    expect(table).toContain(`| bulk (batch 500, validation included) | ${bulk.records} |`);
    expect(table).toMatch(/naive, whole input \(from those rates\)/);
    expect(lines.some((l) => l.startsWith('bulk:'))).toBe(true);
  });
});
