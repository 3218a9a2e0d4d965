import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { OperationTypeNode } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { GenerationReader, readGeneration } from '../graph/generation';
import type { RequestContext } from '../request/context';
import type { ServerFeature } from './feature';

export interface ResponseCacheOptions {
  driver: Driver;
  database: string;
  /** Room for answers (least recently used go first). */
  maxBytes: number;
  /** How long an answer is kept at most: what bounds staleness after writes made outside ecograph. */
  ttlSeconds: number;
}

/** Set on a request whose generation could not be read: it neither reads nor fills the cache. */
const UNCACHED = Symbol('uncached');
type Marked = RequestContext & { [UNCACHED]?: true };

/**
 * Read queries answered from memory while the graph has not changed. An answer is kept under its
 * operation, variables, the caller's roles and the graph's generation, read from Neo4j for every
 * request (src/graph/generation.ts): every write of ecograph's bumps it in the writing transaction,
 * so a write makes every kept answer unusable at once, on every replica, and no answer is older
 * than the last write committed before its request arrived. Answers with errors are not kept.
 * Apollo's response-cache plugin does the keeping; hits and misses are in /metrics.
 */
export function responseCacheFeature(options: ResponseCacheOptions): ServerFeature {
  const generation = new GenerationReader(() => readGeneration(options.driver, options.database));
  const cachePolicy: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        // With Apollo's cache-control plugin off (it hooks every field), the policy is ours to set: every query may be kept.
        async didResolveOperation({ operation, overallCachePolicy }) {
          if (operation?.operation === OperationTypeNode.QUERY) overallCachePolicy.replace({ maxAge: options.ttlSeconds, scope: 'PUBLIC' });
        },
      };
    },
  };
  const responseCache = responseCachePlugin<RequestContext>({
    cache: new InMemoryLRUCache<string>({ maxSize: options.maxBytes }),
    extraCacheKeyData: async ({ contextValue }) => {
      try {
        // Within the request's deadline: a frozen Neo4j must not hold the request past it.
        const { deadline } = contextValue;
        const current = deadline
          ? await deadline.run(async (began) => {
              began();
              return generation.current();
            })
          : await generation.current();
        return { generation: current, roles: [...contextValue.roles].sort() };
      } catch {
        // The database does not answer: the query itself will say so.
        (contextValue as Marked)[UNCACHED] = true;
        return null;
      }
    },
    shouldReadFromCache: async ({ contextValue }) => !(contextValue as Marked)[UNCACHED],
    shouldWriteToCache: async ({ contextValue }) => !(contextValue as Marked)[UNCACHED],
  });
  return { name: 'response-cache', plugins: [cachePolicy, responseCache] };
}
