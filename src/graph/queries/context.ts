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

/** Read queries on the request's database, within its transaction timeout. */
function readQuery(driver: Driver, database: string, timeoutMs?: number) {
  return async (cypher: string, params: Record<string, unknown>) => {
    const result = await driver.executeQuery(cypher, params, {
      database,
      routing: 'READ',
      ...(timeoutMs ? { transactionConfig: { timeout: timeoutMs } } : {}),
    });
    return result.records;
  };
}

export function createGraphContext(driver: Driver, database: string, options: GraphContextOptions = {}): GraphContext {
  const timeout = options.timeoutMs;
  return {
    sessionConfig: { database },
    transaction: timeout ? { timeout } : {},
    roles: [],
    driver,
    database,
    loaders: createLoaders(readQuery(driver, database, timeout), options.stats),
  };
}

/** Runs a read query of a curated resolver, within the request's transaction timeout. */
export function read(context: GraphContext, cypher: string, params: Record<string, unknown>) {
  return readQuery(context.driver, context.database, context.transaction.timeout)(cypher, params);
}
