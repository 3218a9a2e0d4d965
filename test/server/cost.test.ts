import { type GraphQLSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { graphSchema } from '../../src/graph/schema';
import { loadConfig } from '../../src/config/env';
import { GraphStatistics, readGraphStatistics } from '../../src/graph/statistics';
import { loadExamples } from '../../src/schema-files';
import { explainCost, MIN_RELATIONSHIP_LIST_SIZE, UNPAGED_LIST_SIZE } from '../../src/server/limits/cost';
import { testConnection, testDriver, testModel } from '../support/database';
import { loadSeedGraph } from '../support/graphql-http-client';
import { ISSUE_QUERY } from '../support/issue-queries';

const model = testModel();

/** Statistics shaped like the seed graph: one ecosystem with 4 coordinators, people with 1–2 roles, a region coordinating 12 initiatives. */
const SEED_LIKE = GraphStatistics.of({ Ecosystem: 1, Organization: 12, Person: 4, Project: 1, Region: 6, Entity: 40, Source: 2 }, [
  { label: 'Ecosystem', type: 'COORDINATES', direction: 'IN', assumed: 4, max: 4 },
  { label: 'Ecosystem', type: 'LOCATED_IN', direction: 'OUT', assumed: 1, max: 1 },
  { label: 'Ecosystem', type: 'FOCUSES_ON', direction: 'OUT', assumed: 6, max: 6 },
  { label: 'Ecosystem', type: 'HAS_STRENGTH_IN', direction: 'OUT', assumed: 3, max: 3 },
  { label: 'Ecosystem', type: 'KEY_LINK', direction: 'OUT', assumed: 5, max: 5 },
  { label: 'Person', type: 'HOLDS_ROLE', direction: 'OUT', assumed: 2, max: 2 },
  { label: 'Organization', type: 'MEMBER_OF', direction: 'OUT', assumed: 1, max: 3 },
  { label: 'Organization', type: 'MEMBER_OF', direction: 'IN', assumed: 0, max: 2 },
  { label: 'Region', type: 'COORDINATES', direction: 'OUT', assumed: 12, max: 14 },
  { label: 'Organization', type: 'COORDINATES', direction: 'OUT', assumed: 1, max: 1 },
  { label: 'Person', type: 'COORDINATES', direction: 'OUT', assumed: 1, max: 1 },
]);

describe('the cost rule', () => {
  let driver: Driver;
  let schema: GraphQLSchema;
  const cost = (query: string, statistics?: GraphStatistics, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    return explainCost(schema, model, document, operation, variables, statistics);
  };
  const sizeOf = (explained: ReturnType<typeof cost>, field: string) => explained.lists.filter((l) => l.field === field).map((l) => l.size);

  beforeAll(async () => {
    // The schema does not touch the database; the driver is only held.
    driver = testDriver();
    schema = (await graphSchema(driver, testConnection().database, model)).schema;
  });
  afterAll(() => driver.close());

  it('prices the issue’s question by the graph’s sizes, far under the maximum, and by the model’s defaults without statistics', () => {
    const priced = cost(ISSUE_QUERY, SEED_LIKE);
    expect(sizeOf(priced, 'Query.ecosystems')).toEqual([1]);
    // Degrees under the floor are priced at it: 4 coordinators, 2 roles → 10 each.
    expect(sizeOf(priced, 'Ecosystem.coordinatorsConnection')).toEqual([MIN_RELATIONSHIP_LIST_SIZE]);
    expect(sizeOf(priced, 'EcosystemCoordinatorsConnection.edges')).toEqual([MIN_RELATIONSHIP_LIST_SIZE]);
    expect(sizeOf(priced, 'Person.rolesConnection')).toEqual([MIN_RELATIONSHIP_LIST_SIZE]);
    expect(priced.cost).toBeLessThan(2_000);
    expect(priced.lists.find((l) => l.field === 'Ecosystem.coordinatorsConnection')?.basis).toBe(
      '95th percentile of COORDINATES into Ecosystem: 4 (largest 4); at least 10',
    );
    expect(priced.lists.find((l) => l.field === 'Query.ecosystems')?.basis).toMatch(/^Ecosystem nodes: 1 /);
    // Without statistics every list is a default page of 50, as before: the old refusal.
    expect(cost(ISSUE_QUERY).cost).toBeGreaterThan(900_000);
  });

  it('multiplies nested lists: 1 per field, times each list’s size', () => {
    // organizations: 12 nodes; memberOf: p95 1, priced at the floor of 10; name: 1. 1 + 12 × (1 + 1 + 10 × 1) = 145.
    expect(cost('{ organizations { key memberOf { name } } }', SEED_LIKE).cost).toBe(1 + 12 * (1 + 1 + 10 * 1));
  });

  it('takes a slicing argument as given (capped at the list’s maximum), over any statistic', () => {
    expect(cost('{ organizations(limit: 3) { memberOf(limit: 40) { name } } }', SEED_LIKE).cost).toBe(1 + 3 * (1 + 40 * 1));
    expect(cost('query ($n: Int) { organizations(limit: $n) { name } }', SEED_LIKE, { n: 1_000_000 }).cost).toBe(1 + 500 * 1);
    expect(cost('{ projectsConnection(first: 7) { edges { node { name } } } }', SEED_LIKE).cost).toBe(1 + (1 + 7 * (1 + 1)));
  });

  it('prices a relationship list at least at the floor (nesting is never free), and a root list at its node count, never above the default page', () => {
    // Organization.members: p95 0 → the floor, so that what is nested in it is still priced.
    expect(sizeOf(cost('{ organizations { members { __typename } } }', SEED_LIKE), 'Organization.members')).toEqual([MIN_RELATIONSHIP_LIST_SIZE]);
    // Nesting relationships within the depth limit, through unions: 12 × 10^5 and more.
    expect(
      cost(
        '{ organizations { memberOf { members { ... on Organization { memberOf { members { ... on Organization { memberOf { name } } } } } } } } }',
        SEED_LIKE,
      ).cost,
    ).toBeGreaterThan(50_000);
    const many = GraphStatistics.of({ Organization: 100_000 });
    expect(sizeOf(cost('{ organizations { name } }', many), 'Query.organizations')).toEqual([50]);
    expect(sizeOf(cost('{ entities { name } }', SEED_LIKE), 'Query.entities')).toEqual([40]);
  });

  it('prices a field of an interface or union by the largest of its types', () => {
    // Actor.coordinates through a union member: Region's p95 (12) over the floor, Person's (1) at it.
    const priced = cost(
      '{ ecosystems { coordinators { ... on Region { coordinates { __typename } } ... on Person { coordinates { __typename } } } } }',
      SEED_LIKE,
    );
    expect(sizeOf(priced, 'Region.coordinates')).toEqual([12]);
    expect(sizeOf(priced, 'Person.coordinates')).toEqual([MIN_RELATIONSHIP_LIST_SIZE]);
  });

  it('prices curated queries by their declared caps and defaults', () => {
    const priced = cost('{ coordinations { rows { role sources { title } } } }', SEED_LIKE);
    expect(sizeOf(priced, 'Query.coordinations')).toEqual([50]);
    expect(sizeOf(priced, 'CoordinationPage.rows')).toEqual([50]);
    expect(sizeOf(priced, 'CoordinationRow.sources')).toEqual([UNPAGED_LIST_SIZE]);
    expect(cost('{ coordinations(limit: 100000) { rows { role } } }', SEED_LIKE).lists.find((l) => l.field === 'Query.coordinations')?.size).toBe(500);
    const network = cost('{ collaborationNetwork(nodeLimit: 10, edgeLimit: 20) { nodes { id } edges { id via { key } } } }', SEED_LIKE);
    expect(sizeOf(network, 'Network.nodes')).toEqual([10]);
    expect(sizeOf(network, 'Network.edges')).toEqual([20]);
  });

  it('prices every example operation under the default maximum, with or without statistics of a large graph', () => {
    const large = GraphStatistics.of({ Ecosystem: 5_000, Organization: 60_000, Person: 20_000, Project: 20_000, Entity: 100_000 });
    for (const example of loadExamples()) {
      const variables = example.variables ? (JSON.parse(example.variables) as Record<string, unknown>) : {};
      expect({ example: example.name, under: cost(example.query, large, variables).cost <= 50_000 }).toEqual({ example: example.name, under: true });
    }
  });

  it('still prices bombs far over the maximum: fragments spread 2^n times, nested pages of 500', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment B${i} on Organization { name }` : `fragment B${i} on Organization { ...B${i + 1} ...B${i + 1} }`,
    );
    // Even on an empty graph (no organizations at all) the list counts 1 and what it holds is priced.
    expect(cost(`{ organizations { ...B0 } } ${fragments.join(' ')}`, GraphStatistics.of({})).cost).toBeGreaterThan(2 ** 28);
    expect(cost('{ organizations(limit: 0) { ...B0 } } ' + fragments.join(' '), SEED_LIKE).cost).toBeGreaterThan(2 ** 28);
    expect(cost('{ organizations(limit: 500) { memberOf(limit: 500) { name } } }', SEED_LIKE).cost).toBe(250_501);
  });
});

describe('the cost rule on the seed graph, with the statistics Neo4j gives for it', () => {
  let driver: Driver;
  let schema: GraphQLSchema;
  let statistics: GraphStatistics;
  const maximum = loadConfig({}).limits.maxCost;
  const cost = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    return explainCost(schema, model, document, operation, variables, statistics);
  };

  beforeAll(async () => {
    await loadSeedGraph();
    driver = testDriver();
    schema = (await graphSchema(driver, testConnection().database, model)).schema;
    statistics = await readGraphStatistics(driver, testConnection().database, model);
  });
  afterAll(() => driver.close());

  it('lets the issue’s question through, priced by what the graph holds', () => {
    const priced = cost(ISSUE_QUERY);
    expect(priced.cost).toBeLessThanOrEqual(maximum);
    // Each list is priced by a statistic of this graph, not by the default page of 50.
    expect(priced.lists.find((l) => l.field === 'Query.ecosystems')?.size).toBe(statistics.nodes('Ecosystem'));
    expect(priced.lists.find((l) => l.field === 'Ecosystem.coordinatorsConnection')?.basis).toMatch(/^95th percentile of COORDINATES into Ecosystem/);
  });

  it('refuses relationships nested within the depth limit (the hostile suite’s x2 and x4 depth bombs), which run past the query timeout', () => {
    for (const levels of [2, 4]) {
      const body = 'members { ... on Organization { memberOf { '.repeat(levels) + 'name' + ' } } }'.repeat(levels);
      expect({ levels, over: cost(`{ organizations { memberOf { ${body} } } }`).cost > maximum }).toEqual({ levels, over: true });
      const chain = '... on Project { coordinators { ... on Organization { coordinates { '.repeat(levels) + '__typename' + ' } } } }'.repeat(levels);
      expect({ levels, over: cost(`{ projects { coordinators { ... on Organization { coordinates { ${chain} } } } } }`).cost > maximum }).toEqual({
        levels,
        over: true,
      });
    }
  });

  it.each(loadExamples().map((e) => [e.name, e] as const))('lets the example %s through', (_name, example) => {
    const variables = example.variables ? (JSON.parse(example.variables) as Record<string, unknown>) : {};
    expect(cost(example.query, variables).cost).toBeLessThanOrEqual(maximum);
  });

  it('still prices the bombs over the maximum: fragments spread 2^14 times and more, nested pages of large sizes', () => {
    for (const levels of [15, 20, 30, 60]) {
      const fragments = Array.from({ length: levels }, (_, i) =>
        i === levels - 1 ? `fragment B${i} on Organization { name key description }` : `fragment B${i} on Organization { ...B${i + 1} ...B${i + 1} }`,
      );
      expect({ levels, over: cost(`{ organizations { ...B0 } } ${fragments.join(' ')}`).cost > maximum }).toEqual({ levels, over: true });
    }
    for (const width of [10, 50, 200]) {
      const fragments = Array.from({ length: 6 }, (_, i) =>
        i === 5 ? `fragment W${i} on Organization { name }` : `fragment W${i} on Organization { ${`...W${i + 1} `.repeat(width)}}`,
      );
      expect({ width, over: cost(`{ organizations { ...W0 } } ${fragments.join(' ')}`).cost > maximum }).toEqual({ width, over: true });
    }
    const nested = 'query ($n: Int) { organizations(limit: $n) { memberOf(limit: $n) { name } } }';
    for (const n of [1_000_000, 2_147_483_647]) expect(cost(nested, { n }).cost).toBeGreaterThan(maximum);
  });
});
