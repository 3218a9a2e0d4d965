import path from 'node:path';
import type { ProfiledPlan, Transaction } from 'neo4j-driver';
import { profiled } from '../../src/bench/capture';
import { generateGraph } from '../../src/generate/generator';
import { writeGraph } from '../../src/generate/write';
import { NAME_KEYS_INDEX } from '../../src/graph/constraints';
import { exportSeeds } from '../../src/importer/export';
import { importFile, importSeeds, validateSeeds } from '../../src/importer/import-seeds';
import { ECOSYSTEM_SEED, emptyGraph, type ImporterTestContext, importerSuite, query, writeFixture } from './support';
import { testModel } from '../support/database';

const seedText = (sourceKey: string, entities: string[], relationships: string[]) => `formatVersion: 1
source:
  key: ${sourceKey}
  kind: OTHER
  title: Fixture ${sourceKey}
entities:
${entities.join('')}relationships:${relationships.length ? `\n${relationships.join('')}` : ' []\n'}`;
const entity = (key: string, type: string, name: string, extra = '') => `  - key: ${key}\n    type: ${type}\n    name: ${name}\n${extra}`;
const organization = (key: string, name: string, extra = '') => entity(key, 'Organization', name, `    kind: COMPANY\n${extra}`);
const relationship = (type: string, from: string, to: string, extra = '') => `  - type: ${type}\n    from: ${from}\n    to: ${to}\n${extra}`;

// The first country and the first region of every generated graph; the region is the one most
// linked to (Zipf rank 1), so it has more relationships the larger the graph.
const BULK_COUNTRY = 'country:bulk-000001';
const BULK_HUB_REGION = 'region:bulk-000003';

/** Entities of another source: one the small file resolves to by name, two it relates without stating them. */
const BASE_SEED = seedText(
  'source:test:scaling-base',
  [organization('org:scaling-base', 'Scaling Base Holding AB'), organization('org:scaling-partner', 'Scaling Partner AB')],
  [],
);

/** A small file (20 entities), and its second version, which drops two entities and five relationships. */
function smallSeed(version: 1 | 2): string {
  const range = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1).padStart(2, '0'));
  const orgs = range(version === 1 ? 6 : 5);
  const people = range(version === 1 ? 5 : 4);
  const projects = range(4);
  const entities = [
    ...orgs.map((i) => organization(`org:scaling-${i}`, `Scaling Test Company ${i} AB`)),
    ...people.map((i) => entity(`person:scaling-${i}`, 'Person', `Scaling Person ${i}`)),
    ...projects.map((i) => entity(`project:scaling-${i}`, 'Project', `Scaling Project ${i}`)),
    entity('focus:scaling-01', 'FocusArea', 'Scaling focus one'),
    entity('focus:scaling-02', 'FocusArea', 'Scaling focus two'),
    entity('ecosystem:scaling-01', 'Ecosystem', 'Scaling ecosystem'),
    // A new key for org:scaling-base: merged into it by name.
    organization('org:scaling-base-again', 'Scaling Base Holding Aktiebolag'),
  ];
  const relationships = [
    ...orgs.map((i) => relationship('LOCATED_IN', `org:scaling-${i}`, BULK_HUB_REGION)),
    ...people.map((i) => relationship('HOLDS_ROLE', `person:scaling-${i}`, `org:scaling-${i}`, '    title: Engineer\n')),
    ...projects.map((i) => relationship('PARTICIPATES_IN', `org:scaling-${i}`, `project:scaling-${i}`)),
    ...projects.slice(0, version === 1 ? 4 : 2).map((i) => relationship('FUNDED_BY', `project:scaling-${i}`, 'org:scaling-base-again')),
    ...projects.map((i) => relationship('FOCUSES_ON', `project:scaling-${i}`, `focus:scaling-0${(Number(i) % 2) + 1}`)),
    relationship('KEY_LINK', 'ecosystem:scaling-01', BULK_COUNTRY),
    relationship('PARTICIPATES_IN', 'org:scaling-01', 'ecosystem:scaling-01'),
    // Between two entities this file does not state.
    ...(version === 1 ? [relationship('MEMBER_OF', 'org:scaling-partner', 'org:scaling-base')] : []),
  ];
  return seedText('source:test:scaling', entities, relationships);
}

