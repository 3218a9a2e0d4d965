import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/env';
import { parse as parseYaml } from 'yaml';
import { importSeeds } from '../../src/importer/import-seeds';
import type { Seed } from '../../src/importer/seed-format';
import { createLogger } from '../../src/logging';
import { packageRoot, schemaDir, seedsDir } from '../../src/paths';
import { type RunningService, startService } from '../../src/service';
import type { ConnectionsData, CoordinationsData, FundingSummaryData, Network, NetworkData, SearchData } from '../support/curated-answers';
import { testConnection, testDriver, testModel, testSchemaFiles } from '../support/database';
import type { GraphQLBody } from '../support/graphql-http-client';

/** What 7-projects-generated-api.graphql reads of the generated API. */
interface ProjectsData {
  projectsConnection: {
    totalCount: number;
    aggregate: unknown;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        key: string;
        name: string;
        start: string;
        coordinators: { key?: string; name: string; partOf?: { key: string; name: string }[] }[];
        participants: { name: string }[];
        fundedByConnection: { edges: { properties: { amount: number; currency: string }; node: { name: string } }[] };
        fundedUnder: { key: string; name: string; level: string }[];
        statedIn: { title: string; url: string }[];
      };
    }[];
  };
}

/** What 9-ecosystem-members.graphql reads. */
interface MembersData {
  organizations: {
    key: string;
    name: string;
    members: {
      key: string;
      name: string;
      locatedIn: { name: string }[];
      focusesOn: { name: string }[];
      coordinators: { name: string; roles?: { name: string }[] }[];
      participants: { name: string; roles?: { name: string }[] }[];
      statedIn: { title: string; url: string }[];
    }[];
  }[];
}

/** The seed files of the default graph, read as a curator would: what they state, to check the answers against. */
function seedFiles(): Seed[] {
  return fs
    .readdirSync(seedsDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parseYaml(fs.readFileSync(path.join(seedsDir, f), 'utf8')) as Seed);
}

/** Every Vinnova grant the seed files state: project key → amount in SEK. */
function vinnovaGrantsStated(): Map<string, number> {
  const grants = new Map<string, number>();
  for (const seed of seedFiles())
    for (const r of seed.relationships ?? [])
      if (r.type === 'FUNDED_BY' && r.to === 'org:vinnova' && typeof r.amount === 'number') grants.set(r.from, r.amount);
  return grants;
}

