import type { Driver } from 'neo4j-driver';

/** Connections a driver of ecograph's keeps to Neo4j at most (set explicitly: the pool-wait error names it). */
export const POOL_SIZE = 100;

/** The driver's connection pool, read from its internals: neo4j-driver has no public pool API. */
export function poolConnections(driver: Driver): { inUse: number; idle: number } | undefined {
  const pools = (
    driver as unknown as { _connectionProvider?: { _connectionPool?: { _pools?: Record<string, { _elements?: unknown[]; _elementsInUse?: Set<unknown> }> } } }
  )._connectionProvider?._connectionPool?._pools;
  if (!pools) return undefined;
  let inUse = 0;
  let idle = 0;
  for (const pool of Object.values(pools)) {
    idle += pool._elements?.length ?? 0;
    inUse += pool._elementsInUse?.size ?? 0;
  }
  return { inUse, idle };
}

interface PoolInternals {
  _maxSize?: number;
  _activeResourceCounts?: Record<string, number>;
  _pendingCreates?: Record<string, number>;
}

/**
 * Whether a caller has to wait for a connection: every one the pool may have is in use or being
 * opened (the rule neo4j-driver's pool applies before it opens another).
 */
export function poolExhausted(driver: Driver): boolean {
  const pool = (driver as unknown as { _connectionProvider?: { _connectionPool?: PoolInternals } })._connectionProvider?._connectionPool;
  if (!pool?._activeResourceCounts) return false;
  const max = pool._maxSize ?? POOL_SIZE;
  return Object.entries(pool._activeResourceCounts).some(([address, active]) => active + (pool._pendingCreates?.[address] ?? 0) >= max);
}
