import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../logging';
import type { RequestContext } from '../request/context';
import type { ServerFeature } from './feature';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  host: string;
  port: number;
  /** Every concern of the server, composed in order (see ServerFeature for the request's lifecycle). */
  features: ServerFeature[];
  logger: Logger;
}

export interface RunningHttpServer {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  close(): Promise<void>;
}

/** Each feature's part of the request's context, merged in feature order; anonymous until a feature says who is asking. */
async function requestContext(features: ServerFeature[], req: express.Request): Promise<RequestContext> {
  const context: Partial<RequestContext> = { roles: [] };
  for (const feature of features) if (feature.context) Object.assign(context, await feature.context(req));
  return context as RequestContext;
}

/** Apollo Server on Express, serving /graphql and whatever the features add. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { schema, features, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...features.reduce<NonNullable<ServerFeature['apollo']>>((settings, f) => ({ ...settings, ...f.apollo }), {}),
    validationRules: features.flatMap((f) => f.validationRules ?? []),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Our own offline GraphiQL replaces Apollo's landing page, which loads from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache-control plugin hooks every resolved field (measured: ~3.6 ms on a network request).
      ApolloServerPluginCacheControlDisabled(),
      ...features.flatMap((f) => f.plugins ?? []),
    ],
    // The service owns the lifecycle: it drains HTTP first, then closes Neo4j (src/service.ts).
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  for (const handler of features.flatMap((f) => f.middleware ?? [])) app.use(handler);
  for (const feature of features) if (feature.routes) app.use(feature.routes);
  app.use(
    '/graphql',
    ...features.flatMap((f) => f.graphqlMiddleware ?? []),
    expressMiddleware(apollo, { context: ({ req }) => requestContext(features, req) }),
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
  // Listening comes before the database is prepared: the start-up's "ready in" line says when GraphQL answers.
  logger.info({ url: `${url}/graphql` }, 'HTTP is listening; GraphQL answers once the database is prepared');

  return {
    url,
    close: () => apollo.stop(),
  };
}
