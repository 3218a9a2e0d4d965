import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import type { Driver } from 'neo4j-driver';
import { pinoHttp } from 'pino-http';
import type { GraphContext } from '../../graph/queries/context';
import type { Logger } from '../../logging';
import type { ServerFeature } from '../feature';
import { createMetrics } from './metrics';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface ObservabilityOptions {
  logger: Logger;
  driver: Driver;
  ready: () => boolean;
  /** Origins allowed to call the API from a browser (CORS); none = same origin only. */
  corsOrigins: string[];
}

/** Logs one line per GraphQL operation: its name, type, duration and error codes, under the request id. */
function operationLog(): ApolloServerPlugin<GraphContext> {
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

/** Request ids, structured request logs, Prometheus metrics at /metrics, and the CORS allowlist. */
export function observabilityFeature(options: ObservabilityOptions): ServerFeature {
  const metrics = createMetrics(options.driver, options.ready);
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
      req: (req) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
  const serveMetrics: RequestHandler = async (req, res, next) => {
    if (req.path !== '/metrics' || req.method !== 'GET') return next();
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
  return {
    name: 'observability',
    middleware: [
      logRequests,
      metrics.http,
      serveMetrics,
      cors({
        origin: options.corsOrigins,
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-request-id'],
        exposedHeaders: ['x-request-id'],
        maxAge: 600,
      }),
    ],
    plugins: [metrics.graphql, operationLog()],
    context: (req: Request) => ({ requestId: String(req.id), log: req.log }),
  };
}
