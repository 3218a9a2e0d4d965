import { Neo4jGraphQL } from '@neo4j/graphql';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { computedFieldResolvers } from './queries/computed';
import { curatedResolvers } from './queries/resolvers';

/**
 * The GraphQL schema: the API @neo4j/graphql generates from the model, plus the curated
 * relationship queries (schema/queries.graphql), bound to the database.
 */
export async function buildGraphSchema(driver: Driver, database: string, typeDefs: string): Promise<GraphQLSchema> {
  const neoSchema = new Neo4jGraphQL({
    typeDefs,
    driver,
    resolvers: { ...curatedResolvers, ...computedFieldResolvers },
    features: { filters: { String: { CASE_INSENSITIVE: true } } },
  });
  const schema = await neoSchema.getSchema();
  // The library's own checks: the APOC functions and Neo4j version it relies on, and the
  // constraints and indexes its directives declare.
  await neoSchema.checkNeo4jCompat({ sessionConfig: { database } });
  await neoSchema.assertIndexesAndConstraints({ sessionConfig: { database } });
  return schema;
}
