import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import type { ValidationRule } from 'graphql';
import type { GraphContext } from '../graph/queries/context';

/**
 * One concern of the HTTP server (authentication, query limits, observability, …), in the
 * spirit of envelop's plugins: each contributes hooks, and the server composes them in order.
 */
export interface ServerFeature {
  name: string;
  /** Express handlers for every request, mounted first (request ids, logging, CORS, /metrics). */
  middleware?: RequestHandler[];
  /** Express handlers for /graphql only, after the body is parsed and before Apollo. */
  graphqlMiddleware?: RequestHandler[];
  plugins?: ApolloServerPlugin<GraphContext>[];
  validationRules?: ValidationRule[];
  /** Adds to each request's context (e.g. the verified token); may throw a GraphQLError. */
  context?: (req: Request) => Partial<GraphContext> | Promise<Partial<GraphContext>>;
  /** Apollo settings the feature owns (parse options, introspection, error formatting, …). */
  apollo?: Partial<
    Pick<
      ApolloServerOptions<GraphContext>,
      | 'parseOptions'
      | 'introspection'
      | 'formatError'
      | 'allowBatchedHttpRequests'
      | 'hideSchemaDetailsFromClientErrors'
      | 'includeStacktraceInErrorResponses'
      | 'csrfPrevention'
    >
  >;
}
