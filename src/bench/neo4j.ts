import path from 'node:path';
import { createLogger } from '../logging';
import { ManagedNeo4j } from '../neo4j/managed/managed-neo4j';
import { packageRoot } from '../paths';
import { freePort } from '../util/ports';

export interface BenchNeo4jOptions {
  heapSize: string;
  pagecacheSize: string;
}

/** A Neo4j of a benchmark's own, in a temporary folder, on a free loopback port; the caller stops it. */
export async function startBenchNeo4j(dataRoot: string, { heapSize, pagecacheSize }: BenchNeo4jOptions): Promise<ManagedNeo4j> {
  return ManagedNeo4j.start({
    dataRoot,
    cacheDir: path.join(packageRoot, '.cache'),
    boltPort: await freePort(),
    database: 'neo4j',
    heapSize,
    pageCacheSize: pagecacheSize,
    startTimeoutMs: 180_000,
    logger: createLogger('warn'),
  });
}
