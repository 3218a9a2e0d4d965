import type { Driver } from 'neo4j-driver';
import type { Config } from '../config/env';
import type { Logger } from '../logging';
import { verifyNeo4jServer, type ServerInfo } from './compatibility';
import { createDriver, type Neo4jConnection } from './driver';
import { ManagedNeo4j } from './managed/managed-neo4j';

/** The Neo4j database ecograph works on, whether it runs it itself or was pointed at one. */
export interface Database {
  driver: Driver;
  /** Name of the database within the DBMS. */
  name: string;
  server: ServerInfo;
  /** Present when ecograph started Neo4j itself. */
  managed?: ManagedNeo4j;
  close(): Promise<void>;
}

/** Starts the managed Neo4j when NEO4J_URI is not set, connects, and checks the server. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let managed: ManagedNeo4j | undefined;
  let connection: Neo4jConnection;
  if (config.neo4j.mode === 'external') {
    connection = config.neo4j;
  } else {
    managed = await ManagedNeo4j.start({ ...config.neo4j, dataRoot: config.dataDir, cacheDir: config.cacheDir, logger });
    connection = managed.connection;
  }

  const driver = createDriver(connection);
  const close = async () => {
    await driver.close();
    await managed?.stop();
  };
  try {
    await driver.verifyConnectivity({ database: connection.database });
    const server = await verifyNeo4jServer(driver, connection.database);
    logger.info({ uri: connection.uri, database: connection.database, ...server, managed: Boolean(managed) }, 'connected to Neo4j');
    return { driver, name: connection.database, server, managed, close };
  } catch (error) {
    await close();
    throw new Error(`Cannot use Neo4j at ${connection.uri} (database "${connection.database}"): ${(error as Error).message}`);
  }
}
