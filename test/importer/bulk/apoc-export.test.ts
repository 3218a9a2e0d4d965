import { readApocJsonl } from '../../../src/importer/bulk/readers/apoc-jsonl';
import type { BulkNode, ReadItem } from '../../../src/importer/bulk/records';
import { importSeeds } from '../../../src/importer/import-seeds';
import { ECOSYSTEM_SEED, graphCounts, importerSuite, query, VINNOVA_SEED, writeFixture } from '../support';
import { testModel } from '../../support/database';

describe('reading an APOC export of the imported seeds', () => {
  const context = importerSuite();
  const model = testModel();

  it('gives every node with its key and type, every relationship, and partial dates as seed text', async () => {
    await importSeeds(context, [ECOSYSTEM_SEED, VINNOVA_SEED]);
    const exported = await query<{ data: string }>(context, 'CALL apoc.export.json.all(null, {stream: true}) YIELD data RETURN data');
    const file = writeFixture(context, 'export.jsonl', exported.map((r) => r.data).join('\n'));

    const items: ReadItem[] = [];
    for await (const item of readApocJsonl(file, model)) items.push(item);
    expect(items.filter((i) => i.kind === 'problem')).toEqual([]);
    const nodes = new Map(items.filter((i): i is BulkNode => i.kind === 'node').map((n) => [n.key, n]));

    const stored = await query<{ key: string; labels: string[] }>(context, 'MATCH (n) WHERE NOT n:GraphGeneration RETURN n.key AS key, labels(n) AS labels');
    const typeOf = (labels: string[]) => model.entityTypes.find((t) => labels.includes(t.labels[0]!))?.name ?? model.source.name;
    expect(new Map([...nodes].map(([key, node]) => [key, node.type]))).toEqual(new Map(stored.map((n) => [n.key, typeOf(n.labels)])));
    expect(items.filter((i) => i.kind === 'relationship')).toHaveLength((await graphCounts(context)).relationships);

    const monthStarts = await query<{ key: string; start: string }>(
      context,
      `MATCH (p:Project) WHERE p.startPrecision = 'MONTH' RETURN p.key AS key, toString(p.start) AS start`,
    );
    expect(monthStarts.length).toBeGreaterThan(0);
    for (const { key, start } of monthStarts) {
      expect(nodes.get(key)?.fields).toMatchObject({ start: start.slice(0, 7) });
      expect(nodes.get(key)?.fields).not.toHaveProperty('startPrecision');
    }
    expect(nodes.get('project:innovation-accelerators-2017-02464')?.fields).toMatchObject({ start: '2017-06', end: '2021-12' });
    expect(nodes.get('org:umea-university')?.sources.length).toBeGreaterThan(0);
  });
});
