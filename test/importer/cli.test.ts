import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createLogger } from '../../src/logging';
import { seedEmptyGraph } from '../../src/importer/initial-seed';
import { packageRoot } from '../../src/paths';
import { ECOSYSTEM_SEED, ecograph, editedSeed, emptyGraph, graphCounts, importerSuite, VINNOVA_SEED } from './support';

describe('ecograph import / export, and seeding at start-up', () => {
  const context = importerSuite();

  it('seeds an empty graph at start-up, and leaves a graph with data alone', async () => {
    const logger = createLogger('silent');
    const summary = await seedEmptyGraph(context, logger);
    expect(summary?.files).toHaveLength(fs.readdirSync(path.join(packageRoot, 'seeds')).filter((f) => f.endsWith('.yaml')).length);
    const counts = await graphCounts(context);
    expect(await seedEmptyGraph(context, logger)).toBeUndefined();
    expect(await graphCounts(context)).toEqual(counts);
  });

  it('--dry-run prints what would change and writes nothing; a real run prints a one-line summary', async () => {
    await emptyGraph(context);
    const dry = ecograph('import', '--dry-run', ECOSYSTEM_SEED, VINNOVA_SEED);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^dry run of 2 seed files in \d+ ms: nodes 40 created, 2 updated, 0 unchanged, 0 deleted; relationships/);
    expect(await graphCounts(context)).toEqual({ nodes: 0, relationships: 0 });

    const run = ecograph('import', ECOSYSTEM_SEED, VINNOVA_SEED);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^imported 2 seed files/);
    expect(ecograph('import', ECOSYSTEM_SEED, VINNOVA_SEED).stdout).toContain('nothing changed');
  });

  it('exits non-zero on validation errors, printing each with file, line and path', async () => {
    const bad = editedSeed(context, VINNOVA_SEED, 'cli-bad.yaml', (t) =>
      t.replace('amount: 5959037', 'amount: -1').replace('end: "2021-12"', 'end: "2021-02-30"'),
    );
    const before = await graphCounts(context);
    const run = ecograph('import', bad);
    expect(run.status).toBe(65);
    expect(run.stderr).toContain(`${bad}:30: entities[0].end (project:innovation-accelerators-2017-02464): "2021-02-30" is not a real date`);
    expect(run.stderr).toContain(`${bad}:206: relationships[1].amount`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await graphCounts(context)).toEqual(before);
  });

  it('exports one source to a seed file that validates and re-imports as unchanged', () => {
    const out = path.join(context.dir, 'vinnova-export.yaml');
    const run = ecograph('export', '--source', 'source:vinnova:2017-02464', '--out', out);
    expect(run.status).toBe(0);
    const seed = parseYaml(fs.readFileSync(out, 'utf8')) as { source: unknown; entities: unknown[] };
    expect(seed.source).toMatchObject({ key: 'source:vinnova:2017-02464', lastUpdated: '2022-06-21', publisherKey: 'org:vinnova' });
    expect(seed.entities).toHaveLength(18);
    expect(ecograph('import', out).stdout).toContain('nothing changed');
  });
});
