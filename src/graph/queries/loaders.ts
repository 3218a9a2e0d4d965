import DataLoader from 'dataloader';
import type { Record as Neo4jRecord } from 'neo4j-driver';
import { toNumber } from './values';

export interface SourceRef {
  key: string;
  title: string;
  url: string | null;
  publisher: string | null;
  lastUpdated: string | null;
}

export interface Loaders {
  /** Source documents by key: the provenance of every curated answer. */
  sources: DataLoader<string, SourceRef | null>;
  /** Collaboration degree by entity key: how many others an actor shares initiatives with. */
  collaborationDegree: DataLoader<string, number>;
}

/** Counts database round trips, so tests and benchmarks can see batching at work. */
export interface LoaderStats {
  batches: number;
}

/** A source `s` as SourceRef, in Cypher. */
export const SOURCE_MAP = 's { .key, .title, .url, .publisher, lastUpdated: toString(s.lastUpdated) }';

/** DataLoaders for one request: N parents asking for the same kind of field cost one query. */
/** Runs one read query; the request's context supplies it, with its transaction timeout. */
export type ReadQuery = (cypher: string, params: Record<string, unknown>) => Promise<Neo4jRecord[]>;

export function createLoaders(runRead: ReadQuery, stats?: LoaderStats): Loaders {
  const read = (cypher: string, keys: readonly string[]) => {
    if (stats) stats.batches += 1;
    return runRead(cypher, { keys });
  };
  return {
    sources: new DataLoader(async (keys) => {
      const records = await read(
        `MATCH (s:Source) WHERE s.key IN $keys
         RETURN s.key AS key, ${SOURCE_MAP} AS source`,
        keys,
      );
      const byKey = new Map(records.map((r) => [r.get('key') as string, r.get('source') as SourceRef]));
      return keys.map((key) => byKey.get(key) ?? null);
    }),
    collaborationDegree: new DataLoader(async (keys) => {
      // COORDINATES and PARTICIPATES_IN lead only to projects and ecosystems: no label to check.
      const records = await read(
        `UNWIND $keys AS key
         MATCH (a:Entity {key: key})
         RETURN key, COUNT { MATCH (a)-[:COORDINATES|PARTICIPATES_IN]->()<-[:COORDINATES|PARTICIPATES_IN]-(other)
                             WHERE other <> a RETURN DISTINCT other } AS degree`,
        keys,
      );
      const byKey = new Map(records.map((r) => [r.get('key') as string, toNumber(r.get('degree'))]));
      return keys.map((key) => byKey.get(key) ?? 0);
    }),
  };
}

/** Sources a query read along with its answer: the loader has them, and asks Neo4j for no others. */
export function primeSources(loaders: Loaders, sources: readonly SourceRef[]): void {
  for (const source of sources) loaders.sources.prime(source.key, source);
}

/** The sources for a list of keys, in order, without duplicates or unknown keys. */
export async function sourcesFor(loaders: Loaders, keys: readonly (string | null | undefined)[] | null | undefined): Promise<SourceRef[]> {
  const unique = [...new Set((keys ?? []).filter((k): k is string => Boolean(k)))];
  const found = await loaders.sources.loadMany(unique);
  return found.filter((s): s is SourceRef => s !== null && !(s instanceof Error));
}
