import type { Driver } from 'neo4j-driver';
import type { Logger } from '../../logging';
import { createLoaders, type LoaderStats, type Loaders } from './loaders';

/** What every resolver gets: the database, this request's DataLoaders, and who is asking. */
export interface GraphContext {
  /** Read by @neo4j/graphql: the database its generated queries run on. */
  sessionConfig: { database: string };
  /** Read by @neo4j/graphql: the transaction timeout of its generated queries. */
  transaction: { timeout?: number };
  /** Read by @neo4j/graphql's @authentication/@authorization: the verified token's claims. */
  jwt?: Record<string, unknown>;
  /** The caller's roles, from the verified token (empty when anonymous). */
  roles: string[];
  driver: Driver;
  database: string;
  loaders: Loaders;
  /** This request's id and logger, when served over HTTP. */
  requestId?: string;
  log?: Logger;
}

export interface GraphContextOptions {
  /** Longest one database transaction may run. */
  timeoutMs?: number;
  stats?: LoaderStats;
}

export function createGraphContext(driver: Driver, database: string, options: GraphContextOptions = {}): GraphContext {
  const timeout = options.timeoutMs;
  return {
    sessionConfig: { database },
    transaction: timeout ? { timeout } : {},
    roles: [],
    driver,
    database,
    loaders: createLoaders(driver, database, { stats: options.stats, timeoutMs: timeout }),
  };
}

/** Runs a read query of a curated resolver, within the request's transaction timeout. */
export async function read(context: GraphContext, cypher: string, params: Record<string, unknown>) {
  const result = await context.driver.executeQuery(cypher, params, {
    database: context.database,
    routing: 'READ',
    ...(context.transaction.timeout ? { transactionConfig: { timeout: context.transaction.timeout } } : {}),
  });
  return result.records;
}
