import type { Driver } from 'neo4j-driver';
import { type DatabaseContext, databaseContext } from '../request/context';
import type { ServerFeature } from './feature';

/**
 * The database part of each request's context: the database, the transaction timeout, and a new
 * set of DataLoaders (they batch and cache within the request only).
 */
export function requestContextFeature(options: { driver: Driver; database: string; queryTimeoutMs: number }): ServerFeature<DatabaseContext> {
  return {
    name: 'request-context',
    context: () => databaseContext(options.driver, options.database, { timeoutMs: options.queryTimeoutMs }),
  };
}
