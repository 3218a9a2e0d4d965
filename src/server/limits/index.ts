import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { MaxIntrospectionDepthRule } from 'graphql';
import type { QueryLimits } from '../../config/env';
import type { GraphContext } from '../../graph/queries/context';
import type { ServerFeature } from '../feature';
import { operationCost } from './cost';
import { bodyErrors, maxNesting, rejectBatches, requireJsonPost } from './http';
import { LIMIT_CODE, LIMIT_VARIABLES, limitError } from './messages';
import { inputDepthError, inputValueDepth, maxAliasesRule, maxDepthRule, maxDirectivesRule, maxInputDepthRule } from './rules';

export { operationCost } from './cost';
export { aliasesOf, depthOf, directivesOf } from './rules';

// graphql-js 16 says "more that 5000 tokens"; accept the corrected wording of later versions too.
const TOKENS = /Document contains more (?:than|that) (\d+) tokens/;

/**
 * Limits on what one request may ask: body size, one operation per request, tokens, depth,
 * aliases, directives, input nesting, cost (with the variables' page sizes), introspection, and
 * what errors reveal in production. Every rejection is a 4xx whose message names the limit, its
 * environment variable and the value, e.g. "Query depth 14 exceeds the maximum of 12 (GRAPHQL_MAX_DEPTH)".
 */
export function limitsFeature(limits: QueryLimits, production: boolean): ServerFeature {
  return {
    name: 'limits',
    graphqlMiddleware: [bodyErrors, rejectBatches, requireJsonPost, maxNesting(4 * limits.maxDepth, LIMIT_VARIABLES.depth)],
    validationRules: [
      maxDepthRule(limits.maxDepth),
      maxInputDepthRule(limits.maxDepth),
      maxAliasesRule(limits.maxAliases),
      maxDirectivesRule(limits.maxDirectives),
      // graphql-js's guard against nested __schema/__type fields { type { fields … } } chains.
      MaxIntrospectionDepthRule,
    ],
    plugins: [costPlugin(limits)],
    apollo: {
      parseOptions: { maxTokens: limits.maxTokens },
      introspection: limits.introspection,
      allowBatchedHttpRequests: false,
      hideSchemaDetailsFromClientErrors: production,
      includeStacktraceInErrorResponses: !production,
    },
  };
}

function costPlugin(limits: QueryLimits): ApolloServerPlugin<GraphContext> {
  const listener: GraphQLRequestListener<GraphContext> = {
    async didResolveOperation({ request, document, operation, schema }) {
      const variables = request.variables ?? {};
      const depth = inputValueDepth(variables, limits.maxDepth);
      if (depth > limits.maxDepth) throw inputDepthError(depth, limits.maxDepth);
      if (!operation) return;
      const cost = operationCost(schema, document, operation, variables);
      if (cost > limits.maxCost) throw limitError('cost', 'Query cost', cost, limits.maxCost);
    },
    async willSendResponse({ response }) {
      // graphql-js stops parsing at maxTokens with a bare syntax error: name the limit instead.
      if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
      response.body.singleResult.errors = response.body.singleResult.errors.map((error) => {
        const match = TOKENS.exec(error.message);
        if (!match) return error;
        return {
          ...error,
          message: `Query size of more than ${match[1]} tokens exceeds the maximum of ${limits.maxTokens} (${LIMIT_VARIABLES.tokens})`,
          extensions: { ...error.extensions, code: LIMIT_CODE, limit: LIMIT_VARIABLES.tokens, maximum: limits.maxTokens },
        };
      });
    },
  };
  return { requestDidStart: async () => listener };
}
