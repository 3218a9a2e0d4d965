import type { Driver } from 'neo4j-driver';
import { createLoaders, type LoaderStats, type Loaders } from '../graph/queries/loaders';
import type { Logger } from '../logging';
import type { Caller } from './access';

/**
 * What every resolver gets for one request. The graph layer reads it; the server's features
 * build it, each adding its part (src/server/feature.ts): the database part here, the caller by
 * authentication, the request id and logger by observability.
 */
export interface DatabaseContext {
  /** Read by @neo4j/graphql: the database its generated queries run on. */
  sessionConfig: { database: string };
  /** Read by @neo4j/graphql: the transaction timeout of its generated queries. */
  transaction: { timeout?: number };
  driver: Driver;
  database: string;
  /** This request's DataLoaders: they batch and cache within the request only. */
  loaders: Loaders;
}

/** This request's id and logger, when served over HTTP. */
export interface RequestLog {
  requestId?: string;
  log?: Logger;
}

export type RequestContext = DatabaseContext & Caller & RequestLog;

export interface DatabaseContextOptions {
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

export function databaseContext(driver: Driver, database: string, options: DatabaseContextOptions = {}): DatabaseContext {
  const timeout = options.timeoutMs;
  return {
    sessionConfig: { database },
    transaction: timeout ? { timeout } : {},
    driver,
    database,
    loaders: createLoaders(readQuery(driver, database, timeout), options.stats),
  };
}

/** A request context with no caller (anonymous): for tests and in-process execution of the schema. */
export function createRequestContext(driver: Driver, database: string, options: DatabaseContextOptions = {}): RequestContext {
  return { ...databaseContext(driver, database, options), roles: [] };
}

/**
 * Runs a read query of a curated resolver, within the request's transaction timeout; its rows as
 * plain objects of the shape the query's RETURN gives (`Row`, which the caller states).
 */
export async function read<Row extends object = Record<string, unknown>>(
  context: DatabaseContext,
  cypher: string,
  params: Record<string, unknown>,
): Promise<Row[]> {
  const records = await readQuery(context.driver, context.database, context.transaction.timeout)(cypher, params);
  return records.map((record) => record.toObject() as Row);
}
