import { type GraphQLSchema, type OperationDefinitionNode, parse, validate } from 'graphql';
import { buildGraphSchema } from '../../src/graph/schema';
import { loadConfig } from '../../src/config/env';
import { depthOf, operationCost } from '../../src/server/limits';
import * as queries from '../../web/explorer/queries';
import { edgeLimitFor, NODE_LIMITS } from '../../web/explorer/state';
import { testConnection, testDriver, testModel } from '../support/database';

// Every operation the explorer sends is valid against the model and stays within the server's
// default limits at the largest sizes the page asks for: a renamed field or a heavier profile
// fails here, not in front of an analyst.
describe('the explorer queries', () => {
  // The server's defaults, as a deployment without settings has them.
  const DEFAULT_LIMITS_FOR_TEST = loadConfig({}).limits;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    const driver = testDriver();
    try {
      schema = await buildGraphSchema(driver, testConnection().database, testModel(), { checkDatabase: false });
    } finally {
      await driver.close();
    }
  });

  const check = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    const operation = document.definitions[0] as OperationDefinitionNode;
    return { cost: operationCost(schema, testModel(), document, operation, variables), depth: depthOf(document, operation) };
  };

  it.each(Object.keys(queries.PROFILE_FIELDS))('the %s profile', (type) => {
    const { cost, depth } = check(queries.profileQuery(type)!, { key: 'x:y' });
    expect(cost).toBeLessThanOrEqual(DEFAULT_LIMITS_FOR_TEST.maxCost);
    expect(depth).toBeLessThanOrEqual(DEFAULT_LIMITS_FOR_TEST.maxDepth);
  });

  it('the network, paged as the page pages it, at every node cap: 2 000 nodes and 10 000 edges in one request', () => {
    for (const nodeLimit of NODE_LIMITS) {
      const { first, page } = queries.networkPages(queries.COST_BUDGET, nodeLimit);
      expect(check(queries.NETWORK, { nodeLimit, edgeLimit: first }).cost).toBeLessThanOrEqual(queries.COST_BUDGET);
      expect(check(queries.NETWORK_EDGES, { nodeLimit, edgeLimit: page }).cost).toBeLessThanOrEqual(queries.COST_BUDGET);
      expect(first).toBe(edgeLimitFor(nodeLimit));
    }
    expect(queries.COST_BUDGET).toBeLessThanOrEqual(DEFAULT_LIMITS_FOR_TEST.maxCost);
    // Under a lower limit the same view takes pages that each fit it.
    const { first, page } = queries.networkPages(10_000, 2000);
    expect(check(queries.NETWORK, { nodeLimit: 2000, edgeLimit: first }).cost).toBeLessThanOrEqual(10_000);
    expect(check(queries.NETWORK_EDGES, { nodeLimit: 2000, edgeLimit: page }).cost).toBeLessThanOrEqual(10_000);
  });

  it('the edge details, up to the number of edges the page asks them for', () => {
    const most = Math.floor(queries.COST_BUDGET / queries.EDGE_DETAIL_COST);
    expect(check(queries.NETWORK_EDGE_DETAILS, { nodeLimit: 2000, edgeLimit: most }).cost).toBeLessThanOrEqual(queries.COST_BUDGET + 100);
    expect(check(queries.NETWORK_EDGE_DETAILS, { nodeLimit: 2000, edgeLimit: most + 50 }).cost).toBeGreaterThan(queries.COST_BUDGET);
  });

  it.each([
    ['search', queries.SEARCH],
    ['connections', queries.CONNECTIONS],
    ['sources', queries.SOURCES],
    ['entity references', queries.ENTITY_REFS],
    ['entity type', queries.ENTITY_TYPE],
    ['first ecosystem', queries.FIRST_ECOSYSTEM],
  ])('%s', (_name, query) => {
    const { cost, depth } = check(query, { limit: 12 });
    expect(cost).toBeLessThanOrEqual(DEFAULT_LIMITS_FOR_TEST.maxCost);
    expect(depth).toBeLessThanOrEqual(DEFAULT_LIMITS_FOR_TEST.maxDepth);
  });
});
