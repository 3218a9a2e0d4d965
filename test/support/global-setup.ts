import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/logging';
import { ManagedNeo4j } from '../../src/neo4j/managed/managed-neo4j';
import { packageRoot } from '../../src/paths';
import { freePort } from './ports';

/** Where the test run's managed Neo4j lives; wiped at the start of every run. */
export const TEST_DATA_ROOT = path.join(packageRoot, 'data', 'test');

declare global {
  // eslint-disable-next-line no-var
  var __ECOGRAPH_TEST_NEO4J__: ManagedNeo4j | undefined;
}

/**
 * Starts one managed Neo4j for the whole run, unless NEO4J_URI points at a Neo4j to test against,
 * and exports its connection as NEO4J_* variables, which the test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) return;
  fs.rmSync(path.join(TEST_DATA_ROOT, 'neo4j'), { recursive: true, force: true });
  const neo4j = await ManagedNeo4j.start({
    dataRoot: TEST_DATA_ROOT,
    cacheDir: path.join(packageRoot, '.cache'),
    boltPort: await freePort(),
    database: 'neo4j',
    heapSize: '1g',
    pageCacheSize: '512m',
    startTimeoutMs: 180_000,
    logger: createLogger('warn'),
  });
  globalThis.__ECOGRAPH_TEST_NEO4J__ = neo4j;
  Object.assign(process.env, {
    NEO4J_URI: neo4j.connection.uri,
    NEO4J_USERNAME: neo4j.connection.username,
    NEO4J_PASSWORD: neo4j.connection.password,
    NEO4J_DATABASE: neo4j.connection.database,
  });
}
