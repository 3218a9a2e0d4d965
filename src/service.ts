import type { Config } from './config/env';
import type { EcographError } from './errors';
import { applyConstraints } from './graph/constraints';
import { backfillPromisedLists } from './graph/promised-lists';
import { graphSchema } from './graph/schema';
import { LiveGraphStatistics } from './graph/statistics';
import { seedGraph } from './importer/initial-seed';
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
import { responseCacheFeature } from './server/response-cache';
import { uniqueKeysFeature } from './server/unique-keys';
import { limitsFeature } from './server/limits';
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

/** A settled promise's value, or its failure thrown. */
function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

export interface StartOptions {
  /**
   * The database, when the caller launched it already (connectDatabase with waitForManaged
   * false): the CLI does, so that a managed Neo4j starts while the server's modules load.
   */
  database?: Database;
}

/**
 * The service's lifecycle, in the order data flows: config → database → schema → server.
 * The schema does not need the database, so it is built while a managed Neo4j starts, and HTTP
 * comes up at once; the database is prepared (checked, constrained, seeded when empty) before
 * start-up ends for the managed Neo4j, and in the background for an external one, which may come
 * up later: until then the service is live but not ready.
 */
export async function startService(config: Config, { model, examples }: SchemaFiles, logger: Logger, options: StartOptions = {}): Promise<RunningService> {
  const database = options.database ?? (await connectDatabase(config, logger, { waitForManaged: false }));
  const store = { driver: database.driver, database: database.name, model };
  const { schema, checkDatabase } = await graphSchema(database.driver, database.name, model, config.auth)
    .then(async (built) => {
      await database.answering();
      return built;
    })
    .catch(async (error) => {
      await database.close();
      throw error;
    });
  // The graph's own sizes, which the cost rule prices relationship lists by (src/graph/statistics.ts).
  const statistics = new LiveGraphStatistics(database.driver, database.name, model, logger);
  const readiness = new Readiness(async () => {
    const started = Date.now();
    // On a Neo4j that has just started, each distinct query is planned on a cold JVM: the checks,
    // which do not depend on each other, go at once (the verification's failure is the one told).
    // Seeding waits for them: run alongside, on two cores and a cold JVM, it made the first start
    // slower, not faster (measured with npm run bench:start).
    const [verified, constrained, read, indexesChecked, filled] = await Promise.allSettled([
      verifyDatabase(database, logger),
      applyConstraints(database.driver, database.name, model),
      statistics.refresh(),
      checkDatabase(),
      backfillPromisedLists(database.driver, database.name, model),
    ]);
    valueOf(verified);
    const schemaChanges = valueOf(constrained);
    const sizes = valueOf(read);
    valueOf(indexesChecked);
    const backfilled = valueOf(filled);
    if (backfilled > 0) logger.info({ properties: backfilled }, 'gave stored nodes the empty lists the model promises');
    const checked = Date.now();
    if (sizes.nodes(model.entityLabel) + sizes.nodes(model.source.name) === 0) {
      await seedGraph(store, logger, { schemaReady: true });
      // The sizes the cost rule prices by, of the graph as seeded.
      await statistics.refresh();
    } else {
      logger.info('the graph holds data: seeds not loaded');
    }
    statistics.watch();
    logger.info({ checksMs: checked - started, seedsMs: Date.now() - checked, created: schemaChanges.created }, 'database prepared');
  }, logger);
  let fail!: (error: EcographError) => void;
  const failed = new Promise<EcographError>((resolve) => (fail = resolve));
  // The managed Neo4j's deaths and restarts: not ready meanwhile; when it cannot be restarted, the service has failed.
  database.managed?.listen({ down: (problem) => readiness.suspend(problem), up: () => readiness.resume(), gaveUp: (error) => fail(error) });

  try {
    const preparing = readiness.start({ retry: !database.managed });
    const { driver, name, probe } = database;
    const answers = (withinMs: number) => probe.answers(withinMs);
    // HTTP comes up while the database is prepared; GraphQL answers 503 until it is ready.
    const serving = startHttpServer({
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
        limitsFeature(config.limits, model, config.production, statistics),
        authFeature(config.auth),
        availabilityFeature(readiness),
        uniqueKeysFeature(model),
        ...(config.responseCache.maxBytes > 0
          ? [responseCacheFeature({ driver, database: name, maxBytes: config.responseCache.maxBytes, ttlSeconds: config.responseCache.ttlSeconds })]
          : []),
      ],
      logger,
    });
    serving.catch(() => undefined); // its failure is met below, once preparing is done
    let http: Awaited<typeof serving>;
    try {
      // A managed Neo4j is ours and up: a failure to prepare it is a failure to start. An external
      // one gets one try; if it is down, tries go on behind.
      await (database.managed ? preparing : Promise.race([preparing, readiness.firstAttempt]));
      http = await serving;
    } catch (error) {
      await serving.then((started) => started.close()).catch(() => undefined);
      throw error;
    }
    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      database,
      readiness,
      failed,
      stop: () =>
        (stopping ??= (async () => {
          readiness.stop();
          statistics.stop();
          await http.close();
          await database.close();
          logger.info('ecograph stopped');
        })()),
    };
  } catch (error) {
    readiness.stop();
    statistics.stop();
    await database.close();
    throw error;
  }
}
