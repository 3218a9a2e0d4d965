import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { type Request, Router } from 'express';
import type { Driver } from 'neo4j-driver';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../logging';
import type { Readiness } from '../../readiness';
import type { RequestContext, RequestLog } from '../../request/context';
import type { ServerFeature } from '../feature';
import { createMetrics } from './metrics';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** What pino-http's request serializer is given (pino-std-serializers' SerializedRequest). */
interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
}

export interface ObservabilityOptions {
  logger: Logger;
  driver: Driver;
  readiness: Readiness;
}

/** Logs one line per GraphQL operation: its name, type, duration and error codes, under the request id. */
function operationLog(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      let operationName: string | undefined;
      let operationType: string | undefined;
      return {
        async didResolveOperation({ operation }) {
          operationName = operation?.name?.value;
          operationType = operation?.operation;
        },
        async willSendResponse({ response, request }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          contextValue.log?.info(
            {
              operationName: operationName ?? request.operationName ?? null,
              operationType: operationType ?? null,
              durationMs: Number(process.hrtime.bigint() - started) / 1e6,
              errorCodes: errors.map((e) => e.extensions?.code ?? 'UNKNOWN'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/** Request ids, structured request logs, and Prometheus metrics at /metrics. */
export function observabilityFeature(options: ObservabilityOptions): ServerFeature<RequestLog> {
  const metrics = createMetrics(options.driver, () => options.readiness.prepared);
  const logRequests = pinoHttp({
    logger: options.logger,
    // Honour a caller's request id (a proxy's), else make one; either is echoed back.
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // Only what identifies the request: no headers (tokens), no bodies.
    serializers: {
      req: (req: SerializedRequest) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
  const routes = Router();
  routes.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return {
    name: 'observability',
    middleware: [logRequests, metrics.http],
    routes,
    plugins: [metrics.graphql, operationLog()],
    context: (req: Request) => ({ requestId: req.id as string, log: req.log }),
  };
}
