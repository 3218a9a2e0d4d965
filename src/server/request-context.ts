import type { Driver } from 'neo4j-driver';
import { Deadline } from '../neo4j/deadline';
import { POOL_SIZE, poolExhausted } from '../neo4j/pool';
import { type DatabaseContext, databaseContext } from '../request/context';
import type { ServerFeature } from './feature';

export interface RequestContextOptions {
  driver: Driver;
  database: string;
  /** Longest one transaction may run (NEO4J_QUERY_TIMEOUT_MS, Neo4j's). */
  queryTimeoutMs: number;
  /** Longest the request's database work may take in all (REQUEST_TIMEOUT_MS, ecograph's own). */
  requestTimeoutMs: number;
  /** Whether Neo4j answers now, within the time given (a Neo4jProbe's). */
  answers: (withinMs: number) => Promise<boolean>;
}

/**
 * The database part of each request's context: the database, the transaction timeout, the
 * request's deadline (every database call of the request races it), and a new set of DataLoaders
 * (they batch and cache within the request only).
 */
export function requestContextFeature(options: RequestContextOptions): ServerFeature<DatabaseContext> {
  const { driver, database, queryTimeoutMs, requestTimeoutMs, answers } = options;
  return {
    name: 'request-context',
    context: () =>
      databaseContext(driver, database, {
        timeoutMs: queryTimeoutMs,
        deadline: new Deadline({ ms: requestTimeoutMs, answers, poolExhausted: () => poolExhausted(driver), poolSize: POOL_SIZE }),
      }),
  };
}