const sumDbHits = (plan: ProfiledPlan | false): number => (plan ? plan.dbHits + plan.children.reduce((sum, child) => sum + sumDbHits(child), 0) : 0);

interface ProfiledQuery {
  cypher: string;
  dbHits: number;
}

/**
 * Imports one file as importSeeds does, every query of it run with PROFILE; returns their db hits.
 * A fulltext index lookup (a procedure call) counts no db hits itself, but every node or
 * relationship it returns is read after it, so a lookup that returned more would cost more here.
 */
async function profiledImport(context: ImporterTestContext, file: string): Promise<ProfiledQuery[]> {
  const [valid] = await validateSeeds(context, [file]);
  const model = testModel();
  const profile: ProfiledQuery[] = [];
  const session = context.driver.session({ database: context.database });
  const tx = session.beginTransaction();
  const profiling = {
    run: async (cypher: string, parameters: Record<string, unknown>) => {
      const result = await tx.run(profiled(cypher), parameters);
      profile.push({ cypher: cypher.replace(/\s+/g, ' ').slice(0, 120), dbHits: sumDbHits(result.summary.profile) });
      return result;
    },
  } as unknown as Transaction;
  try {
    await importFile(profiling, valid!, model, new Map());
    await tx.commit();
  } finally {
    await session.close();
  }
  return profile;
}

describe('the cost of importing a file depends on the file, not on the graph', () => {
  const context = importerSuite();
  const total = (queries: ProfiledQuery[]) => queries.reduce((sum, q) => sum + q.dbHits, 0);

  /** A graph of `scale` generated nodes and the base seed, then the small file and its second version, profiled. */
  async function importSmallFileBeside(scale: number): Promise<ProfiledQuery[]> {
    await emptyGraph(context);
    const bulk = writeGraph(generateGraph({ scale, seed: 7, namespace: 'bulk' }), path.join(context.dir, `bulk-${scale}`));
    await importSeeds(context, [writeFixture(context, 'base.yaml', BASE_SEED), ...bulk]);
    const first = await profiledImport(context, writeFixture(context, 'small-v1.yaml', smallSeed(1)));
    const second = await profiledImport(context, writeFixture(context, 'small-v2.yaml', smallSeed(2)));
    return [...first, ...second];
  }

  it('costs about as many db hits beside 3 000 other entities as beside 200, and retracts what it no longer states', async () => {
    const small = await importSmallFileBeside(200);
    const large = await importSmallFileBeside(3000);
    const [entities] = await query(context, `RETURN COUNT { MATCH (n:Entity) WHERE n.key CONTAINS ':bulk-' } AS n`);
    expect(Number(entities!.n)).toBeGreaterThan(2900);

    // What the second version left out is gone, the relationship between two entities it does not state included.
    const [row] = await query(
      context,
      `RETURN COUNT { MATCH (n:Entity) WHERE n.key IN ['org:scaling-06', 'person:scaling-05', 'org:scaling-base-again'] } AS dropped,
              COUNT { MATCH (:Entity)-[r]->(:Entity) WHERE 'source:test:scaling' IN r.sourceKeys } AS stated,
              COUNT { MATCH (:Organization {key: 'org:scaling-partner'})-[:MEMBER_OF]->() } AS memberOf,
              [(p:Project)-[:FUNDED_BY]->(o) WHERE p.key STARTS WITH 'project:scaling-' | [p.key, o.key]] AS funded`,
    );
    expect(Number(row!.dropped)).toBe(0);
    expect(Number(row!.memberOf)).toBe(0);
    expect(Number(row!.stated)).toBe(5 + 4 + 4 + 2 + 4 + 2);
    expect([...(row!.funded as string[][])].sort()).toEqual([
      ['project:scaling-01', 'org:scaling-base'],
      ['project:scaling-02', 'org:scaling-base'],
    ]);

    const detail = (queries: ProfiledQuery[]) => queries.map((q) => `${q.dbHits}\t${q.cypher}`).join('\n');
    const ratio = total(large) / total(small);
    if (ratio > 1.5 || ratio < 1 / 1.5)
      throw new Error(`db hits ${total(small)} beside 200, ${total(large)} beside 3 000:\n${detail(small)}\n---\n${detail(large)}`);
  }, 300_000); // imports of 200 and 3 000 generated entities through the seed path: minutes on a loaded 2-core machine
});

