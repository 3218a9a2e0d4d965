import { Router } from 'express';
import type { Driver } from 'neo4j-driver';
import { databaseAnswers } from '../neo4j/driver';

/**
 * Liveness (the process serves HTTP) and readiness (the database was prepared and answers now),
 * for orchestrators and load balancers.
 */
export function healthRoutes(driver: Driver, database: string, prepared: () => boolean = () => true): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'live' });
  });
  router.get('/health/ready', async (_req, res) => {
    const ready = prepared() && (await databaseAnswers(driver, database, 2_000));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', neo4j: ready ? 'up' : 'down' });
  });
  return router;
}
