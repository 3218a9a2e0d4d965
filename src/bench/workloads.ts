import neo4j, { type Driver, type EagerResult } from 'neo4j-driver';
import { luceneQuery, SEARCH_INDEX } from '../graph/queries/search';
import { partialDate } from '../graph/queries/values';

/**
 * One question the API answers, asked two ways: as GraphQL over HTTP, and as the Cypher a person
 * would write for the same answer. `substance` maps each answer to the parts that must agree
 * (keys, counts, order where the question fixes one). Each workload states the shape of the
 * answer its query selects and of the rows its Cypher returns (as method parameters, which
 * TypeScript lets a workload narrow); the harness hands it that answer and those rows.
 */
export interface Workload {
  name: string;
  description: string;
  graphql: { query: string; variables: Record<string, unknown> };
  raw: { cypher: string; params: Record<string, unknown> };
  graphqlSubstance(data: unknown): unknown;
  /** How much the answer holds (rows; a network's nodes and edges, all of whose edges it counts): cost is judged against it. */
  answerSize(data: unknown): number;
  /** The rows of `raw`, their Neo4j values made plain (see `plain`). */
  rawSubstance(rows: unknown[]): unknown;
}

export interface WorkloadParameters {
  /** An organisation to look up. */
  lookupKey: string;
  /** An organisation of moderate degree, the centre of the 2-hop network. */
  aroundKey: string;
  searchText: string;
}

/** Neo4j Integers to numbers, deeply, so answers compare as plain JSON. */
export function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** Picks the workloads' parameters from the graph itself (deterministically). */
export async function chooseParameters(driver: Driver, database: string, searchText = 'diabetes'): Promise<WorkloadParameters> {
  const { records } = await driver.executeQuery<EagerResult<{ aroundKey: string; lookupKey: string }>>(
    `CALL () {
       MATCH (o:Organization)-[:COORDINATES|PARTICIPATES_IN]->(i) WHERE i:Project OR i:Ecosystem
       WITH o, count(i) AS degree
       RETURN o.key AS aroundKey ORDER BY CASE WHEN degree >= 3 AND degree <= 8 THEN 0 ELSE 1 END, degree DESC, o.key LIMIT 1
     }
     CALL () {
       MATCH (o:Organization)-[:COORDINATES]->() RETURN o.key AS lookupKey ORDER BY o.key LIMIT 1
     }
     RETURN aroundKey, lookupKey`,
    {},
    { database, routing: 'READ' },
  );
  const record = records[0];
  if (!record) throw new Error('the graph has no organisation that takes part in a project: import data first');
  return { lookupKey: record.get('lookupKey'), aroundKey: record.get('aroundKey'), searchText };
}

/** An entity as the curated queries name it. */
interface EntityRef {
  key: string;
  name: string;
  type: string;
}

interface CoordinationsAnswer {
  coordinations: {
    totalCount: number;
    rows: {
      coordinator: EntityRef;
      role: string;
      initiative: EntityRef;
      status: string | null;
      period: { start: { text: string } | null; end: { text: string } | null };
      funders: { funder: { key: string; name: string }; amount: number | null; currency: string | null }[];
      sources: { title: string }[];
    }[];
  };
}

interface CoordinationRow {
  totalCount: number;
  coordinator: string;
  coordinatorName: string;
  coordinatorType: string;
  role: string;
  initiative: string;
  initiativeName: string;
  initiativeType: string;
  status: string | null;
  start: string | null;
  startPrecision: string | null;
  end: string | null;
  endPrecision: string | null;
  funders: { funder: string; name: string; amount: number | null; currency: string | null }[];
  sources: string[];
}

interface NetworkAnswer {
  collaborationNetwork: {
    nodes: { id: string; label: string; type: string; degree: number }[];
    edges: { id: string; kind: string; weight: number }[];
    totalEdges: number;
    truncated: boolean;
  };
}

interface NetworkRow {
  nodes: EntityRef[];
  /** [actor index, actor index, shared initiatives] */
  collaborations: [number, number, number][];
  /** [person index, organisation key] */
  affiliations: [number, string][];
  truncated: boolean;
}

interface SearchAnswer {
  search: { score: number; entity: EntityRef }[];
}

interface FundingAnswer {
  fundingSummary: { group: EntityRef; currency: string; total: number; projectCount: number }[];
}

interface FundingRow {
  funder: string;
  name: string;
  type: string;
  currency: string;
  total: number;
  projectCount: number;
}

interface ProjectsAnswer {
  projectsConnection: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean };
    edges: { node: ProjectRow }[];
  };
}

interface ProjectRow {
  key: string;
  name: string;
  status: string | null;
  start: string | null;
}

