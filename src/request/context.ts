import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { countingWrites } from '../graph/generation';
import { createLoaders, type LoaderStats, type Loaders } from '../graph/queries/loaders';
import type { Logger } from '../logging';
import { autoCommitReads } from '../neo4j/auto-commit';
import { type DatabaseAccess, type Deadline, guardedDriver } from '../neo4j/deadline';
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
  /**
   * Read by @neo4j/graphql: what it opens its sessions with. The driver itself, or, in a request
   * over HTTP, the driver as the request's deadline guards it (src/neo4j/deadline.ts); the curated
   * queries read through it too.
   */
  executionContext: Driver;
  driver: Driver;
  database: string;
  /** This request's DataLoaders: they batch and cache within the request only. */
  loaders: Loaders;
  /** The request's deadline, over HTTP: database work done outside `executionContext` races it too. */
  deadline?: Deadline;
}

/** This request's id and logger, when served over HTTP. */
export interface RequestLog {
  requestId?: string;
  log?: Logger;
}

export type RequestContext = DatabaseContext & Caller & RequestLog;

export interface DatabaseContextOptions {
  /** Longest one database transaction may run (Neo4j's timeout). */
  timeoutMs?: number;
  /** The request's deadline for all its database work (ecograph's own). */
  deadline?: Deadline;
  stats?: LoaderStats;
}

/** Read queries on the request's database, within its transaction timeout and (through `access`) its deadline. */
function readQuery(access: DatabaseAccess, database: string, timeoutMs?: number) {
  return async (cypher: string, params: Record<string, unknown>) => {
    const session = access.session({ database, defaultAccessMode: 'READ', bookmarkManager: access.executeQueryBookmarkManager });
    try {
      const result = await session.executeRead((tx) => tx.run(cypher, params), timeoutMs ? { timeout: timeoutMs } : undefined);
      return result.records;
    } finally {
      await session.close();
    }
  };
}

export function databaseContext(driver: Driver, database: string, options: DatabaseContextOptions = {}): DatabaseContext {
  const timeout = options.timeoutMs;
  const reads = autoCommitReads(driver);
  const access = options.deadline ? (guardedDriver(reads, options.deadline) as Driver) : reads;
  // Mutations bump the graph's generation in their own transaction (src/graph/generation.ts).
  const executionContext = countingWrites(access) as Driver;
  return {
    sessionConfig: { database },
    transaction: timeout ? { timeout } : {},
    executionContext,
    driver,
    database,
    loaders: createLoaders(readQuery(access, database, timeout), options.stats),
    ...(options.deadline ? { deadline: options.deadline } : {}),
  };
}

/** A request context with no caller (anonymous): for tests and in-process execution of the schema. */
export function createRequestContext(driver: Driver, database: string, options: DatabaseContextOptions = {}): RequestContext {
  return { ...databaseContext(driver, database, options), roles: [] };
}

/**
 * Runs `work`, a resolver's reads of several statements, as the request reads (its deadline, its
 * transaction timeout; each statement auto-committed, src/neo4j/auto-commit.ts). Neo4j reads what
 * is committed at each statement, in one transaction or not: work that must see one state of the
 * graph checks the generation before and after (src/graph/views.ts).
 */
export async function readTransaction<T>(context: DatabaseContext, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const access = context.executionContext;
  const session = access.session({ database: context.database, defaultAccessMode: 'READ', bookmarkManager: access.executeQueryBookmarkManager });
  try {
    return await session.executeRead(work, context.transaction.timeout ? { timeout: context.transaction.timeout } : undefined);
  } finally {
    await session.close();
  }
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
  const records = await readQuery(context.executionContext, context.database, context.transaction.timeout)(cypher, params);
  return records.map((record) => record.toObject() as Row);
}