describe('entity resolution by nameKeys', () => {
  const context = importerSuite();
  beforeEach(() => emptyGraph(context));
  const nameKeysOf = async (key: string) =>
    (await query<{ nameKeys: string[] }>(context, 'MATCH (n:Entity {key: $key}) RETURN n.nameKeys AS nameKeys', { key }))[0]?.nameKeys;

  it('merges by normalised name and by alias, and keeps nameKeys to the current name and aliases', async () => {
    await importSeeds(context, [
      writeFixture(
        context,
        'target.yaml',
        seedText('source:test:target', [organization('org:norrland-medical', 'Norrland Medical Devices Aktiebolag', '    aliases: [NMD Sweden]\n')], []),
      ),
    ]);
    expect(await nameKeysOf('org:norrland-medical')).toEqual(['norrland medical devices', 'nmd sweden']);

    const file = writeFixture(
      context,
      'merging.yaml',
      seedText(
        'source:test:merging',
        [organization('org:by-name', 'norrland medical devices ltd'), organization('org:by-alias', 'Nordic Medical', '    aliases: [NMD Sweden AB]\n')],
        [],
      ),
    );
    const summary = await importSeeds(context, [file]);
    expect(summary.merges.map((m) => [m.key, m.mergedInto])).toEqual([
      ['org:by-name', 'org:norrland-medical'],
      ['org:by-alias', 'org:norrland-medical'],
    ]);
    expect([...((await nameKeysOf('org:norrland-medical')) ?? [])].sort()).toEqual(['nmd sweden', 'nordic medical', 'norrland medical devices']);

    // Renamed by its only source, an entity is no longer found by its old name.
    const renamed = (name: string) => seedText('source:test:renamed', [organization('org:renamed', name)], []);
    await importSeeds(context, [writeFixture(context, 'renamed.yaml', renamed('Old Name Oy'))]);
    await importSeeds(context, [writeFixture(context, 'renamed.yaml', renamed('New Name Oy'))]);
    expect(await nameKeysOf('org:renamed')).toEqual(['new name']);
    const oldName = await importSeeds(context, [
      writeFixture(context, 'old-name.yaml', seedText('source:test:old-name', [organization('org:old-name', 'Old Name')], [])),
    ]);
    expect(oldName.merges).toEqual([]);
  });

  it('backfills nameKeys of a graph written before them, then resolves against it; a dry run backfills only in its transaction', async () => {
    await importSeeds(context, [ECOSYSTEM_SEED]);
    await query(context, 'MATCH (n:Entity) REMOVE n.nameKeys');
    const missing = async () => Number((await query(context, 'RETURN COUNT { MATCH (n:Entity) WHERE n.nameKeys IS NULL } AS n'))[0]!.n);
    const entities = await missing();
    expect(entities).toBeGreaterThan(10);

    const file = writeFixture(context, 'resolution.yaml', seedText('source:test:resolution', [organization('org:umea-universitet', 'Umea University')], []));
    const merge = [{ file, key: 'org:umea-universitet', name: 'Umea University', mergedInto: 'org:umea-university', type: 'Organization', rule: 'name' }];
    const dryRun = await importSeeds(context, [file], { dryRun: true });
    expect(dryRun.merges).toEqual(merge);
    expect(await missing()).toBe(entities);

    const summary = await importSeeds(context, [file]);
    expect(summary.merges).toEqual(merge);
    expect(await missing()).toBe(0);
    expect(await nameKeysOf('org:umea-university')).toEqual(['umea university', 'umea universitet']);
  });

  it('replaces a lookup index of the same name made otherwise (here a RANGE index, as on a list it serves no lookup)', async () => {
    await query(context, `DROP INDEX ${NAME_KEYS_INDEX} IF EXISTS`);
    await query(context, `CREATE INDEX ${NAME_KEYS_INDEX} FOR (n:Entity) ON (n.nameKeys)`);
    await importSeeds(context, [ECOSYSTEM_SEED]);
    const [index] = await query(context, 'SHOW INDEXES YIELD name, type WHERE name = $name RETURN type', { name: NAME_KEYS_INDEX });
    expect(index).toEqual({ type: 'FULLTEXT' });
  });

  it('does not export nameKeys into seeds', async () => {
    await importSeeds(context, [ECOSYSTEM_SEED]);
    const exported = await exportSeeds(context);
    expect(exported).toHaveLength(1);
    expect(JSON.stringify(exported)).not.toContain('nameKeys');
  });
});
