import { Router } from 'express';
import type { Readiness } from '../readiness';
import type { ServerFeature } from './feature';

/** Longest /health/ready waits for Neo4j: a load balancer hears 503 within 2 s of asking whatever Neo4j does. */
export const READY_PROBE_MS = 1_500;

export interface HealthOptions {
  readiness: Readiness;
  /** Whether Neo4j answers now, within the time given (a Neo4jProbe's). */
  answers: (withinMs: number) => Promise<boolean>;
  /** Why the service cannot recover by itself, if it cannot (the managed Neo4j given up on); else undefined. */
  unrecoverable?: () => string | undefined;
}

/**
 * Liveness (the process serves HTTP and can recover by itself) and readiness (the database was
 * prepared and answers now, asked with a deadline of ecograph's own), for orchestrators and load
 * balancers.
 */
export function healthFeature(options: HealthOptions): ServerFeature {
  const { readiness, answers, unrecoverable } = options;
  const routes = Router();
  routes.get('/health/live', (_req, res) => {
    const problem = unrecoverable?.();
    if (problem) res.status(503).json({ status: 'failed', problem });
    else res.json({ status: 'live' });
  });
  routes.get('/health/ready', async (_req, res) => {
    const ready = readiness.prepared && (await answers(READY_PROBE_MS));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', neo4j: ready ? 'up' : 'down' });
  });
  return { name: 'health', routes };
}
