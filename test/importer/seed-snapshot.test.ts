import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/logging';
import { seedGraph } from '../../src/importer/initial-seed';
import { importSeeds } from '../../src/importer/import-seeds';
import { dumpGraph, loadSnapshot, readSnapshot, type SeedSnapshot, snapshotFileOf, snapshotOf, writeSnapshot } from '../../src/importer/seed-snapshot';
import { ECOSYSTEM_SEED, emptyGraph, importerSuite, query, seedsDir, VINNOVA_SEED } from './support';

/** A logger whose messages the test reads. */
function recordingLogger(): { logger: ReturnType<typeof createLogger>; messages: string[] } {
  const messages: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void messages.push((JSON.parse(line) as { msg: string }).msg) });
  return { logger, messages };
}

describe('the seeds snapshot: the graph seeds/ makes, loaded into an empty database in two statements', () => {
  const context = importerSuite();

  function committed(): SeedSnapshot {
    const saved = readSnapshot(seedsDir, context.model.typeDefs);
    if ('unusable' in saved) throw new Error(`${saved.unusable}: run npm run seeds:snapshot and commit seeds/snapshot/graph.json`);
    return saved.snapshot;
  }

  it('is made from seeds/ and the model as they are now', () => {
    expect(committed().nodes.length).toBeGreaterThan(100);
  });

  it('holds exactly the graph importing seeds/ file by file makes, and loading it makes that graph again', async () => {
    const snapshot = committed();
    await emptyGraph(context);
    const imported = await importSeeds(context, [seedsDir]);
    const graph = await dumpGraph(context);
    expect(graph).toEqual({ nodes: snapshot.nodes, relationships: snapshot.relationships });
    expect({ nodes: imported.nodes, relationships: imported.relationships, merges: imported.merges.length }).toEqual({
      nodes: snapshot.summary.nodes,
      relationships: snapshot.summary.relationships,
      merges: snapshot.summary.merges.length,
    });

    await emptyGraph(context);
    const loaded = await loadSnapshot(context, seedsDir, snapshot);
    expect(await dumpGraph(context)).toEqual(graph);
    expect(loaded.files.map((f) => f.file)).toEqual(imported.files.map((f) => f.file));
    expect(loaded.merges).toEqual(imported.merges);
  });

  it('keeps integers, floats, dates, lists and booleans as the types they were', async () => {
    await emptyGraph(context);
    await query(
      context,
      `CREATE (:Probe {key: 'probe:1', count: 3, amount: 5.0, day: date('2019-03-01'), years: [2018, 2019], open: true, names: ['a', 'b']})
       CREATE (:Probe {key: 'probe:2'})-[:LINKS {since: date('2020-01-31'), weight: 2}]->(:Probe {key: 'probe:3'})`,
    );
    const graph = await dumpGraph(context);
    await emptyGraph(context);
    await loadSnapshot(context, seedsDir, { ...committed(), ...graph, summary: { ...committed().summary, files: [], merges: [] } });
    expect(await dumpGraph(context)).toEqual(graph);
    const [types] = await query<Record<string, string>>(
      context,
      `MATCH (p:Probe {key: 'probe:1'}), ()-[l:LINKS]->()
       RETURN valueType(p.count) AS count, valueType(p.amount) AS amount, valueType(p.day) AS day, valueType(p.years) AS years,
              valueType(p.open) AS open, valueType(l.since) AS since, valueType(l.weight) AS weight`,
    );
    expect(types).toEqual({
      count: 'INTEGER NOT NULL',
      amount: 'FLOAT NOT NULL',
      day: 'DATE NOT NULL',
      years: 'LIST<INTEGER NOT NULL> NOT NULL',
      open: 'BOOLEAN NOT NULL',
      since: 'DATE NOT NULL',
      weight: 'INTEGER NOT NULL',
    });
    await emptyGraph(context);
  });

  it('refuses a value it cannot hold, naming the element and property', async () => {
    await emptyGraph(context);
    await query(context, `CREATE (:Probe {key: 'probe:1', at: point({x: 1, y: 2})})`);
    await expect(dumpGraph(context)).rejects.toThrow(/node Probe\.at: a snapshot cannot hold this value/);
    await emptyGraph(context);
  });

  it('is used by the first start only when made from the same seeds and model: else the seeds are imported', async () => {
    const folder = path.join(context.dir, 'seeds');
    fs.mkdirSync(folder, { recursive: true });
    for (const seed of [ECOSYSTEM_SEED, VINNOVA_SEED]) fs.copyFileSync(seed, path.join(folder, path.basename(seed)));
    const firstStart = async () => {
      await emptyGraph(context);
      const { logger, messages } = recordingLogger();
      const summary = await seedGraph(context, logger, { folder });
      return { summary, messages, graph: await dumpGraph(context) };
    };

    const withoutSnapshot = await firstStart();
    expect(withoutSnapshot.messages[0]).toMatch(/^seeds imported file by file: no snapshot/);
    writeSnapshot(snapshotFileOf(folder), await snapshotOf(context, folder, withoutSnapshot.summary));

    const withSnapshot = await firstStart();
    expect(withSnapshot.messages[0]).toBe('seeds loaded from their snapshot');
    expect(withSnapshot.graph).toEqual(withoutSnapshot.graph);
    expect(withSnapshot.summary.nodes).toEqual(withoutSnapshot.summary.nodes);

    // A seed edited since: the snapshot is stale, and not used.
    const seed = path.join(folder, path.basename(VINNOVA_SEED));
    fs.appendFileSync(seed, '\n# edited\n');
    const edited = await firstStart();
    expect(edited.messages[0]).toMatch(/^seeds imported file by file: .* was made from other seeds or another model$/);
    expect(edited.graph).toEqual(withoutSnapshot.graph);

    // A damaged snapshot is no snapshot.
    fs.writeFileSync(snapshotFileOf(folder), '{"format": "ecograph-seed-snapshot/1", "nodes": [');
    expect((await firstStart()).messages[0]).toMatch(/^seeds imported file by file: .* is not JSON/);
    await emptyGraph(context);
  });
});