/** Runs an example operation from schema/examples/ as the playground would, over HTTP. */
async function runExample<TData>(url: string, file: string, variables: Record<string, unknown> = {}): Promise<TData> {
  const query = fs.readFileSync(path.join(schemaDir, 'examples', file), 'utf8');
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLBody<TData>;
  expect(body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return body.data as TData;
}

const VINNOVA_SOURCE = 'Innovation accelerators';

describe('the example operations, answered exactly on the default graph (every seed file of seeds/)', () => {
  let service: RunningService;

  beforeAll(async () => {
    const driver = testDriver();
    const { database } = testConnection();
    await driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database });
    await importSeeds({ driver, database, model: testModel() }, [seedsDir]);
    await driver.close();
    service = await startService(loadConfig({ ...process.env, PORT: '0' }), testSchemaFiles(), createLogger('silent'));
  }, 300_000); // the default graph: 17 seed files, the reference list among them

  afterAll(async () => {
    await service?.stop();
  });

  it('every example in schema/examples runs without errors, and its default question finds something', async () => {
    const files = fs.readdirSync(path.join(schemaDir, 'examples')).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const data = await runExample<Record<string, unknown>>(service.url, file);
      const [answer] = Object.values(data);
      if (Array.isArray(answer)) expect(answer.length).toBeGreaterThan(0);
      expect(JSON.stringify(data)).not.toMatch(/"totalCount":0\b/);
      expect(JSON.stringify(data)).toMatch(/"name":"[^"]+"/);
    }
  });

  it('by default, who coordinates what Vinnova funds: every project of its pages with a coordinator, and the grant each page states', async () => {
    const data = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql');
    const grants = vinnovaGrantsStated();
    expect(grants.size).toBe(12);
    const rows = data.coordinations.rows;
    // The page of "Psychological counseling on prescription …" names no coordinator.
    expect(data.coordinations.totalCount).toBe(11);
    expect(new Set(rows.map((r) => r.initiative.key))).toEqual(new Set([...grants.keys()].filter((k) => k !== 'project:vinnova:2018-04236')));
    for (const row of rows) {
      expect(row.funders).toEqual([
        expect.objectContaining({ funder: { key: 'org:vinnova', name: 'Vinnova' }, amount: grants.get(row.initiative.key), currency: 'SEK' }),
      ]);
      expect(row.sources.length).toBeGreaterThan(0);
    }
    const coordinated = (key: string) => rows.filter((r) => r.coordinator.key === key).map((r) => r.initiative.name);
    expect(coordinated('org:sweden-medtech4health').sort()).toEqual([
      'Coordination of strategic support, communication an prestudies',
      'Medtech4Health phase2, 2019-21',
    ]);
    expect(coordinated('org:lund-university:lu-innovation')).toEqual(['Swelife Programkoordinering 2018-2020']);
    expect(coordinated('org:lund-university')).toEqual(['SIO Folksjukdomar']);
    expect(coordinated('org:lindholmen-science-park:closer')).toEqual(['CLOSER 2019 - 2023']);
    expect(coordinated('org:lindholmen-science-park')).toEqual(['Drive Sweden']);
  });

  it('the README tour’s suggested variables work for every tab, and each finds something', async () => {
    const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
    const tour = [...readme.matchAll(/^\| (\w+) \| [^|]+ \| (?:variables )?`(\{.*\})` \|$/gm)];
    expect(tour.length).toBeGreaterThanOrEqual(6);
    const files = fs.readdirSync(path.join(schemaDir, 'examples')).filter((f) => f.endsWith('.graphql'));
    for (const [, tab, variables] of tour) {
      const file = files.find((f) => new RegExp(`query ${tab}\\b`).test(fs.readFileSync(path.join(schemaDir, 'examples', f), 'utf8')));
      expect(file).toBeDefined();
      const data = await runExample<unknown>(service.url, file!, JSON.parse(variables!) as Record<string, unknown>);
      expect(JSON.stringify(data)).toMatch(/"(key|id|name)":/);
    }
  });

  it('Swedish Medtech Service AB coordinates Innovation accelerators, funded by Vinnova with SEK 5 959 037 from 2017-06 to 2021-12', async () => {
    const data = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql', {
      where: { initiative: 'project:innovation-accelerators-2017-02464' },
    });
    expect(data.coordinations.totalCount).toBe(1);
    const row = data.coordinations.rows[0]!;
    expect(row.coordinator).toEqual({ key: 'org:swedish-medtech-service', name: 'Swedish Medtech Service AB', type: 'Organization' });
    expect(row.initiative.name).toBe('Innovation accelerators');
    expect(row.status).toBe('COMPLETED');
    expect(row.period).toEqual({ start: { text: '2017-06' }, end: { text: '2021-12' } });
    expect(row.funders).toEqual([
      {
        funder: { key: 'org:vinnova', name: 'Vinnova' },
        amount: 5959037,
        currency: 'SEK',
        period: { start: { text: '2017-06' }, end: { text: '2021-12' } },
        sources: [expect.objectContaining({ title: VINNOVA_SOURCE })],
      },
    ]);
    expect(row.sources).toEqual([expect.objectContaining({ title: VINNOVA_SOURCE, lastUpdated: '2022-06-21' })]);
  });

  it('filters who-coordinates-what by funder, region, status and period', async () => {
    const byCoordinator = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql', {
      where: { coordinator: 'org:swedish-medtech-service' },
    });
    expect(byCoordinator.coordinations.rows.map((r) => r.initiative.name)).toEqual(['Innovation accelerators']);

    const byRegion = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql', {
      where: { initiatives: { region: 'region:vasterbotten' } },
    });
    const initiatives = new Set(byRegion.coordinations.rows.map((r) => r.initiative.key));
    expect(initiatives).toEqual(new Set(['ecosystem:north-sweden-life-science', 'project:innovation-accelerators-2017-02464']));

    // Vinnova projects still running in 2022: CLOSER (to 2023), CAMP (to 2024), Medtech4Health's strategic support (from 2022-12), and Medtech4Health phase 2.
    const after2022 = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql', {
      where: { initiatives: { funder: 'org:vinnova', activeFrom: '2022-01-01' } },
    });
    expect(new Set(after2022.coordinations.rows.map((r) => r.initiative.key))).toEqual(
      new Set([
        'project:vinnova:2018-04637',
        'project:vinnova:centre-for-advanced-medical-products',
        'project:vinnova:coordination-of-strategic-support-communication-an-prestudies',
        'project:vinnova:medtech4health-phase2-2019-21',
      ]),
    );
    const inDecember2021 = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql', {
      where: { initiatives: { funder: 'org:vinnova', activeFrom: '2021-12-31', activeTo: '2021-12-31' } },
    });
    expect(inDecember2021.coordinations.rows.map((r) => r.initiative.name)).toContain('Innovation accelerators');
    expect(inDecember2021.coordinations.rows.map((r) => r.initiative.name)).not.toContain('Drive Sweden');
    const byFocus = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql', {
      where: { initiatives: { focusArea: 'focus:cognitive-disorders' } },
    });
    expect(new Set(byFocus.coordinations.rows.map((r) => r.initiative.key))).toEqual(new Set(['ecosystem:north-sweden-life-science']));
    expect(byFocus.coordinations.totalCount).toBe(4);
    const ongoing = await runExample<CoordinationsData>(service.url, '1-who-coordinates-what.graphql', { where: { initiatives: { status: 'ONGOING' } } });
    expect(ongoing.coordinations.rows.map((r) => r.initiative.name)).toContain('Swelife Programkoordinering 2018-2020');
    expect(ongoing.coordinations.rows.map((r) => r.status)).toEqual(ongoing.coordinations.rows.map(() => 'ONGOING'));
  });

  it('by default, the Galician Health Ecosystem is coordinated by Cluster Saúde de Galicia and Gisela Garcia-Alvarez', async () => {
    const data = await runExample<CoordinationsData>(service.url, '2-ecosystem-coordinators.graphql');
    expect(data.coordinations.rows.map((r) => r.coordinator.name).sort()).toEqual(['Cluster Saúde de Galicia', 'Gisela Garcia-Alvarez']);
    for (const row of data.coordinations.rows)
      expect(row.sources).toEqual([expect.objectContaining({ url: 'https://echalliance.com/ecosystem/galician-health-ecosystem/' })]);
  });

  it('the four coordinators of the North Sweden ecosystem, with their organisations', async () => {
    const data = await runExample<CoordinationsData>(service.url, '2-ecosystem-coordinators.graphql', { ecosystem: 'ecosystem:north-sweden-life-science' });
    const coordinators = data.coordinations.rows.map((r) => ({
      name: r.coordinator.name,
      role: r.role,
      at: r.affiliations.map((a) => `${a.title} at ${a.organization.name}`),
    }));
    expect(coordinators).toEqual(
      expect.arrayContaining([
        { name: 'Maria Jansson', role: 'Ecosystem Coordinator', at: ['Collaboration Strategist at Luleå University of Technology'] },
        { name: 'Mats Falck', role: 'Ecosystem Coordinator', at: ['Coordinator at Umeå University Innovation Office'] },
        { name: 'Sara Nilsson', role: 'Ecosystem Coordinator', at: ['Project support officer at Region Västerbotten'] },
        { name: 'Nils Sandberg', role: 'Ecosystem Coordinator', at: ['Head of EU project office at Region Västerbotten'] },
      ]),
    );
    expect(coordinators).toHaveLength(4);
    for (const row of data.coordinations.rows) expect(row.sources.map((s) => s.title)).toHaveLength(1);
  });

  it('by default, Umeå University (named by an ECHAlliance page and a Vinnova page: one node) connects the North Sweden ecosystem and CAMP', async () => {
    const data = await runExample<ConnectionsData>(service.url, '3-how-are-they-connected.graphql');
    expect(data.connections[0]).toEqual({
      length: 3,
      steps: [
        {
          from: { name: 'North Sweden Life Science Ecosystem', type: 'Ecosystem' },
          relationship: 'KEY_LINK',
          direction: 'FORWARD',
          to: { name: 'Umeå University', type: 'Organization' },
          sources: [{ title: 'Sweden - North Sweden Life Science Ecosystem' }],
        },
        {
          from: { name: 'Umeå University', type: 'Organization' },
          relationship: 'PART_OF',
          direction: 'BACKWARD',
          to: { name: 'Institutionen för integrativ medicinsk biologi', type: 'Organization' },
          sources: [{ title: 'Centre for Advanced Medical Products' }],
        },
        {
          from: { name: 'Institutionen för integrativ medicinsk biologi', type: 'Organization' },
          relationship: 'COORDINATES',
          direction: 'FORWARD',
          to: { name: 'Centre for Advanced Medical Products', type: 'Project' },
          sources: [{ title: 'Centre for Advanced Medical Products' }],
        },
      ],
    });
  });

  it('Region Västerbotten connects the ecosystem and the Innovation accelerators project', async () => {
    const data = await runExample<ConnectionsData>(service.url, '3-how-are-they-connected.graphql', { to: 'project:innovation-accelerators-2017-02464' });
    expect(data.connections.length).toBeGreaterThan(0);
    const viaVasterbotten = data.connections.find((p) => p.steps[0]!.to.name === 'Region Västerbotten');
    expect(viaVasterbotten).toEqual({
      length: 2,
      steps: [
        {
          from: { name: 'North Sweden Life Science Ecosystem', type: 'Ecosystem' },
          relationship: 'KEY_LINK',
          direction: 'FORWARD',
          to: { name: 'Region Västerbotten', type: 'Region' },
          sources: [{ title: expect.stringContaining('North Sweden Life Science Ecosystem') as unknown }],
        },
        {
          from: { name: 'Region Västerbotten', type: 'Region' },
          relationship: 'PARTICIPATES_IN',
          direction: 'FORWARD',
          to: { name: 'Innovation accelerators', type: 'Project' },
          sources: [{ title: VINNOVA_SOURCE }],
        },
      ],
    });
    for (const path of data.connections) expect(path.length).toBe(2);
  });

  it('a search for "medtech" finds Swedish Medtech Service AB first', async () => {
    const data = await runExample<SearchData>(service.url, '4-search.graphql');
    expect(data.search[0]!.entity).toEqual({ key: 'org:swedish-medtech-service', name: 'Swedish Medtech Service AB', type: 'Organization' });
    expect(data.search.map((h) => h.entity.key)).toEqual(
      expect.arrayContaining(['org:sweden-medtech4health', 'project:vinnova:medtech4health-phase2-2019-21']),
    );
    const swedish = await runExample<SearchData>(service.url, '4-search.graphql', { text: 'Lunds universitet' });
    expect(swedish.search[0]!.entity.key).toBe('org:lund-university');
    const aliases = await runExample<SearchData>(service.url, '4-search.graphql', { text: 'Luleå Technical' });
    expect(aliases.search[0]!.entity.name).toBe('Luleå University of Technology');
    const diacritics = await runExample<SearchData>(service.url, '4-search.graphql', { text: 'umea university' });
    expect(diacritics.search.map((h) => h.entity.name)).toContain('Umeå University');
    const prefix = await runExample<SearchData>(service.url, '4-search.graphql', { text: 'Medt' });
    expect(prefix.search[0]!.entity.name).toBe('Swedish Medtech Service AB');
    const folded = await runExample<SearchData>(service.url, '4-search.graphql', { text: 'lulea tech' });
    expect(folded.search[0]!.entity.name).toBe('Luleå University of Technology');
    const syntax = await runExample<SearchData>(service.url, '4-search.graphql', { text: 'AI & (decision" support*' });
    expect(syntax.search.map((h) => h.entity.name)).toContain('AI & decision support');
  });

  it('the collaboration network around Region Västerbotten links it to the project’s other regions and coordinator', async () => {
    const data = await runExample<NetworkData>(service.url, '5-collaboration-network.graphql', { hops: 1 });
    const ids = data.collaborationNetwork.nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining(['region:vasterbotten', 'region:ostergotland', 'region:uppsala', 'region:vastra-gotaland', 'org:swedish-medtech-service']),
    );
    const edge = data.collaborationNetwork.edges.find(
      (e) => [e.source, e.target].includes('region:vasterbotten') && [e.source, e.target].includes('org:swedish-medtech-service'),
    );
    expect(edge).toMatchObject({
      kind: 'COLLABORATION',
      weight: 1,
      sharedFunding: [{ amount: 5959037, currency: 'SEK' }],
      via: [{ name: 'Innovation accelerators' }],
    });
    for (const e of data.collaborationNetwork.edges) {
      expect(ids).toContain(e.source);
      expect(ids).toContain(e.target);
    }
    const degrees = Object.fromEntries(data.collaborationNetwork.nodes.map((n) => [n.id, n.degree] as const));
    const counted = new Map<string, number>();
    for (const e of data.collaborationNetwork.edges) for (const end of [e.source, e.target]) counted.set(end, (counted.get(end) ?? 0) + 1);
    for (const [id, degree] of counted) expect(degrees[id]).toBe(degree);
  });

  it('caps and pages the network', async () => {
    const capped = await runExample<NetworkData>(service.url, '5-collaboration-network.graphql');
    const full = capped.collaborationNetwork;
    expect(full.totalEdges).toBe(full.edges.length);
    const query = `query ($n: Int, $l: Int, $o: Int) { collaborationNetwork(around: "region:vasterbotten", hops: 2, nodeLimit: $n, edgeLimit: $l, edgeOffset: $o) { nodes { id } edges { id } totalEdges truncated } }`;
    const page = async (variables: Record<string, number>) => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as GraphQLBody<{ collaborationNetwork: Pick<Network, 'nodes' | 'edges' | 'truncated'> }>).data!.collaborationNetwork;
    };
    const first = await page({ l: 2, o: 0 });
    const second = await page({ l: 2, o: 2 });
    expect(first.edges).toHaveLength(Math.min(2, full.totalEdges));
    expect(first.edges.map((e) => e.id)).toEqual(full.edges.slice(0, 2).map((e) => e.id));
    expect(second.edges.map((e) => e.id)).toEqual(full.edges.slice(2, 4).map((e) => e.id));
    const small = await page({ n: 2 });
    expect(small.nodes).toHaveLength(2);
    expect(small.truncated).toBe(true);
  });

  it('curated answers are the same whatever part of them a query selects', async () => {
    const post = async <TData>(query: string): Promise<TData> => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as GraphQLBody<TData>;
      expect(body.errors).toBeUndefined();
      return body.data as TData;
    };
    const network = (fields: string) => `{ collaborationNetwork(around: "region:vasterbotten", hops: 2) { ${fields} } }`;
    const full = (
      await post<NetworkData>(
        network(
          'nodes { id degree } edges { id source target kind weight via { key } sharedFunding { amount currency } sources { key } } totalEdges truncated',
        ),
      )
    ).collaborationNetwork;
    const lean = (await post<NetworkData>(network('nodes { id degree } edges { id weight } totalEdges'))).collaborationNetwork;
    expect(lean.edges).toEqual(full.edges.map((e) => ({ id: e.id, weight: e.weight })));
    expect(lean.nodes).toEqual(full.nodes);
    expect(lean.totalEdges).toBe(full.totalEdges);
    expect(full.edges.some((e) => e.sources.length > 0 && e.via.length > 0)).toBe(true);
    for (const e of full.edges) expect(e.weight).toBe(e.kind === 'AFFILIATION' ? 1 : e.via.length);
    const nodesOnly = (await post<NetworkData>(network('nodes { id } truncated'))).collaborationNetwork;
    expect(nodesOnly.nodes.map((n) => n.id)).toEqual(full.nodes.map((n) => n.id));

    for (const groupBy of ['FUNDER', 'REGION', 'ORGANIZATION', 'YEAR']) {
      const all = (
        await post<FundingSummaryData>(
          `{ fundingSummary(groupBy: ${groupBy}) { group { key } year currency total projectCount projects { key } sources { key } } }`,
        )
      ).fundingSummary;
      const totals = (await post<FundingSummaryData>(`{ fundingSummary(groupBy: ${groupBy}) { group { key } year currency total projectCount } }`))
        .fundingSummary;
      expect(totals).toEqual(all.map(({ projects, sources, ...rest }) => rest));
      expect(all.every((g) => g.projects.length === g.projectCount)).toBe(true);
    }

    const rows = (
      await post<CoordinationsData>(
        '{ coordinations { totalCount rows { coordinator { key } initiative { key } affiliations { title } funders { amount } } } }',
      )
    ).coordinations;
    const bare = (await post<CoordinationsData>('{ coordinations { totalCount rows { coordinator { key } initiative { key } } } }')).coordinations;
    expect(bare).toEqual({ totalCount: rows.totalCount, rows: rows.rows.map(({ coordinator, initiative }) => ({ coordinator, initiative })) });

    const described = (await post<SearchData>('{ search(text: "north sweden") { entity { key } description } }')).search;
    const keys = (await post<SearchData>('{ search(text: "north sweden") { entity { key } } }')).search;
    expect(keys).toEqual(described.map(({ entity }) => ({ entity })));
    expect(described.some((h) => h.description)).toBe(true);
  });

  it('an unknown centre of the network is a BAD_USER_INPUT naming the key', async () => {
    for (const hops of [2, 9]) {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ collaborationNetwork(around: "org:no-such-thing", hops: ${hops}) { totalEdges } }` }),
      });
      const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      expect(body.errors?.[0]).toMatchObject({ message: 'No entity has the key "org:no-such-thing"', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('funding summary: Vinnova granted the twelve projects of its pages what the seed files state, in SEK', async () => {
    const grants = vinnovaGrantsStated();
    const stated = [...grants.values()].reduce((a, b) => a + b, 0);
    const data = await runExample<FundingSummaryData>(service.url, '6-funding-summary.graphql');
    expect(data.fundingSummary).toEqual([
      expect.objectContaining({
        group: { key: 'org:vinnova', name: 'Vinnova', type: 'Organization' },
        year: null,
        currency: 'SEK',
        total: stated,
        projectCount: 12,
      }),
    ]);
    expect(data.fundingSummary[0]!.projects.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Innovation accelerators', 'CLOSER 2019 - 2023', 'Drive Sweden']),
    );
    expect(data.fundingSummary[0]!.sources.length).toBe(12);
    const byYear = await runExample<FundingSummaryData>(service.url, '6-funding-summary.graphql', { groupBy: 'YEAR' });
    expect(byYear.fundingSummary.reduce((sum, g) => sum + g.total, 0)).toBe(stated);
    expect(byYear.fundingSummary.find((g) => g.year === 2014)).toMatchObject({ total: grants.get('project:vinnova:2014-01319'), projectCount: 1 });
    const byRegion = await runExample<FundingSummaryData>(service.url, '6-funding-summary.graphql', { groupBy: 'REGION' });
    expect(byRegion.fundingSummary.map((g) => g.group!.key).sort()).toEqual([
      'region:ostergotland',
      'region:uppsala',
      'region:vasterbotten',
      'region:vastra-gotaland',
    ]);
  });

  it('the generated API: the Vinnova projects started from 2018, newest first, with coordinator, parent organisation, grant and calls', async () => {
    const grants = vinnovaGrantsStated();
    const data = await runExample<ProjectsData>(service.url, '7-projects-generated-api.graphql');
    const connection = data.projectsConnection;
    const nodes = connection.edges.map((e) => e.node);
    expect(connection.totalCount).toBe(8);
    expect(connection.aggregate).toMatchObject({ count: { nodes: 8 } });
    expect(connection.pageInfo.hasNextPage).toBe(false);
    expect(nodes.map((n) => n.start)).toEqual([...nodes.map((n) => n.start)].sort().reverse());
    for (const n of nodes) {
      expect(n.start >= '2018-01-01').toBe(true);
      expect(n.fundedByConnection.edges).toEqual([{ properties: { amount: grants.get(n.key), currency: 'SEK' }, node: { name: 'Vinnova' } }]);
      expect(n.statedIn.length).toBeGreaterThan(0);
    }
    const byName = new Map(nodes.map((n) => [n.name, n] as const));
    expect(byName.get('CLOSER 2019 - 2023')!.coordinators).toEqual([
      { key: 'org:lindholmen-science-park:closer', name: 'CLOSER', partOf: [{ key: 'org:lindholmen-science-park', name: 'Lindholmen Science Park AB' }] },
    ]);
    expect(byName.get('Swelife Programkoordinering 2018-2020')!.coordinators[0]!.partOf).toEqual([{ key: 'org:lund-university', name: 'Lund University' }]);
    expect(
      byName
        .get('Centre for Advanced Medical Products')!
        .fundedUnder.map((c) => c.level)
        .sort(),
    ).toEqual(['APPLICATION_ROUND', 'CALL']);
    expect(byName.has('Innovation accelerators')).toBe(false);

    const from2017 = await runExample<ProjectsData>(service.url, '7-projects-generated-api.graphql', { from: '2017-01-01' });
    const accelerators = from2017.projectsConnection.edges.find((e) => e.node.key === 'project:innovation-accelerators-2017-02464')!.node;
    expect(accelerators.participants.map((p) => p.name).sort()).toEqual([
      'Region Uppsala',
      'Region Västerbotten',
      'Region Östergötland',
      'Västra Götalandsregionen', // the reference list's name for Region Västra Götaland
    ]);
  });

  it('the members of ECHAlliance: both ecosystems, with their coordinators and working-group members and the organisations they work for', async () => {
    const data = await runExample<MembersData>(service.url, '9-ecosystem-members.graphql');
    const [echalliance] = data.organizations;
    expect(echalliance!.name).toBe('ECHAlliance');
    const members = new Map(echalliance!.members.map((m) => [m.key, m] as const));
    expect([...members.keys()].sort()).toEqual(['ecosystem:galician-health-ecosystem', 'ecosystem:north-sweden-life-science']);
    const galicia = members.get('ecosystem:galician-health-ecosystem')!;
    expect(galicia.locatedIn).toEqual([{ name: 'Spain' }]);
    expect(galicia.participants).toHaveLength(9);
    expect(galicia.participants).toEqual(
      expect.arrayContaining([
        { name: 'Jose Noya', roles: [{ name: 'Linknovate' }] },
        { name: 'Manuel Noya', roles: [{ name: 'Linknovate' }] },
        { name: 'Rocio Mosquera', roles: [{ name: 'Galaria' }] },
      ]),
    );
    const north = members.get('ecosystem:north-sweden-life-science')!;
    expect(north.coordinators).toEqual(expect.arrayContaining([{ name: 'Mats Falck', roles: [{ name: 'Umeå University Innovation Office' }] }]));
    expect(north.focusesOn.map((f) => f.name)).toContain('Cognitive disorders');
    expect(north.statedIn).toEqual([expect.objectContaining({ url: 'https://echalliance.com/ecosystems/sweden-north-sweden-life-science-ecosystem/' })]);
  });
});
