import type { Config } from './config/env';
import type { EcographError } from './errors';
import { applyConstraints } from './graph/constraints';
import { backfillPromisedLists } from './graph/promised-lists';
import { graphSchema } from './graph/schema';
import { seedEmptyGraph } from './importer/initial-seed';
import type { Logger } from './logging';
import { connectDatabase, type Database, verifyDatabase } from './neo4j/database';
import { Readiness } from './readiness';
import { authFeature } from './server/auth';
import { availabilityFeature } from './server/availability';
import { corsFeature } from './server/cors';
import { essentialFeatures } from './server/essentials';
import { explorerFeature } from './server/explorer';
import { healthFeature } from './server/health';
import { startHttpServer } from './server/http-server';
import { uniqueKeysFeature } from './server/unique-keys';
import { limitsFeature } from './server/limits';
import type { SupervisorEvents } from './neo4j/managed/supervisor';
import { observabilityFeature } from './server/observability';
import { playgroundFeature } from './server/playground';
import type { SchemaFiles } from './schema-files';

export interface RunningService {
  url: string;
  database: Database;
  readiness: Readiness;
  /**
   * Settles when the service cannot go on by itself (the managed Neo4j could not be started again),
   * with why: the command line then stops it and exits with the error's exit code.
   */
  failed: Promise<EcographError>;
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
export async function startService(config: Config, { model, examples }: SchemaFiles, logger: Logger): Promise<RunningService> {
  const readiness = new Readiness(async () => {
    const started = Date.now();
    await verifyDatabase(database, logger);
    await applyConstraints(database.driver, database.name, model);
    const backfilled = await backfillPromisedLists(database.driver, database.name, model);
    if (backfilled > 0) logger.info({ properties: backfilled }, 'gave stored nodes the empty lists the model promises');
    const constrained = Date.now();
    await seedEmptyGraph({ driver: database.driver, database: database.name, model }, logger);
    const seeded = Date.now();
    await checkDatabase();
    logger.info({ constraintsMs: constrained - started, seedsMs: seeded - constrained, checksMs: Date.now() - seeded }, 'database prepared');
  }, logger);
  let fail!: (error: EcographError) => void;
  const failed = new Promise<EcographError>((resolve) => (fail = resolve));
  // The managed Neo4j's deaths and restarts: not ready meanwhile; when it cannot be restarted, the service has failed.
  const supervision: SupervisorEvents = { down: (problem) => readiness.suspend(problem), up: () => readiness.resume(), gaveUp: (error) => fail(error) };
  const database = await connectDatabase(config, logger, { events: supervision });
  const { schema, checkDatabase } = await graphSchema(database.driver, database.name, model, config.auth).catch(async (error) => {
    await database.close();
    throw error;
  });

  try {
    const preparing = readiness.start({ retry: !database.managed });
    if (database.managed) {
      // A managed Neo4j is ours and up: a failure to prepare it is a failure to start.
      await preparing;
    } else {
      // An external one gets one try before HTTP starts; if it is down, tries go on behind.
      await Promise.race([preparing, readiness.firstAttempt]);
    }
    const { driver, name, probe } = database;
    const answers = (withinMs: number) => probe.answers(withinMs);
    const http = await startHttpServer({
      schema,
      host: config.http.host,
      port: config.http.port,
      // In the order a request meets them (src/server/feature.ts).
      features: [
        observabilityFeature({ logger, driver, readiness }),
        corsFeature(config.http.corsOrigins),
        healthFeature({ readiness, answers, unrecoverable: () => database.managed?.gaveUp?.message }),
        playgroundFeature(examples),
        explorerFeature(),
        ...essentialFeatures({
          driver,
          database: name,
          queryTimeoutMs: config.limits.queryTimeoutMs,
          requestTimeoutMs: config.limits.requestTimeoutMs,
          answers,
          maxBodyBytes: config.http.maxBodyBytes,
          debug: config.debug,
        }),
        limitsFeature(config.limits, model, config.production),
        authFeature(config.auth),
        availabilityFeature(readiness),
        uniqueKeysFeature(model),
      ],
      logger,
    });
    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      database,
      readiness,
      failed,
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
