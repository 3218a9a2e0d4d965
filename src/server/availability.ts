import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError, Kind, type OperationDefinitionNode } from 'graphql';
import type { GraphContext } from '../graph/queries/context';
import type { Readiness } from '../readiness';
import type { ServerFeature } from './feature';

// Driver errors that mean "Neo4j cannot be reached right now", as opposed to a bad query.
const UNAVAILABLE =
  /ServiceUnavailable|SessionExpired|Failed to connect|Connection (was )?closed|ECONNREFUSED|ECONNRESET|Could not perform discovery|Pool (is )?closed|connection acquisition timed out/i;
const TIMED_OUT = /TransactionTimedOut|transaction has been terminated|timed out/i;

const onlyIntrospection = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));

/** A database error as a client should see it: what happened and what to do, never internals. */
export function databaseErrorFor(error: GraphQLFormattedError, queryTimeoutMs: number): GraphQLFormattedError | undefined {
  if (error.extensions?.code === 'SERVICE_UNAVAILABLE') return undefined; // ours already
  const text = `${error.message} ${JSON.stringify(error.extensions ?? {})}`;
  if (TIMED_OUT.test(text)) {
    return {
      ...error,
      message: `The query ran longer than the ${queryTimeoutMs} ms allowed (NEO4J_QUERY_TIMEOUT_MS) and was stopped.`,
      extensions: { code: 'QUERY_TIMEOUT' },
    };
  }
  if (UNAVAILABLE.test(text)) {
    return { ...error, message: 'Neo4j is not available right now; try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  return undefined;
}

/**
 * Requests before the database is ready get a 503 at once; database outages and time-outs later
 * come back as clear errors (503 / 504) instead of driver internals.
 */
export function availabilityFeature(readiness: Readiness, queryTimeoutMs: number): ServerFeature {
  const plugin: ApolloServerPlugin<GraphContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (readiness.prepared || (operation && onlyIntrospection(operation))) return;
          throw new GraphQLError(`ecograph is not ready: Neo4j cannot be used yet (${readiness.problem ?? 'starting'}).`, {
            extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
          });
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors?.length) return;
          const mapped = errors.map((e) => databaseErrorFor(e, queryTimeoutMs) ?? e);
          response.body.singleResult.errors = mapped;
          const codes = new Set(mapped.map((e) => e.extensions?.code));
          // Nothing answered (no data, or every root field null) for one reason: say it with the status too.
          const data = response.body.singleResult.data;
          const nothing = data == null || Object.values(data).every((value) => value === null);
          if (nothing && codes.size === 1) {
            if (codes.has('SERVICE_UNAVAILABLE')) response.http.status = 503;
            if (codes.has('QUERY_TIMEOUT')) response.http.status = 504;
          }
        },
      };
    },
  };
  return { name: 'availability', plugins: [plugin] };
}
