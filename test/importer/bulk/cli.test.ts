import path from 'node:path';
import { generateGraph } from '../../../src/generate/generator';
import { writeGraph } from '../../../src/generate/write';
import { ECOSYSTEM_SEED, ecograph, emptyGraph, graphCounts, importerSuite, writeFixture } from '../support';

describe('ecograph import of bulk inputs', () => {
  const context = importerSuite();

  it('routes a .jsonl file to the bulk importer and prints one summary line', async () => {
    await emptyGraph(context);
    const graph = generateGraph({ scale: 300, seed: 3, namespace: 'cli' });
    const [file] = writeGraph(graph, path.join(context.dir, 'cli'), 'jsonl');
    const dry = ecograph('import', '--dry-run', file!);
    expect(dry.stdout).toMatch(
      new RegExp(
        `^dry run of .*cli\\.jsonl \\(ecograph-jsonl\\): ${graph.counts.sources} sources, ${graph.counts.entities} entities, ${graph.counts.relationships} relationships — all valid, nothing written`,
      ),
    );
    expect(await graphCounts(context)).toEqual({ nodes: 0, relationships: 0 });

    const run = ecograph('import', '--batch-size', '100', file!);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^imported .* in \d+ ms \(validation \d+ ms, writing \d+ ms in \d+ batches, \d+ records\/s\); created \d+ nodes/);
    expect((await graphCounts(context)).nodes).toBe(graph.counts.entities + graph.counts.sources);
  });

  it('exits 65 with each problem at file:line, and refuses options and mixes that do not apply', async () => {
    const bad = writeFixture(context, 'cli-bad.jsonl', '{"kind":"node","type":"Person","key":"person:cli-x","properties":{"name":"X"}}\n');
    const before = await graphCounts(context);
    const run = ecograph('import', bad);
    expect(run.status).toBe(65);
    expect(run.stderr).toContain(`${bad}:1: (person:cli-x): states no source`);
    expect(await graphCounts(context)).toEqual(before);

    expect(ecograph('import', '--batch-size', '0', bad).stderr).toMatch(/expected a whole number ≥ 1, got 0/);
    expect(ecograph('import', '--source', 'source:x', ECOSYSTEM_SEED).stderr).toMatch(/--batch-size and --source apply to bulk inputs/);
    expect(ecograph('import', bad, ECOSYSTEM_SEED).stderr).toMatch(/either seed files .* or bulk inputs .*, not both/);
  });
});
