import type { Driver } from 'neo4j-driver';
import { createLoaders, type LoaderStats, type Loaders } from './loaders';

/** What every resolver gets: the database, and this request's DataLoaders. */
export interface GraphContext {
  /** Read by @neo4j/graphql: the database its generated queries run on. */
  sessionConfig: { database: string };
  driver: Driver;
  database: string;
  loaders: Loaders;
}

export function createGraphContext(driver: Driver, database: string, stats?: LoaderStats): GraphContext {
  return { sessionConfig: { database }, driver, database, loaders: createLoaders(driver, database, stats) };
}

/** Runs a read query of a curated resolver. */
export async function read(context: GraphContext, cypher: string, params: Record<string, unknown>) {
  const result = await context.driver.executeQuery(cypher, params, { database: context.database, routing: 'READ' });
  return result.records;
}
