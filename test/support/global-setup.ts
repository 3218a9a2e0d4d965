import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/logging';
import { connectionEnvironment } from '../../src/neo4j/driver';
import { ManagedNeo4j } from '../../src/neo4j/managed/managed-neo4j';
import { packageRoot } from '../../src/paths';
import { freePort } from './ports';

const TEST_RUNS = path.join(packageRoot, 'data', 'test');

/** Removes what earlier runs that died left behind (their jest process is gone). */
function removeDeadRuns(): void {
  if (!fs.existsSync(TEST_RUNS)) return;
  for (const entry of fs.readdirSync(TEST_RUNS)) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    let alive: boolean;
    try {
      alive = pid > 0 && process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(path.join(TEST_RUNS, entry), { recursive: true, force: true });
  }
}

declare global {
  var __ECOGRAPH_TEST_NEO4J__: ManagedNeo4j | undefined;
  var __ECOGRAPH_TEST_DATA__: string | undefined;
}

/**
 * Starts one managed Neo4j for the whole run, unless NEO4J_URI points at a Neo4j to test against,
 * and exports its connection as NEO4J_* variables, which the test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) return;
  removeDeadRuns();
  // A folder of this run's own, so that two runs at once do not share a database.
  const dataRoot = path.join(TEST_RUNS, `run-${process.pid}`);
  globalThis.__ECOGRAPH_TEST_DATA__ = dataRoot;
  const neo4j = await ManagedNeo4j.start({
    dataRoot,
    cacheDir: path.join(packageRoot, '.cache'),
    boltPort: await freePort(),
    database: 'neo4j',
    heapSize: '1g',
    pageCacheSize: '512m',
    startTimeoutMs: 180_000,
    logger: createLogger('warn'),
  });
  globalThis.__ECOGRAPH_TEST_NEO4J__ = neo4j;
  Object.assign(process.env, connectionEnvironment(neo4j.connection));
}
