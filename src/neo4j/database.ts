import type { Driver } from 'neo4j-driver';
import type { Config } from '../config/env';
import { EcographError, errors } from '../errors';
import type { Logger } from '../logging';
import { type ServerInfo, verifyNeo4jServer } from './compatibility';
import { createDriver, type Neo4jConnection } from './driver';
import { runningManagedNeo4j } from './managed/managed-neo4j';
import { Neo4jSupervisor, type SupervisorEvents } from './managed/supervisor';
import { Neo4jProbe } from './probe';

/** The Neo4j database ecograph works on, whether it runs it itself or was pointed at one. */
export interface Database {
  driver: Driver;
  /** Name of the database within the DBMS. */
  name: string;
  /** Where it is, for messages (never with the password). */
  uri: string;
  /** Present when ecograph started Neo4j itself: it keeps it running. (Absent too when it shares one another ecograph runs.) */
  managed?: Neo4jSupervisor;
  /** Resolves once a managed Neo4j answers (at once for an external one, which readiness waits for). */
  answering(): Promise<void>;
  /** Whether Neo4j answers now, asked on a connection of its own with a deadline (health checks, request deadlines). */
  probe: Neo4jProbe;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /**
   * Wait for a managed Neo4j to answer before returning (the default). Without, it is only
   * launched: the caller does its own start-up work while Neo4j starts, then awaits answering().
   */
  waitForManaged?: boolean;
  /**
   * Use the managed Neo4j another ecograph runs on the same data folder, when there is one,
   * instead of starting one (which would refuse): for commands run beside the service.
   */
  shareRunning?: boolean;
  /** What the caller hears of the managed Neo4j it starts (and supervises): its deaths, restarts, and giving up (or later: Neo4jSupervisor.listen). */
  events?: SupervisorEvents;
}

/**
 * Starts the managed Neo4j when NEO4J_URI is not set (or, with `shareRunning`, uses the one
 * already running on the data folder), and makes a driver. An external Neo4j is not contacted
 * yet: the service comes up without it and becomes ready when it answers.
 */
export async function connectDatabase(
  config: Config,
  logger: Logger,
  { waitForManaged = true, shareRunning = false, events }: ConnectOptions = {},
): Promise<Database> {
  let managed: Neo4jSupervisor | undefined;
  let connection: Neo4jConnection;
  let answering = () => Promise.resolve();
  const running = config.neo4j.mode === 'managed' && shareRunning ? runningManagedNeo4j(config.dataDir) : undefined;
  if (config.neo4j.mode === 'external') {
    connection = config.neo4j;
  } else if (running) {
    logger.info({ uri: running.uri }, 'using the managed Neo4j that is already running on this data folder');
    connection = running;
  } else {
    const launched = await Neo4jSupervisor.launch({ ...config.neo4j, dataRoot: config.dataDir, cacheDir: config.cacheDir, logger }, events);
    answering = () => launched.answering();
    if (waitForManaged) await answering();
    managed = launched;
    connection = launched.connection;
  }
  // Requests wait for a connection within their own deadline, which says why they waited.
  const driver = createDriver(connection, { acquisitionTimeoutMs: config.limits.requestTimeoutMs + 1_000 });
  const probe = new Neo4jProbe(connection);
  return {
    driver,
    name: connection.database,
    uri: connection.uri,
    managed,
    answering,
    probe,
    close: async () => {
      await probe.close();
      await driver.close();
      await managed?.stop();
    },
  };
}

/** Checks that the database answers and is a Neo4j ecograph can use (5.26+, APOC). */
export async function verifyDatabase(database: Database, logger: Logger): Promise<ServerInfo> {
  try {
    await database.driver.verifyConnectivity({ database: database.name });
    const server = await verifyNeo4jServer(database.driver, database.name);
    logger.info({ uri: database.uri, database: database.name, ...server, managed: Boolean(database.managed) }, 'connected to Neo4j');
    return server;
  } catch (error) {
    const message = `Cannot use Neo4j at ${database.uri} (database "${database.name}"): ${(error as Error).message}`;
    throw error instanceof EcographError && error.code !== 'SERVICE_UNAVAILABLE'
      ? errors.neo4jIncompatible(message, error)
      : errors.neo4jUnusable(message, error);
  }
}

/**
 * Connects and checks at once, failing fast: for commands such as import and export, which use
 * the managed Neo4j a running service started on the same data folder, when there is one.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await connectDatabase(config, logger, { shareRunning: true });
  try {
    await verifyDatabase(database, logger);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
