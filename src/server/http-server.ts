import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import type { Logger } from '../logging';
import { createGraphContext, type GraphContext } from '../graph/queries/context';
import type { ServerFeature } from './feature';
import { healthRoutes } from './health';
import { loadExamples, playgroundRoutes } from './playground';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  driver: Driver;
  database: string;
  host: string;
  port: number;
  maxBodyBytes: number;
  /** Longest a request's database transaction may run. */
  queryTimeoutMs: number;
  /** Composed in order: middleware, validation rules, Apollo plugins and context. */
  features: ServerFeature[];
  /** Whether the database has been prepared; /health/ready waits for it. */
  prepared?: () => boolean;
  logger: Logger;
}

export interface RunningHttpServer {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  close(): Promise<void>;
}

/** Apollo Server on Express: /graphql (with the playground for browsers), /health/live, /health/ready. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { schema, driver, database, features, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<GraphContext>({
    schema,
    ...Object.assign({}, ...features.map((f) => f.apollo ?? {})),
    validationRules: features.flatMap((f) => f.validationRules ?? []),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Our own offline GraphiQL replaces Apollo's landing page, which loads from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache-control plugin hooks every resolved field (measured: ~3.6 ms on a network
      // request); no answer here is cacheable anyway, which the header below says once.
      ApolloServerPluginCacheControlDisabled(),
      ...features.flatMap((f) => f.plugins ?? []),
    ],
    // The service owns the lifecycle: it drains HTTP first, then closes Neo4j (src/service.ts).
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  for (const handler of features.flatMap((f) => f.middleware ?? [])) app.use(handler);
  app.use(healthRoutes(driver, database, options.prepared));
  app.use(playgroundRoutes(loadExamples()));
  app.use(
    '/graphql',
    express.json({ limit: options.maxBodyBytes }),
    ...features.flatMap((f) => f.graphqlMiddleware ?? []),
    (_req: express.Request, res: express.Response, next: express.NextFunction) => {
      res.setHeader('cache-control', 'no-store');
      next();
    },
    // A context per request: its DataLoaders batch and cache within that request only.
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const context = createGraphContext(driver, database, { timeoutMs: options.queryTimeoutMs });
        for (const feature of features) if (feature.context) Object.assign(context, await feature.context(req));
        return context;
      },
    }),
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
