import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { EcographError, errors, statusOf } from '../errors';
import { databaseFailure } from '../neo4j/errors';
import type { RequestContext } from '../request/context';
import type { ServerFeature } from './feature';

export interface ErrorsOptions {
  /** NEO4J_QUERY_TIMEOUT_MS, named in time-out errors. */
  queryTimeoutMs: number;
  /** Stack traces in answers (for developers); otherwise never. */
  includeStacktrace: boolean;
}

/** @neo4j/graphql's own errors, by their class name, as the catalogue's. */
const LIBRARY_ERRORS: Record<string, (message: string) => EcographError> = {
  Neo4jGraphQLForbiddenError: () => errors.forbidden('the model’s access rules refuse this operation for your token'),
  Neo4jGraphQLAuthenticationError: () => errors.unauthenticated('the model’s access rules need a token with a role for this operation'),
  Neo4jGraphQLConstraintValidationError: () => errors.conflict('the write would break a constraint: an entity with that key exists already'),
  Neo4jGraphQLRelationshipValidationError: (message) => errors.invalidRelationship(message),
};

/** An error raised anywhere below Apollo, as a catalogued error when it is one or means one. */
export function catalogued(error: unknown, queryTimeoutMs: number): EcographError | undefined {
  if (error instanceof EcographError) return error;
  switch (databaseFailure(error)) {
    case 'unavailable':
      return errors.neo4jUnavailable(error);
    case 'timeout':
      return errors.queryTimeout(queryTimeoutMs, error);
    case 'conflict':
      return errors.conflict('the write would break a constraint: an entity with that key exists already');
    default:
  }
  const library = error instanceof Error ? LIBRARY_ERRORS[error.name] : undefined;
  return library?.((error as Error).message);
}

/**
 * Every error answer in the catalogue's terms: errors raised by resolvers and the libraries below
 * them (the driver, @neo4j/graphql) are given their catalogued code and message; when nothing was
 * answered, the HTTP status is the one that code has (src/errors.ts), so one code always comes
 * with one status.
 */
export function errorsFeature(options: ErrorsOptions): ServerFeature {
  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const known = catalogued(unwrapResolverError(error), options.queryTimeoutMs);
    if (!known || known === unwrapResolverError(error)) return formatted;
    const stacktrace = options.includeStacktrace ? formatted.extensions?.stacktrace : undefined;
    return {
      ...formatted,
      message: known.message,
      extensions: { ...known.publicExtensions, ...(stacktrace ? { stacktrace } : {}) },
    };
  };
  const status: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors: answered, data } = response.body.singleResult;
          if (!answered?.length) return;
          // Nothing answered (no data, or every root field null) for one reason: the status says it too.
          const nothing = data == null || Object.values(data).every((value) => value === null);
          const codes = new Set(answered.map((e) => e.extensions?.code));
          if (nothing && codes.size === 1) response.http.status = statusOf([...codes][0]);
        },
      };
    },
  };
  return {
    name: 'errors',
    plugins: [status],
    apollo: { formatError, includeStacktraceInErrorResponses: options.includeStacktrace },
  };
}
