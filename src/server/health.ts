import { Router } from 'express';
import type { Driver } from 'neo4j-driver';
import { databaseAnswers } from '../neo4j/driver';
import type { Readiness } from '../readiness';
import type { ServerFeature } from './feature';

/**
 * Liveness (the process serves HTTP) and readiness (the database was prepared and answers now),
 * for orchestrators and load balancers.
 */
export function healthFeature(options: { driver: Driver; database: string; readiness: Readiness }): ServerFeature {
  const { driver, database, readiness } = options;
  const routes = Router();
  routes.get('/health/live', (_req, res) => {
    res.json({ status: 'live' });
  });
  routes.get('/health/ready', async (_req, res) => {
    const ready = readiness.prepared && (await databaseAnswers(driver, database, 2_000));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', neo4j: ready ? 'up' : 'down' });
  });
  return { name: 'health', routes };
}
