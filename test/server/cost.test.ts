import { type GraphQLSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { graphSchema } from '../../src/graph/schema';
import { GraphStatistics } from '../../src/graph/statistics';
import { loadExamples } from '../../src/schema-files';
import { explainCost, UNPAGED_LIST_SIZE } from '../../src/server/limits/cost';
import { testConnection, testDriver, testModel } from '../support/database';
import { ISSUE_QUERY } from '../support/issue-queries';

const model = testModel();

/** Statistics shaped like the seed graph: one ecosystem with 4 coordinators, people with 1–2 roles. */
const SEED_LIKE = GraphStatistics.of({ Ecosystem: 1, Organization: 12, Person: 4, Project: 1, Region: 6, Entity: 40, Source: 2 }, [
  { label: 'Ecosystem', type: 'COORDINATES', direction: 'IN', assumed: 4, max: 4 },
  { label: 'Ecosystem', type: 'LOCATED_IN', direction: 'OUT', assumed: 1, max: 1 },
  { label: 'Ecosystem', type: 'FOCUSES_ON', direction: 'OUT', assumed: 6, max: 6 },
  { label: 'Ecosystem', type: 'HAS_STRENGTH_IN', direction: 'OUT', assumed: 3, max: 3 },
  { label: 'Ecosystem', type: 'KEY_LINK', direction: 'OUT', assumed: 5, max: 5 },
  { label: 'Person', type: 'HOLDS_ROLE', direction: 'OUT', assumed: 2, max: 2 },
  { label: 'Organization', type: 'MEMBER_OF', direction: 'OUT', assumed: 1, max: 3 },
  { label: 'Organization', type: 'MEMBER_OF', direction: 'IN', assumed: 0, max: 2 },
  { label: 'Region', type: 'COORDINATES', direction: 'OUT', assumed: 2, max: 2 },
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
    expect(sizeOf(priced, 'Ecosystem.coordinatorsConnection')).toEqual([4]);
    expect(sizeOf(priced, 'EcosystemCoordinatorsConnection.edges')).toEqual([4]);
    expect(sizeOf(priced, 'Person.rolesConnection')).toEqual([2]);
    expect(priced.cost).toBeLessThan(200);
    expect(priced.lists.find((l) => l.field === 'Ecosystem.coordinatorsConnection')?.basis).toBe(
      '95th percentile of COORDINATES into Ecosystem: 4 (largest 4)',
    );
    expect(priced.lists.find((l) => l.field === 'Query.ecosystems')?.basis).toMatch(/^Ecosystem nodes: 1 /);
    // Without statistics every list is a default page of 50, as before: the old refusal.
    expect(cost(ISSUE_QUERY).cost).toBeGreaterThan(900_000);
  });

  it('multiplies nested lists: 1 per field, times each list’s size', () => {
    // organizations: 12 nodes; memberOf: p95 1; name: 1. 1 + 12 × (1 + 1 + 1 × 1) = 37.
    expect(cost('{ organizations { key memberOf { name } } }', SEED_LIKE).cost).toBe(1 + 12 * (1 + 1 + 1 * 1));
  });

  it('takes a slicing argument as given (capped at the list’s maximum), over any statistic', () => {
    expect(cost('{ organizations(limit: 3) { memberOf(limit: 40) { name } } }', SEED_LIKE).cost).toBe(1 + 3 * (1 + 40 * 1));
    expect(cost('query ($n: Int) { organizations(limit: $n) { name } }', SEED_LIKE, { n: 1_000_000 }).cost).toBe(1 + 500 * 1);
    expect(cost('{ projectsConnection(first: 7) { edges { node { name } } } }', SEED_LIKE).cost).toBe(1 + (1 + 7 * (1 + 1)));
  });

  it('prices a list of no relationship nobody has at 1, and a root list at its node count, never above the default page', () => {
    // Organization.members: p95 0 → at least 1, so that what is nested in it is still priced.
    expect(sizeOf(cost('{ organizations { members { __typename } } }', SEED_LIKE), 'Organization.members')).toEqual([1]);
    const many = GraphStatistics.of({ Organization: 100_000 });
    expect(sizeOf(cost('{ organizations { name } }', many), 'Query.organizations')).toEqual([50]);
    expect(sizeOf(cost('{ entities { name } }', SEED_LIKE), 'Query.entities')).toEqual([40]);
  });

  it('prices a field of an interface or union by the largest of its types', () => {
    // Actor.coordinates through a union member: Region's p95 (2) is the largest.
    const priced = cost(
      '{ ecosystems { coordinators { ... on Region { coordinates { __typename } } ... on Person { coordinates { __typename } } } } }',
      SEED_LIKE,
    );
    expect(sizeOf(priced, 'Region.coordinates')).toEqual([2]);
    expect(sizeOf(priced, 'Person.coordinates')).toEqual([1]);
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
