import fs from 'node:fs';
import path from 'node:path';
import { exportSeeds, seedToYaml } from '../../src/importer/export';
import { importSeeds } from '../../src/importer/import-seeds';
import { changedAnything, formatSummary } from '../../src/importer/summary';
import { ECOSYSTEM_SEED, emptyGraph, graphCounts, importerSuite, query, VINNOVA_SEED } from './support';

const PROJECT = 'project:innovation-accelerators-2017-02464';
const ECOSYSTEM = 'ecosystem:north-sweden-life-science';

describe('importing the two seeds', () => {
  const context = importerSuite();

  it('imports both seeds from the folder, then a second import changes nothing', async () => {
    const first = await importSeeds(context, [ECOSYSTEM_SEED, VINNOVA_SEED]);
    expect(first.files.map((f) => path.basename(f.file))).toEqual([path.basename(ECOSYSTEM_SEED), path.basename(VINNOVA_SEED)]);
    // 38 entities and 2 sources; the second seed adds its source to Sweden and Region Västerbotten.
    expect(first.nodes).toEqual({ created: 40, updated: 2, unchanged: 0, deleted: 0 });
    const counts = await graphCounts(context);

    const second = await importSeeds(context, [ECOSYSTEM_SEED, VINNOVA_SEED]);
    expect(changedAnything(second)).toBe(false);
    expect(second.nodes).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: first.nodes.created + first.nodes.updated + first.nodes.unchanged });
    expect(second.relationships.unchanged).toBe(first.relationships.created + first.relationships.updated + first.relationships.unchanged);
    expect(formatSummary(second)).toContain('nothing changed');
    expect(await graphCounts(context)).toEqual(counts);
  });

  it('holds Mats Falck as coordinator at the Innovation Office and project manager of the Support Office', async () => {
    const rows = await query(
      context,
      `MATCH (p:Person:Entity {key: 'person:mats-falck:umu'})
       RETURN p.name AS name,
              [(p)-[r:HOLDS_ROLE]->(o) | [o.name, r.title]] AS roles,
              [(p)-[r:COORDINATES]->(x) | [x.name, r.role]] AS coordinates`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('Mats Falck');
    expect(rows[0]!.roles).toEqual([['Umeå University Innovation Office', 'Coordinator']]);
    expect(rows[0]!.coordinates).toEqual(
      expect.arrayContaining([
        ['Support Office for Life Science & Health', 'Project manager'],
        ['North Sweden Life Science Ecosystem', 'Ecosystem Coordinator'],
      ]),
    );
    expect(rows[0]!.coordinates).toHaveLength(2);
  });

  it('holds the four ecosystem coordinators with their organisations, each once', async () => {
    const rows = await query<{ name: string; employer: string; title: string }>(
      context,
      `MATCH (p:Person)-[:COORDINATES {role: 'Ecosystem Coordinator'}]->(:Ecosystem {key: $ecosystem})
       MATCH (p)-[r:HOLDS_ROLE]->(e)
       RETURN p.name AS name, e.name AS employer, r.title AS title ORDER BY name`,
      { ecosystem: ECOSYSTEM },
    );
    expect(rows).toEqual([
      { name: 'Maria Jansson', employer: 'Luleå University of Technology', title: 'Collaboration Strategist' },
      { name: 'Mats Falck', employer: 'Umeå University Innovation Office', title: 'Coordinator' },
      { name: 'Nils Sandberg', employer: 'Region Västerbotten', title: 'Head of EU project office' },
      { name: 'Sara Nilsson', employer: 'Region Västerbotten', title: 'Project support officer' },
    ]);
  });

  it('holds the three current focus areas, the key links and the ECHAlliance membership', async () => {
    const [row] = await query(
      context,
      `MATCH (e:Ecosystem {key: $ecosystem})
       RETURN [(e)-[f:FOCUSES_ON {current: true}]->(a) | a.name] AS focus,
              [(e)-[k:KEY_LINK]->(x) | [k.position, x.key, k.label]] AS links,
              [(e)-[m:MEMBER_OF]->(o) | [o.name, m.role]] AS memberships`,
      { ecosystem: ECOSYSTEM },
    );
    expect([...(row!.focus as string[])].sort()).toEqual(['AI & decision support', 'Cognitive disorders', 'E-Health literacy']);
    const links = (row!.links as [unknown, string, string][]).map(([position, key, label]) => [Number(position), key, label]).sort();
    expect(links).toEqual([
      [1, 'org:umea-university', 'Umea University'],
      [2, 'region:vasterbotten', 'Region Västerbotten'],
      [3, 'org:umea-university-innovation-office', 'Umea University Innovation Office'],
    ]);
    expect(row!.memberships).toEqual([['ECHAlliance', 'Ecosystem']]);
  });

  it('holds Innovation accelerators with its reference, coordinator, funding, dates, status and sub-projects', async () => {
    const [row] = await query(
      context,
      `MATCH (p:Project:Entity {key: $project})
       MATCH (p)-[f:FUNDED_BY]->(funder)
       RETURN p.name AS name, p.referenceNumber AS reference, p.status AS status,
              toString(p.start) AS start, p.startPrecision AS startPrecision, toString(p.end) AS end, p.endPrecision AS endPrecision,
              [(c)-[:COORDINATES {role: 'Coordinator'}]->(p) | c.name] AS coordinators,
              funder.name AS funder, f.amount AS amount, f.currency AS currency,
              [(s)-[:PART_OF]->(p) | s.name] AS subProjects`,
      { project: PROJECT },
    );
    expect(row).toMatchObject({
      name: 'Innovation accelerators',
      reference: '2017-02464',
      status: 'COMPLETED',
      start: '2017-06-01',
      startPrecision: 'MONTH',
      end: '2021-12-01',
      endPrecision: 'MONTH',
      coordinators: ['Swedish Medtech Service AB'],
      funder: 'Vinnova',
      amount: 5959037,
      currency: 'SEK',
    });
    expect([...(row!.subProjects as string[])].sort()).toEqual(['Co-creation', 'Co-sharing']);
  });

  it('holds the four participating regions, an outcome located in each, and the source lastUpdated 2022-06-21', async () => {
    const regions = await query<{ region: string; outcomes: string[] }>(
      context,
      `MATCH (r:Region)-[:PARTICIPATES_IN {role: 'Participating region'}]->(:Project {key: $project})
       RETURN r.key AS region, [(o:Outcome)-[:LOCATED_IN]->(r) WHERE (:Project {key: $project})-[:HAS_OUTCOME]->(o) | o.key] AS outcomes
       ORDER BY region`,
      { project: PROJECT },
    );
    expect(regions.map((r) => r.region)).toEqual(['region:ostergotland', 'region:uppsala', 'region:vasterbotten', 'region:vastra-gotaland']);
    for (const region of regions) expect(region.outcomes.length).toBeGreaterThanOrEqual(2); // the shared one and its own
    const [source] = await query(
      context,
      `MATCH (s:Source {key: 'source:vinnova:2017-02464'})-[:PUBLISHED_BY]->(p)
       RETURN toString(s.lastUpdated) AS lastUpdated, s.lastUpdatedPrecision AS precision, s.editorialStatus AS status, p.key AS publisher`,
    );
    expect(source).toEqual({ lastUpdated: '2022-06-21', precision: 'DAY', status: 'NOT_REVIEWED', publisher: 'org:vinnova' });
  });

  it('keeps Region Västerbotten and Sweden as one node each, stated by both sources and linked from both', async () => {
    const rows = await query(
      context,
      `MATCH (n:Entity) WHERE n.key IN ['region:vasterbotten', 'country:se']
       RETURN n.key AS key, n.sourceKeys AS sourceKeys, [(n)-[:STATED_IN]->(s) | s.key] AS statedIn ORDER BY key`,
    );
    const sources = ['source:echalliance:north-sweden-life-science-ecosystem', 'source:vinnova:2017-02464'];
    expect(rows.map((r) => ({ ...r, sourceKeys: [...(r.sourceKeys as string[])].sort(), statedIn: [...(r.statedIn as string[])].sort() }))).toEqual([
      { key: 'country:se', sourceKeys: sources, statedIn: sources },
      { key: 'region:vasterbotten', sourceKeys: sources, statedIn: sources },
    ]);
    const [links] = await query(
      context,
      `MATCH (r:Region {key: 'region:vasterbotten'})
       RETURN COUNT { (:Ecosystem {key: $ecosystem})-[:KEY_LINK]->(r) } AS keyLinks,
              COUNT { (r)-[:PARTICIPATES_IN]->(:Project {key: $project}) } AS participations,
              [(r)-[l:LOCATED_IN]->(:Country {key: 'country:se'}) | l.sourceKeys] AS locatedIn`,
      { ecosystem: ECOSYSTEM, project: PROJECT },
    );
    expect(Number(links!.keyLinks)).toBe(1);
    expect(Number(links!.participations)).toBe(1);
    // Both seeds state the same LOCATED_IN edge: one edge carrying both sources.
    expect((links!.locatedIn as string[][]).map((keys) => [...keys].sort())).toEqual([sources]);
  });

  it('gives every entity and relationship its sources', async () => {
    const [row] = await query(
      context,
      `RETURN COUNT { MATCH (n:Entity) WHERE size(coalesce(n.sourceKeys, [])) = 0 } AS unsourcedNodes,
              COUNT { MATCH ()-[r]->() WHERE size(coalesce(r.sourceKeys, [])) = 0 } AS unsourcedRelationships,
              COUNT { MATCH (n:Entity) WHERE NOT (n)-[:STATED_IN]->(:Source) } AS unstated`,
    );
    expect(row).toEqual({
      unsourcedNodes: expect.anything() as unknown,
      unsourcedRelationships: expect.anything() as unknown,
      unstated: expect.anything() as unknown,
    });
    expect([row!.unsourcedNodes, row!.unsourcedRelationships, row!.unstated].map(Number)).toEqual([0, 0, 0]);
  });

  it('exports a source back to a seed that imports into a fresh graph and exports the same again', async () => {
    const exported = await exportSeeds(context);
    expect(exported.map((s) => s.source.key)).toEqual(['source:echalliance:north-sweden-life-science-ecosystem', 'source:vinnova:2017-02464']);
    const yamlFiles = exported.map((seed, i) => {
      const file = path.join(context.dir, 'export', `${i}.yaml`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, seedToYaml(seed));
      return file;
    });

    await emptyGraph(context);
    await importSeeds(context, yamlFiles);
    const again = await exportSeeds(context);
    expect(again.map((s) => seedToYaml(s))).toEqual(exported.map((s) => seedToYaml(s)));
    const project = again[1]!.entities.find((e) => e.key === PROJECT)!;
    expect(project).toMatchObject({ start: '2017-06', end: '2021-12', status: 'COMPLETED' });
  });
});
