import neo4j, { type Driver } from 'neo4j-driver';
import { errors } from '../errors';
import { POOL_SIZE } from './pool';

/** How to reach a Neo4j database: an external one from the configuration, or the managed one. */
export interface Neo4jConnection {
  uri: string;
  username: string;
  password: string;
  database: string;
}

/** The NEO4J_* variables that point ecograph (or a child process of it) at this connection. */
export function connectionEnvironment(connection: Neo4jConnection): Record<string, string> {
  return {
    NEO4J_URI: connection.uri,
    NEO4J_USERNAME: connection.username,
    NEO4J_PASSWORD: connection.password,
    NEO4J_DATABASE: connection.database,
  };
}

export interface DriverOptions {
  /**
   * Longest a caller waits for a connection: one from the pool, or a new one opened and
   * authenticated. The service sets it past its request deadline, which explains the wait itself
   * (src/neo4j/deadline.ts); the driver's own error would not say whether the pool was full.
   */
  acquisitionTimeoutMs?: number;
  /** Connections at most. */
  poolSize?: number;
}

/**
 * A driver with bounds on what it waits for. Only the TCP connect (connectionTimeout) and the wait
 * for a connection (connectionAcquisitionTimeout, which covers opening and authenticating one) are
 * the driver's to bound: a query on an open connection waits for as long as Neo4j does not answer,
 * which is why requests carry a deadline of their own. Liveness checks of idle connections are
 * left off: a frozen Neo4j does not answer them either, so they would only move the wait.
 */
export function createDriver(connection: Neo4jConnection, options: DriverOptions = {}): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
    userAgent: 'ecograph',
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: options.acquisitionTimeoutMs ?? 10_000,
    maxConnectionPoolSize: options.poolSize ?? POOL_SIZE,
    // Retries of transient failures end soon, so requests during an outage fail fast.
    maxTransactionRetryTime: 2_000,
    disableLosslessIntegers: false,
  });
}

/** True when the database answers a trivial query within the timeout. */
export async function databaseAnswers(driver: Driver, database: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    await driver.executeQuery('RETURN 1', {}, { database, transactionConfig: { timeout: timeoutMs } });
    return true;
  } catch {
    return false;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** Called between attempts; returning a message stops waiting with that error (e.g. the process died). */
  abortReason?: () => string | undefined;
}

/** Waits until the database answers queries; throws with the last error when it does not in time. */
export async function waitForDatabase(driver: Driver, database: string, { timeoutMs, abortReason }: WaitOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = abortReason?.();
    if (aborted) throw new Error(aborted);
    try {
      await driver.executeQuery('RETURN 1', {}, { database });
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw errors.neo4jUnusable(`Neo4j did not answer within ${Math.round(timeoutMs / 1000)} s: ${(lastError as Error)?.message ?? lastError}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
