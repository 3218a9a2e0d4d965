import { SeedImportError } from '../../src/errors';
import { importSeeds } from '../../src/importer/import-seeds';
import { ECOSYSTEM_SEED, editedSeed, emptyGraph, graphCounts, importerSuite, query, VINNOVA_SEED, writeFixture } from './support';

describe('re-imports, entity resolution, dry runs and transactions', () => {
  const context = importerSuite();
  beforeEach(() => emptyGraph(context));

  it('a dry run reports what would change and writes nothing', async () => {
    const summary = await importSeeds(context, [ECOSYSTEM_SEED, VINNOVA_SEED], { dryRun: true });
    expect(summary.dryRun).toBe(true);
    expect(summary.nodes).toEqual({ created: 40, updated: 2, unchanged: 0, deleted: 0 });
    expect(await graphCounts(context)).toEqual({ nodes: 0, relationships: 0 });
  });

  it('retracts what a changed file no longer states, and keeps what another source states', async () => {
    await importSeeds(context, [ECOSYSTEM_SEED, VINNOVA_SEED]);
    const changed = editedSeed(context, VINNOVA_SEED, 'vinnova-changed.yaml', (text) =>
      text
        // the Uppsala outcome (entity) and its two relationships
        .replace(/ {2}- key: outcome:innovation-accelerators-2017-02464:innovation-nodes-and-innovation-race\n( {4}.*\n)+/, '')
        .replace(
          / {2}- type: HAS_OUTCOME\n {4}from: project:innovation-accelerators-2017-02464\n {4}to: outcome:innovation-accelerators-2017-02464:innovation-nodes-and-innovation-race\n/,
          '',
        )
        .replace(
          / {2}- type: LOCATED_IN\n {4}from: outcome:innovation-accelerators-2017-02464:innovation-nodes-and-innovation-race\n {4}to: region:uppsala\n/,
          '',
        )
        // a relationship both seeds state, and a relationship only this one states
        .replace(/ {2}- type: LOCATED_IN\n {4}from: region:vasterbotten\n {4}to: country:se\n {4}note: \*se-note\n/, '')
        .replace(/ {2}- type: PARTICIPATES_IN\n {4}from: region:uppsala\n( {4}.*\n)+?(?=\n)/, ''),
    );
    const summary = await importSeeds(context, [changed]);
    expect(summary.nodes.deleted).toBe(1);
    expect(summary.relationships.deleted).toBeGreaterThanOrEqual(3); // HAS_OUTCOME, PARTICIPATES_IN, the outcome's LOCATED_IN and STATED_IN

    const [row] = await query(
      context,
      `RETURN COUNT { MATCH (o {key: 'outcome:innovation-accelerators-2017-02464:innovation-nodes-and-innovation-race'}) } AS outcome,
              COUNT { MATCH (:Region {key: 'region:uppsala'})-[:PARTICIPATES_IN]->() } AS uppsalaParticipates,
              [(:Region {key: 'region:vasterbotten'})-[l:LOCATED_IN]->(:Country {key: 'country:se'}) | l.sourceKeys] AS sharedEdge,
              COUNT { MATCH (:Region {key: 'region:vasterbotten'})-[:PARTICIPATES_IN]->() } AS vasterbottenParticipates`,
    );
    expect(Number(row!.outcome)).toBe(0);
    expect(Number(row!.uppsalaParticipates)).toBe(0);
    expect(Number(row!.vasterbottenParticipates)).toBe(1);
    // The ecosystem seed still states it: the edge stays, without the Vinnova source.
    expect(row!.sharedEdge).toEqual([['source:echalliance:north-sweden-life-science-ecosystem']]);

    // Dropping an entity both sources state keeps it, for the other source only.
    const withoutSweden = editedSeed(context, changed, 'vinnova-no-sweden.yaml', (text) =>
      text
        .replace(/ {2}- key: country:se\n( {4}.*\n)+/, '')
        .replace(
          / {2}- type: LOCATED_IN\n {4}from: (region:ostergotland|region:uppsala|region:vastra-gotaland|org:swedish-medtech-service)\n {4}to: country:se\n {4}note: .*\n/g,
          '',
        ),
    );
    await importSeeds(context, [withoutSweden]);
    const [sweden] = await query(
      context,
      `MATCH (c:Country {key: 'country:se'}) RETURN c.sourceKeys AS sourceKeys, [(c)-[:STATED_IN]->(s) | s.key] AS statedIn`,
    );
    expect(sweden).toEqual({
      sourceKeys: ['source:echalliance:north-sweden-life-science-ecosystem'],
      statedIn: ['source:echalliance:north-sweden-life-science-ecosystem'],
    });
  });

  it('merges a new key into an existing entity of the same type with the same normalised name, never across types', async () => {
    await importSeeds(context, [ECOSYSTEM_SEED]);
    const file = writeFixture(
      context,
      'resolution.yaml',
      `formatVersion: 1
source:
  key: source:test:resolution
  kind: OTHER
  title: Entity resolution fixture
entities:
  - key: org:umea-universitet
    type: Organization
    name: Umea University
    kind: UNIVERSITY
  - key: person:umea-university
    type: Person
    name: Umeå University
  - key: project:test-resolution
    type: Project
    name: Resolution test project
relationships:
  - type: PARTICIPATES_IN
    from: org:umea-universitet
    to: project:test-resolution
`,
    );
    const summary = await importSeeds(context, [file]);
    expect(summary.merges).toEqual([
      { file, key: 'org:umea-universitet', name: 'Umea University', mergedInto: 'org:umea-university', type: 'Organization', rule: 'name' },
    ]);
    const rows = await query(
      context,
      `MATCH (n:Entity) WHERE n.key IN ['org:umea-universitet', 'org:umea-university', 'person:umea-university']
       RETURN n.key AS key, n.name AS name, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.sourceKeys AS sourceKeys,
              [(n)-[:PARTICIPATES_IN]->(p) | p.key] AS participates ORDER BY key`,
    );
    expect(rows).toEqual([
      {
        key: 'org:umea-university',
        name: 'Umeå University',
        label: 'Organization',
        sourceKeys: ['source:echalliance:north-sweden-life-science-ecosystem', 'source:test:resolution'],
        participates: ['project:test-resolution'],
      },
      { key: 'person:umea-university', name: 'Umeå University', label: 'Person', sourceKeys: ['source:test:resolution'], participates: [] },
    ]);

    // The merge is stable: importing the file again changes nothing.
    const again = await importSeeds(context, [file]);
    expect(again.nodes.created + again.nodes.updated + again.relationships.created + again.relationships.updated).toBe(0);
  });

  describe('when a write fails after validation (a stray node holds a key that only Neo4j refuses)', () => {
    const secondFile = () =>
      writeFixture(
        context,
        'clashing.yaml',
        `formatVersion: 1
source:
  key: source:test:clash
  kind: OTHER
  title: Clash fixture
entities:
  - key: org:stray
    type: Organization
    name: Stray
    kind: OTHER
`,
      );
    // An Organization without the Entity label: invisible to validation, refused by the organization_key constraint.
    const addStray = () => query(context, `CREATE (:Organization {key: 'org:stray', name: 'Stray'})`);

    it('per-file transactions keep the files before it and nothing of it', async () => {
      await importSeeds(context, [ECOSYSTEM_SEED]); // constraints exist
      await emptyGraph(context);
      await addStray();
      const error = await importSeeds(context, [VINNOVA_SEED, secondFile()]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeedImportError);
      expect((error as SeedImportError).committedFiles).toEqual([VINNOVA_SEED]);
      const [row] = await query(context, `RETURN COUNT { MATCH (s:Source) } AS sources, COUNT { MATCH (n {key: 'org:stray'}) } AS strays`);
      expect([Number(row!.sources), Number(row!.strays)]).toEqual([1, 1]);
    });

    it('--single-transaction writes nothing at all', async () => {
      await addStray();
      const before = await graphCounts(context);
      const error = await importSeeds(context, [VINNOVA_SEED, secondFile()], { singleTransaction: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeedImportError);
      expect((error as SeedImportError).committedFiles).toEqual([]);
      expect(await graphCounts(context)).toEqual(before);
    });
  });
});
