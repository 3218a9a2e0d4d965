import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import type { Logger } from '../logging';
import { createGraphContext, type GraphContext } from '../graph/queries/context';
import { healthRoutes } from './health';
import { loadExamples, playgroundRoutes } from './playground';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  driver: Driver;
  database: string;
  host: string;
  port: number;
  logger: Logger;
}

export interface RunningHttpServer {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  close(): Promise<void>;
}

/** Apollo Server on Express: /graphql, /health/live and /health/ready. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { schema, driver, database, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<GraphContext>({
    schema,
    // Our own offline GraphiQL replaces Apollo's landing page, which loads from a CDN.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
    // The service owns the lifecycle: it drains HTTP first, then closes Neo4j (src/service.ts).
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  app.use(healthRoutes(driver, database));
  app.use(playgroundRoutes(loadExamples()));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    // A context per request: its DataLoaders batch and cache within that request only.
    expressMiddleware(apollo, { context: async () => createGraphContext(driver, database) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url: `${url}/graphql` }, 'ecograph is serving GraphQL');

  return {
    url,
    close: () => apollo.stop(),
  };
}
