import type { Config } from './config/env';
import { applyConstraints } from './graph/constraints';
import { loadTypeDefs } from './graph/model';
import { buildGraphSchema } from './graph/schema';
import { seedEmptyGraph } from './importer/initial-seed';
import type { Logger } from './logging';
import { type Database, openDatabase } from './neo4j/database';
import { authFeature } from './server/auth';
import { type RunningHttpServer, startHttpServer } from './server/http-server';
import { limitsFeature } from './server/limits';

export interface RunningService {
  url: string;
  database: Database;
  /** Drains HTTP, closes the driver, then stops the managed Neo4j, if any. Safe to call twice. */
  stop(): Promise<void>;
}

/** The service's lifecycle, in the order data flows: config → database (seeded when empty) → schema → server. */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const database = await openDatabase(config, logger);
  let http: RunningHttpServer | undefined;
  try {
    const typeDefs = loadTypeDefs();
    await applyConstraints(database.driver, database.name, typeDefs);
    await seedEmptyGraph(database.driver, database.name, logger);
    const schema = await buildGraphSchema(database.driver, database.name, typeDefs);
    http = await startHttpServer({
      schema,
      driver: database.driver,
      database: database.name,
      ...config.http,
      queryTimeoutMs: config.limits.queryTimeoutMs,
      features: [authFeature(config.auth), limitsFeature(config.limits, config.production)],
      logger,
    });
  } catch (error) {
    await database.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const server = http;
  return {
    url: server.url,
    database,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await database.close();
        logger.info('ecograph stopped');
      })()),
  };
}
