import path from 'node:path';
import { createLogger, type Logger } from '../../logging';
import { packageRoot } from '../../paths';
import { freePort } from '../../util/ports';
import { ManagedNeo4j } from './managed-neo4j';

export interface ScratchNeo4jOptions {
  heapSize: string;
  pagecacheSize: string;
  /** Where the Neo4j runtime is cached (default: the package's .cache). */
  cacheDir?: string;
  logger?: Logger;
}

/**
 * A Neo4j of a command's own (a benchmark's, `ecograph seeds-snapshot`'s), in a folder the caller
 * gives and removes, on a free loopback port: no graph of the user's is touched. The caller stops it.
 */
export async function startScratchNeo4j(dataRoot: string, options: ScratchNeo4jOptions): Promise<ManagedNeo4j> {
  return ManagedNeo4j.start({
    dataRoot,
    cacheDir: options.cacheDir ?? path.join(packageRoot, '.cache'),
    boltPort: await freePort(),
    database: 'neo4j',
    heapSize: options.heapSize,
    pageCacheSize: options.pagecacheSize,
    startTimeoutMs: 300_000,
    logger: options.logger ?? createLogger('warn'),
  });
}
