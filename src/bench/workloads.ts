import neo4j, { type Driver } from 'neo4j-driver';
import { luceneQuery, SEARCH_INDEX } from '../graph/queries/search';

/**
 * One question the API answers, asked two ways: as GraphQL over HTTP, and as the Cypher a person
 * would write for the same answer. `substance` maps each answer to the parts that must agree
 * (keys, counts, order where the question fixes one).
 */
export interface Workload {
  name: string;
  description: string;
  graphql: { query: string; variables: Record<string, unknown> };
  raw: { cypher: string; params: Record<string, unknown> };
  graphqlSubstance(data: any): unknown;
  rawSubstance(rows: Record<string, any>[]): unknown;
}

export interface WorkloadParameters {
  /** An organisation to look up. */
  lookupKey: string;
  /** An organisation of moderate degree, the centre of the 2-hop network. */
  aroundKey: string;
  searchText: string;
}

/** Neo4j Integers to numbers, deeply, so answers compare as plain JSON. */
export function plain(value: unknown): any {
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** Picks the workloads' parameters from the graph itself (deterministically). */
export async function chooseParameters(driver: Driver, database: string, searchText = 'diabetes'): Promise<WorkloadParameters> {
  const { records } = await driver.executeQuery(
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

const NODE_LIMIT = 200;
const PAGE = 50;

export function workloads(p: WorkloadParameters): Workload[] {
  return [
    {
      name: 'lookup-by-key',
      description: 'organizations(where: { key: { eq } })',
      graphql: { query: 'query Lookup($key: ID!) { organizations(where: { key: { eq: $key } }) { key name kind } }', variables: { key: p.lookupKey } },
      raw: { cypher: 'MATCH (o:Organization {key: $key}) RETURN o.key AS key, o.name AS name, o.kind AS kind', params: { key: p.lookupKey } },
      graphqlSubstance: (data) => data.organizations,
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
        cypher: `MATCH (c:Entity)-[co:COORDINATES]->(i:Entity)
          WHERE (c:Organization OR c:Person OR c:Region) AND (i:Project OR i:Ecosystem)
          WITH c, co, i ORDER BY toLower(i.name), toLower(c.name), elementId(co)
          WITH collect([c, co, i]) AS matches
          WITH size(matches) AS totalCount, matches[0..$limit] AS page
          UNWIND page AS m
          WITH totalCount, m[0] AS c, m[1] AS co, m[2] AS i
          RETURN totalCount, c.key AS coordinator, co.role AS role, i.key AS initiative, i.status AS status,
                 toString(i.start) AS start, toString(i.end) AS end,
                 [(i)-[f:FUNDED_BY]->(funder) | {funder: funder.key, amount: f.amount, currency: f.currency}] AS funders,
                 COLLECT { MATCH (s:Source) WHERE s.key IN co.sourceKeys RETURN s.title } AS sources`,
        params: { limit: neo4j.int(PAGE) },
      },
      graphqlSubstance: (data) => ({
        totalCount: data.coordinations.totalCount,
        rows: data.coordinations.rows.map((r: any) => `${r.coordinator.key}>${r.initiative.key}:${r.funders.length}:${r.sources.length}`),
      }),
      rawSubstance: (rows) => ({
        totalCount: rows[0]?.totalCount ?? 0,
        rows: rows.map((r) => `${r.coordinator}>${r.initiative}:${r.funders.length}:${r.sources.length}`),
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
      raw: {
        cypher: `MATCH (center:Entity {key: $around})
          CALL apoc.path.subgraphNodes(center, {relationshipFilter: 'COORDINATES|PARTICIPATES_IN|HOLDS_ROLE', maxLevel: 4}) YIELD node AS a
          WITH a WHERE a:Organization OR a:Person OR a:Region
          WITH collect(a) AS found
          WITH found[0..$nodeLimit] AS actors, size(found) > $nodeLimit AS truncated
          CALL (actors) {
            UNWIND actors AS a
            MATCH (a)-[:COORDINATES|PARTICIPATES_IN]->(i:Entity)<-[:COORDINATES|PARTICIPATES_IN]-(b)
            WHERE elementId(a) < elementId(b) AND b IN actors AND (i:Project OR i:Ecosystem)
            WITH a, b, count(DISTINCT i) AS weight
            RETURN count(*) AS collaborations
          }
          CALL (actors) {
            UNWIND actors AS person
            MATCH (person:Person)-[:HOLDS_ROLE]->(o) WHERE o IN actors
            RETURN count(*) AS affiliations
          }
          RETURN [a IN actors | a.key] AS nodes, collaborations + affiliations AS edges, truncated`,
        params: { around: p.aroundKey, nodeLimit: neo4j.int(NODE_LIMIT) },
      },
      graphqlSubstance: (data) => ({
        nodes: data.collaborationNetwork.nodes.map((n: any) => n.id).sort(),
        edges: data.collaborationNetwork.totalEdges,
        truncated: data.collaborationNetwork.truncated,
      }),
      rawSubstance: (rows) => ({ nodes: [...rows[0]!.nodes].sort(), edges: rows[0]!.edges, truncated: rows[0]!.truncated }),
    },
    {
      name: 'search',
      description: `search(text: "${p.searchText}", limit: 20)`,
      graphql: { query: 'query Search($text: String!) { search(text: $text, limit: 20) { score entity { key name type } } }', variables: { text: p.searchText } },
      raw: {
        cypher: `CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
          RETURN node.key AS key, score ORDER BY score DESC, node.name LIMIT 20`,
        params: { index: SEARCH_INDEX, query: luceneQuery(p.searchText) },
      },
      graphqlSubstance: (data) => data.search.map((h: any) => h.entity.key),
      rawSubstance: (rows) => rows.map((r) => r.key),
    },
    {
      name: 'funding-by-funder',
      description: 'fundingSummary(groupBy: FUNDER)',
      graphql: { query: 'query Funding { fundingSummary(groupBy: FUNDER) { group { key name type } currency total projectCount } }', variables: {} },
      raw: {
        cypher: `MATCH (p:Project)-[f:FUNDED_BY]->(funder:Entity) WHERE f.amount IS NOT NULL
          RETURN funder.key AS funder, f.currency AS currency, sum(f.amount) AS total, count(DISTINCT p) AS projectCount
          ORDER BY total DESC, currency`,
        params: {},
      },
      graphqlSubstance: (data) => data.fundingSummary.map((g: any) => `${g.group.key}:${g.currency}:${Math.round(g.total)}:${g.projectCount}`).sort(),
      rawSubstance: (rows) => rows.map((r) => `${r.funder}:${r.currency}:${Math.round(r.total)}:${r.projectCount}`).sort(),
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
        cypher: `CALL () { MATCH (p:Project) RETURN count(p) AS totalCount }
          MATCH (p:Project)
          WITH totalCount, p ORDER BY p.start DESC, p.key ASC LIMIT 20
          RETURN totalCount, collect(p { .key, .name, .status, start: toString(p.start) }) AS rows`,
        params: {},
      },
      graphqlSubstance: (data) => ({ totalCount: data.projectsConnection.totalCount, keys: data.projectsConnection.edges.map((e: any) => e.node.key) }),
      rawSubstance: (rows) => ({ totalCount: rows[0]!.totalCount, keys: rows[0]!.rows.map((r: any) => r.key) }),
    },
    {
      name: 'dataloader-100',
      description: 'organizations(limit: 100) { key collaborationDegree }',
      graphql: { query: 'query Degrees { organizations(limit: 100, sort: [{ key: ASC }]) { key collaborationDegree } }', variables: {} },
      raw: {
        cypher: `MATCH (a:Organization) WITH a ORDER BY a.key LIMIT 100
          RETURN a.key AS key, COUNT { MATCH (a)-[:COORDINATES|PARTICIPATES_IN]->(:Entity)<-[:COORDINATES|PARTICIPATES_IN]-(other)
                                       WHERE other <> a RETURN DISTINCT other } AS degree`,
        params: {},
      },
      graphqlSubstance: (data) => data.organizations.map((o: any) => `${o.key}:${o.collaborationDegree}`),
      rawSubstance: (rows) => rows.map((r) => `${r.key}:${r.degree}`),
    },
  ];
}
