/** Latency percentiles (nearest rank) over samples in milliseconds. */
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  count: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
  return { p50: at(50), p90: at(90), p99: at(99), count: sorted.length };
}

export const round = (n: number, digits = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

/**
 * The latency target: GraphQL p50 at most 1.5× the raw Cypher p50 when raw takes 5 ms or more,
 * else at most raw + 2 ms (fixed HTTP and parsing costs dominate tiny queries).
 */
export function latencyTargetMet(graphqlP50: number, rawP50: number): boolean {
  return rawP50 >= 5 ? graphqlP50 <= 1.5 * rawP50 : graphqlP50 <= rawP50 + 2;
}

/** The database-hits target: what the server runs costs at most 1.5× the hand-written query. */
export function dbHitsTargetMet(generated: number, handWritten: number): boolean {
  return generated <= 1.5 * Math.max(1, handWritten);
}
