import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler, Router } from 'express';
import type { ValidationRule } from 'graphql';
import type { RequestContext } from '../request/context';

/**
 * One concern of the HTTP server (health, authentication, query limits, the playground, …), in
 * the spirit of envelop's plugins: each contributes hooks from one vocabulary, and the server
 * composes them in order. `Adds` is what the feature adds to each request's context.
 *
 * The lifecycle of a request: every feature's `middleware` (in order), then the first matching
 * `routes`; on /graphql, every feature's `graphqlMiddleware`, then Apollo: `context` (each
 * feature's part merged in order), parsing, `validationRules`, then `plugins`' hooks.
 */
export interface ServerFeature<Adds extends Partial<RequestContext> = Partial<RequestContext>> {
  name: string;
  /** Express handlers for every request, mounted first (request ids, logging, CORS). */
  middleware?: RequestHandler[];
  /** Routes of the feature's own (health, metrics, pages), mounted after all middleware and before /graphql. */
  routes?: Router;
  /** Express handlers for /graphql only, before Apollo (body parsing, HTTP conformance, headers). */
  graphqlMiddleware?: RequestHandler[];
  plugins?: ApolloServerPlugin<RequestContext>[];
  validationRules?: ValidationRule[];
  /** The feature's part of each request's context; may throw an EcographError to refuse the request. */
  context?: (req: Request) => Adds | Promise<Adds>;
  /** Apollo settings the feature owns (parse options, introspection, error formatting, …); one owner each. */
  apollo?: Partial<
    Pick<
      ApolloServerOptions<RequestContext>,
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
