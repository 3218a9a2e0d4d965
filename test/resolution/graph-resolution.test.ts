import path from 'node:path';
import { importSeeds } from '../../src/importer/import-seeds';
import { packageRoot } from '../../src/paths';
import { ecograph, emptyGraph, importerSuite, query, writeFixture } from '../importer/support';

const seed = (source: string, entities: string, relationships = '') =>
  `formatVersion: 1\nsource: { key: "${source}", kind: OTHER, title: ${source} }\nentities:\n${entities}\nrelationships:\n${relationships || '  []'}\n`;

describe('entity resolution in the graph', () => {
  const context = importerSuite();

  it('merges on a shared organisation number whatever the name, and never merges two whose numbers differ', async () => {
    await emptyGraph(context);
    await importSeeds(context, [
      writeFixture(
        context,
        'a.yaml',
        seed('source:test:a', '  - { key: "org:acme", type: Organization, name: Acme Health AB, kind: COMPANY, organisationNumber: "556000-0001" }'),
      ),
    ]);
    const b = await importSeeds(context, [
      writeFixture(
        context,
        'b.yaml',
        seed(
          'source:test:b',
          [
            '  - { key: "org:acme-sweden", type: Organization, name: ACME Sverige, kind: COMPANY, organisationNumber: "5560000001" }',
            '  - { key: "org:acme-other", type: Organization, name: Acme Health Aktiebolag, kind: COMPANY, organisationNumber: "556000-0002" }',
          ].join('\n'),
        ),
      ),
    ]);
    expect(b.merges.map((m) => [m.key, m.mergedInto, m.rule])).toEqual([['org:acme-sweden', 'org:acme', 'identifier']]);
    expect(b.lookAlikes).toEqual([
      expect.objectContaining({
        a: { key: 'org:acme-other', name: 'Acme Health Aktiebolag' },
        b: { key: 'org:acme', name: 'Acme Health AB' },
        reason: expect.stringContaining('organisationNumber differs') as unknown,
      }),
    ]);
    expect(await query(context, 'MATCH (o:Organization) RETURN o.key AS key ORDER BY key')).toEqual([{ key: 'org:acme' }, { key: 'org:acme-other' }]);
  });

  it('recognises a person only together with their organisation', async () => {
    await emptyGraph(context);
    const people = (source: string, key: string, org: string) =>
      seed(
        source,
        `  - { key: "${key}", type: Person, name: Anna Berg }\n  - { key: "${org}", type: Organization, name: ${org.slice(4)}, kind: OTHER }`,
        `  - { type: HOLDS_ROLE, from: "${key}", to: "${org}", title: Manager }`,
      );
    await importSeeds(context, [writeFixture(context, 'p1.yaml', people('source:test:p1', 'person:anna-berg:one', 'org:one'))]);
    const elsewhere = await importSeeds(context, [writeFixture(context, 'p2.yaml', people('source:test:p2', 'person:anna-berg:two', 'org:two'))]);
    expect(elsewhere.merges).toEqual([]);
    expect(elsewhere.lookAlikes).toEqual([expect.objectContaining({ type: 'Person', reason: 'same name, but at different organisations' })]);
    const same = await importSeeds(context, [writeFixture(context, 'p3.yaml', people('source:test:p3', 'person:anna-berg:one-again', 'org:one'))]);
    expect(same.merges.map((m) => [m.key, m.mergedInto])).toEqual([['person:anna-berg:one-again', 'person:anna-berg:one']]);
  });

  it('import of source documents leaves out a page that a curated seed already holds, so its richer facts stay', async () => {
    await emptyGraph(context);
    await importSeeds(context, [path.join(packageRoot, 'seeds')]);
    const outcomes = async () => (await query(context, 'MATCH (o:Outcome) RETURN count(o) AS n'))[0]!.n;
    const before = Number(await outcomes());
    const result = ecograph(
      'import',
      path.join(packageRoot, 'test', 'fixtures', 'corpus', 'vinnova'),
      path.join(packageRoot, 'test', 'fixtures', 'corpus', 'echalliance'),
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('innovation-accelerators.txt: its page is already the source source:vinnova:2017-02464');
    expect(result.stdout).toContain(
      'sweden-north-sweden-life-science-ecosystem.txt: its page is already the source source:echalliance:north-sweden-life-science-ecosystem',
    );
    // The other twelve are the shipped seeds as extracted: nothing changes.
    expect(result.stdout).toContain('nothing changed');
    expect(Number(await outcomes())).toBe(before);
  });
});
