import fs from 'node:fs';
import path from 'node:path';
import { graphql } from 'graphql';
import { GenerationReader, readGeneration } from '../../src/graph/generation';
import { backfillPromisedLists } from '../../src/graph/promised-lists';
import { buildGraphSchema } from '../../src/graph/schema';
import { importBulk } from '../../src/importer/bulk/import-bulk';
import { importSeeds } from '../../src/importer/import-seeds';
import { dumpGraph, loadSnapshot, type SeedSnapshot } from '../../src/importer/seed-snapshot';
import { createRequestContext } from '../../src/request/context';
import { ECOSYSTEM_SEED, emptyGraph, importerSuite, query, seedsDir, VINNOVA_SEED } from '../importer/support';

describe("the graph's generation: every write of ecograph's bumps it, in the writing transaction", () => {
  const context = importerSuite();
  const generation = () => readGeneration(context.driver, context.database);

  async function bumpsBy(write: () => Promise<unknown>): Promise<number> {
    const before = await generation();
    await write();
    return (await generation()) - before;
  }

  it('seed files: one per file written; a dry run and a refused file none', async () => {
    await emptyGraph(context);
    expect(await generation()).toBe(0);
    expect(await bumpsBy(() => importSeeds(context, [ECOSYSTEM_SEED, VINNOVA_SEED]))).toBe(2);
    expect(await bumpsBy(() => importSeeds(context, [ECOSYSTEM_SEED], { dryRun: true }))).toBe(0);
    const bad = path.join(context.dir, 'bad.yaml');
    fs.writeFileSync(bad, 'format: nonsense\n');
    expect(await bumpsBy(() => importSeeds(context, [bad]).catch(() => undefined))).toBe(0);
  });

  it('bulk inputs: each batch written; the seeds snapshot: once', async () => {
    const file = path.join(context.dir, 'bulk.jsonl');
    const source = { kind: 'node', type: 'Source', key: 'source:generation-test', properties: { kind: 'DATABASE_RECORD', title: 'Generation test' } };
    const nodes = [1, 2, 3].map((i) => ({
      kind: 'node',
      type: 'Organization',
      key: `org:generation-${i}`,
      source: source.key,
      properties: { name: `Generation test ${i}`, kind: 'COMPANY' },
    }));
    fs.writeFileSync(file, [source, ...nodes].map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(await bumpsBy(() => importBulk(context, [file], { batchSize: 2 }))).toBeGreaterThanOrEqual(2);
    expect(await bumpsBy(() => importBulk(context, [file], { dryRun: true }))).toBe(0);

    const graph = await dumpGraph(context);
    await emptyGraph(context);
    const snapshot = { format: 'ecograph-seed-snapshot/1', fingerprint: '', summary: { files: [], merges: [] }, ...graph } as unknown as SeedSnapshot;
    // The counter's node went with the graph: loading starts it again.
    expect(await generation()).toBe(0);
    await loadSnapshot(context, seedsDir, snapshot);
    expect(await generation()).toBe(1);
  });

  it('GraphQL mutations: each one that commits; a refused one none', async () => {
    const schema = await buildGraphSchema(context.driver, context.database, context.model, { checkDatabase: false });
    const editor = { ...createRequestContext(context.driver, context.database), roles: ['editor'], jwt: { roles: ['editor'] } };
    const create = (key: string) =>
      graphql({
        schema,
        source: `mutation { createOrganizations(input: [{ key: "${key}", name: "Generation mutation", aliases: [], sourceKeys: [], kind: OTHER }]) { organizations { key } } }`,
        contextValue: editor,
      });
    expect(await bumpsBy(async () => expect((await create('org:generation-mutation')).errors).toBeUndefined())).toBe(1);
    // The same key again: the constraint refuses it, the transaction rolls back with its bump.
    expect(await bumpsBy(async () => expect((await create('org:generation-mutation')).errors).toBeDefined())).toBe(0);
    // Reading bumps nothing.
    expect(await bumpsBy(() => graphql({ schema, source: '{ organizations(limit: 1) { key } }', contextValue: editor }))).toBe(0);
  });

  it('the start-up backfill of promised lists, when it changed nodes', async () => {
    await query(context, "MATCH (n:Organization {key: 'org:generation-mutation'}) REMOVE n.aliases");
    expect(await bumpsBy(() => backfillPromisedLists(context.driver, context.database, context.model))).toBe(1);
    expect(await bumpsBy(() => backfillPromisedLists(context.driver, context.database, context.model))).toBe(0);
    await emptyGraph(context);
  });
});

describe('GenerationReader', () => {
  it('reads once for every request that arrived while a read was on its way, and never answers with a read begun before a request', async () => {
    let reads = 0;
    let value = 0;
    const began: number[] = [];
    const reader = new GenerationReader(async () => {
      reads++;
      began.push(performance.now());
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ++value;
    });
    const first = reader.current();
    const arrived = performance.now();
    const waiting = Array.from({ length: 10 }, () => reader.current());
    expect(await first).toBe(1);
    // The ten arrived during the first read: they share the second, begun after they arrived.
    expect(new Set(await Promise.all(waiting))).toEqual(new Set([2]));
    expect(began[1]).toBeGreaterThanOrEqual(arrived);
    expect(reads).toBe(2);
    expect(await reader.current()).toBe(3);
  });
});
