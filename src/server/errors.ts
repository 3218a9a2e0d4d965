import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, EcographError, errors, statusOf } from '../errors';
import { databaseFailure } from '../neo4j/errors';
import type { RequestContext } from '../request/context';
import { boundedErrors } from './error-bounds';
import type { ServerFeature } from './feature';

export interface ErrorsOptions {
  /** NEO4J_QUERY_TIMEOUT_MS, named in time-out errors. */
  queryTimeoutMs: number;
  /**
   * For developers (NODE_ENV=development, ECOGRAPH_DEBUG=true): stack traces and the libraries'
   * own messages in answers. Otherwise an internal error says only that it happened, and where in
   * the log its details are.
   */
  debug: boolean;
}

const CONSTRAINT_BROKEN = 'the write would break a constraint: an entity with that key exists already';

/** @neo4j/graphql's own errors, by their class name, as the catalogue's. */
const LIBRARY_ERRORS: Record<string, (message: string) => EcographError> = {
  Neo4jGraphQLForbiddenError: () => errors.forbidden('the model’s access rules refuse this operation for your token'),
  Neo4jGraphQLAuthenticationError: () => errors.unauthenticated('the model’s access rules need a token with a role for this operation'),
  Neo4jGraphQLConstraintValidationError: () => errors.conflict(CONSTRAINT_BROKEN),
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
      return errors.conflict(CONSTRAINT_BROKEN);
    default:
  }
  const library = error instanceof Error ? LIBRARY_ERRORS[error.name] : undefined;
  return library?.((error as Error).message);
}

/**
 * A bug rather than something the client can act on: neither catalogued nor given a code of its
 * own by graphql-js or Apollo (parse, validation and variable errors have theirs).
 */
function isInternal(error: GraphQLError, queryTimeoutMs: number): boolean {
  if (catalogued(unwrapResolverError(error), queryTimeoutMs)) return false;
  const code = error.extensions?.code;
  return code === undefined || code === 'INTERNAL_SERVER_ERROR';
}

/**
 * Every error answer in the catalogue's terms: errors raised by resolvers and the libraries below
 * them (the driver, @neo4j/graphql) are given their catalogued code and message; any other error
 * is internal: logged once with the request id, and answered with only that id (unless debugging).
 * When nothing was answered, the HTTP status is the one the code has (src/errors.ts), so one code
 * always comes with one status. Answers are bounded in size (src/server/error-bounds.ts).
 */
export function errorsFeature(options: ErrorsOptions): ServerFeature {
  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const known = catalogued(unwrapResolverError(error), options.queryTimeoutMs);
    if (!known || known === unwrapResolverError(error)) return formatted;
    const stacktrace = options.debug ? formatted.extensions?.stacktrace : undefined;
    return {
      ...formatted,
      message: known.message,
      extensions: { ...known.publicExtensions, ...(stacktrace ? { stacktrace } : {}) },
    };
  };
  const plugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors: encountered, contextValue }) {
          for (const error of encountered) {
            if (!isInternal(error, options.queryTimeoutMs)) continue;
            const cause = unwrapResolverError(error);
            contextValue.log?.error({ err: cause, requestId: contextValue.requestId, path: error.path?.join('.') }, 'internal error');
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const answered = result.errors;
          if (!answered?.length) return;
          // Nothing answered (no data, or every root field null) for one reason: the status says it too.
          const nothing = result.data == null || Object.values(result.data).every((value) => value === null);
          const codes = new Set(answered.map((e) => e.extensions?.code));
          const [code] = codes;
          if (nothing && codes.size === 1 && typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)) response.http.status = statusOf(code);
          const internal = errors.internal(contextValue.requestId);
          result.errors = boundedErrors(
            // An internal error's message and details are the log's (didEncounterErrors above), not the client's.
            answered.map((e) =>
              e.extensions?.code === 'INTERNAL_SERVER_ERROR' && !options.debug ? { ...e, message: internal.message, extensions: { code: internal.code } } : e,
            ),
            contextValue.requestId,
          );
        },
      };
    },
  };
  return {
    name: 'errors',
    plugins: [plugin],
    apollo: { formatError, includeStacktraceInErrorResponses: options.debug },
  };
}