const NODE_LIMIT = 200;
/** collaborationNetwork's default edgeLimit. */
const EDGE_LIMIT = 500;
const PAGE = 50;

export function workloads(p: WorkloadParameters): Workload[] {
  return [
    {
      name: 'lookup-by-key',
      description: 'organizations(where: { key: { eq } })',
      graphql: { query: 'query Lookup($key: ID!) { organizations(where: { key: { eq: $key } }) { key name kind } }', variables: { key: p.lookupKey } },
      raw: { cypher: 'MATCH (o:Organization {key: $key}) RETURN o.key AS key, o.name AS name, o.kind AS kind', params: { key: p.lookupKey } },
      answerSize: (data: { organizations: unknown[] }) => data.organizations.length,
      graphqlSubstance: (data: { organizations: unknown[] }) => data.organizations,
      rawSubstance: (rows) => rows,
    },
    {
      name: 'coordinations',
      description: `who coordinates what, with funders (coordinations, limit ${PAGE})`,
      graphql: {
        query: `query Coordinations($limit: Int) { coordinations(limit: $limit) { totalCount rows {
          coordinator { key name type } role initiative { key name type } status
          period { start { text } end { text } }
          funders { funder { key name } amount currency } sources { title } } } }`,
        variables: { limit: PAGE },
      },
      raw: {
        // The total from the count store; initiatives walked in name-index order until the page is full.
        cypher: `CALL () { MATCH ()-[co:COORDINATES]->() RETURN count(co) AS totalCount }
          MATCH (i:Entity) USING INDEX i:Entity(name) WHERE i.name IS NOT NULL
          WITH totalCount, i ORDER BY i.name
          WHERE i:Project OR i:Ecosystem
          MATCH (i)<-[co:COORDINATES]-(c:Entity) WHERE c:Organization OR c:Person OR c:Region
          WITH totalCount, c, co, i ORDER BY i.name, i.key, c.name, elementId(co) LIMIT $limit
          RETURN totalCount, c.key AS coordinator, c.name AS coordinatorName, head([l IN labels(c) WHERE l <> 'Entity']) AS coordinatorType,
                 co.role AS role, i.key AS initiative, i.name AS initiativeName, head([l IN labels(i) WHERE l <> 'Entity']) AS initiativeType,
                 i.status AS status, toString(i.start) AS start, i.startPrecision AS startPrecision, toString(i.end) AS end, i.endPrecision AS endPrecision,
                 COLLECT { MATCH (i)-[f:FUNDED_BY]->(funder) RETURN {funder: funder.key, name: funder.name, amount: f.amount, currency: f.currency} ORDER BY funder.name } AS funders,
                 COLLECT { MATCH (s:Source) WHERE s.key IN co.sourceKeys RETURN s.title } AS sources`,
        params: { limit: neo4j.int(PAGE) },
      },
      answerSize: (data: CoordinationsAnswer) => data.coordinations.rows.length,
      graphqlSubstance: (data: CoordinationsAnswer) => ({
        totalCount: data.coordinations.totalCount,
        rows: data.coordinations.rows.map((r) =>
          [
            `${r.coordinator.key}/${r.coordinator.name}/${r.coordinator.type}`,
            r.role,
            `${r.initiative.key}/${r.initiative.name}/${r.initiative.type}`,
            r.status,
            `${r.period.start?.text}..${r.period.end?.text}`,
            r.funders.map((f) => `${f.funder.key}/${f.funder.name}:${f.amount}${f.currency}`).join(','),
            r.sources
              .map((x) => x.title)
              .sort()
              .join(','),
          ].join(' '),
        ),
      }),
      rawSubstance: (rows: CoordinationRow[]) => ({
        totalCount: rows[0]?.totalCount ?? 0,
        rows: rows.map((r) =>
          [
            `${r.coordinator}/${r.coordinatorName}/${r.coordinatorType}`,
            r.role,
            `${r.initiative}/${r.initiativeName}/${r.initiativeType}`,
            r.status,
            `${partialDate(r.start, r.startPrecision)?.text}..${partialDate(r.end, r.endPrecision)?.text}`,
            r.funders.map((f) => `${f.funder}/${f.name}:${f.amount}${f.currency}`).join(','),
            [...r.sources].sort().join(','),
          ].join(' '),
        ),
      }),
    },
    {
      name: 'network-2-hops',
      description: 'collaborationNetwork(around: organisation, hops: 2)',
      graphql: {
        query: `query Network($around: ID!) { collaborationNetwork(around: $around, hops: 2) {
          nodes { id label type degree } edges { id source target kind weight } totalEdges truncated } }`,
        variables: { around: p.aroundKey },
      },
      // The traversal stops at the node cap (+1, to tell whether it cut). The pairs of actors sharing
      // an initiative: each initiative is reached once from each of its member actors, and its
      // members are paired in memory. Edges come back as lists of node indexes (cheap to send and
      // decode), nodes as maps.
      raw: {
        cypher: `MATCH (center:Entity {key: $around})
          CALL apoc.path.subgraphNodes(center, {relationshipFilter: 'COORDINATES|PARTICIPATES_IN|HOLDS_ROLE', maxLevel: 4}) YIELD node AS a
          WITH a WHERE a:Organization OR a:Person OR a:Region
          WITH a LIMIT $nodeLimit + 1
          WITH collect(a) AS found
          WITH found[0..$nodeLimit] AS actors, size(found) > $nodeLimit AS truncated
          CALL (actors) {
            UNWIND range(0, size(actors) - 1) AS ix
            WITH ix, actors[ix] AS a
            MATCH (a)-[:COORDINATES|PARTICIPATES_IN]->(i)
            WHERE i:Project OR i:Ecosystem
            WITH i, collect(DISTINCT {ix: ix, id: elementId(a)}) AS members WHERE size(members) > 1
            UNWIND members AS m1
            UNWIND members AS m2
            WITH m1, m2 WHERE m1.id < m2.id
            WITH m1.ix AS a, m2.ix AS b, count(*) AS weight
            RETURN collect([a, b, weight]) AS collaborations
          }
          CALL (actors) {
            UNWIND range(0, size(actors) - 1) AS ix
            WITH ix, actors[ix] AS person
            MATCH (person:Person)-[:HOLDS_ROLE]->(o) WHERE o IN actors
            RETURN collect([ix, o.key]) AS affiliations
          }
          RETURN [a IN actors | {key: a.key, name: a.name, type: head([l IN labels(a) WHERE l <> 'Entity'])}] AS nodes,
                 collaborations, affiliations, truncated`,
        params: { around: p.aroundKey, nodeLimit: neo4j.int(NODE_LIMIT) },
      },
      answerSize: (data: NetworkAnswer) => data.collaborationNetwork.nodes.length + data.collaborationNetwork.totalEdges,
      graphqlSubstance: (data: NetworkAnswer) => {
        const network = data.collaborationNetwork;
        return {
          nodes: network.nodes.map((n) => `${n.id}/${n.label}/${n.type}/${n.degree}`).sort(),
          edges: network.edges.map((e) => `${e.id}/${e.kind}/${e.weight}`),
          totalEdges: network.totalEdges,
          truncated: network.truncated,
        };
      },
      rawSubstance: (rows: NetworkRow[]) => {
        const { nodes, collaborations, affiliations, truncated } = rows[0]!;
        const keys = nodes.map((n) => n.key);
        // What the API derives from the edges: their ids, order (heaviest first), page, and each node's degree.
        const all = [
          ...collaborations.map(([a, b, weight]) => ({ source: keys[a]!, target: keys[b]!, kind: 'COLLABORATION', weight })),
          ...affiliations.map(([person, organization]) => ({
            source: keys[person]!,
            target: organization,
            kind: 'AFFILIATION',
            weight: 1,
          })),
        ]
          .map((e) => ({ ...e, id: `${e.kind === 'AFFILIATION' ? 'affiliation' : 'collaboration'}:${e.source}|${e.target}` }))
          .sort((x, y) => y.weight - x.weight || x.id.localeCompare(y.id));
        const degree = new Map<string, number>();
        for (const e of all) for (const end of [e.source, e.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
        return {
          nodes: nodes.map((n) => `${n.key}/${n.name}/${n.type}/${degree.get(n.key) ?? 0}`).sort(),
          edges: all.slice(0, EDGE_LIMIT).map((e) => `${e.id}/${e.kind}/${e.weight}`),
          totalEdges: all.length,
          truncated,
        };
      },
    },
    {
      name: 'search',
      description: `search(text: "${p.searchText}", limit: 20)`,
      graphql: {
        query: 'query Search($text: String!) { search(text: $text, limit: 20) { score entity { key name type } } }',
        variables: { text: p.searchText },
      },
      raw: {
        // Lucene's own top-k: only the 20 best hits leave the index.
        cypher: `CALL db.index.fulltext.queryNodes($index, $query, {limit: 20}) YIELD node, score
          WITH node, score ORDER BY score DESC, node.name LIMIT 20
          RETURN node.key AS key, node.name AS name, head([l IN labels(node) WHERE l <> 'Entity']) AS type, score`,
        params: { index: SEARCH_INDEX, query: luceneQuery(p.searchText) },
      },
      answerSize: (data: SearchAnswer) => data.search.length,
      graphqlSubstance: (data: SearchAnswer) => data.search.map((h) => `${h.entity.key}/${h.entity.name}/${h.entity.type}:${h.score}`),
      rawSubstance: (rows: (EntityRef & { score: number })[]) => rows.map((r) => `${r.key}/${r.name}/${r.type}:${r.score}`),
    },
    {
      name: 'funding-by-funder',
      description: 'fundingSummary(groupBy: FUNDER)',
      graphql: { query: 'query Funding { fundingSummary(groupBy: FUNDER) { group { key name type } currency total projectCount } }', variables: {} },
      raw: {
        // Computed from the graph (GraphQL reads the view of it made at the current generation, or
        // makes it): the answers' agreement checks the view. Grants are far fewer than projects'
        // relationships: scan FUNDED_BY, then name each funder once.
        cypher: `MATCH (p:Project)-[f:FUNDED_BY]->(funder:Entity) USING SCAN f:FUNDED_BY
          WHERE f.amount IS NOT NULL
          WITH funder, f.currency AS currency, sum(f.amount) AS total, count(DISTINCT p) AS projectCount
          RETURN funder.key AS funder, funder.name AS name, head([l IN labels(funder) WHERE l <> 'Entity']) AS type,
                 currency, total, projectCount
          ORDER BY total DESC, currency`,
        params: {},
      },
      answerSize: (data: FundingAnswer) => data.fundingSummary.length,
      graphqlSubstance: (data: FundingAnswer) =>
        data.fundingSummary.map((g) => `${g.group.key}/${g.group.name}/${g.group.type}:${g.currency}:${Math.round(g.total)}:${g.projectCount}`).sort(),
      rawSubstance: (rows: FundingRow[]) => rows.map((r) => `${r.funder}/${r.name}/${r.type}:${r.currency}:${Math.round(r.total)}:${r.projectCount}`).sort(),
    },
    {
      name: 'projects-connection',
      description: 'projectsConnection(first: 20, sort: start DESC) with totalCount',
      graphql: {
        query: `query Projects { projectsConnection(first: 20, sort: [{ start: DESC }, { key: ASC }]) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { key name status start } } } }`,
        variables: {},
      },
      raw: {
        // The total from the count store; projects without a start (first, descending) found by a
        // scan, then the dated ones in the order of the start index until the page is full.
        // (GraphQL counts the undated ones in a view instead, made once per generation.)
        cypher: `CALL () { MATCH (p:Project) RETURN count(p) AS totalCount }
          CALL () {
            MATCH (p:Project) WHERE p.start IS NULL WITH p ORDER BY p.key LIMIT 20 RETURN p
            UNION ALL
            MATCH (p:Project) WHERE p.start IS NOT NULL WITH p ORDER BY p.start DESC, p.key ASC LIMIT 20 RETURN p
          }
          WITH totalCount, p LIMIT 20
          RETURN totalCount, collect(p { .key, .name, .status, start: toString(p.start) }) AS rows`,
        params: {},
      },
      answerSize: (data: ProjectsAnswer) => data.projectsConnection.edges.length,
      graphqlSubstance: (data: ProjectsAnswer) => ({
        totalCount: data.projectsConnection.totalCount,
        hasNextPage: data.projectsConnection.pageInfo.hasNextPage,
        rows: data.projectsConnection.edges.map((e) => `${e.node.key}/${e.node.name}/${e.node.status}/${e.node.start}`),
      }),
      rawSubstance: (rows: { totalCount: number; rows: ProjectRow[] }[]) => ({
        totalCount: rows[0]!.totalCount,
        hasNextPage: rows[0]!.totalCount > 20,
        rows: rows[0]!.rows.map((r) => `${r.key}/${r.name}/${r.status}/${r.start}`),
      }),
    },
    {
      name: 'dataloader-100',
      description: 'organizations(limit: 100) { key collaborationDegree }',
      graphql: { query: 'query Degrees { organizations(limit: 100, sort: [{ key: ASC }]) { key collaborationDegree } }', variables: {} },
      raw: {
        // Every organisation has a key (ID!): IS NOT NULL lets the key index give the order.
        cypher: `MATCH (a:Organization) WHERE a.key IS NOT NULL
          WITH a ORDER BY a.key LIMIT 100
          RETURN a.key AS key, COUNT { MATCH (a)-[:COORDINATES|PARTICIPATES_IN]->()<-[:COORDINATES|PARTICIPATES_IN]-(other)
                                       WHERE other <> a RETURN DISTINCT other } AS degree`,
        params: {},
      },
      answerSize: (data: { organizations: unknown[] }) => data.organizations.length,
      graphqlSubstance: (data: { organizations: { key: string; collaborationDegree: number }[] }) =>
        data.organizations.map((o) => `${o.key}:${o.collaborationDegree}`),
      rawSubstance: (rows: { key: string; degree: number }[]) => rows.map((r) => `${r.key}:${r.degree}`),
    },
  ];
}
