import type { Config } from './config/env';
import { applyConstraints } from './graph/constraints';
import { loadTypeDefs } from './graph/model';
import { graphSchema } from './graph/schema';
import { seedEmptyGraph } from './importer/initial-seed';
import type { Logger } from './logging';
import { connectDatabase, type Database, verifyDatabase } from './neo4j/database';
import { Readiness } from './readiness';
import { authFeature } from './server/auth';
import { availabilityFeature } from './server/availability';
import { explorerFeature } from './server/explorer';
import { startHttpServer } from './server/http-server';
import { limitsFeature } from './server/limits';
import { observabilityFeature } from './server/observability';

export interface RunningService {
  url: string;
  database: Database;
  readiness: Readiness;
  /** Drains HTTP, closes the driver, then stops the managed Neo4j, if any. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The service's lifecycle, in the order data flows: config → database → schema → server.
 * The schema does not need the database, so HTTP comes up at once; the database is prepared
 * (checked, constrained, seeded when empty) before start-up ends for the managed Neo4j, and in
 * the background for an external one, which may come up later: until then the service is live
 * but not ready.
 */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const database = await connectDatabase(config, logger);
  const typeDefs = loadTypeDefs();
  const { schema, checkDatabase } = await graphSchema(database.driver, database.name, typeDefs, config.auth).catch(async (error) => {
    await database.close();
    throw error;
  });
  const readiness = new Readiness(async () => {
    const started = Date.now();
    await verifyDatabase(database, logger);
    await applyConstraints(database.driver, database.name, typeDefs);
    const constrained = Date.now();
    await seedEmptyGraph(database.driver, database.name, logger);
    const seeded = Date.now();
    await checkDatabase();
    logger.info({ constraintsMs: constrained - started, seedsMs: seeded - constrained, checksMs: Date.now() - seeded }, 'database prepared');
  }, logger);

  try {
    const preparing = readiness.start({ retry: !database.managed });
    if (database.managed) {
      // A managed Neo4j is ours and up: a failure to prepare it is a failure to start.
      await preparing;
    } else {
      // An external one gets one try before HTTP starts; if it is down, tries go on behind.
      await Promise.race([preparing, readiness.firstAttempt]);
    }
    const http = await startHttpServer({
      schema,
      driver: database.driver,
      database: database.name,
      ...config.http,
      queryTimeoutMs: config.limits.queryTimeoutMs,
      prepared: () => readiness.prepared,
      features: [
        observabilityFeature({ logger, driver: database.driver, ready: () => readiness.prepared, corsOrigins: config.http.corsOrigins }),
        availabilityFeature(readiness, config.limits.queryTimeoutMs),
        authFeature(config.auth),
        limitsFeature(config.limits, config.production),
        explorerFeature(),
      ],
      logger,
    });
    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      database,
      readiness,
      stop: () =>
        (stopping ??= (async () => {
          readiness.stop();
          await http.close();
          await database.close();
          logger.info('ecograph stopped');
        })()),
    };
  } catch (error) {
    readiness.stop();
    await database.close();
    throw error;
  }
}
