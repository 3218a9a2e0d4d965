import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { OperationTypeNode } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { poolConnections } from '../../neo4j/pool';
import type { RequestContext } from '../../request/context';

export interface Metrics {
  registry: Registry;
  /** Counts and times every HTTP request. */
  http: RequestHandler;
  /** Counts GraphQL operations and their errors by code. */
  graphql: ApolloServerPlugin<RequestContext>;
}

/** Prometheus metrics, in a registry of this server's own (several may run in one process). */
export function createMetrics(driver: Driver, ready: () => boolean): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ecograph_' });
  const requests = new Counter({
    name: 'ecograph_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'ecograph_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const operations = new Counter({ name: 'ecograph_graphql_operations_total', help: 'GraphQL operations', labelNames: ['type'], registers: [registry] });
  const errors = new Counter({ name: 'ecograph_graphql_errors_total', help: 'GraphQL errors by code', labelNames: ['code'], registers: [registry] });
  const cached = new Counter({
    name: 'ecograph_response_cache_total',
    help: 'Queries the response cache answered (hit) or passed on (miss), when it is on',
    labelNames: ['result'],
    registers: [registry],
  });
  new Gauge({
    name: 'ecograph_neo4j_pool_connections',
    help: "Connections in the Neo4j driver's pool",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = poolConnections(driver);
      this.set({ state: 'in_use' }, pool?.inUse ?? 0);
      this.set({ state: 'idle' }, pool?.idle ?? 0);
    },
  });
  new Gauge({
    name: 'ecograph_neo4j_ready',
    help: '1 when the database is prepared and answers',
    registers: [registry],
    collect() {
      this.set(ready() ? 1 : 0);
    },
  });

  // Routes are few and known; anything else is one label, so clients cannot blow up the series.
  const route = (path: string) =>
    ['/graphql', '/health/live', '/health/ready', '/metrics', '/', '/explore'].includes(path)
      ? path
      : path.startsWith('/playground/')
        ? '/playground'
        : path.startsWith('/explore/')
          ? '/explore'
          : 'other';
  const http: RequestHandler = (req, res, next) => {
    // Taken now: routers mounted below rewrite req.path for their own handlers.
    const labels = { method: req.method, route: route(req.path) };
    const stop = latency.startTimer(labels);
    res.once('finish', () => {
      stop();
      requests.inc({ ...labels, status: String(res.statusCode) });
    });
    next();
  };
  const graphql: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          operations.inc({ type: operation?.operation ?? 'unknown' });
        },
        async willSendResponse({ response, operation, metrics }) {
          // The response cache (src/server/response-cache.ts) says, when it is on, whether it answered.
          if (operation?.operation === OperationTypeNode.QUERY && metrics.responseCacheHit !== undefined)
            cached.inc({ result: metrics.responseCacheHit ? 'hit' : 'miss' });
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? [])
            errors.inc({ code: typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN' });
        },
      };
    },
  };
  return { registry, http, graphql };
}
